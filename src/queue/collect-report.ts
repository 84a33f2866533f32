/**
 * `nad queue collect --html`: the summary of a collected scan, as `nad scan --with-summary`
 * writes it for `nad report` — the report's header. Its inputs are the slices in order, each with
 * the bytes of the files it owns (and their sha256 when it owns one file; `nad queue add` hashed
 * them), its counts, or the reason it failed. The command line is that of `nad queue add`.
 */
import { basename } from 'node:path';
import { SCAN_MODEL_NAME } from '../io/model-file.js';
import { SUMMARY_TYPE, type ScanMeta, type ScanMetaInput } from '../rows/scan-meta.js';
import { FALLBACK_THRESHOLD } from '../rows/scan-threshold.js';
import type { CollectResult } from './collect.js';

/** What the collecting command knows of itself. */
export interface CollectContext {
  /** nad's version. */
  version: string;
  /** The collect's own command line, used when the manifest has none (an earlier version's). */
  command: string;
}

/** The summary of the scan collected in `r`. */
export function collectedMeta(r: CollectResult, ctx: CollectContext): ScanMeta {
  const done = new Map(r.slices.map((s) => [s.label, s]));
  const failed = new Map(r.failed.map((f) => [f.label, f]));
  const inputs: ScanMetaInput[] = [...r.manifest.jobs]
    .sort((a, b) => a.order - b.order)
    .map(({ label }) => {
      const s = done.get(label);
      if (s === undefined)
        return { file: `slice ${label}`, bytes: null, sha256: null, packets: 0, connections: 0, anomalies: 0, error: failed.get(label)?.reason ?? 'not collected' }; // prettier-ignore
      const files = s.result.files;
      const sum = (k: 'packets' | 'connections' | 'anomalies'): number =>
        files.reduce((a, f) => a + f[k], 0);
      return {
        file: `slice ${label}`,
        bytes: s.owned.length === 0 ? null : s.owned.reduce((a, f) => a + f.bytes, 0),
        sha256: s.owned.length === 1 ? s.owned[0]!.sha256 : null,
        packets: sum('packets'),
        connections: sum('connections'),
        anomalies: sum('anomalies'),
        error: files.find((f) => f.error !== null)?.error ?? null,
      };
    });
  const settings = r.manifest.settings;
  const total = (k: 'packets' | 'connections' | 'anomalies'): number =>
    inputs.reduce((a, i) => a + i[k], 0);
  return {
    type: SUMMARY_TYPE,
    nad: ctx.version,
    command: r.manifest.command ?? ctx.command,
    model: settings.model ?? `${basename(SCAN_MODEL_NAME)} (shipped with nad)`,
    modelSha256: settings.modelSha256,
    threshold: r.slices[0]?.result.threshold ?? settings.threshold ?? FALLBACK_THRESHOLD,
    all: settings.all,
    inputs,
    packets: total('packets'),
    connections: total('connections'),
    anomalies: total('anomalies'),
  };
}
