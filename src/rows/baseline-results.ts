/**
 * What `nad baseline train` and `nad baseline eval` report (also their --json documents): the
 * result types shared by the baseline use cases and their renderers.
 */
import type { BaselineThreshold, TrainingInput } from '../model/baseline-file.js';
import type { IsolationParams } from '../model/iforest.js';

/** What `nad baseline train` reports. */
export interface BaselineTrainResult {
  readonly out: string;
  readonly fileBytes: number;
  readonly params: IsolationParams;
  /** The ψ used (min(sample size, fitted rows)). */
  readonly psi: number;
  readonly inputs: readonly TrainingInput[];
  readonly connections: number;
  /** Kinds of connection (protocol/service/flag) seen: any other is novel. */
  readonly kinds: number;
  readonly threshold: BaselineThreshold;
  readonly readSeconds: number;
  readonly fitSeconds: number;
}

/** Counts and rates of one side (benign or attack) of a baseline evaluation. */
export interface BaselineEvalSide {
  readonly files: number;
  readonly connections: number;
  /** Connections at or above the baseline's threshold. */
  readonly flagged: number;
  readonly share: number;
}

/** What `nad baseline eval` reports. */
export interface BaselineEvalResult {
  readonly baseline: string;
  readonly threshold: number;
  readonly benign: BaselineEvalSide;
  readonly attack: BaselineEvalSide;
  /** Benign connections flagged (false-alarm rate) and attack connections flagged (detection). */
  readonly falseAlarmRate: number;
  readonly detectionRate: number;
  /** ROC-AUC of the novelty score, attack vs benign connections; null without both. */
  readonly rocAuc: number | null;
  /** Per attack file: connections counted and flagged. */
  readonly attackFiles: readonly { file: string; connections: number; flagged: number }[];
}
