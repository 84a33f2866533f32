/**
 * Streamed NDJSON and CSV lines written as bytes straight from the scorer's flat row storage,
 * with no ScanRecord per line: the same text as scanJsonLine / scanCsvLine of the record
 * (tested). A line is the endpoints part (file, start time, addresses, ports: written here from
 * the batch, with the Community ID: after the ports in NDJSON, last in CSV) and the features-only
 * part (everything after the ports), memoised by row content with the row's score and class
 * because floods repeat rows. The scorer asks the writer first (RowLookup): a row whose part is
 * memoised is neither encoded nor scored; only a row not memoised becomes a ScanRecord, to write
 * that part.
 * With a baseline (`nad scan --baseline`) every line is written from its record: the novelty
 * depends on the extended columns too, which the memo's key does not hold.
 */
import { Buffer } from 'node:buffer';
import type { RowBatch } from './row-batch.js';
import type { ScanRecord } from './scan-record.js';
import type { RowLookup, ScoredRow } from './scorer.js';
import { ChunkWriter, asciiBytes } from './chunk-writer.js';
import { AddressText, ENDPOINT_BYTES, TimeText, timeFits, writePort } from './endpoint-text.js';
import { RowTextCache } from './row-text-cache.js';
import { SHA1_BASE64_BYTES } from './sha1.js';
import { csvCell, scanCsvLine, scanCsvTail, scanJsonLine, scanJsonTail } from './scan-rows.js';

/** The streamed row formats. */
export type RowFormat = 'ndjson' | 'csv';

/** The text between the endpoint values, by format. */
const GLUE = {
  ndjson: ['Z","startMicros":', ',"srcAddr":', ',"srcPort":', ',"dstAddr":', ',"dstPort":'],
  csv: ['Z,', '', ',', ',', ','],
};

/** The most bytes of the Community ID and the text around it (`,"communityId":"1:…"`). */
const ID_BYTES = 20 + SHA1_BASE64_BYTES;

/** Writes the lines of one file's scored rows, in chunks of whole lines. */
export class ScanLineWriter implements RowLookup {
  private readonly out: ChunkWriter;
  private readonly json: boolean;
  /** The line up to the start time: `{"file":…,"startTime":"` or `file,`. */
  private head: Uint8Array;
  private file: string;
  private readonly glue: Uint8Array[];
  private readonly tails: RowTextCache;
  private readonly time = new TimeText();
  private readonly src: AddressText;
  private readonly dst: AddressText;
  private batch: RowBatch | undefined;
  /** The batch's numbers as 32-bit words (the memo's key), and its extended columns' (if any). */
  private words: Int32Array = new Int32Array(0);
  private extWords: Int32Array | undefined = undefined;
  /** RowLookup: the score and best class of the row `has` last knew. */
  score = 0;
  best = -1;
  /** The memoised features-only part of each row of the scorer's batch that `has` knew. */
  private readonly known: (Uint8Array | undefined)[] = [];

  /**
   * Lines of `file` in `format`; `record` builds the record of a scored row (for rows whose
   * features-only part is not memoised); `sink` receives chunks of whole lines (UTF-8) and
   * returns true when it no longer needs the chunk.
   */
  constructor(
    format: RowFormat,
    file: string,
    private readonly record: (s: ScoredRow) => ScanRecord,
    sink: (chunk: Uint8Array) => boolean,
    /** False when the line also depends on more than the 41 features (a baseline's novelty). */
    private readonly memo = true,
    /**
     * The memo of features-only parts, when shared with other writers of the same model,
     * threshold and format (ScanCache.rowTexts); default: this writer's own.
     */
    tails?: RowTextCache,
  ) {
    this.tails = tails ?? new RowTextCache();
    this.out = new ChunkWriter(sink);
    this.json = format === 'ndjson';
    this.file = file;
    this.head = this.headOf(file);
    this.glue = GLUE[format].map(asciiBytes);
    this.src = new AddressText(this.json);
    this.dst = new AddressText(this.json);
  }

  /**
   * RowLookup, asked by the scorer before it scores row `i` of `b`: true when the features-only
   * part of the row's line is memoised, with its score and best class (`score`, `best`); add()
   * then writes that part, and the row is neither encoded nor scored.
   */
  has(b: RowBatch, i: number): boolean {
    this.known[i] = undefined;
    if (!this.memo || !timeFits(b.startMicros[i]!)) return false;
    const tail = this.tails.find(this.wordsOf(b), b.symbols, i, this.extWordsOf(b));
    if (tail === undefined) return false;
    this.known[i] = tail;
    this.score = this.tails.score;
    this.best = this.tails.best;
    return true;
  }

  /** Adds the line of `s` (valid only during this call). */
  add(s: ScoredRow): void {
    const b = s.batch;
    const i = s.index;
    const out = this.out;
    const t = this.time;
    if (!t.set(b.startMicros[i]!) || !this.memo) {
      const line = Buffer.from(this.fullLine(this.record(s)), 'utf8');
      out.reserve(line.length + 1);
      out.bytes(line);
      return out.endLine();
    }
    let tail = this.known[i];
    if (tail === undefined) {
      const words = this.wordsOf(b);
      const extWords = this.extWordsOf(b);
      tail = this.tails.find(words, b.symbols, i, extWords);
      if (tail === undefined) {
        tail = Buffer.from(this.tail(this.record(s)), 'utf8');
        this.tails.store(words, b.symbols, i, tail, s.score, s.best, extWords);
      }
    }
    const glue = this.glue;
    const version = b.ipVersion[i]!;
    out.reserve(this.head.length + ENDPOINT_BYTES + ID_BYTES + tail.length);
    out.bytes(this.head);
    t.iso(out);
    out.bytes(glue[0]!);
    if (this.json) t.micros(out);
    out.bytes(glue[1]!);
    this.src.write(out, b.srcHost[i]!, version);
    out.bytes(glue[2]!);
    writePort(out, b.srcPort[i]!);
    out.bytes(glue[3]!);
    this.dst.write(out, b.dstHost[i]!, version);
    out.bytes(glue[4]!);
    writePort(out, b.dstPort[i]!);
    if (this.json) {
      out.ascii(',"communityId":"1:');
      out.bytes(b.communityIdBase64(i));
      out.byte(34);
      out.bytes(tail);
    } else {
      out.bytes(tail);
      out.ascii(',1:');
      out.bytes(b.communityIdBase64(i));
    }
    out.endLine();
  }

  /** The numbers of batch `b` as 32-bit words. */
  private wordsOf(b: RowBatch): Int32Array {
    if (b !== this.batch) {
      this.batch = b;
      this.words = new Int32Array(b.numbers.buffer, b.numbers.byteOffset, b.numbers.length * 2);
    }
    return this.words;
  }

  /** The extended columns of batch `b` as 32-bit words, if its rows carry them. */
  private extWordsOf(b: RowBatch): Int32Array | undefined {
    const ext = b.extendedValues;
    if (ext === undefined) return undefined;
    if (this.extWords?.buffer !== ext.buffer)
      this.extWords = new Int32Array(ext.buffer, ext.byteOffset, ext.length * 2);
    return this.extWords;
  }

  /** The `file` of the lines added from now on (`nad scan --stream`: a row's own file). */
  setFile(file: string): void {
    if (file === this.file) return;
    this.file = file;
    this.head = this.headOf(file);
  }

  private headOf(file: string): Uint8Array {
    const head = this.json ? `{"file":${JSON.stringify(file)},"startTime":"` : `${csvCell(file)},`;
    return Buffer.from(head, 'utf8');
  }

  /** Hands the gathered lines to the sink. */
  flush(): void {
    this.out.flush();
  }

  private fullLine(r: ScanRecord): string {
    return this.json ? scanJsonLine(r) : scanCsvLine(r);
  }

  private tail(r: ScanRecord): string {
    return this.json ? scanJsonTail(r) : scanCsvTail(r);
  }
}
