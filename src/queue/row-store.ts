/**
 * A slice's NDJSON rows in Redis: a list of gzip blocks (about 4 MiB of lines each) under the
 * job's rows key. A worker writes them to a key of its own attempt and renames it onto the
 * job's key only once the slice is complete, so a retry replaces the rows of an attempt that
 * died — rows are never doubled, and a half-written attempt is never read (its key expires).
 */
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { ChainableCommander, Redis } from 'ioredis';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Raw bytes of lines gathered before they are compressed and sent as one block. */
export const BLOCK_BYTES = 4 << 20;

/** How long the key of an attempt that never finished is kept, in seconds. */
const ATTEMPT_TTL_SEC = 24 * 3600;

/** Room past BLOCK_BYTES for the chunk that fills a block. */
const BLOCK_SLACK = 1 << 20;

/** Output buffer of compression: a block compresses to well under this. */
const DEFLATE_CHUNK = 1 << 20;

/** Output buffer of inflation: a whole block in one piece (zlib's 16 KiB default costs GC and copies). */
const INFLATE_CHUNK = BLOCK_BYTES + BLOCK_SLACK;

/** Blocks compressed or sent at once before the scan waits. */
const MAX_IN_FLIGHT = 2;

/** Blocks read from Redis per LRANGE when collecting. */
const READ_BLOCKS = 8;

/** Writes one attempt's rows; `finish` publishes them under the job's key. */
export class RowWriter {
  private readonly attemptKey: string;
  /** The block being filled (a fresh one once it is sent: compression reads it meanwhile). */
  private block = Buffer.allocUnsafe(BLOCK_BYTES + BLOCK_SLACK);
  private size = 0;
  /** Blocks being compressed or sent, oldest first, and the last one (sends keep the order). */
  private readonly inFlight: Promise<void>[] = [];
  private last: Promise<void> = Promise.resolve();
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
    if (this.size > 0 && this.size + chunk.length > this.block.length) this.sendBlock();
    if (chunk.length > this.block.length) this.block = Buffer.allocUnsafe(chunk.length);
    this.block.set(chunk, this.size);
    this.lines += countLines(this.block.subarray(this.size, this.size + chunk.length));
    this.size += chunk.length;
    this.bytes += chunk.length;
    if (this.size >= BLOCK_BYTES) this.sendBlock();
    return true;
  }

  /** A promise while too many blocks are on their way to Redis (backpressure), else undefined. */
  ready(): Promise<void> | undefined {
    return this.inFlight.length >= MAX_IN_FLIGHT ? this.inFlight[0] : undefined;
  }

  /** Sends what is left, then atomically replaces the job's rows with this attempt's. */
  async finish(): Promise<void> {
    if (this.size > 0) this.sendBlock();
    await this.last;
    if (this.blocks === 0) await this.redis.del(this.key);
    else await execAll(this.redis.multi().rename(this.attemptKey, this.key).persist(this.key));
  }

  /** Compresses the gathered lines (on libuv's thread pool) and appends them, in order. */
  private sendBlock(): void {
    const raw = this.block.subarray(0, this.size);
    const compressed = gzipAsync(raw, { level: 1, chunkSize: DEFLATE_CHUNK });
    this.block = Buffer.allocUnsafe(BLOCK_BYTES + BLOCK_SLACK);
    this.size = 0;
    const first = this.blocks === 0;
    this.blocks++;
    const sent: Promise<void> = Promise.all([compressed, this.last]).then(async ([block]) => {
      if (first) {
        await execAll(
          this.redis.multi().rpush(this.attemptKey, block).expire(this.attemptKey, ATTEMPT_TTL_SEC),
        );
      } else await this.redis.rpush(this.attemptKey, block);
    });
    sent.catch(() => undefined); // awaited by ready() or finish(), which see the error
    this.inFlight.push(sent);
    void sent.then(
      () => this.inFlight.splice(this.inFlight.indexOf(sent), 1),
      () => undefined,
    );
    this.last = sent;
  }
}

/** Reads the rows of a job, block by block (inflated), in order. */
export async function* readRows(redis: Redis, key: string): AsyncGenerator<Buffer> {
  for (let start = 0; ; start += READ_BLOCKS) {
    const blocks = await redis.lrangeBuffer(key, start, start + READ_BLOCKS - 1);
    for (const b of blocks) yield await gunzipAsync(b, { chunkSize: INFLATE_CHUNK });
    if (blocks.length < READ_BLOCKS) return;
  }
}

/** Newlines in `bytes` (found natively, not byte by byte in JS). */
export function countLines(bytes: Uint8Array): number {
  const b = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
  return n;
}

/** Runs a MULTI block; throws the first command's error (exec() itself only returns them). */
export async function execAll(multi: ChainableCommander): Promise<unknown[]> {
  const replies = (await multi.exec()) ?? [];
  const failed = replies.find(([err]) => err !== null);
  if (failed !== undefined) throw failed[0]!;
  return replies.map(([, value]) => value);
}
