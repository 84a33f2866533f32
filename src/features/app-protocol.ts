/**
 * The application protocol of a TCP connection recognised from its first payload bytes, on any
 * port, and the failed logins it shows (docs/extended-features.md "Application protocol and
 * logins"). The KDD `service` (and the §6 content features) go by port; a login service moved to
 * another port (ssh on 2222, telnet on 2323, MySQL anywhere) is `private` there. This looks at
 * the first payload of each direction once:
 *   ssh     either side starts with "SSH-" (RFC 4253 §4.2 identification string)
 *   telnet  either side starts with IAC (255) (RFC 854 option negotiation)
 *   ftp     the responder greets "220" and the originator's first command is USER, AUTH, FEAT,
 *           SYST or OPTS;  smtp: "220" then EHLO or HELO
 *   pop3    the responder greets "+OK";  imap: "* OK" or "* PREAUTH"
 *   mysql   the responder's first packet is a protocol-10 handshake (3-byte length, sequence 0,
 *           byte 10), as MySQL and MariaDB servers send
 * HTTP, TLS and DNS are recognised by their own parsers (extended-inspector.ts).
 * Failed logins: the §6 dialogue rules (content.ts) for ftp, telnet, pop3, imap and smtp found
 * this way; MySQL error packets with code 1045 (ER_ACCESS_DENIED_ERROR) and 1044 from the server.
 */
import type { PayloadInspector } from '../flow/connection.js';
import { ContentState, type ContentKind } from './content.js';

/** Codes of the `app_proto` column. */
export const AppProto = {
  none: 0, http: 1, tls: 2, ssh: 3, telnet: 4, ftp: 5, smtp: 6, pop3: 7, imap: 8, mysql: 9,
  dns: 10, other: 11,
} as const; // prettier-ignore

/** MySQL error codes of a refused login: access denied for a user, for a database. */
const MYSQL_DENIED = new Set([1045, 1044]);

const startsWith = (buf: Uint8Array, at: number, end: number, text: string): boolean => {
  if (end - at < text.length) return false;
  for (let i = 0; i < text.length; i++) if (buf[at + i] !== text.charCodeAt(i)) return false;
  return true;
};

/** Recognises the protocol of one TCP connection and counts its failed logins. */
export class AppProtocolState implements PayloadInspector {
  /** An AppProto code; `none` until a side sent payload. */
  proto: number = AppProto.none;
  private mysqlDenied = 0;
  /** The §6 dialogue state of the protocol found, when it has one. */
  private dialogue: ContentState | undefined;
  private origSeen = false;
  private respSeen = false;
  /** The responder greeted "220" (ftp or smtp, decided by the originator's first command). */
  private greeted220 = false;

  /**
   * `known`: the §6 state the connection already has because its port names a login service
   * (content.ts contentFor); it is fed by the caller, so it is only read here.
   */
  constructor(private readonly known: ContentState | undefined) {}

  /** Failed logins seen (the §6 count of the dialogue, or MySQL's refusals). */
  get authFailures(): number {
    return this.mysqlDenied + ((this.known ?? this.dialogue)?.failedLogins ?? 0);
  }

  /** PayloadInspector: bytes [start, end) sent by the originator when `fromOrig`. */
  onPayload(fromOrig: boolean, buf: Uint8Array, start: number, end: number): void {
    if (fromOrig ? !this.origSeen : !this.respSeen) this.first(fromOrig, buf, start, end);
    if (this.proto === AppProto.mysql && !fromOrig) this.mysqlPacket(buf, start, end);
    this.dialogue?.onPayload(fromOrig, buf, start, end);
  }

  /** The first payload of a direction. */
  private first(fromOrig: boolean, buf: Uint8Array, start: number, end: number): void {
    if (fromOrig) this.origSeen = true;
    else this.respSeen = true;
    const decided = this.proto !== AppProto.none && this.proto !== AppProto.other;
    if (decided && !this.greeted220) return;
    if (startsWith(buf, start, end, 'SSH-')) return this.found(AppProto.ssh);
    if (buf[start] === 255) return this.found(AppProto.telnet, 'telnet');
    if (fromOrig) {
      if (!this.greeted220) return this.found(AppProto.other);
      this.greeted220 = false;
      const word = String.fromCharCode(...buf.subarray(start, Math.min(end, start + 5)));
      const cmd = word.toUpperCase();
      if (/^(USER|AUTH|FEAT|SYST|OPTS)/.test(cmd)) return this.found(AppProto.ftp, 'ftp');
      if (/^(EHLO|HELO)/.test(cmd)) return this.found(AppProto.smtp, 'smtp');
      return;
    }
    if (startsWith(buf, start, end, '220')) {
      this.greeted220 = true;
      this.proto = AppProto.other;
    } else if (startsWith(buf, start, end, '+OK')) this.found(AppProto.pop3, 'pop3');
    else if (startsWith(buf, start, end, '* OK') || startsWith(buf, start, end, '* PREAUTH'))
      this.found(AppProto.imap, 'imap');
    else if (end - start >= 5 && buf[start + 3] === 0 && buf[start + 4] === 10) {
      const len = buf[start]! | (buf[start + 1]! << 8) | (buf[start + 2]! << 16);
      this.found(len >= 20 && len <= 1024 ? AppProto.mysql : AppProto.other);
    } else if (this.proto === AppProto.none) this.proto = AppProto.other;
  }

  /** Records the protocol; a dialogue state is made unless the port already gave one. */
  private found(proto: number, kind?: ContentKind): void {
    this.proto = proto;
    if (kind !== undefined && this.known === undefined) this.dialogue = new ContentState(kind);
  }

  /** A MySQL server packet starting a segment: an error packet (0xff) with a login code. */
  private mysqlPacket(buf: Uint8Array, start: number, end: number): void {
    if (end - start < 7 || buf[start + 4] !== 0xff) return;
    if (MYSQL_DENIED.has(buf[start + 5]! | (buf[start + 6]! << 8))) this.mysqlDenied++;
  }
}
