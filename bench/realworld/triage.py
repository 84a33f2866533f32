#!/usr/bin/env python3
"""Per-file traffic statistics of the shared corpus, the evidence behind corpus-labels.tsv.

Runs tshark (and capinfos) over every capture of ../shared/corpus/MANIFEST.tsv in parallel and
writes one TSV row per file with what the labelling looked at: packet count, link type, IP share,
protocols, conversations, TCP handshake/flag shares, per-source fan-out (distinct ports and hosts),
ICMP, fragments, LAND packets, FTP 530 / HTTP 401 / 404 counts, DNS name lengths, malformed share.

Usage (from the repo root):
  python3 bench/realworld/triage.py [--corpus ../shared/corpus] [--out bench/realworld/triage-stats.tsv]
                                    [--jobs N] [--only SUBSTRING]
Needs: tshark and capinfos (Debian: apt-get install tshark). Deterministic for a given tshark
version (the committed stats were made with TShark 4.0.17).
"""
import argparse
import collections
import concurrent.futures
import os
import subprocess
import sys

FIELDS = [
    'frame.time_epoch', 'frame.protocols', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst',
    'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport', 'tcp.flags', 'icmp.type',
    'icmpv6.type', 'ip.flags.mf', 'ip.frag_offset', 'ftp.response.code', 'http.response.code',
    'http.request.method', 'dns.qry.name', 'dns.qry.type', 'frame.len', 'tcp.len', 'udp.length',
    'dns.flags.response', 'ip.len', '_ws.malformed', '_ws.short',
]

# Protocol names that are plumbing, not what a capture is "about".
PLUMBING = {
    'eth', 'ethertype', 'ip', 'ipv6', 'tcp', 'udp', 'data', 'sll', 'null', 'loop', 'vlan',
    'frame', 'raw', 'ipv6.hopopts', 'pkt_comment', 'tcp.segments', 'ip.fragments', 'llc',
    'ipv6.fraghdr', 'ipv6.routing', 'ipv6.dstopts', 'ppp', 'pppoes', 'pppoed',
}


def run(cmd, timeout=120):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, errors='replace', timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return -1, '', 'timeout'


def capinfos(path):
    rc, out, err = run(['capinfos', '-T', '-m', '-t', '-c', '-E', '-u', path])
    # -T -m: a header line, then one comma separated line: file,filetype?,encap,packets,duration
    lines = [line for line in out.splitlines() if line.strip()]
    info = {'encap': '', 'filetype': '', 'capinfos_err': ''}
    if len(lines) >= 2:
        head = lines[0].split(',')
        vals = lines[1].split(',')
        d = dict(zip(head, vals))
        info['encap'] = d.get('File encapsulation', '').strip()
        info['filetype'] = d.get('File type', '').strip()
        info['duration'] = d.get('Capture duration (seconds)', '').strip()
    if rc != 0:
        info['capinfos_err'] = (err.strip().splitlines() or ['?'])[-1][:120]
    return info


def analyse(path):
    info = capinfos(path)
    cmd = ['tshark', '-n', '-r', path, '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=f']
    for f in FIELDS:
        cmd += ['-e', f]
    rc, out, err = run(cmd)
    errline = ''
    if rc != 0 or err.strip():
        errs = [e for e in err.strip().splitlines() if 'Running as user' not in e]
        errline = (errs or [''])[-1][:160]
    s = {
        'packets': 0, 'ip_pkts': 0, 'tcp_pkts': 0, 'udp_pkts': 0, 'icmp_pkts': 0,
        'malformed_pkts': 0, 'short_pkts': 0, 'self_pkts': 0, 'frag_pkts': 0, 'land_pkts': 0, 'syn_pkts': 0, 'synack_pkts': 0,
        'rst_pkts': 0, 'fin_pkts': 0, 'odd_flag_pkts': 0, 'icmp_echo_req': 0, 'icmp_unreach': 0,
        'ftp_530': 0, 'http_401': 0, 'http_404': 0, 'http_req': 0, 'dns_q': 0, 'dns_max_name': 0,
        'dns_txt_null': 0, 'big_icmp': 0,
    }
    protos = collections.Counter()
    convs = set()
    tcp_conv_flags = collections.defaultdict(lambda: [0, 0, 0])  # syn, synack, datapkts
    src_ports = collections.defaultdict(set)    # (src, dst) -> dst ports (SYN / UDP)
    src_hosts = collections.defaultdict(set)    # src -> dst hosts
    svc_conns = collections.Counter()           # (src, dst, dport) tcp SYNs
    addrs = set()
    t0 = t1 = None
    for line in out.splitlines():
        v = line.split('\t')
        if len(v) < len(FIELDS):
            v += [''] * (len(FIELDS) - len(v))
        (t, fp, i4s, i4d, i6s, i6d, tsp, tdp, usp, udp_, tfl, icmpt, icmp6t, mf, fo, ftpc, httpc,
         meth, qname, qtype, flen, tlen, ulen, dnsr, iplen, wsmal, wsshort) = v[:len(FIELDS)]
        s['packets'] += 1
        try:
            tt = float(t)
            t0 = tt if t0 is None else min(t0, tt)
            t1 = tt if t1 is None else max(t1, tt)
        except ValueError:
            pass
        layers = fp.split(':')
        if wsmal:  # tshark's [Malformed Packet] (not listed in frame.protocols)
            s['malformed_pkts'] += 1
        if wsshort:  # [Packet size limited during capture]
            s['short_pkts'] += 1
        for p in set(layers):
            if p and p not in PLUMBING and not p.startswith('_ws'):
                protos[p] += 1
        src, dst = (i4s, i4d) if i4s else (i6s, i6d)
        if not src:
            continue
        s['ip_pkts'] += 1
        addrs.add(src)
        addrs.add(dst)
        sp, dp = (tsp, tdp) if tsp else (usp, udp_)
        if src == dst and sp and sp == dp:
            s['land_pkts'] += 1  # LAND: same address and same port on both ends
        if src == dst:
            s['self_pkts'] += 1  # same address (loopback tests), not necessarily LAND
        if mf in ('1', 'True') or (fo not in ('', '0')):
            s['frag_pkts'] += 1
        src_hosts[src].add(dst)
        if tsp:
            s['tcp_pkts'] += 1
            a, b = sorted([(src, tsp), (dst, tdp)])
            key = ('tcp', a, b)
            convs.add(key)
            try:
                fl = int(tfl, 16)
            except ValueError:
                fl = 0
            syn, ack, rst, fin = fl & 2, fl & 16, fl & 4, fl & 1
            if syn and not ack:
                s['syn_pkts'] += 1
                tcp_conv_flags[key][0] += 1
                src_ports[(src, dst)].add(tdp)
                svc_conns[(src, dst, tdp)] += 1
            if syn and ack:
                s['synack_pkts'] += 1
                tcp_conv_flags[key][1] += 1
            if rst:
                s['rst_pkts'] += 1
            if fin:
                s['fin_pkts'] += 1
            if (fl & 0x3f) in (0, 0x29, 0x01) or (syn and fin):  # NULL, XMAS, bare FIN, SYN+FIN
                s['odd_flag_pkts'] += 1
            if tlen not in ('', '0'):
                tcp_conv_flags[key][2] += 1
        elif usp:
            s['udp_pkts'] += 1
            a, b = sorted([(src, usp), (dst, udp_)])
            convs.add(('udp', a, b))
            src_ports[(src, dst)].add('u' + udp_)
        elif icmpt or icmp6t:
            s['icmp_pkts'] += 1
            convs.add(('icmp', *sorted([src, dst])))
            ty = icmpt or icmp6t
            if ty in ('8', '128'):
                s['icmp_echo_req'] += 1
            if ty in ('3', '1'):
                s['icmp_unreach'] += 1
            try:
                if int(iplen or flen) > 1000:
                    s['big_icmp'] += 1
            except ValueError:
                pass
        if ftpc == '530':
            s['ftp_530'] += 1
        if httpc == '401':
            s['http_401'] += 1
        if httpc == '404':
            s['http_404'] += 1
        if meth:
            s['http_req'] += 1
        if qname and dnsr in ('0', 'False', ''):
            s['dns_q'] += 1
            s['dns_max_name'] = max(s['dns_max_name'], len(qname))
            if qtype in ('16', '10'):
                s['dns_txt_null'] += 1
    tcp_convs = [k for k in tcp_conv_flags]
    syn_only = sum(1 for k, f in tcp_conv_flags.items() if f[0] and not f[1] and not f[2])
    maxports = max(((len(p), k) for k, p in src_ports.items()), default=(0, ('', '')))
    maxhosts = max(((len(h), k) for k, h in src_hosts.items()), default=(0, ''))
    maxsvc = max(((n, k) for k, n in svc_conns.items()), default=(0, ('', '', '')))
    row = dict(info)
    row.update(s)
    row.update({
        'duration_s': f'{(t1 - t0):.1f}' if t0 is not None else '',
        'hosts': len(addrs),
        'convs': len(convs),
        'tcp_convs': len({k for k in convs if k[0] == 'tcp'}),
        'udp_convs': len({k for k in convs if k[0] == 'udp'}),
        'icmp_convs': len({k for k in convs if k[0] == 'icmp'}),
        'tcp_syn_convs': len(tcp_convs),
        'tcp_syn_only_convs': syn_only,
        'max_ports_pair': maxports[0],
        'max_ports_pair_key': '>'.join(maxports[1]) if maxports[0] else '',
        'max_hosts_src': maxhosts[0],
        'max_hosts_src_key': maxhosts[1] if maxhosts[0] else '',
        'max_syn_same_svc': maxsvc[0],
        'max_syn_same_svc_key': '>'.join(maxsvc[1]) if maxsvc[0] else '',
        'protocols': ','.join(p for p, _ in protos.most_common(8)),
        'tshark_err': errline,
    })
    return row


COLUMNS = [
    'path', 'encap', 'filetype', 'packets', 'duration_s', 'ip_pkts', 'tcp_pkts', 'udp_pkts',
    'icmp_pkts', 'hosts', 'convs', 'tcp_convs', 'udp_convs', 'icmp_convs', 'tcp_syn_convs',
    'tcp_syn_only_convs', 'syn_pkts', 'synack_pkts', 'rst_pkts', 'fin_pkts', 'odd_flag_pkts',
    'max_ports_pair', 'max_ports_pair_key', 'max_hosts_src', 'max_hosts_src_key',
    'max_syn_same_svc', 'max_syn_same_svc_key', 'icmp_echo_req', 'icmp_unreach', 'big_icmp',
    'frag_pkts', 'land_pkts', 'self_pkts', 'malformed_pkts', 'short_pkts', 'ftp_530', 'http_401', 'http_404', 'http_req',
    'dns_q', 'dns_max_name', 'dns_txt_null', 'protocols', 'tshark_err', 'capinfos_err',
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument('--corpus', default=os.path.join(here, '../../../shared/corpus'))
    ap.add_argument('--out', default=os.path.join(here, 'triage-stats.tsv'))
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--only', default='')
    a = ap.parse_args()
    with open(os.path.join(a.corpus, 'MANIFEST.tsv')) as f:
        paths = [line.split('\t')[0] for line in f.read().splitlines()[1:] if line.strip()]
    paths = [p for p in paths if a.only in p]
    rows = {}
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        futs = {ex.submit(analyse, os.path.join(a.corpus, p)): p for p in paths}
        for n, fut in enumerate(concurrent.futures.as_completed(futs), 1):
            rows[futs[fut]] = fut.result()
            if n % 100 == 0:
                print(f'{n}/{len(paths)}', file=sys.stderr)
    with open(a.out, 'w') as f:
        f.write('\t'.join(COLUMNS) + '\n')
        for p in sorted(rows):
            r = rows[p]
            r['path'] = p
            f.write('\t'.join(str(r.get(c, '')).replace('\t', ' ') for c in COLUMNS) + '\n')
    print(f'wrote {a.out}: {len(rows)} files', file=sys.stderr)


if __name__ == '__main__':
    main()
