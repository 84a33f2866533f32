import { availableParallelism } from 'node:os';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../src/cli/base-command.js';
import { probability } from '../src/cli/scan-flags.js';
import { SCAN_MODEL_NAME, defaultModelPath } from '../src/io/model-file.js';
import { FALLBACK_THRESHOLD } from '../src/rows/scan-threshold.js';
import { DEFAULT_LIMITS, MIB } from '../src/serve/context.js';
import type { LogFormat } from '../src/serve/access-log.js';
import { runServer } from '../src/serve/run.js';

/** The most /predict workers the default gives. */
const MAX_DEFAULT_WORKERS = 4;

/** Default --workers: the cores Node may use but one (the main thread's), 1 to MAX_DEFAULT_WORKERS. */
function defaultWorkers(): number {
  return Math.max(1, Math.min(MAX_DEFAULT_WORKERS, availableParallelism() - 1));
}

/** `nad serve` — the REST service: /predict, /v1/score, /v1/scan, health and metrics. */
export default class Serve extends BaseCommand {
  static override summary = 'Serve the model over HTTP (the original /predict API, and more).';
  static override description = [
    'Runs an HTTP service (Fastify) until SIGTERM or Ctrl-C, which let the requests in flight finish. SIGHUP reloads the model file: the new model answers once it has loaded completely; if it cannot be loaded the old one stays.',
    '',
    'Routes: POST /predict (JSON packet telemetry as the original service took it: an array or NDJSON of {"src_ip", "dest_ip", "src_port", "dest_port", "protocol", "packet_size"} records → one verdict per connection, with what the telemetry could not supply), POST /v1/score (feature rows → scores: JSON objects with the 41 KDD features, and the extended columns for a model over the extended set such as the shipped one, or kddcup lines for a KDD-set model), POST /v1/scan (a capture upload, raw or multipart → the `nad scan --format json` document; ?format=ndjson streams rows), GET /healthz, /readyz, /metrics (Prometheus), /openapi.json. Errors are JSON {statusCode, error, message}.',
    '',
    'Set NAD_TOKEN to require "Authorization: Bearer $NAD_TOKEN" on every route but /healthz and /readyz. The server binds to loopback (127.0.0.1) unless --host says otherwise.',
    '',
    'With --baseline, /predict verdicts and /v1/scan rows also carry the novelty score, its why and the combined verdict, as nad scan --baseline; SIGHUP reloads the baseline with the model (both or neither). /readyz and /metrics (nad_baseline_info) name the baseline in use.',
  ].join('\n');
  static override examples = [
    {
      description: 'Serve on 127.0.0.1:5000 with the shipped scan model',
      command: '<%= config.bin %> <%= command.id %>',
    },
    {
      description: "The original service's check",
      command:
        'curl -X POST http://127.0.0.1:5000/predict -H "Content-Type: application/json" -d \'[{"src_ip": "192.168.0.1", "dest_ip": "192.168.0.2", "src_port": 1234, "dest_port": 80, "protocol": "TCP","packet_size": 100}]\'',
    },
    {
      description: 'Another port and model, a token, smaller uploads',
      command:
        'NAD_TOKEN=s3cret <%= config.bin %> <%= command.id %> --port 8080 -m my.nadm --max-upload 512',
    },
    {
      description: 'Also flag what departs from a baseline of normal traffic (nad baseline train)',
      command: '<%= config.bin %> <%= command.id %> --baseline site.nadb',
    },
    {
      description: 'JSON log lines (access and server) for a log shipper; or no access log',
      command: '<%= config.bin %> <%= command.id %> --log-format json 2>>/var/log/nad.jsonl',
    },
    {
      description: 'Score /predict bodies in 2 worker threads (0: in the main thread)',
      command: '<%= config.bin %> <%= command.id %> --workers 2',
    },
    {
      description: 'Scan an upload',
      command:
        'curl --data-binary @fixtures/pcaps/attack/teardrop.pcap -H "Content-Type: application/octet-stream" http://127.0.0.1:5000/v1/scan',
    },
  ];
  static override flags = {
    host: Flags.string({
      description:
        'Address to listen on; 127.0.0.1 (the default) is this machine only. Another address exposes the service: set NAD_TOKEN then.',
      default: '127.0.0.1',
    }),
    port: Flags.integer({
      char: 'p',
      description: 'TCP port, as the original service by default; 0: any free port.',
      default: 5000,
      min: 0,
      max: 65535,
    }),
    model: Flags.string({
      char: 'm',
      description:
        'Model file made by `nad train` (default: the shipped models/scan-default.nadm).',
    }),
    baseline: Flags.string({
      description:
        "Baseline (.nadb) made by `nad baseline train`: every verdict and row also gets a novelty score (how unlike the baseline's normal traffic), its rarest feature values and the combined verdict — attack when the score reaches the threshold, else novel when the novelty reaches the baseline's own threshold, else normal (as nad scan --baseline). A bad file stops the server at start (exit 3); at a reload (SIGHUP) it is logged and the model and baseline in use are kept.",
    }),
    threshold: Flags.string({
      char: 't',
      description: `Score from which a connection or row is an anomaly, 0–1 (default: the threshold stored in the model, as nad scan; ${FALLBACK_THRESHOLD} for a model without one); /v1/scan also takes ?threshold=.`,
    }),
    'max-body': Flags.integer({
      description: `Largest /predict and /v1/score body, in MiB (default ${DEFAULT_LIMITS.bodyBytes / MIB}); larger is 413.`,
      min: 1,
    }),
    'max-upload': Flags.integer({
      description: `Largest /v1/scan upload as sent, in MiB (default ${DEFAULT_LIMITS.uploadBytes / MIB}); larger is 413.`,
      min: 1,
    }),
    'max-inflated': Flags.integer({
      description: `Most MiB a gzip upload may inflate to (default ${DEFAULT_LIMITS.inflatedBytes / MIB}); beyond is 413 (gzip bombs).`,
      min: 1,
    }),
    'max-requests': Flags.integer({
      description: `/predict and /v1/score requests answered at once (default ${DEFAULT_LIMITS.requests}); more get 503 with Retry-After.`,
      min: 1,
    }),
    'max-scans': Flags.integer({
      description: `/v1/scan uploads read at once (default ${DEFAULT_LIMITS.scans}); more get 503 with Retry-After.`,
      min: 1,
    }),
    'access-log': Flags.boolean({
      description:
        "One line per request on stderr: time, request id (the client's X-Request-Id when it is a plain token, else a new one, sent back as X-Request-Id), client address, method, route, status, duration in ms, response bytes and the URL. On by default; --no-access-log turns it off.",
      default: true,
      allowNo: true,
    }),
    'log-format': Flags.string({
      description:
        'text (the default): access lines as key=value pairs (logfmt), other lines as plain text; json: every line the running server writes one JSON object ({"type":"access",…} or {"type":"server","message":…}), for log shippers.',
      options: ['text', 'json'],
      default: 'text',
    }),
    workers: Flags.integer({
      description: `Worker threads scoring /predict bodies while the main thread does the HTTP work (parsing, checking, answering, logging), so that one request's scoring overlaps with the others'; 0: score in the main thread. Default: one less than the cores Node may use, 1 to ${MAX_DEFAULT_WORKERS} (${defaultWorkers()} here). A worker that dies fails only its requests in hand (503, Retry-After) and is replaced; SIGHUP reloads the model in every worker.`,
      min: 0,
      max: 64,
    }),
    'request-timeout': Flags.integer({
      description: `Seconds a client has to send a whole request, upload included (default ${DEFAULT_LIMITS.requestTimeoutMs / 1000}); slower clients get 408.`,
      min: 1,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Serve);
    const mib = (n: number | undefined): number | undefined =>
      n === undefined ? undefined : n * MIB;
    const token = process.env.NAD_TOKEN === '' ? undefined : process.env.NAD_TOKEN;
    if (token === undefined && !isLoopback(flags.host))
      this.warnLine(
        `listening on ${flags.host} without NAD_TOKEN: anyone who can reach it may use it`,
      );
    await runServer({
      host: flags.host,
      port: flags.port,
      modelPath: flags.model ?? defaultModelPath(SCAN_MODEL_NAME),
      baselinePath: flags.baseline,
      accessLog: flags['access-log'],
      logFormat: flags['log-format'] as LogFormat,
      threshold: probability('--threshold', flags.threshold),
      token,
      workers: flags.workers ?? defaultWorkers(),
      version: this.config.version,
      limits: {
        bodyBytes: mib(flags['max-body']),
        uploadBytes: mib(flags['max-upload']),
        inflatedBytes: mib(flags['max-inflated']),
        requests: flags['max-requests'],
        scans: flags['max-scans'],
        requestTimeoutMs:
          flags['request-timeout'] === undefined ? undefined : flags['request-timeout'] * 1000,
      },
    });
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
