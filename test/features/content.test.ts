import { describe, expect, it } from 'vitest';
import { FeatureExtractor, inspectorFor } from '../../src/features/extract.js';
import { runTable, type PacketSpec } from '../flow/packets.js';

/** A TCP session on `port`: handshake, then lines alternately from client ('>') and server. */
function session(port: number, lines: string[], close = true): PacketSpec[] {
  const cli = { dport: port };
  const srv = { src: '10.0.0.2', dst: '10.0.0.1', sport: port, dport: 1234 };
  const specs: PacketSpec[] = [
    { t: 0, ...cli, flags: 'S', seq: 0 },
    { t: 0.01, ...srv, flags: 'SA', seq: 0 },
    { t: 0.02, ...cli, flags: 'A', seq: 1 },
  ];
  let cseq = 1;
  let sseq = 1;
  lines.forEach((l, i) => {
    const fromClient = l.startsWith('>');
    const payload = (fromClient ? l.slice(1) : l) + '\r\n';
    const t = 0.1 + i * 0.1;
    if (fromClient) specs.push({ t, ...cli, flags: 'PA', seq: cseq, payload });
    else specs.push({ t, ...srv, flags: 'PA', seq: sseq, payload });
    if (fromClient) cseq += payload.length;
    else sseq += payload.length;
  });
  if (close)
    specs.push(
      { t: 9, ...cli, flags: 'FA', seq: cseq },
      { t: 9.1, ...srv, flags: 'FA', seq: sseq },
    );
  return specs;
}

/** Content columns 10–22 (hot … is_guest_login) of the first record. */
function content(specs: PacketSpec[]): Record<string, number> {
  const { records } = runTable(specs, undefined, inspectorFor);
  const n = new FeatureExtractor().row(records[0]!).numbers;
  return {
    hot: n[9]!, failed: n[10]!, loggedIn: n[11]!, rootShell: n[13]!, su: n[14]!, numRoot: n[15]!,
    files: n[16]!, shells: n[17]!, access: n[18]!, guest: n[21]!,
  }; // prettier-ignore
}

describe('content features (§6)', () => {
  it('FTP: 530 after PASS is a failed login, 230 logs in; STOR creates a file', () => {
    const c = content(
      session(21, [
        '220 hi',
        '>USER bob',
        '331 pw',
        '>PASS x',
        '530 no',
        '>USER bob',
        '331 pw',
        '>PASS y',
        '230 ok',
        '>STOR a.txt',
        '150 ok',
      ]),
    );
    expect(c).toMatchObject({ failed: 1, loggedIn: 1, files: 1, guest: 0 });
  });
  it('FTP: 530 to a command before login is not a failed login', () => {
    expect(content(session(21, ['220 hi', '>LIST', '530 Please login'])).failed).toBe(0);
  });
  it('FTP: anonymous login is a guest login', () => {
    const c = content(session(21, ['220', '>USER anonymous', '331', '>PASS a@b', '230 ok']));
    expect(c).toMatchObject({ loggedIn: 1, guest: 1 });
  });
  it('POP3: -ERR after PASS fails, +OK logs in', () => {
    expect(content(session(110, ['+OK', '>USER a', '+OK', '>PASS b', '-ERR no']))).toMatchObject({
      failed: 1,
      loggedIn: 0,
    });
    expect(content(session(110, ['+OK', '>USER a', '+OK', '>PASS b', '+OK in']))).toMatchObject({
      failed: 0,
      loggedIn: 1,
    });
  });
  it('IMAP: tagged NO / OK to LOGIN', () => {
    expect(
      content(session(143, ['* OK', '>a1 LOGIN u p', 'a1 NO bad', '>a2 LOGIN u q', 'a2 OK done'])),
    ).toMatchObject({ failed: 1, loggedIn: 1 });
  });
  it('SMTP: 535 is a failed AUTH; an established session with payload is logged in (measured rule)', () => {
    expect(content(session(25, ['220', '>AUTH PLAIN x', '535 no', '>QUIT']))).toMatchObject({
      failed: 1,
      loggedIn: 1,
    });
  });
  it('http: logged_in when established and the client sent a request; not for S0', () => {
    expect(content(session(80, ['>GET / HTTP/1.0', 'HTTP/1.0 200 OK'])).loggedIn).toBe(1);
    expect(content(session(80, ['HTTP/1.0 200 OK'])).loggedIn).toBe(0);
    expect(content([{ t: 0, flags: 'S' }]).loggedIn).toBe(0);
  });
  it('telnet: Login incorrect, then password prompt and shell prompt; su, root, /etc/passwd', () => {
    const specs = session(23, [
      'login: ',
      '>bob',
      'Password: ',
      '>x',
      'Login incorrect',
      'login: ',
      '>bob',
      'Password: ',
      '>y',
      'Last login',
      'bob@h:~$ ',
      '>cat /etc/passwd',
      '>su',
      'root@h:~# ',
      '>sh',
    ]);
    // prompts arrive without a newline in real sessions: drop the CRLF from prompt lines
    for (const s of specs)
      if (s.payload && /[:$#] \r\n$/.test(s.payload)) s.payload = s.payload.slice(0, -2);
    expect(content(specs)).toMatchObject({
      failed: 1,
      loggedIn: 1,
      su: 1,
      rootShell: 1,
      access: 1,
      shells: 1,
      numRoot: 1,
    });
  });
  it('other services: content columns stay 0', () => {
    const c = content(session(7, ['>530', 'Login incorrect']));
    expect(Object.values(c).every((v) => v === 0)).toBe(true);
  });
});
