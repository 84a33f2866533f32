/**
 * KDD `service` symbols (kdd-features.md §5): TCP/UDP by the responder's port (`ftp_data` also
 * by the originator's port 20), ICMP by type and code, and the mapping of symbols a KDD model
 * never saw before scoring.
 */

/** TCP port → service (§5; IANA names matching the KDD symbols). */
const TCP_PORTS: ReadonlyMap<number, string> = new Map<number, string>([
  [80, 'http'], [8080, 'http'], [8008, 'http'], [443, 'http_443'], [25, 'smtp'], [21, 'ftp'],
  [20, 'ftp_data'], [23, 'telnet'], [22, 'ssh'], [53, 'domain'], [79, 'finger'], [110, 'pop_3'],
  [109, 'pop_2'], [143, 'imap4'], [113, 'auth'], [111, 'sunrpc'], [194, 'IRC'], [6665, 'IRC'],
  [6666, 'IRC'], [6667, 'IRC'], [6668, 'IRC'], [6669, 'IRC'], [137, 'netbios_ns'],
  [138, 'netbios_dgm'], [139, 'netbios_ssn'], [389, 'ldap'], [515, 'printer'], [513, 'login'],
  [514, 'shell'], [512, 'exec'], [543, 'klogin'], [544, 'kshell'], [540, 'uucp'],
  [117, 'uucp_path'], [43, 'whois'], [119, 'nntp'], [37, 'time'], [13, 'daytime'],
  [9, 'discard'], [7, 'echo'], [11, 'systat'], [15, 'netstat'], [95, 'supdup'], [102, 'iso_tsap'],
  [105, 'csnet_ns'], [101, 'hostnames'], [42, 'name'], [70, 'gopher'], [210, 'Z39_50'],
  [179, 'bgp'], [84, 'ctf'], [1911, 'mtp'], [530, 'courier'], [150, 'sql_net'], [66, 'sql_net'],
  [71, 'remote_job'], [72, 'remote_job'], [73, 'remote_job'], [74, 'remote_job'], [5, 'rje'],
  [77, 'rje'], [433, 'nnsp'], [175, 'vmnet'], [245, 'link'], [520, 'efs'],
]); // prettier-ignore

/** UDP port → service (§5: KDD has only these UDP symbols besides private/other). */
const UDP_PORTS: ReadonlyMap<number, string> = new Map<number, string>([
  [53, 'domain_u'], [123, 'ntp_u'], [69, 'tftp_u'],
]); // prettier-ignore

/** X11 display ports 6000–6063 (§5). */
const X11_FIRST = 6000;
const X11_LAST = 6063;
/** Ports at and above this that are not in the table are `private` (§5: ephemeral and
 *  unassigned high ports); below it, `other`. */
export const PRIVATE_PORT_FROM = 1024;

/** Service of a TCP or UDP connection by its ports (§5). */
export function portService(protocol: 'tcp' | 'udp', origPort: number, respPort: number): string {
  const table = protocol === 'tcp' ? TCP_PORTS : UDP_PORTS;
  const named = table.get(respPort);
  if (named !== undefined) return named;
  if (protocol === 'tcp') {
    if (origPort === 20) return 'ftp_data';
    if (respPort >= X11_FIRST && respPort <= X11_LAST) return 'X11';
  }
  return respPort >= PRIVATE_PORT_FROM ? 'private' : 'other';
}

/** ICMPv6 type → the ICMPv4 type with the same meaning (echo, unreachable, time exceeded, redirect). */
const ICMPV6_AS_V4: ReadonlyMap<number, number> = new Map([
  [128, 8], [129, 0], [1, 3], [3, 11], [137, 5],
]); // prettier-ignore

/**
 * Service of an ICMP message (§5): echo reply `ecr_i`, echo request `eco_i`, time exceeded
 * `tim_i`, redirect `red_i`, port unreachable `urp_i`, host unreachable `urh_i`, else `oth_i`.
 * ICMPv6 maps onto the same symbols (destination unreachable code 4 = port unreachable,
 * code 3 = address unreachable).
 */
export function icmpService(type: number, code: number, v6: boolean): string {
  let t = type;
  let c = code;
  if (v6) {
    t = ICMPV6_AS_V4.get(type) ?? -1;
    if (t === 3) c = code === 4 ? 3 : code === 3 ? 1 : code;
  }
  switch (t) {
    case 0:
      return 'ecr_i';
    case 8:
      return 'eco_i';
    case 11:
      return 'tim_i';
    case 5:
      return 'red_i';
    case 3:
      return c === 3 ? 'urp_i' : c === 1 ? 'urh_i' : 'oth_i';
    default:
      return 'oth_i';
  }
}

/** Every service symbol of `kddcup.data_10_percent` plus `corrected` (column 3), §5. */
export const KDD_SERVICES: ReadonlySet<string> = new Set([
  'IRC', 'X11', 'Z39_50', 'auth', 'bgp', 'courier', 'csnet_ns', 'ctf', 'daytime', 'discard',
  'domain', 'domain_u', 'echo', 'eco_i', 'ecr_i', 'efs', 'exec', 'finger', 'ftp', 'ftp_data',
  'gopher', 'hostnames', 'http', 'http_443', 'icmp', 'imap4', 'iso_tsap', 'klogin', 'kshell',
  'ldap', 'link', 'login', 'mtp', 'name', 'netbios_dgm', 'netbios_ns', 'netbios_ssn', 'netstat',
  'nnsp', 'nntp', 'ntp_u', 'other', 'pm_dump', 'pop_2', 'pop_3', 'printer', 'private', 'red_i',
  'remote_job', 'rje', 'shell', 'smtp', 'sql_net', 'ssh', 'sunrpc', 'supdup', 'systat',
  'telnet', 'tftp_u', 'tim_i', 'time', 'urh_i', 'urp_i', 'uucp', 'uucp_path', 'vmnet', 'whois',
]); // prettier-ignore

/** §5 / §4: the value a KDD model sees — unseen services become `other`. */
export function serviceForScoring(service: string): string {
  return KDD_SERVICES.has(service) ? service : 'other';
}

/** §4: RSTRH and SHR never occur in the KDD rows; they are scored as `OTH`. */
export function flagForScoring(flag: string): string {
  return flag === 'RSTRH' || flag === 'SHR' ? 'OTH' : flag;
}
