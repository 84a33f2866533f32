/**
 * The JSON schemas of the routes: request bodies and query strings (Fastify validates them:
 * a mismatch is 400 naming the field) and the responses /openapi.json describes. The telemetry
 * record schema admits every value the telemetry reader takes (capture/telemetry-json.ts);
 * what only the reader can judge (an address's form, a size too small for its protocol, a port
 * missing for TCP) it reports itself, also as 400 naming record and key.
 */
import { EXTENDED_FEATURE_NAMES } from '../features/extended-schema.js';
import { KDD_SCHEMA } from '../features/schema.js';

/** A non-negative whole number, as a JSON number or a decimal / 0x-hex string. */
const wholeNumber = (max: number, description: string): object => ({
  description,
  anyOf: [
    { type: 'integer', minimum: 0, maximum: max },
    { type: 'string', pattern: '^\\s*(?:[0-9]+|0x[0-9a-fA-F]+)\\s*$' },
  ],
});

/** One telemetry record: the original service's keys and nad's optional ones. */
export const TELEMETRY_RECORD = {
  type: 'object',
  required: ['src_ip', 'dest_ip', 'protocol', 'packet_size'],
  properties: {
    src_ip: { type: 'string', maxLength: 64, description: 'IPv4 or IPv6 address' },
    dest_ip: {
      type: 'string',
      maxLength: 64,
      description: 'IPv4 or IPv6 address (same version)',
    },
    src_port: wholeNumber(65535, '0–65535; required for TCP and UDP'),
    dest_port: wholeNumber(65535, '0–65535; required for TCP and UDP'),
    protocol: {
      description: 'TCP, UDP, ICMP, ICMPv6 (any case) or an IP protocol number',
      anyOf: [
        { type: 'string', maxLength: 16 },
        { type: 'integer', minimum: 0, maximum: 255 },
      ],
    },
    packet_size: wholeNumber(65575, 'bytes of the IP packet (headers and payload)'),
    timestamp: {
      description:
        'epoch seconds (up to 9 decimals) or ISO 8601 with a zone; without it a record is 1 ms after the one before',
      anyOf: [{ type: 'number' }, { type: 'string', maxLength: 64 }, { type: 'null' }],
    },
    tcp_flags: {
      description: 'flag bits (18, "0x12") or letters FSRPAUEC, "." = ACK ("S", "SA"); default ACK',
      anyOf: [
        { type: 'integer', minimum: 0, maximum: 4095 },
        { type: 'string', maxLength: 16 },
        { type: 'null' },
      ],
    },
    icmp_type: wholeNumber(255, 'default 8 (echo request)'),
    icmp_code: wholeNumber(255, 'default 0'),
  },
} as const;

/** The /predict body: an array of telemetry records (NDJSON bodies are read into one). */
export const TELEMETRY_BODY = {
  type: 'array',
  minItems: 1,
  items: TELEMETRY_RECORD,
} as const;

/**
 * One row of the 41 KDD features by name; the extended columns, which a model over the
 * extended set needs (checked against the model in use), are numbers when present.
 */
export const KDD_ROW = {
  type: 'object',
  required: KDD_SCHEMA.map((f) => f.name),
  properties: Object.fromEntries([
    ...KDD_SCHEMA.map((f) => [
      f.name,
      f.kind === 'symbolic' ? { type: 'string', minLength: 1, maxLength: 64 } : { type: 'number' },
    ]),
    ...EXTENDED_FEATURE_NAMES.map((name) => [name, { type: 'number' }]),
  ]),
} as const;

/** The /v1/score JSON body: an array of KDD rows. */
export const KDD_BODY = { type: 'array', minItems: 1, items: KDD_ROW } as const;

/** Any body (validated by the reader that takes it: kddcup lines). */
export const TEXT_BODY = {
  description:
    'kddcup.data lines: 41 features and a label, comma-separated (read by the KDD reader, not by this schema)',
} as const;

/** Query string of /v1/scan. */
export const SCAN_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    format: {
      type: 'string',
      enum: ['json', 'ndjson'],
      default: 'json',
      description: 'json: the `nad scan --format json` document; ndjson: rows as connections close',
    },
    all: {
      type: 'string',
      enum: ['true', 'false', '1', '0'],
      description: 'true: report every connection, not only anomalies (default false)',
    },
    threshold: {
      type: 'string',
      pattern: '^(?:0(?:\\.[0-9]+)?|1(?:\\.0+)?|\\.[0-9]+)$',
      description: 'anomaly threshold, 0–1 (default: the server’s --threshold)',
    },
    name: {
      type: 'string',
      maxLength: 256,
      description: 'the file name reported (default: the multipart file name, else "upload")',
    },
  },
} as const;

/** The JSON error every failure answers with (never a stack trace). */
export const ERROR_BODY = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
} as const;

const VERDICT = {
  type: 'object',
  properties: {
    src_ip: { type: 'string' },
    src_port: { type: 'integer' },
    dest_ip: { type: 'string' },
    dest_port: { type: 'integer' },
    protocol: { type: 'string' },
    service: { type: 'string' },
    flag: { type: 'string' },
    start_time: { type: 'string' },
    score: { type: 'number' },
    anomaly: { type: 'boolean' },
    class: { type: 'string' },
    category: { type: 'string' },
    why: { type: 'string' },
    novelty: { type: 'number', description: 'with --baseline: novelty under the baseline, 0–1' },
    novelty_why: { type: 'string', description: 'with --baseline: its rarest feature values' },
    verdict: {
      type: 'string',
      enum: ['attack', 'novel', 'normal'],
      description:
        'with --baseline: attack (score ≥ threshold), else novel (novelty ≥ the baseline’s threshold), else normal',
    },
  },
} as const;

/** The /predict answer. */
export const PREDICT_RESPONSE = {
  type: 'object',
  properties: {
    model: { type: 'string' },
    baseline: {
      type: 'object',
      nullable: true,
      description: 'the baseline in use (--baseline), null without one',
      properties: { id: { type: 'string' }, threshold: { type: 'number' } },
    },
    threshold: { type: 'number' },
    records: { type: 'integer' },
    verdicts: { type: 'array', items: VERDICT },
    degraded: {
      type: 'object',
      properties: {
        note: { type: 'string' },
        missing: {
          type: 'array',
          items: {
            type: 'object',
            properties: { field: { type: 'string' }, effect: { type: 'string' } },
          },
        },
      },
    },
    warnings: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** The /v1/score answer. */
export const SCORE_RESPONSE = {
  type: 'object',
  properties: {
    model: { type: 'string' },
    threshold: { type: 'number' },
    scores: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          score: { type: 'number' },
          anomaly: { type: 'boolean' },
          class: { type: 'string' },
          category: { type: 'string' },
        },
      },
    },
  },
} as const;

/** A loaded file as /readyz shows it. */
const LOADED_FILE = {
  id: { type: 'string' },
  path: { type: 'string' },
  loadedAt: { type: 'string' },
} as const;

/** /healthz and /readyz. */
export const HEALTH_RESPONSE = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    model: { type: 'object', properties: LOADED_FILE },
    baseline: {
      type: 'object',
      nullable: true,
      properties: { ...LOADED_FILE, threshold: { type: 'number' } },
    },
  },
} as const;

/** Errors shared by every scoring route, for /openapi.json. */
export const ERROR_RESPONSES = {
  400: { description: 'bad input: the message names the field, record or line', ...ERROR_BODY },
  401: { description: 'missing or wrong bearer token (when NAD_TOKEN is set)', ...ERROR_BODY },
  413: { description: 'body over the route’s limit', ...ERROR_BODY },
  415: { description: 'unsupported Content-Type', ...ERROR_BODY },
  503: { description: 'too many requests at once: retry after Retry-After seconds', ...ERROR_BODY },
} as const;
