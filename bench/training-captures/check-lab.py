#!/usr/bin/python3
"""Check fixtures/lab/labels.tsv against the captures, with tshark.

For every labels line: the capture exists, reads and decompresses; the connections matched by
the rule and those not matched (TCP streams as tshark numbers them and UDP flows by 5-tuple,
both oriented by their first packet; every ICMP message on its own, as nad makes one record per
ICMP message); tshark's own `-z conv,tcp` / `-z conv,udp` totals as a cross-check; packets,
bytes and sha256 of the capture (for the README). Exits 1 if a file is missing or a rule
matches nothing.

  bench/training-captures/check-lab.py [fixtures/lab/labels.tsv]   (needs tshark)
"""
import collections
import gzip
import hashlib
import ipaddress
import os
import subprocess
import sys

FIELDS = ['frame.number', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'tcp.stream', 'tcp.srcport',
          'tcp.dstport', 'udp.stream', 'udp.srcport', 'udp.dstport', 'icmp.type', 'icmpv6.type']


def first(v):
    return v.split(',')[0] if v else ''


def flows(path):
    out = subprocess.run(['tshark', '-n', '-r', path, '-T', 'fields', '-E', 'separator=\t']
                         + sum((['-e', f] for f in FIELDS), []), capture_output=True, text=True, check=True).stdout
    conns = collections.OrderedDict()
    packets = 0
    for line in out.splitlines():
        packets += 1
        v = dict(zip(FIELDS, line.split('\t')))
        src, dst = first(v['ip.src']) or first(v['ipv6.src']), first(v['ip.dst']) or first(v['ipv6.dst'])
        if not src:
            continue  # ARP and the like
        if v['icmp.type'] or v['icmpv6.type']:
            # nad: one record per ICMP message (requests, replies and errors alike)
            conns['icmp', v['frame.number']] = ('icmp', src, dst, '', '')
        elif v['tcp.stream']:
            conns.setdefault(('tcp', v['tcp.stream']), ('tcp', src, dst, v['tcp.srcport'], v['tcp.dstport']))
        elif v['udp.stream']:
            # by 5-tuple: tshark's udp.stream can merge datagrams answered by ICMP errors
            a, b = (src, v['udp.srcport']), (dst, v['udp.dstport'])
            conns.setdefault(('udp',) + tuple(sorted([a, b])), ('udp', src, dst, v['udp.srcport'], v['udp.dstport']))
    return packets, list(conns.values())


def same_addr(a, b):
    try:
        return ipaddress.ip_address(a) == ipaddress.ip_address(b)
    except ValueError:
        return a == b


def matches(rule, conn):
    if rule.strip() == '*':
        return True
    proto, src, dst, sport, dport = conn
    for cond in rule.split():
        k, v = cond.split('=', 1)
        if k == 'proto' and v != proto:
            return False
        if k == 'src' and not same_addr(v, src):
            return False
        if k == 'dst' and not same_addr(v, dst):
            return False
        if k == 'sport' and v != sport:
            return False
        if k == 'dport' and v != dport:
            return False
    return True


def conv_total(path, kind):
    out = subprocess.run(['tshark', '-n', '-q', '-r', path, '-z', 'conv,' + kind], capture_output=True, text=True).stdout
    return sum(1 for line in out.splitlines() if '<->' in line)


def main():
    labels = sys.argv[1] if len(sys.argv) > 1 else 'fixtures/lab/labels.tsv'
    base = os.path.dirname(os.path.dirname(os.path.abspath(labels)))  # fixtures/
    bad = 0
    print('capture\tkind\tscenario\tpackets\tmatched(tcp/udp/icmp)\tunmatched\tconv,tcp\tconv,udp\tbytes\tsha256')
    for n, line in enumerate(open(labels), 1):
        if not line.strip() or line.startswith('#') or line.startswith('capture\t'):
            continue
        cols = line.rstrip('\n').split('\t')
        if len(cols) != 5:
            print('line %d: %d columns, want 5' % (n, len(cols)))
            bad += 1
            continue
        cap, kind, rule, cat, scen = cols
        path = os.path.join(base, cap)
        if not os.path.exists(path):
            print('line %d: missing %s' % (n, path))
            bad += 1
            continue
        packets, conns = flows(path)
        hit = collections.Counter(c[0] for c in conns if matches(rule, c))
        miss = sum(1 for c in conns if not matches(rule, c))
        if sum(hit.values()) == 0:
            bad += 1
        with open(path, 'rb') as f:
            raw = f.read()
        gzip.decompress(raw)
        print('%s\t%s\t%s\t%d\t%d/%d/%d\t%d\t%d\t%d\t%d\t%s' % (
            cap, kind, scen, packets, hit['tcp'], hit['udp'], hit['icmp'], miss,
            conv_total(path, 'tcp'), conv_total(path, 'udp'), len(raw), hashlib.sha256(raw).hexdigest()))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
