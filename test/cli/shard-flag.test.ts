/** `--shard`: I/N given, or N with the part from a batch scheduler's environment. */
import { describe, expect, it } from 'vitest';
import { parseSensorFrom, parseShard } from '../../src/cli/shard-flag.js';
import { UsageError } from '../../src/common/errors.js';

describe('parseShard', () => {
  it('I/N is taken as given (1-based) and needs no environment', () => {
    expect(parseShard('2/5', {})).toEqual({ index: 2, count: 5 });
    expect(parseShard('1/1', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 1, count: 1 });
    expect(parseShard(undefined, { JOB_COMPLETION_INDEX: '3' })).toBeUndefined();
  });

  it('N takes the 0-based index of Kubernetes, then AWS Batch', () => {
    expect(parseShard('4', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 4 });
    expect(parseShard('4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 4, count: 4 });
    expect(parseShard('4', { AWS_BATCH_JOB_ARRAY_INDEX: '2' })).toEqual({ index: 3, count: 4 });
  });

  it('Slurm: the position in the array, whatever its first index and step; auto = its size', () => {
    const env = {
      SLURM_ARRAY_TASK_ID: '3',
      SLURM_ARRAY_TASK_MIN: '1',
      SLURM_ARRAY_TASK_COUNT: '4',
    };
    expect(parseShard('4', env)).toEqual({ index: 3, count: 4 });
    expect(parseShard('auto', env)).toEqual({ index: 3, count: 4 });
    const zero = {
      SLURM_ARRAY_TASK_ID: '0',
      SLURM_ARRAY_TASK_MIN: '0',
      SLURM_ARRAY_TASK_COUNT: '2',
    };
    expect(parseShard('auto', zero)).toEqual({ index: 1, count: 2 });
    const stepped = {
      SLURM_ARRAY_TASK_ID: '7',
      SLURM_ARRAY_TASK_MIN: '1',
      SLURM_ARRAY_TASK_STEP: '2',
      SLURM_ARRAY_TASK_COUNT: '4',
    };
    expect(parseShard('auto', stepped)).toEqual({ index: 4, count: 4 });
  });

  it('bad values are usage errors that say what is expected', () => {
    expect(() => parseShard('0/3', {})).toThrow(/the part must be 1 … 3/);
    expect(() => parseShard('4/3', {})).toThrow(UsageError);
    expect(() => parseShard('two', {})).toThrow(/--shard must be I\/N, N or auto, got "two"/);
    expect(() => parseShard('3', {})).toThrow(/none is set/);
    expect(() => parseShard('3', { JOB_COMPLETION_INDEX: '3' })).toThrow(/1 … 3/);
    expect(() => parseShard('auto', { JOB_COMPLETION_INDEX: '1' })).toThrow(
      /SLURM_ARRAY_TASK_COUNT/,
    );
    expect(() => parseShard('3', { JOB_COMPLETION_INDEX: 'x' })).toThrow(/whole number/);
  });
});

describe('parseSensorFrom', () => {
  it('a regular expression, or a usage error naming the flag', () => {
    expect(parseSensorFrom('^caps/([^/]+)/')?.exec('caps/s1/a.pcap')?.[1]).toBe('s1');
    expect(parseSensorFrom(undefined)).toBeUndefined();
    expect(() => parseSensorFrom('([')).toThrow(/--sensor-from is not a valid regular expression/);
  });
});
