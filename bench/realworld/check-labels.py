#!/usr/bin/env python3
"""Validates bench/realworld/corpus-labels.tsv and prints its counts.

Checks: the header; 5 tab-separated columns per line; every path is in the corpus MANIFEST.tsv and
every MANIFEST path is labelled; split is train|validation and the same on all lines of a file (so
no file is on both sides); label is benign, unusable or one of the attack kinds; scope is `file` or a
rule of proto=tcp|udp|icmp src=ADDR dst=ADDR sport=N dport=N terms (valid addresses and ports, no key
twice); a `file` line is the only line of its file; benign and unusable are file-scoped; no line is
repeated. Errors name the line and column; exit status 1 when there is any.

With --conns nad-connections.tsv (made by nad-scan.py) it also counts connections per label and split
(a rule file's connections that match no rule are `background`) and lists rule lines that match no
connection.

Usage (repo root): python3 bench/realworld/check-labels.py [--labels F] [--manifest F] [--conns F]
"""
import argparse
import collections
import ipaddress
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ['path', 'split', 'label', 'scope', 'reason']
ATTACKS = ['scan', 'synflood', 'flood', 'bruteforce', 'dirbrute', 'malformed', 'slowdos', 'tunnel',
           'exploit', 'other-attack']
LABELS = ['benign', 'unusable'] + ATTACKS
SPLITS = ['train', 'validation']
KEYS = ['proto', 'src', 'dst', 'sport', 'dport']


def parse_rule(scope):
    """Returns (conditions, error)."""
    conds = {}
    for term in scope.split(' '):
        k, eq, v = term.partition('=')
        if not eq or k not in KEYS or v == '':
            return None, f'bad condition "{term}" (expected proto=|src=|dst=|sport=|dport=)'
        if k in conds:
            return None, f'condition "{k}" given twice'
        if k == 'proto' and v not in ('tcp', 'udp', 'icmp'):
            return None, f'proto must be tcp, udp or icmp, not "{v}"'
        if k in ('src', 'dst'):
            try:
                v = str(ipaddress.ip_address(v))
            except ValueError:
                return None, f'{k} "{v}" is not an IP address'
        if k in ('sport', 'dport') and not (v.isdigit() and 0 <= int(v) <= 65535):
            return None, f'{k} "{v}" is not a port number'
        conds[k] = v
    return conds, None


def matches(conds, c):
    for k, v in conds.items():
        cv = c[k]
        if k in ('src', 'dst'):
            try:
                cv = str(ipaddress.ip_address(cv))
            except ValueError:
                pass
        if k in ('sport', 'dport'):
            if int(cv) != int(v):
                return False
        elif cv != v:
            return False
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--labels', default=os.path.join(HERE, 'corpus-labels.tsv'))
    ap.add_argument('--manifest', default=os.path.join(HERE, '../../../shared/corpus/MANIFEST.tsv'))
    ap.add_argument('--conns', help='nad-connections.tsv from nad-scan.py: also count connections')
    a = ap.parse_args()
    errors = []

    def err(line, col, msg):
        errors.append(f'{a.labels}:{line}: column {col}: {msg}')

    with open(a.manifest) as f:
        manifest = [line.split('\t')[0] for line in f.read().splitlines()[1:] if line.strip()]
    mset = set(manifest)
    files = collections.OrderedDict()  # path -> [(lineno, split, label, scope, conds)]
    seen = set()
    header_seen = False
    with open(a.labels) as f:
        for n, line in enumerate(f.read().split('\n'), 1):
            if line == '' or (line.startswith('#') and not header_seen):
                continue
            cols = line.split('\t')
            if not header_seen:
                if cols != HEADER:
                    err(n, 1, f'header must be {" / ".join(HEADER)} (tab-separated), got {cols}')
                header_seen = True
                continue
            if len(cols) != 5:
                err(n, 1, f'expected 5 tab-separated columns, got {len(cols)}')
                continue
            path, split, label, scope, reason = cols
            if line in seen:
                err(n, 1, 'line repeated')
            seen.add(line)
            if path not in mset:
                err(n, 1, f'path "{path}" is not in MANIFEST.tsv')
            if split not in SPLITS:
                err(n, 2, f'split must be train or validation, not "{split}"')
            if label not in LABELS:
                err(n, 3, f'label "{label}" is not one of {", ".join(LABELS)}')
            conds = None
            if scope != 'file':
                conds, e = parse_rule(scope)
                if e:
                    err(n, 4, e)
                if label in ('benign', 'unusable'):
                    err(n, 4, f'{label} applies to a whole file: scope must be "file"')
            if not reason.strip():
                err(n, 5, 'reason is empty')
            files.setdefault(path, []).append((n, split, label, scope, conds))
    if not header_seen:
        err(1, 1, 'no header line')
    for path, ls in files.items():
        splits = {s for _, s, _, _, _ in ls}
        if len(splits) > 1:
            err(ls[1][0], 2, f'{path} is in both splits (lines {", ".join(str(x[0]) for x in ls)})')
        if len(ls) > 1 and any(sc == 'file' for _, _, _, sc, _ in ls):
            err(ls[1][0], 4, f'{path} has a `file` line and other lines; a file-scoped label must be alone')
    for p in manifest:
        if p not in files:
            errors.append(f'{a.labels}: {p} (MANIFEST.tsv) has no label line')

    # Counts: files by label x split (a file with rule lines of several kinds counts once per kind).
    fcount = collections.Counter()
    for path, ls in files.items():
        for lab in {x[2] for x in ls}:
            fcount[(lab, ls[0][1])] += 1
    ccount = collections.Counter()
    unmatched = []
    if a.conns:
        conns = collections.defaultdict(list)
        with open(a.conns) as f:
            for line in f.read().splitlines()[1:]:
                p, proto, src, sport, dst, dport = line.split('\t')[:6]
                conns[p].append({'proto': proto, 'src': src, 'sport': sport, 'dst': dst, 'dport': dport})
        for path, ls in files.items():
            split = ls[0][1]
            hits = collections.Counter()
            for c in conns.get(path, []):
                lab = 'background'
                for i, (_, _, label, scope, conds) in enumerate(ls):
                    if scope == 'file' or (conds is not None and matches(conds, c)):
                        lab = label
                        hits[i] += 1
                        break
                ccount[(lab, split)] += 1
            for i, (n, _, label, scope, _) in enumerate(ls):
                if scope != 'file' and hits[i] == 0:
                    unmatched.append(f'line {n}: {path} {label} "{scope}" matches no nad connection')

    order = LABELS + ['background']
    print(f'{len(files)} files labelled ({len(manifest)} in MANIFEST.tsv), '
          f'{sum(len(x) for x in files.values())} label lines')
    print(f'{"label":14s} {"train":>7s} {"valid":>7s} {"total":>7s}' +
          (f' | {"conns train":>11s} {"valid":>7s} {"total":>7s}' if a.conns else ''))
    tot = collections.Counter()
    for lab in order:
        t, v = fcount[(lab, 'train')], fcount[(lab, 'validation')]
        ct, cv = ccount[(lab, 'train')], ccount[(lab, 'validation')]
        if t + v + ct + cv == 0:
            continue
        tot.update({'t': t, 'v': v, 'ct': ct, 'cv': cv})
        print(f'{lab:14s} {t:7d} {v:7d} {t + v:7d}' + (f' | {ct:11d} {cv:7d} {ct + cv:7d}' if a.conns else ''))
    print(f'{"(sum)":14s} {tot["t"]:7d} {tot["v"]:7d} {tot["t"] + tot["v"]:7d}' +
          (f' | {tot["ct"]:11d} {tot["cv"]:7d} {tot["ct"] + tot["cv"]:7d}' if a.conns else ''))
    multi = [p for p, ls in files.items() if len({x[2] for x in ls}) > 1]
    if multi:
        print('files with several attack kinds (counted under each): ' + ', '.join(multi))
    files_per_split = collections.Counter(ls[0][1] for ls in files.values())
    print(f'files per split: train {files_per_split["train"]}, validation {files_per_split["validation"]} '
          f'({100 * files_per_split["validation"] / max(1, len(files)):.1f} % validation)')
    for u in unmatched:
        print('warning: ' + u)
    if errors:
        for e in errors:
            print('error: ' + e, file=sys.stderr)
        print(f'{len(errors)} errors', file=sys.stderr)
        sys.exit(1)
    print('OK')


if __name__ == '__main__':
    main()
