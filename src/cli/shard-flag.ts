/**
 * `nad scan --shard`: which part of the input this process scans, from the flag and the
 * environment of a batch scheduler.
 *
 * `--shard I/N` names the part (1-based: 1 … N). `--shard N` takes N parts and this process's
 * part from the environment, which every scheduler counts from 0:
 * - Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (0 … completions − 1);
 * - AWS Batch array job: `AWS_BATCH_JOB_ARRAY_INDEX` (0 … size − 1);
 * - Slurm job array: `SLURM_ARRAY_TASK_ID` is the index the array was given (`--array=1-8` gives
 *   1 … 8), so the part is its position in the array: (ID − `SLURM_ARRAY_TASK_MIN`) /
 *   `SLURM_ARRAY_TASK_STEP` (0-based); N defaults there to `SLURM_ARRAY_TASK_COUNT`
 *   (`--shard auto`).
 */
import { UsageError } from '../common/errors.js';

/** Part `index` (1-based) of `count`. */
export interface ShardSpec {
  index: number;
  count: number;
}

const HINT = 'e.g. --shard 2/5 (part 2 of 5), or --shard 5 in a Kubernetes Indexed Job';

/** Parses `--shard` with `env` (process.env); undefined when the flag is not given. */
export function parseShard(
  flag: string | undefined,
  env: Record<string, string | undefined>,
): ShardSpec | undefined {
  if (flag === undefined) return undefined;
  const full = /^(\d+)\/(\d+)$/.exec(flag.trim());
  if (full !== null) return checked(Number(full[1]), Number(full[2]), flag);
  const auto = flag.trim() === 'auto';
  if (!auto && !/^\d+$/.test(flag.trim()))
    throw new UsageError(`--shard must be I/N, N or auto, got "${flag}"`, { hint: HINT });
  const slurm = slurmPart(env);
  const count = auto ? slurm?.count : Number(flag);
  if (count === undefined)
    throw new UsageError('--shard auto needs SLURM_ARRAY_TASK_COUNT (a Slurm job array)', {
      hint: HINT,
    });
  const index = envIndex(env, slurm);
  if (index === undefined) {
    throw new UsageError(
      `--shard ${flag} takes this process's part from JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX or SLURM_ARRAY_TASK_ID, and none is set`,
      { hint: HINT },
    );
  }
  return checked(index + 1, count, flag);
}

/** The 0-based part from the first scheduler variable set. */
function envIndex(
  env: Record<string, string | undefined>,
  slurm: { index: number } | undefined,
): number | undefined {
  for (const name of ['JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX']) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    if (!/^\d+$/.test(v)) throw new UsageError(`${name} must be a whole number, got "${v}"`);
    return Number(v);
  }
  return slurm?.index;
}

/** Slurm's position in the array (0-based) and the array's size, when in a Slurm array. */
function slurmPart(
  env: Record<string, string | undefined>,
): { index: number; count: number | undefined } | undefined {
  const id = env.SLURM_ARRAY_TASK_ID;
  if (id === undefined || id === '') return undefined;
  const num = (v: string | undefined, d: number): number =>
    v !== undefined && /^\d+$/.test(v) ? Number(v) : d;
  if (!/^\d+$/.test(id))
    throw new UsageError(`SLURM_ARRAY_TASK_ID must be a whole number, got "${id}"`);
  const min = num(env.SLURM_ARRAY_TASK_MIN, 0);
  const step = Math.max(1, num(env.SLURM_ARRAY_TASK_STEP, 1));
  const count = env.SLURM_ARRAY_TASK_COUNT;
  return {
    index: Math.floor((Number(id) - min) / step),
    count: count !== undefined && /^\d+$/.test(count) ? Number(count) : undefined,
  };
}

function checked(index: number, count: number, flag: string): ShardSpec {
  if (count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard ${flag}: the part must be 1 … ${count} of N ≥ 1`, { hint: HINT });
  return { index, count };
}

/** Parses `--sensor-from`; UsageError for a bad regular expression. */
export function parseSensorFrom(flag: string | undefined): RegExp | undefined {
  if (flag === undefined) return undefined;
  try {
    return new RegExp(flag);
  } catch (err) {
    throw new UsageError(
      `--sensor-from is not a valid regular expression: ${(err as Error).message}`,
      {
        hint: String.raw`e.g. --sensor-from '^captures/([^/]+)/' (the first group names the sensor)`,
      },
    );
  }
}

/** The stream settings of `nad scan` from its flags (--shard implies --stream). */
export function streamOptions(flags: {
  stream: boolean;
  'sensor-from'?: string;
  shard?: string;
  'warm-up'?: number;
}): { stream: boolean; sensorFrom?: RegExp; shard?: ShardSpec; warmupSec?: number } {
  const shard = parseShard(flags.shard, process.env);
  const stream = flags.stream || shard !== undefined;
  if (!stream && (flags['sensor-from'] !== undefined || flags['warm-up'] !== undefined))
    throw new UsageError('--sensor-from and --warm-up apply to --stream scans', {
      hint: 'add --stream, e.g. nad scan --stream --sensor-from REGEX captures/',
    });
  return {
    stream,
    sensorFrom: parseSensorFrom(flags['sensor-from']),
    shard,
    warmupSec: flags['warm-up'],
  };
}
