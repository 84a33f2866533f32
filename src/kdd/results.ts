/**
 * What `nad train` and `nad eval` report about a KDD forest (also their --json documents): the
 * result types shared by the use cases and their renderers.
 */
import type { ForestParams } from '../model/params.js';
import type { DecisionRule, Target } from './decision.js';
import type { EvalLevel, EvalScores } from './eval-levels.js';
import type { KddInputStats } from './kdd-input.js';
import type { KddModelMeta, OobScores } from './model-meta.js';

/** The model that was evaluated. */
export interface EvalModel {
  readonly path: string;
  readonly isDefault: boolean;
  readonly target: KddModelMeta['target'];
  readonly trees: number;
  readonly classes: readonly string[];
  readonly trainedOn: string | null;
}

/** What was read from the KDD inputs: per-file counts, rows kept, rows skipped and examples. */
export interface KddReadReport {
  readonly files: readonly KddInputStats[];
  readonly rows: number;
  readonly badRows: number;
  readonly badExamples: readonly string[];
}

/** Everything `nad eval` reports (also its --json document). */
export interface EvalResult extends EvalScores, KddReadReport {
  readonly model: EvalModel;
  readonly decision: DecisionRule;
  readonly by: EvalLevel;
  /** Rows with a protocol, service or flag the model never saw (encoded as −1, still scored). */
  readonly unknownSymbolRows: number;
  /** True labels that are not classes of the model, scored through their category. */
  readonly unseenLabels: readonly { label: string; category: string; rows: number }[];
  readonly seconds: { readonly load: number; readonly read: number; readonly predict: number };
}

/** What `nad train` reports. */
export interface TrainResult extends KddReadReport {
  readonly out: string;
  readonly modelBytes: number;
  readonly target: Target;
  readonly decision: DecisionRule;
  readonly classes: readonly { name: string; count: number; weight: number }[];
  readonly params: ForestParams;
  readonly readSeconds: number;
  readonly fitSeconds: number;
  readonly oob: OobScores | null;
  readonly topFeatures: readonly { name: string; importance: number }[];
}
