/**
 * A connection's start time and addresses written as bytes for output lines, without the generic
 * formatters on the common path: the ISO 8601 date of a second is built once for all the
 * connections starting in it, IPv4 addresses and ports are written digit by digit. The text is
 * exactly what isoMicros, String and formatHost give (tested through scan-line-writer.ts).
 */
import { formatHost } from '../flow/key.js';
import { asciiBytes, type ChunkWriter } from './chunk-writer.js';
import { csvCell } from './scan-rows.js';

/**
 * The most bytes of the endpoints part of a line besides the file name: the start time twice
 * (≤ 26 + 22), two addresses (≤ 41: IPv6 text is at most 39 characters, and needs no escaping)
 * and ports (≤ 11), and the key names between them.
 */
export const ENDPOINT_BYTES = 256;

/**
 * True when TimeText writes `micros`: a whole number of µs from 1970-01-01T00:00:01Z to
 * Number.MAX_SAFE_INTEGER (year 2255).
 */
export function timeFits(micros: number): boolean {
  return micros >= 1e6 && micros <= Number.MAX_SAFE_INTEGER && micros === Math.floor(micros);
}

/** A start time (µs since the epoch) as isoMicros(µs) and String(µs). */
export class TimeText {
  private second = -1;
  private us = 0;
  /** `YYYY-MM-DDTHH:MM:SS.` of the second. */
  private isoSecond: Uint8Array = new Uint8Array(0);
  /** String(second). */
  private secondText: Uint8Array = new Uint8Array(0);

  /**
   * Sets the time; false when `micros` is not a whole number of µs from 1970-01-01T00:00:01Z
   * to Number.MAX_SAFE_INTEGER (year 2255), which the caller then formats the generic way.
   */
  set(micros: number): boolean {
    if (!timeFits(micros)) return false;
    const second = Math.floor(micros / 1e6);
    this.us = micros - second * 1e6;
    if (second !== this.second) {
      this.second = second;
      this.isoSecond = asciiBytes(new Date(second * 1000).toISOString().slice(0, 20));
      this.secondText = asciiBytes(String(second));
    }
    return true;
  }

  /** Writes isoMicros(µs) without the final `Z`. */
  iso(out: ChunkWriter): void {
    out.bytes(this.isoSecond);
    out.digits(this.us, 6);
  }

  /** Writes String(µs). */
  micros(out: ChunkWriter): void {
    out.bytes(this.secondText);
    out.digits(this.us, 6);
  }
}

/**
 * Addresses as JSON strings or CSV cells (csvCell). IPv4 ones are written digit by digit; others
 * through formatHost, remembering the last (a flood's target).
 */
export class AddressText {
  private host = '';
  private version = -1;
  /** Bytes of the last address formatted through formatHost. */
  private last: Uint8Array = new Uint8Array(0);

  constructor(private readonly json: boolean) {}

  /** Writes the packed address `host` (flow/key.ts) of IP version `version`. */
  write(out: ChunkWriter, host: string, version: number): void {
    if (!(version === 4 && host.length === 2)) {
      if (host !== this.host || version !== this.version) {
        this.host = host;
        this.version = version;
        const address = formatHost(host, version);
        this.last = asciiBytes(this.json ? JSON.stringify(address) : csvCell(address));
      }
      return out.bytes(this.last);
    }
    // formatHost(host, 4): digits and dots, nothing to escape.
    const a = host.charCodeAt(0);
    const b = host.charCodeAt(1);
    if (this.json) out.byte(34);
    out.uint(a >> 8);
    out.byte(46);
    out.uint(a & 255);
    out.byte(46);
    out.uint(b >> 8);
    out.byte(46);
    out.uint(b & 255);
    if (this.json) out.byte(34);
  }
}

/** Writes String(port). */
export function writePort(out: ChunkWriter, port: number): void {
  if (port >= 0) out.uint(port);
  else out.ascii(String(port));
}
