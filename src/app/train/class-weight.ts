/**
 * The `--class-weight` flag of `nad train` (issue 5): `none`, `balanced`, or a list of
 * `NAME=WEIGHT` where NAME is a class of the target or a KDD category (weighting every label
 * class of that category), e.g. `r2l=10,u2r=10`. Classes not named get weight 1.
 */
import { UsageError } from '../../common/errors.js';
import { labelCategory } from '../../kdd/labels.js';
import type { ClassWeight } from '../../model/params.js';

/** Parses a class-weight spec for the given classes; a bad spec is a UsageError (exit 2). */
export function parseClassWeight(spec: string, classNames: readonly string[]): ClassWeight {
  const text = spec.trim();
  if (text === 'none' || text === 'balanced') return text;
  const weights = classNames.map(() => 1);
  for (const part of text.split(',')) {
    const m = /^\s*([\w.-]+)\s*=\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*$/i.exec(part);
    if (m === null) {
      throw new UsageError(`bad --class-weight entry ${JSON.stringify(part)}`, {
        hint: 'Use none, balanced, or NAME=WEIGHT pairs such as r2l=10,u2r=10.',
      });
    }
    const name = m[1]!.replace(/\.$/, '');
    const weight = Number(m[2]);
    let matched = 0;
    classNames.forEach((c, k) => {
      if (c === name || (c !== name && labelCategory(c) === name && name !== c)) {
        weights[k] = weight;
        matched++;
      }
    });
    if (matched === 0) {
      throw new UsageError(`--class-weight names ${JSON.stringify(name)}, which is not a class`, {
        hint: `Classes: ${classNames.join(', ')}.`,
      });
    }
  }
  return weights;
}
