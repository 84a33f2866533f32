/**
 * The summary of a finished scan (rows/scan-meta.ts): per input its size and sha256, the
 * totals, the model's identity, nad's version and the command line.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { sha256File } from '../../io/file-digest.js';
import type { ScanMeta, ScanMetaInput } from '../../rows/scan-meta.js';
import { SUMMARY_TYPE } from '../../rows/scan-meta.js';
import type { ScanRun } from './scan-run.js';

/** What the command knows of itself. */
export interface ScanMetaContext {
  version: string;
  /** Arguments after `nad` (process.argv.slice(2)). */
  args: readonly string[];
  all: boolean;
  /** The --model flag; undefined: the shipped model, named by its file name only. */
  modelFlag: string | undefined;
}

/** The summary of `run`; reads each input once more for its sha256. */
export async function scanMeta(run: ScanRun, ctx: ScanMetaContext): Promise<ScanMeta> {
  const inputs: ScanMetaInput[] = [];
  for (const f of run.files) {
    // A --stream task is named after its files ("a.pcap … c.pcap (stream of 3 files)"): no size.
    const size =
      f.file === '-' || f.error !== null ? null : await stat(f.file).then((st) => st.size, () => null); // prettier-ignore
    inputs.push({
      file: f.file,
      bytes: size,
      sha256: size === null ? null : await sha256File(f.file),
      packets: f.packets,
      connections: f.connections,
      anomalies: f.anomalies,
      error: f.error,
    });
  }
  const sum = (k: 'packets' | 'connections' | 'anomalies'): number =>
    inputs.reduce((s, i) => s + i[k], 0);
  return {
    type: SUMMARY_TYPE,
    nad: ctx.version,
    command: shellCommand(ctx.args),
    model: ctx.modelFlag ?? `${basename(run.modelPath)} (shipped with nad)`,
    modelSha256: await sha256File(run.modelPath).catch(() => null),
    threshold: run.threshold,
    all: ctx.all,
    inputs,
    packets: sum('packets'),
    connections: sum('connections'),
    anomalies: sum('anomalies'),
  };
}

/** `nad ARGS…` with each argument quoted as a POSIX shell needs it. */
export function shellCommand(args: readonly string[]): string {
  return ['nad', ...args.map(shellWord)].join(' ');
}

/** An argument as a POSIX shell would need it quoted. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
