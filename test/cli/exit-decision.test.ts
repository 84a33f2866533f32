// The exit code of `nad scan` as a pure function (src/cli/exit-decision.ts): every rule and
// the order in which they win.
import { describe, expect, it } from 'vitest';
import { scanExitCode, type ScanOutcome } from '../../src/cli/exit-decision.js';

const clean: ScanOutcome = {
  interrupted: false,
  inputErrors: 0,
  filesScanned: 2,
  inputProblems: 0,
  failing: 0,
};
const noGate = { score: undefined, count: 1 };

describe('scanExitCode', () => {
  it('is 0 for a clean scan without a gate, even with failing connections', () => {
    expect(scanExitCode(clean, noGate)).toBe(0);
    expect(scanExitCode({ ...clean, failing: 5 }, noGate)).toBe(0);
  });

  it('is 1 when at least --fail-on-count connections reach --fail-on', () => {
    expect(scanExitCode({ ...clean, failing: 1 }, { score: 0.9, count: 1 })).toBe(1);
    expect(scanExitCode({ ...clean, failing: 9 }, { score: 0.9, count: 10 })).toBe(0);
    expect(scanExitCode({ ...clean, failing: 10 }, { score: 0.9, count: 10 })).toBe(1);
    expect(scanExitCode({ ...clean, failing: 0 }, { score: 0, count: 1 })).toBe(0);
  });

  it('is 3 when an input was bad, before the gate', () => {
    expect(scanExitCode({ ...clean, inputErrors: 1 }, noGate)).toBe(3);
    expect(scanExitCode({ ...clean, inputErrors: 1, failing: 3 }, { score: 0.5, count: 1 })).toBe(
      3,
    );
  });

  it('is 3 when no argument named a file, but not when others were scanned', () => {
    expect(scanExitCode({ ...clean, filesScanned: 0, inputProblems: 1 }, noGate)).toBe(3);
    expect(scanExitCode({ ...clean, filesScanned: 1, inputProblems: 1 }, noGate)).toBe(0);
  });

  it('is 130 after Ctrl-C, whatever else happened', () => {
    const all = { ...clean, interrupted: true, inputErrors: 2, failing: 7 };
    expect(scanExitCode(all, { score: 0.1, count: 1 })).toBe(130);
  });
});
