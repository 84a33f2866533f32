/**
 * DNS columns of the extended set (docs/extended-features.md "DNS"): the question of the first
 * query (or, when no query was parsed, of the first response), the rcode and answer count of
 * the first response. Cleartext DNS on UDP or TCP port 53; over TCP each message has a 2-byte
 * length prefix (RFC 1035 §4.2.2). Parsing is bounded and never throws: a message shorter than
 * its header, without a question, or whose question name is malformed is ignored.
 */
import type { PayloadInspector } from '../flow/connection.js';

/** Bytes kept of a TCP message (header and question fit: a name is at most 255 bytes). */
const TCP_KEEP = 1024;
/** Compression pointers followed in one name before it is malformed. */
const MAX_JUMPS = 16;

/** The DNS state of one connection; every column is −1 until a message is parsed. */
export class DnsState implements PayloadInspector {
  nameLen = -1;
  labels = -1;
  entropy = -1;
  longestLabel = -1;
  qtype = -1;
  rcode = -1;
  answers = -1;
  private questionFromQuery = false;
  private responseSeen = false;
  /** TCP: the first message of each direction, length prefix included (bounded). */
  private readonly pending: (number[] | undefined)[] = [[], []];

  constructor(private readonly tcp: boolean) {}

  /** PayloadInspector: a UDP datagram, or a run of TCP stream bytes. */
  onPayload(fromOrig: boolean, buf: Uint8Array, start: number, end: number): void {
    if (!this.tcp) return this.message(buf, start, end);
    const d = fromOrig ? 0 : 1;
    const acc = this.pending[d];
    if (acc === undefined) return;
    for (let i = start; i < end && acc.length < TCP_KEEP + 2; i++) acc.push(buf[i]!);
    if (acc.length < 2) return;
    const want = Math.min(((acc[0]! << 8) | acc[1]!) + 2, TCP_KEEP + 2);
    if (acc.length < want) return;
    this.pending[d] = undefined; // one message per direction
    this.message(Uint8Array.from(acc), 2, want);
  }

  /** One DNS message in buf[start, end). */
  private message(buf: Uint8Array, start: number, end: number): void {
    if (end - start < 12) return;
    const flags = (buf[start + 2]! << 8) | buf[start + 3]!;
    const qdcount = (buf[start + 4]! << 8) | buf[start + 5]!;
    if (qdcount === 0) return;
    const isResponse = (flags & 0x8000) !== 0;
    if (isResponse ? this.responseSeen : this.questionFromQuery) return;
    const q = readQuestion(buf, start, end);
    if (q === undefined) return;
    if (isResponse) {
      this.responseSeen = true;
      this.rcode = flags & 0x0f;
      this.answers = (buf[start + 6]! << 8) | buf[start + 7]!;
      if (this.qtype >= 0) return; // the question of a query (or of an earlier response) stays
    } else this.questionFromQuery = true;
    this.nameLen = q.nameLen;
    this.labels = q.labels;
    this.entropy = q.entropy;
    this.longestLabel = q.longestLabel;
    this.qtype = q.qtype;
  }
}

/** The columns of a question. */
interface Question {
  nameLen: number;
  labels: number;
  entropy: number;
  longestLabel: number;
  qtype: number;
}

/**
 * The first question of the message at `msg` (header 12 bytes), or undefined when malformed: a
 * label or pointer past the end, a pointer not pointing backwards, too many jumps, a name longer
 * than 255 bytes, a reserved label type, or no room for qtype and qclass.
 */
function readQuestion(buf: Uint8Array, msg: number, end: number): Question | undefined {
  const counts = new Map<number, number>();
  let p = msg + 12;
  let after = -1; // where the question continues after the first pointer
  let jumps = 0;
  let wire = 1;
  let labels = 0;
  let chars = 0;
  let longest = 0;
  for (;;) {
    if (p >= end) return undefined;
    const len = buf[p]!;
    if (len === 0) {
      if (after < 0) after = p + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (p + 1 >= end || ++jumps > MAX_JUMPS) return undefined;
      const target = msg + (((len & 0x3f) << 8) | buf[p + 1]!);
      if (target >= p) return undefined;
      if (after < 0) after = p + 2;
      p = target;
      continue;
    }
    if ((len & 0xc0) !== 0 || p + 1 + len > end) return undefined;
    wire += len + 1;
    if (wire > 255) return undefined;
    for (let i = p + 1; i <= p + len; i++) {
      let b = buf[i]!;
      if (b >= 65 && b <= 90) b += 32; // case-insensitive (0x20 randomisation)
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    labels++;
    chars += len;
    if (len > longest) longest = len;
    p += len + 1;
  }
  if (after + 4 > end) return undefined;
  const qtype = (buf[after]! << 8) | buf[after + 1]!;
  const nameLen = labels === 0 ? 0 : chars + labels - 1;
  return { nameLen, labels, entropy: entropyOf(counts, chars), longestLabel: longest, qtype };
}

/** Shannon entropy in bits per character of a histogram of `n` characters (0 when empty). */
export function entropyOf(counts: ReadonlyMap<number, number>, n: number): number {
  if (n === 0) return 0;
  let h = 0;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}
