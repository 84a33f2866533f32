/**
 * The inputs of `nad baseline train`: a capture (any format `nad scan` reads), or the CSV or
 * NDJSON output of `nad features --set extended` (gzip or not), told apart by its first bytes.
 */
import { InputError } from '../../common/errors.js';
import type { FeatureRow } from '../../features/kdd.js';
import { FeatureTextParser, featureTextKind } from '../../features/feature-text.js';
import { openSource } from '../../io/source.js';
import { extractFeatures } from '../features/features.js';

/** Longest line accepted in a feature file. */
const MAX_LINE_CHARS = 1 << 20;

/** Reads the feature rows of one input; returns its display name. InputError when bad. */
export async function readTrainingInput(
  file: string,
  onRow: (row: FeatureRow) => void,
): Promise<string> {
  if (file !== '-') {
    const read = await readFeatureText(file, onRow);
    if (read !== undefined) return read;
  }
  const r = await extractFeatures(file, onRow, { set: 'extended' });
  if (r.error !== undefined) throw r.error;
  return r.file;
}

/** Reads `file` as a feature file; undefined when it is not one. */
async function readFeatureText(
  file: string,
  onRow: (row: FeatureRow) => void,
): Promise<string | undefined> {
  const source = await openSource(file);
  const decoder = new TextDecoder();
  let parser: FeatureTextParser | undefined;
  let rest = '';
  for await (const chunk of source.chunks) {
    const text = rest + decoder.decode(chunk, { stream: true });
    if (parser === undefined) {
      const kind = featureTextKind(text);
      if (kind === undefined) return undefined; // a capture: the caller reads it as one
      parser = new FeatureTextParser(kind, source.name);
    }
    const lines = text.split('\n');
    rest = lines.pop()!;
    if (rest.length > MAX_LINE_CHARS)
      throw new InputError(`a line longer than ${MAX_LINE_CHARS} characters`, {
        location: { file: source.name },
      });
    for (const line of lines) {
      const row = parser.parse(line);
      if (row !== undefined) onRow(row);
    }
  }
  if (parser === undefined) return undefined;
  const row = parser.parse(rest + decoder.decode());
  if (row !== undefined) onRow(row);
  return source.name;
}
