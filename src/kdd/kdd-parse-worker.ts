/**
 * Worker-thread entry of kdd-parse-pool.ts: parses and validates each batch of KDD lines it is
 * sent and replies with the rows (their arrays transferred, not copied).
 */
import { parentPort } from 'node:worker_threads';
import type { ParseReply, ParseRequest } from './kdd-parse-pool.js';
import { parseBatch, validateRecord } from './kdd-rows.js';

const port = parentPort!;
port.on('message', (m: ParseRequest) => {
  let reply: ParseReply;
  try {
    const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
    const batch = parseBatch(bytes, m.count, validateRecord);
    reply = { id: m.id, batch };
    port.postMessage(reply, [batch.values.buffer as ArrayBuffer, batch.text.buffer as ArrayBuffer]);
  } catch (err) {
    reply = { id: m.id, error: (err as Error).message ?? String(err) };
    port.postMessage(reply);
  }
});
