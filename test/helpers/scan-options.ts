/**
 * The options every runScan call of the tests spells out (no threshold or model of its own, time
 * order, no top, anomalies only, no --fail-on): spread, then override what a test is about.
 */
import type { ScanRunOptions } from '../../src/app/scan/scan-run.js';

export const SCAN_DEFAULTS: Pick<
  ScanRunOptions,
  'threshold' | 'modelPath' | 'sort' | 'top' | 'all' | 'failOn'
> = {
  threshold: undefined,
  modelPath: undefined,
  sort: 'time',
  top: undefined,
  all: false,
  failOn: undefined,
};
