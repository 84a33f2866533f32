/**
 * Command-line inputs → the list of files to read: `-` (stdin), files, directories (walked
 * recursively, sorted by path) and glob patterns (`*`, `?`, `[…]`, `**`; for shells that pass
 * them through unexpanded, e.g. when quoted). Order: as given, each expansion sorted.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** An input that named nothing readable; reported, and the other inputs are still read. */
export interface InputProblem {
  input: string;
  reason: string;
}

/** Expands `args` into files (duplicates removed, first occurrence kept). */
export async function expandInputs(
  args: readonly string[],
): Promise<{ files: string[]; problems: InputProblem[] }> {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const add = (f: string): void => {
    if (f === '-' || !seen.has(f)) files.push(f);
    seen.add(f);
  };
  for (const arg of args) {
    if (arg === '-') {
      add(arg);
      continue;
    }
    const st = await stat(arg).catch(() => undefined);
    if (st?.isDirectory()) {
      const found = await walk(arg);
      if (found.length === 0) problems.push({ input: arg, reason: 'directory holds no files' });
      found.forEach(add);
    } else if (st === undefined && /[*?[]/.test(arg)) {
      const found = await glob(arg);
      if (found.length === 0) problems.push({ input: arg, reason: 'pattern matches no files' });
      found.forEach(add);
    } else {
      add(arg); // a missing file is reported by the reader, with the others still read
    }
  }
  return { files, problems };
}

/** Size in bytes of each input: undefined for stdin, 0 for what cannot be stat'ed. */
export async function inputSizes(files: readonly string[]): Promise<(number | undefined)[]> {
  return Promise.all(
    files.map((f) =>
      f === '-'
        ? undefined
        : stat(f).then(
            (st) => st.size,
            () => 0,
          ),
    ),
  );
}

/** Every regular file below `dir`, sorted. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Files matching a glob pattern, sorted. */
async function glob(pattern: string): Promise<string[]> {
  const parts = pattern.split(/[\\/]/);
  const firstWild = parts.findIndex((p) => /[*?[]/.test(p));
  const base = parts.slice(0, firstWild).join(sep) || (pattern.startsWith('/') ? '/' : '.');
  const re = globRegExp(pattern);
  const candidates = await walk(base);
  return candidates.filter((f) => re.test(f)).sort();
}

/** A glob as an anchored regular expression: `**` spans directories, `*` and `?` do not. */
export function globRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
