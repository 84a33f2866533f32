/**
 * Content features 10–22 from cleartext payload (kdd-features.md §6). A ContentState is attached
 * to connections of the cleartext login services (FTP, telnet/rlogin, POP3, IMAP, SMTP) and sees
 * each payload byte once, in order (flow/connection-update.ts); it reads at most BUDGET bytes per
 * direction, as lines. Every rule is listed where it is applied; whatever is not visible stays 0.
 *
 * logged_in, measured on kddcup.data_10_percent (494,021 rows; counts are rows with
 * logged_in = 1 / rows) for the services without a login dialogue:
 *   http   SF + src_bytes > 0: 58,535/58,535; SF + src_bytes = 0: 0/11; S1 36/36, S2 19/19,
 *          S3 4/4, RSTR (src > 0) 90/90; S0 0/199, REJ 0/5,354; RSTO with 0 bytes 39/39 (the
 *          only exception to the rule below, all `back` rows)
 *   smtp   SF/S1 + src_bytes > 0: 9,566/9,568; S0, REJ, RSTO/RSTR with 0 bytes: 0/150
 *   ftp_data SF + src_bytes > 0: 3,654/4,492 (81 %); src_bytes = 0: 14/41
 *   auth   SF: 165/220 (75 %); S0/REJ 0/108
 *   every other service with no dialogue (domain_u, ecr_i, private, finger, …): 0
 * Rule (loggedInWithoutDialogue): for http, smtp, ftp_data and auth, logged_in = 1 when the
 * connection was established (SF, S1, S2, S3, RSTO, RSTR) and the originator sent payload.
 * For ftp, pop_3, imap4, telnet, login and smtp AUTH, the dialogue decides (FTP 685/687 SF rows,
 * telnet 228/241, pop_3 79/80 are logged in).
 */
import type { Connection, PayloadInspector } from '../flow/connection.js';

/** Bytes read per direction: login dialogues happen at the start of a session. */
const BUDGET = 64 * 1024;
/** Longest line kept (longer lines are cut). */
const MAX_LINE = 512;

/** The dialogue a ContentState follows. */
export type ContentKind = 'ftp' | 'telnet' | 'pop3' | 'imap' | 'smtp';

/** Service → dialogue (§6). `login` is rlogin (513), read like telnet. */
const KIND_BY_SERVICE: ReadonlyMap<string, ContentKind> = new Map<string, ContentKind>([
  ['ftp', 'ftp'], ['telnet', 'telnet'], ['login', 'telnet'], ['pop_3', 'pop3'],
  ['imap4', 'imap'], ['smtp', 'smtp'],
]); // prettier-ignore

/** The content-feature state of one connection (§6 features 10–22). */
export class ContentState implements PayloadInspector {
  hot = 0;
  failedLogins = 0;
  loggedIn = false;
  compromised = 0;
  rootShell = false;
  suAttempted = 0;
  numRoot = 0;
  fileCreations = 0;
  shells = 0;
  accessFiles = 0;
  guest = false;

  private readonly lines = ['', ''];
  private readonly budget = [BUDGET, BUDGET];
  /** Telnet option-negotiation skip state per direction. */
  private readonly iac = [0, 0];
  /** FTP/POP3: a password was sent and awaits its reply. IMAP: the LOGIN tag awaited. */
  private pending = '';
  private guestUser = false;
  private passwordPrompt = false;

  constructor(readonly kind: ContentKind) {}

  /** PayloadInspector: bytes [start, end) of `buf`, sent by the originator when `fromOrig`. */
  onPayload(fromOrig: boolean, buf: Uint8Array, start: number, end: number): void {
    const d = fromOrig ? 0 : 1;
    const stop = Math.min(end, start + this.budget[d]!);
    this.budget[d]! -= stop - start;
    let line = this.lines[d]!;
    for (let i = start; i < stop; i++) {
      const b = buf[i]!;
      if (this.kind === 'telnet' && this.skipTelnet(d, b)) continue;
      if (b === 10 || b === 13 || b === 0) {
        if (line !== '') this.onLine(fromOrig, line);
        line = '';
      } else if (line.length < MAX_LINE) line += String.fromCharCode(b);
    }
    this.lines[d] = line;
    if (this.kind === 'telnet' && !fromOrig && line !== '') this.onPrompt(line);
  }

  /** Telnet IAC sequences (RFC 854): IAC WILL/WONT/DO/DONT x, IAC SB … IAC SE, IAC cmd. */
  private skipTelnet(d: number, b: number): boolean {
    const s = this.iac[d]!;
    if (s === 0) {
      if (b !== 255) return false;
      this.iac[d] = 1;
    } else if (s === 1) this.iac[d] = b >= 251 && b <= 254 ? 2 : b === 250 ? 3 : 0;
    else if (s === 2) this.iac[d] = 0;
    else if (s === 3) this.iac[d] = b === 255 ? 4 : 3;
    else this.iac[d] = b === 240 ? 0 : 3;
    return true;
  }

  private onLine(fromOrig: boolean, line: string): void {
    if (this.kind === 'telnet') return fromOrig ? this.shellCommand(line) : this.telnetLine(line);
    if (fromOrig) this.clientLine(line);
    else this.serverLine(line);
  }

  /** FTP USER/PASS/STOR, POP3 USER/PASS, IMAP LOGIN. */
  private clientLine(line: string): void {
    const [word = '', arg = ''] = line.split(' ', 3);
    const cmd = word.toUpperCase();
    if (this.kind === 'imap') {
      if (arg.toUpperCase() === 'LOGIN') this.pending = word;
      return;
    }
    if (cmd === 'USER') this.guestUser = /^(anonymous|ftp)$/i.test(arg);
    else if (cmd === 'PASS' || cmd === 'APOP') this.pending = 'PASS';
    else if (this.kind === 'ftp' && /^(STOR|STOU|APPE|MKD)$/.test(cmd)) this.fileCreations++;
    else if (this.kind === 'ftp' && /passwd|shadow|\.rhosts/.test(arg)) this.accessFiles++;
  }

  /** FTP 230/530 after PASS, POP3 +OK/-ERR after PASS, IMAP tagged OK/NO, SMTP 235/535. */
  private serverLine(line: string): void {
    if (this.kind === 'smtp') {
      if (line.startsWith('235')) this.loggedIn = true;
      else if (line.startsWith('535')) this.failedLogins++;
      return;
    }
    if (this.pending === '') return;
    if (this.kind === 'imap') {
      if (!line.startsWith(this.pending + ' ')) return;
      const status = line.slice(this.pending.length + 1, this.pending.length + 3).toUpperCase();
      if (status === 'OK') this.loggedIn = true;
      else if (status === 'NO') this.failedLogins++;
      this.pending = '';
      return;
    }
    const ok = this.kind === 'ftp' ? line.startsWith('230') : line.startsWith('+OK');
    const bad = this.kind === 'ftp' ? line.startsWith('530') : line.startsWith('-ERR');
    if (ok) {
      this.loggedIn = true;
      if (this.kind === 'ftp' && this.guestUser) this.guest = true;
    } else if (bad) this.failedLogins++;
    if (ok || bad) this.pending = '';
  }

  /** Telnet/rlogin server output lines: "Login incorrect" counts a failed login. */
  private telnetLine(line: string): void {
    if (/login incorrect|authentication failure|login failed/i.test(line)) {
      this.failedLogins++;
      this.passwordPrompt = false;
    }
  }

  /** The unfinished last line of server output: password prompt, then a shell prompt. */
  private onPrompt(line: string): void {
    if (/password: ?$/i.test(line)) this.passwordPrompt = true;
    else if (this.passwordPrompt && /[$#%>] ?$/.test(line)) {
      this.loggedIn = true;
      if (/# ?$/.test(line)) this.rootShell = true;
    } else if (this.loggedIn && /# ?$/.test(line)) this.rootShell = true;
  }

  /** A command typed after login: su, shells, file creation, access to system files, hot. */
  private shellCommand(line: string): void {
    if (!this.loggedIn) return;
    const word = line.trim().split(/\s+/, 1)[0] ?? '';
    if (this.rootShell) this.numRoot++;
    if (word === 'su' || word === 'sudo') this.suAttempted++;
    if (/^(sh|bash|csh|tcsh|ksh|zsh)$/.test(word)) this.shells++;
    if (/^(touch|mkdir|cp|mv|vi|ed|tee)$/.test(word) || />\s*\S/.test(line)) this.fileCreations++;
    if (/\/etc\/(passwd|shadow|hosts\.equiv)|\.rhosts/.test(line)) this.accessFiles++;
    if (/^(gcc|cc|make|chmod|chown|\.\/\S+)$/.test(word) || /\/etc\//.test(line)) this.hot++;
  }
}

/** The inspector for a new connection of `service`, or undefined for other services (§6). */
export function contentFor(service: string): ContentState | undefined {
  const kind = KIND_BY_SERVICE.get(service);
  return kind === undefined ? undefined : new ContentState(kind);
}

const NO_DIALOGUE_LOGIN: ReadonlySet<string> = new Set(['http', 'smtp', 'ftp_data', 'auth']);
const ESTABLISHED: ReadonlySet<string> = new Set(['SF', 'S1', 'S2', 'S3', 'RSTO', 'RSTR']);

/** The measured logged_in rule for services without a login dialogue (see the file comment). */
export function loggedInWithoutDialogue(service: string, flag: string, c: Connection): boolean {
  return NO_DIALOGUE_LOGIN.has(service) && ESTABLISHED.has(flag) && c.srcBytes > 0;
}
