/**
 * The payload inspector of a connection in the extended set: it feeds the same payload path
 * the content features use (flow/connection.ts PayloadInspector: each byte once, in order) to
 * the §6 content state and to the protocol parsers of the extended columns. DNS is chosen by
 * port (53); HTTP and TLS by the originator's first payload byte (a letter → HTTP, 22 → TLS),
 * so they are found on any port and cost nothing on connections without payload. The other
 * protocols of a TCP connection are recognised by app-protocol.ts, also on any port.
 */
import type { PayloadInspector } from '../flow/connection.js';
import { AppProtocolState } from './app-protocol.js';
import type { ContentState } from './content.js';
import { DnsState } from './dns.js';
import { HttpState } from './http.js';
import { TlsState } from './tls.js';

/** Content state and protocol parsers of one connection. */
export class ExtendedInspector implements PayloadInspector {
  http: HttpState | undefined = undefined;
  tls: TlsState | undefined = undefined;
  readonly dns: DnsState | undefined;
  /** TCP: the protocol recognised from the first payload bytes, and its failed logins. */
  readonly app: AppProtocolState | undefined;
  /** TCP: HTTP or TLS may still be recognised from the originator's first payload byte. */
  private sniff: boolean;

  constructor(
    readonly content: ContentState | undefined,
    tcp: boolean,
    dnsPort: boolean,
  ) {
    this.dns = dnsPort ? new DnsState(tcp) : undefined;
    this.sniff = tcp;
    this.app = tcp ? new AppProtocolState(content) : undefined;
  }

  /** PayloadInspector: forwards the bytes to every part that reads them. */
  onPayload(fromOrig: boolean, buf: Uint8Array, start: number, end: number): void {
    this.content?.onPayload(fromOrig, buf, start, end);
    this.dns?.onPayload(fromOrig, buf, start, end);
    if (this.sniff && fromOrig) {
      this.sniff = false;
      const b = buf[start]!;
      if (b === 22) this.tls = new TlsState();
      else if (b >= 65 && b <= 90) this.http = new HttpState();
    }
    this.http?.onPayload(fromOrig, buf, start, end);
    this.tls?.onPayload(fromOrig, buf, start, end);
    this.app?.onPayload(fromOrig, buf, start, end);
  }
}
