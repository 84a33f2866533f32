/**
 * Runs `nad serve` until it is stopped: listens, logs where, reloads the model (and baseline) on SIGHUP, and on
 * SIGTERM or SIGINT stops taking connections, lets the requests in flight finish, and returns.
 */
import { UsageError } from '../common/errors.js';
import { serverLine, type LogFormat } from './access-log.js';
import { buildServer, type ServeOptions } from './server.js';

/** Where to listen and how to log, besides the server's options. */
export interface RunOptions extends Omit<ServeOptions, 'accessLog'> {
  host: string;
  port: number;
  /** Server log lines (stderr) as text or JSON objects. */
  logFormat: LogFormat;
  /** One line per request in the log (access-log.ts). */
  accessLog: boolean;
}

/** Serves until SIGTERM / SIGINT; resolves once every request in flight has been answered. */
export async function runServer(options: RunOptions): Promise<void> {
  const write = (line: string): void => void process.stderr.write(`${line}\n`);
  const log = options.log ?? ((line: string) => write(serverLine(options.logFormat, line)));
  const accessLog = options.accessLog ? { format: options.logFormat, write } : undefined;
  const server = await buildServer({ ...options, log, accessLog });
  const { app, ctx } = server;
  const address = await app.listen({ host: options.host, port: options.port }).catch((err) => {
    throw listenError(err as NodeJS.ErrnoException, options);
  });
  const model = ctx.models.current;
  const baseline = model.baseline && `, baseline ${model.baseline.path}, id ${model.baseline.id}`;
  log(`nad serve: listening on ${address} (model ${model.path}, id ${model.id}${baseline ?? ''})`);
  const onHup = (): void => void server.reload();
  process.on('SIGHUP', onHup);
  try {
    await new Promise<void>((resolve) => {
      const stop = (signal: string): void => {
        log(`nad serve: ${signal}: finishing the requests in flight, then stopping`);
        process.off('SIGTERM', onTerm);
        process.off('SIGINT', onInt);
        void app.close().then(resolve, resolve);
      };
      const onTerm = (): void => stop('SIGTERM');
      const onInt = (): void => stop('SIGINT');
      process.once('SIGTERM', onTerm);
      process.once('SIGINT', onInt);
    });
  } finally {
    process.off('SIGHUP', onHup);
  }
  log('nad serve: stopped');
}

/** Why the server could not listen, as a usage error (exit 2); other errors as they are. */
function listenError(err: NodeJS.ErrnoException, { host, port }: RunOptions): Error {
  const why: Record<string, string> = {
    EADDRINUSE: 'the address is already in use',
    EACCES: 'permission denied (ports below 1024 need privileges)',
    EADDRNOTAVAIL: 'no such address on this machine',
    ENOTFOUND: 'no such host',
  };
  const reason = err.code === undefined ? undefined : why[err.code];
  if (reason === undefined) return err;
  return new UsageError(`cannot listen on ${host}:${port}: ${reason}`, {
    hint: 'Choose another --port (0: any free port) or --host.',
  });
}
