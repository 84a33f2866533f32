#!/usr/bin/env python3
"""Writes corpus-labels.tsv from the evidence files next to it. Deterministic: same inputs, same output.

Inputs (all in bench/realworld/):
  manual-decisions.tsv  per-file decisions from reading the traffic (attacks, synthetic traces, ...)
  triage-stats.tsv      tshark statistics per file (triage.py)
  nad-files.tsv         connections nad builds per file (nad-scan.py)
and ../shared/corpus/MANIFEST.tsv for the list of files.

Order of the rules (the first that applies decides; the reason column names it):
  1. manual-decisions.tsv
  2. nad builds no connection from the file (link type nad does not read, no IP, empty) -> unusable
  3. the name marks a dissector crash / fuzz / over-read reproducer or a deliberately corrupted
     packet test (NAME_UNUSABLE patterns per source) -> unusable
  4. synthetic generator output (Arkime *_synthetic) -> unusable
  5. tshark flags at least half of the IP packets as malformed -> unusable
  6. a single packet that is cut short -> unusable
  7. otherwise benign (ordinary protocol use), with the protocols tshark sees.
Then the split (see split_of and README.md).

Usage (repo root): python3 bench/realworld/label.py [--corpus ../shared/corpus]
"""
import argparse
import collections
import csv
import hashlib
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ATTACKS = ['scan', 'synflood', 'flood', 'bruteforce', 'dirbrute', 'malformed', 'slowdos', 'tunnel',
           'exploit', 'other-attack']

# Rule 3: names of crash reproducers and printer/dissector robustness tests, per source folder.
NAME_UNUSABLE = {
    'tcpdump': re.compile(
        r'oobr|overflow|asan|seg-?fault|sigsegv|segv|inf-?loop|infinite-loop|infiniteloop|busyloop|crash'
        r'|kday\d|cve|fuzz|pointer-loop|zlip|ubsan|_poc|valgrind|leftshift|unsigned|negative|too-long'
        r'|missing|_error_hexdump|overrun|invalid|bad-|badlabel|malformed|corrupt|trunc|short|(^|[-_])ub([-_.]|$)', re.I),
    'zeek': re.compile(
        r'fuzz|crash|reproducer|exhaustion|overflow|state-leak|state-growth|max-recursion|^trunc__'
        r'|bad-chksum|bad-checksum|bad-backend|bad-startup|bad-length|crafted|fake|corrupt|malformed', re.I),
    'pcapplusplus': re.compile(r'malformed|bad_fragment|overflow|too_many', re.I),
    'arkime': re.compile(r'crash|bof', re.I),
}
NAME_REASON = {
    'tcpdump': 'tcpdump printer test with crafted bad packets (name: crash/over-read/fuzz/invalid/truncated reproducer, '
               'tests/TESTLIST "bad packets"), made to exercise the dissector, not an attack on a network',
    'zeek': 'Zeek analyzer robustness test (name: fuzz/crash/exhaustion/overflow/truncated/bad checksum), crafted for '
            'the dissector, not ordinary traffic and not a network attack',
    'pcapplusplus': 'PcapPlusPlus parser test with a deliberately malformed packet or broken file',
    'arkime': 'Arkime capture-tool crash / buffer-overflow reproducer, aimed at its dissector',
}

# Files that form one trace or one test (kept on the same side of the split), beyond the name rule.
MANUAL_GROUPS = {
    'pcaps/zeek/http__ctu-62604-80.pcap': 'zeek/ctu-malware-192.168.1.108',
    'pcaps/zeek/tcp__ctu-64702-888.pcap': 'zeek/ctu-malware-192.168.1.108',
    'pcaps/zeek/wikipedia-filtered-plus-udp.pcap': 'zeek/wikipedia',
    # fragmented-1..4 share a name but are independent hand-made tests (different hosts); -4 is taken
    # out of the group so that `malformed` (fragmented-1 and -4) has a file on each side.
    'pcaps/zeek/ipv4__fragmented-4.pcap': 'zeek/ipv4__fragmented-4',
}
# Manual split overrides (see README.md "Split"): key = group key, value = split.
SPLIT_OVERRIDES = {
    'zeek/ipv4__fragmented-4': 'validation',  # malformed: fragmented-1 is train
    'zeek/mysql__auth': 'validation',  # bruteforce: rfb__vnc-scanner is train
}
VALIDATION_BELOW = 77  # first byte of sha256(group key) < 77 -> validation (77/256 = 30.1 %)


def read_tsv(path):
    with open(path) as f:
        lines = [line for line in f.read().splitlines() if line and not line.startswith('#')]
    return list(csv.DictReader(lines, delimiter='\t', quoting=csv.QUOTE_NONE))


def group_key(path):
    """Group of a corpus path: the files of one trace or test share it.

    source/name without extension, lower case; Zeek Traces sub-sub-folders (http/261/..., tunnels/gtp/...)
    are one group; PcapPlusPlus ExamplesTest inputs and expected outputs are one group; the name is cut at
    its first '.' (ssh.pcap / ssh.client-side-half-duplex.pcap) and trailing -N/_N/N numbers are dropped
    (kday1..kday8, reason_code-0..66, fragmented-1..4)."""
    if path in MANUAL_GROUPS:
        return MANUAL_GROUPS[path]
    _, src, name = path.split('/', 2)
    name = re.sub(r'\.(pcap|pcapng|cap)$', '', name).lower()
    if src == 'zeek' and name.count('__') >= 2:
        return f'{src}/{name.rsplit("__", 1)[0]}'
    if src == 'pcapplusplus' and name.startswith('tests__examplestest__'):
        return f'{src}/examplestest'
    name = name.split('.', 1)[0]
    while True:
        cut = re.sub(r'[-_]?v?\d+$', '', name)
        if cut == name or not cut:
            break
        name = cut
    return f'{src}/{name}'


def hash_split(key):
    return 'validation' if hashlib.sha256(key.encode()).digest()[0] < VALIDATION_BELOW else 'train'


def fmt_protocols(p):
    return p.replace(',', '/') if p else 'no dissected application protocol'


def decide(path, stats, nad):
    """Label lines [(label, scope, reason)] of one file from rules 2-7."""
    src = path.split('/')[1]
    name = path.split('/', 2)[2]
    s = stats[path]
    n = nad[path]
    pk = int(s['packets'] or 0)
    ip = int(s['ip_pkts'] or 0)
    mal = int(s['malformed_pkts'] or 0)
    short = int(s.get('short_pkts') or 0)
    conns = int(n['connections'])
    if conns == 0:
        why = []
        if pk == 0:
            why.append('no packet readable' + (f" ({s['tshark_err'].strip('() ')})" if s['tshark_err'] else ''))
        else:
            why.append(f"link type {s['encap'] or '?'}, {pk} packets, {ip} IP")
            if n['skipped']:
                why.append(f"nad skipped: {n['skipped']}")
            if s['protocols']:
                why.append(f"tshark: {fmt_protocols(s['protocols'])}")
        return [('unusable', 'file', 'nad builds no connection: ' + '; '.join(why))]
    pat = NAME_UNUSABLE.get(src)
    if pat and pat.search(name):
        return [('unusable', 'file', f"{NAME_REASON[src]}; {pk} packets, {conns} nad conns")]
    if src == 'arkime' and 'synthetic' in name:
        return [('unusable', 'file', f'synthetic: generated packets with fixed 1-10 ms steps made to exercise '
                                     f'Arkime parsers, not captured traffic; {pk} packets, {conns} nad conns')]
    if ip and mal * 2 >= ip:
        return [('unusable', 'file', f'tshark flags {mal} of {ip} IP packets as malformed; {conns} nad conns')]
    if pk == 1 and short:
        return [('unusable', 'file', 'single packet, cut short (tshark: packet size limited during capture)')]
    bits = [f'tshark: {pk} pkts, {fmt_protocols(s["protocols"])}', f'nad: {conns} conns']
    if int(s['tcp_syn_only_convs'] or 0):
        bits.append(f"{s['tcp_syn_only_convs']} unanswered SYN convs (max {s['max_ports_pair']} ports per pair)")
    if mal:
        bits.append(f'{mal} malformed pkts')
    if short:
        bits.append(f'{short} pkts cut by snaplen')
    return [('benign', 'file', 'ordinary protocol use (source test traffic); ' + '; '.join(bits))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--corpus', default=os.path.join(HERE, '../../../shared/corpus'))
    ap.add_argument('--out', default=os.path.join(HERE, 'corpus-labels.tsv'))
    a = ap.parse_args()
    manifest = [r['path'] for r in read_tsv(os.path.join(a.corpus, 'MANIFEST.tsv'))]
    stats = {r['path']: r for r in read_tsv(os.path.join(HERE, 'triage-stats.tsv'))}
    nad = {r['path']: r for r in read_tsv(os.path.join(HERE, 'nad-files.tsv'))}
    manual = collections.defaultdict(list)
    for r in read_tsv(os.path.join(HERE, 'manual-decisions.tsv')):
        manual[r['path']].append((r['label'], r['scope'], r['reason']))
    missing = [p for p in manifest if p not in stats or p not in nad]
    if missing:
        sys.exit(f'no triage/nad data for {len(missing)} files, e.g. {missing[:3]}')
    unknown = [p for p in manual if p not in set(manifest)]
    if unknown:
        sys.exit(f'manual decisions for paths not in MANIFEST: {unknown}')

    lines = {p: manual[p] if p in manual else decide(p, stats, nad) for p in manifest}

    # Split by group, then check that each attack kind with >= 2 files has both sides.
    groups = {p: group_key(p) for p in manifest}
    split = {p: SPLIT_OVERRIDES.get(groups[p], hash_split(groups[p])) for p in manifest}
    by_kind = collections.defaultdict(set)
    for p, ls in lines.items():
        for lab, _, _ in ls:
            if lab in ATTACKS:
                by_kind[lab].add(p)
    for kind, files in sorted(by_kind.items()):
        sides = collections.Counter(split[p] for p in files)
        if len(files) >= 2 and len(sides) < 2:
            print(f'note: {kind}: all {len(files)} files in {list(sides)[0]} '
                  f'(groups {sorted({groups[p] for p in files})})', file=sys.stderr)

    with open(a.out, 'w') as f:
        f.write(HEADER)
        f.write('path\tsplit\tlabel\tscope\treason\n')
        for p in manifest:
            for lab, scope, reason in lines[p]:
                f.write(f'{p}\t{split[p]}\t{lab}\t{scope}\t{reason}\n')
    print(f'wrote {a.out}: {len(manifest)} files', file=sys.stderr)


HEADER = """\
# Labels of the shared corpus (../shared/corpus/MANIFEST.tsv, 1,947 public test captures) for nad's
# real-world benchmark and training. Made by bench/realworld/label.py from manual-decisions.tsv,
# triage-stats.tsv (tshark) and nad-files.tsv; do not edit by hand, edit those and re-run. See README.md.
#
# Columns (tab-separated): path  split  label  scope  reason
#   path   corpus path exactly as in MANIFEST.tsv; every MANIFEST file appears (once, or on several rule lines)
#   split  train | validation, by file: all lines of a file share it (rule below)
#   label  benign | unusable | an attack kind: scan synflood flood bruteforce dirbrute malformed slowdos
#          tunnel exploit other-attack   (exploit = content attacks, C2, CVE payloads: labelled, out of
#          scope for detection)
#   scope  `file`: the label applies to every connection of the file; or a rule of space-separated
#          conditions on a connection's originator (src) and responder (dst), as in
#          fixtures/detection/labels.tsv: proto=tcp|udp|icmp src=ADDR dst=ADDR sport=N dport=N.
#          A file with rule lines has no `file` line; its rule lines are tried in order and the first
#          that matches gives the connection's label. Connections of an attack file that match no rule
#          are background traffic: benign-unknown, counted neither as attack nor as benign.
#   reason short evidence (tshark, file name, the source project's test)
# unusable = nad cannot use the file as traffic of either kind: no connection nad can build (link type,
# no IP, empty), dissector crash/fuzz reproducers, synthetic generator output, mostly malformed packets.
#
# Split: group key = source folder + file name normalised so that parts of one trace/test share it
# (label.py group_key: Zeek Traces sub-sub-folders, PcapPlusPlus ExamplesTest inputs+outputs, name cut at
# its first '.', trailing -N/_N numbers dropped, a few manual groups); validation when the first byte
# of sha256(group key) < 77 (about 30 %), else train. Manual override (label.py SPLIT_OVERRIDES):
# zeek/ipv4__fragmented-4 and zeek/mysql__auth -> validation (hash: train), so that malformed and
# bruteforce (2 files each) have a file on each side.
"""

if __name__ == '__main__':
    main()
