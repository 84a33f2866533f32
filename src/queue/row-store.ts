/**
 * A slice's NDJSON rows in Redis: a list of gzip blocks (about 4 MiB of lines each) under the
 * job's rows key. A worker writes them to a key of its own attempt and renames it onto the
 * job's key only once the slice is complete, so a retry replaces the rows of an attempt that
 * died — rows are never doubled, and a half-written attempt is never read (its key expires).
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ChainableCommander, Redis } from 'ioredis';

/** Raw bytes of lines gathered before they are compressed and sent as one block. */
export const BLOCK_BYTES = 4 << 20;

/** How long the key of an attempt that never finished is kept, in seconds. */
const ATTEMPT_TTL_SEC = 24 * 3600;

/** Blocks read from Redis per LRANGE when collecting. */
const READ_BLOCKS = 8;

/** Writes one attempt's rows; `finish` publishes them under the job's key. */
export class RowWriter {
  private readonly attemptKey: string;
  private parts: Buffer[] = [];
  private size = 0;
  private sending: Promise<void> | undefined;
  /** Lines and bytes written, and blocks sent. */
  lines = 0;
  bytes = 0;
  blocks = 0;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {
    this.attemptKey = `${key}:attempt:${randomUUID()}`;
  }

  /** Takes a chunk of whole NDJSON lines (copied: the caller may reuse it). */
  write(chunk: Uint8Array): true {
    this.parts.push(Buffer.from(chunk));
    this.size += chunk.length;
    this.bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) this.lines++;
    if (this.size >= BLOCK_BYTES) this.sendBlock();
    return true;
  }

  /** A promise while a block is on its way to Redis (backpressure), else undefined. */
  ready(): Promise<void> | undefined {
    return this.sending;
  }

  /** Sends what is left, then atomically replaces the job's rows with this attempt's. */
  async finish(): Promise<void> {
    if (this.size > 0) this.sendBlock();
    await this.sending;
    if (this.blocks === 0) await this.redis.del(this.key);
    else await execAll(this.redis.multi().rename(this.attemptKey, this.key).persist(this.key));
  }

  private sendBlock(): void {
    const block = gzipSync(Buffer.concat(this.parts, this.size), { level: 1 });
    this.parts = [];
    this.size = 0;
    const first = this.blocks === 0;
    this.blocks++;
    const previous = this.sending ?? Promise.resolve();
    const sent: Promise<void> = previous.then(async () => {
      if (first) {
        await execAll(
          this.redis.multi().rpush(this.attemptKey, block).expire(this.attemptKey, ATTEMPT_TTL_SEC),
        );
      } else await this.redis.rpush(this.attemptKey, block);
      if (this.sending === sent) this.sending = undefined;
    });
    sent.catch(() => undefined); // awaited by ready() or finish(), which see the error
    this.sending = sent;
  }
}

/** Reads the rows of a job, block by block (inflated), in order. */
export async function* readRows(redis: Redis, key: string): AsyncGenerator<Buffer> {
  for (let start = 0; ; start += READ_BLOCKS) {
    const blocks = await redis.lrangeBuffer(key, start, start + READ_BLOCKS - 1);
    for (const b of blocks) yield gunzipSync(b);
    if (blocks.length < READ_BLOCKS) return;
  }
}

/** Runs a MULTI block; throws the first command's error (exec() itself only returns them). */
export async function execAll(multi: ChainableCommander): Promise<unknown[]> {
  const replies = (await multi.exec()) ?? [];
  const failed = replies.find(([err]) => err !== null);
  if (failed !== undefined) throw failed[0]!;
  return replies.map(([, value]) => value);
}
