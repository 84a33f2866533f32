/**
 * app_proto, auth_failures and the per-source failed-login counts (docs/extended-features.md
 * "Application protocol and logins") pinned on hand-built sessions, on ports whose KDD service
 * is `private`, and on a login service's own port (no double counting with §6).
 */
import { describe, expect, it } from 'vitest';
import { AppProto } from '../../src/features/app-protocol.js';
import {
  A, FA, PA, S, SA, extended, seg, type Frame,
} from '../helpers/extended-capture.js'; // prettier-ignore

/** One TCP session on `ports`: handshake at t0, then the payloads in turn (client first when
 *  `lines[i][0]` is true), 0.1 s apart, then FIN/FIN. */
function session(t0: number, ports: [number, number], lines: [boolean, string][]): Frame[] {
  const frames = [seg(t0, true, ports, S, 0), seg(t0 + 0.01, false, ports, SA, 0), seg(t0 + 0.02, true, ports, A, 1)];
  const seq = [1, 1];
  lines.forEach(([fromClient, text], i) => {
    const d = fromClient ? 0 : 1;
    frames.push(seg(t0 + 0.1 * (i + 1), fromClient, ports, PA, seq[d]!, text));
    seq[d]! += text.length;
  });
  const t = t0 + 0.1 * (lines.length + 1);
  frames.push(seg(t, true, ports, FA, seq[0]!), seg(t + 0.01, false, ports, FA, seq[1]!));
  return frames;
} // prettier-ignore

const bin = (...b: number[]): string => String.fromCharCode(...b);
const ftpGuess = (pass: string): [boolean, string][] => [
  [false, '220 files ready\r\n'], [true, 'USER alice\r\n'], [false, '331 password please\r\n'],
  [true, `PASS ${pass}\r\n`], [false, '530 Login incorrect.\r\n'],
  [true, 'PASS other\r\n'], [false, '530 Login incorrect.\r\n'], [true, 'QUIT\r\n'],
]; // prettier-ignore

describe('application protocol on any port, and failed logins', () => {
  it('ssh on 2222: both sides send an SSH identification string', async () => {
    const [row] = await extended(
      session(
        0,
        [40000, 2222],
        [
          [false, 'SSH-2.0-OpenSSH_9.2\r\n'],
          [true, 'SSH-2.0-libssh_0.9\r\n'],
        ],
      ),
    );
    expect(row).toMatchObject({ service: 'private', app_proto: AppProto.ssh, auth_failures: 0 });
  });

  it('telnet on 2323: IAC negotiation, one "Login incorrect"', async () => {
    const [row] = await extended(
      session(0, [40000, 2323], [
        [false, bin(255, 253, 24, 255, 253, 32)], [true, bin(255, 252, 24, 255, 252, 32)],
        [false, 'login: '], [true, 'bob\r\n'], [false, 'Password: '], [true, 'guess\r\n'],
        [false, '\r\nLogin incorrect\r\nlogin: '],
      ]),
    ); // prettier-ignore
    expect(row).toMatchObject({ service: 'private', app_proto: AppProto.telnet, auth_failures: 1 });
  });

  it('ftp on 2121: two 530 answers to PASS; the source window counts failed-login records', async () => {
    const rows = await extended([
      ...session(0, [40000, 2121], ftpGuess('a1')),
      ...session(2, [40001, 2121], ftpGuess('b2')),
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      service: 'private', app_proto: AppProto.ftp, auth_failures: 2,
      src_60s_auth_fail_count: 1, src_100c_auth_fail_count: 1,
    }); // prettier-ignore
    expect(rows[1]).toMatchObject({
      app_proto: AppProto.ftp, auth_failures: 2, src_60s_auth_fail_count: 2, src_100c_auth_fail_count: 2,
    }); // prettier-ignore
  });

  it('ftp on 21: the §6 state of the port is read, failures are not counted twice', async () => {
    const [row] = await extended(session(0, [40000, 21], ftpGuess('x')));
    expect(row).toMatchObject({ service: 'ftp', app_proto: AppProto.ftp, auth_failures: 2 });
  });

  it('smtp on 2525: 220 then EHLO; a 535 answer counts', async () => {
    const [row] = await extended(
      session(0, [40000, 2525], [
        [false, '220 mail ESMTP\r\n'], [true, 'EHLO me\r\n'], [false, '250 ok\r\n'],
        [true, 'AUTH PLAIN AGJvYgB4\r\n'], [false, '535 5.7.8 failed\r\n'],
      ]),
    ); // prettier-ignore
    expect(row).toMatchObject({ app_proto: AppProto.smtp, auth_failures: 1 });
  });

  it('pop3 and imap greetings', async () => {
    const rows = await extended([
      ...session(0, [40000, 1110], [[false, '+OK ready\r\n'], [true, 'USER a\r\n'], [false, '+OK\r\n'], [true, 'PASS b\r\n'], [false, '-ERR no\r\n']]),
      ...session(2, [40001, 1143], [[false, '* OK IMAP ready\r\n'], [true, 'a1 LOGIN bob x\r\n'], [false, 'a1 NO denied\r\n']]),
    ]); // prettier-ignore
    expect(rows.map((r) => [r.app_proto, r.auth_failures])).toEqual([
      [AppProto.pop3, 1],
      [AppProto.imap, 1],
    ]);
  });

  it('mysql on 3306: protocol-10 handshake, then error 1045 (access denied)', async () => {
    const version = '5.7.42\0';
    const body = bin(10) + version + bin(...new Array(60 - version.length).fill(1)); // 61 bytes
    const greeting = bin(body.length, 0, 0, 0) + body;
    const denied = bin(0xff, 0x15, 0x04) + '#28000Access denied';
    const [row] = await extended(
      session(0, [40000, 3306], [
        [false, greeting], [true, bin(40, 0, 0, 1) + 'x'.repeat(40)],
        [false, bin(denied.length, 0, 0, 2) + denied],
      ]),
    ); // prettier-ignore
    expect(row).toMatchObject({ service: 'private', app_proto: AppProto.mysql, auth_failures: 1 });
  });

  it('http: a 401 answer is a failed login; unknown payload is "other"; no payload is none', async () => {
    const rows = await extended([
      ...session(0, [40000, 8081], [[true, 'GET /admin HTTP/1.1\r\nHost: x\r\n\r\n'], [false, 'HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n']]),
      ...session(2, [40001, 9999], [[true, bin(1, 2, 3, 4)], [false, bin(5, 6)]]),
      ...session(4, [40002, 9998], []),
    ]); // prettier-ignore
    expect(rows.map((r) => [r.app_proto, r.auth_failures])).toEqual([
      [AppProto.http, 1],
      [AppProto.other, 0],
      [AppProto.none, 0],
    ]);
    expect(rows[2]).toMatchObject({ src_60s_auth_fail_count: 1, src_100c_auth_fail_count: 1 });
  });
});
