/**
 * Runs `nad serve` until it is stopped: listens, logs where, reloads the model on SIGHUP, and on
 * SIGTERM or SIGINT stops taking connections, lets the requests in flight finish, and returns.
 */
import { buildServer, type ServeOptions } from './server.js';

/** Where to listen, besides the server's options. */
export interface RunOptions extends ServeOptions {
  host: string;
  port: number;
}

/** Serves until SIGTERM / SIGINT; resolves once every request in flight has been answered. */
export async function runServer(options: RunOptions): Promise<void> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const server = await buildServer({ ...options, log });
  const { app, ctx } = server;
  const address = await app.listen({ host: options.host, port: options.port });
  const model = ctx.models.current;
  log(`nad serve: listening on ${address} (model ${model.path}, id ${model.id})`);
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
