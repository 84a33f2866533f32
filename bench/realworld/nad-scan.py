#!/usr/bin/env python3
"""What nad itself makes of every corpus capture: connections per file and the connection tuples.

Runs `nad scan --all --format ndjson` over ../shared/corpus/pcaps (needs `npx tsc -p .` first) and
writes
  nad-files.tsv        path, packets, connections, skipped (nad's own per-file summary line)
  nad-connections.tsv  path, proto, src, sport, dst, dport, service, flag (one row per connection;
                       not committed, made on demand; check-labels.py --conns uses it)
label.py marks a file `unusable` when nad builds no connection from it.

Usage (repo root): python3 bench/realworld/nad-scan.py [--corpus ../shared/corpus] [--jobs 2]
   or, from a saved run: --ndjson scan.ndjson --stderr scan.err
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--corpus', default=os.path.join(HERE, '../../../shared/corpus'))
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--ndjson', help='saved stdout of nad scan -a -f ndjson (skip running nad)')
    ap.add_argument('--stderr', help='saved stderr of the same run')
    ap.add_argument('--out-files', default=os.path.join(HERE, 'nad-files.tsv'))
    ap.add_argument('--out-conns', default=os.path.join(HERE, 'nad-connections.tsv'))
    a = ap.parse_args()
    corpus = os.path.realpath(a.corpus)
    if a.ndjson:
        out = open(a.ndjson).read()
        err = open(a.stderr).read()
    else:
        root = os.path.realpath(os.path.join(HERE, '../..'))
        p = subprocess.run(
            ['node', os.path.join(root, 'bin/run.js'), 'scan', '-a', '-f', 'ndjson', '-j', str(a.jobs),
             os.path.join(corpus, 'pcaps')], capture_output=True, text=True)
        out, err = p.stdout, p.stderr

    def rel(path):
        path = os.path.realpath(path) if os.path.isabs(path) else path
        i = path.find('/pcaps/')
        return path[i + 1:] if i >= 0 else path

    with open(a.out_conns, 'w') as f:
        f.write('path\tproto\tsrc\tsport\tdst\tdport\tservice\tflag\n')
        n = 0
        for line in out.splitlines():
            if not line.startswith('{'):
                continue
            r = json.loads(line)
            f.write('\t'.join(str(x) for x in (rel(r['file']), r['protocol'], r['srcAddr'], r['srcPort'],
                                                r['dstAddr'], r['dstPort'], r['service'], r['flag'])) + '\n')
            n += 1
    files = []
    for line in err.splitlines():
        m = re.match(r'^(/\S+): ([\d,]+) packets, ([\d,]+) connections, (.*), [\d.]+ s$', line.strip())
        if m:
            rest = m.group(4)
            skipped = rest.split('skipped packets: ', 1)[1] if 'skipped packets: ' in rest else ''
            files.append((rel(m.group(1)), m.group(2).replace(',', ''), m.group(3).replace(',', ''),
                          skipped))
    files.sort()
    with open(a.out_files, 'w') as f:
        f.write('path\tpackets\tconnections\tskipped\n')
        for row in files:
            f.write('\t'.join(row) + '\n')
    print(f'{len(files)} files, {n} connections -> {a.out_files}, {a.out_conns}', file=sys.stderr)


if __name__ == '__main__':
    main()
