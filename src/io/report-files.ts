/**
 * The files of `nad report`: NDJSON lines of a saved scan, the page's assets (its own script and
 * stylesheet under `assets/report/`, shipped in the npm package; uPlot's build from its
 * package), and the written report (through a temporary file, so a failed write leaves no half
 * report behind).
 */
import { createReadStream, existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { InputError } from '../common/errors.js';
import { fsErrorReason } from './fs-errors.js';
import { fileError } from './source.js';

/** The lines of a text file (or `-`: stdin), without their line ends. */
export async function* textLines(path: string): AsyncGenerator<string> {
  const stream = path === '-' ? process.stdin : createReadStream(path);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } catch (err) {
    throw fileError(path, err);
  }
}

/** The page's script, in the order the parts run (each adds to window.NadReport). */
const REPORT_SCRIPTS = ['core.js', 'charts.js', 'table.js', 'main.js'];

/** The folder holding `assets/report/` (the package root): from src/io or dist/src/io. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'assets', 'report', 'main.js'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('assets/report/ not found beside the nad package');
}

/** The report page's script and stylesheet, and uPlot's. */
export async function readReportAssets(): Promise<{
  reportJs: string;
  reportCss: string;
  uplotJs: string;
  uplotCss: string;
}> {
  const root = packageRoot();
  const require = createRequire(join(root, 'package.json'));
  const text = (p: string): Promise<string> => readFile(p, 'utf8');
  return {
    reportJs: (
      await Promise.all(REPORT_SCRIPTS.map((f) => text(join(root, 'assets/report', f))))
    ).join('\n'),
    reportCss: await text(join(root, 'assets/report/report.css')),
    uplotJs: await text(require.resolve('uplot/dist/uPlot.iife.min.js')),
    uplotCss: await text(require.resolve('uplot/dist/uPlot.min.css')),
  };
}

/** Writes `text` to `path` through a temporary file beside it; an InputError when it cannot. */
export async function writeTextFile(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new InputError(`cannot write ${path}: ${fsErrorReason(err)}`, { cause: err });
  }
}
