// The import direction of ARCHITECTURE.md is enforced by the ESLint rule nad/layers
// (eslint.layers.js): an upward import fails `npm test` (via `npm run lint`); this test shows the
// rule rejects one and accepts the downward and sideways imports.
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYERS, layerOf } from '../../eslint.layers.js';

const ROOT = join(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

async function layerMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'nad/layers').map((m) => m.message);
}

describe('nad/layers', () => {
  it('rejects an upward import, naming both stages', async () => {
    const messages = await layerMessages(
      'src/rows/upward-fixture.ts',
      "import type { ScanRun } from '../app/scan/scan-run.js';\nexport type X = ScanRun;\n",
    );
    expect(messages).toEqual([
      "'src/rows/upward-fixture.ts' may not import 'src/app/scan/scan-run.js': rows is below app (ARCHITECTURE.md, stages)",
    ]);
  });

  it('rejects re-exports and dynamic imports that point up, and commands/ from src/', async () => {
    const code = [
      "export { renderScanTable } from '../report/scan-table.js';",
      "export const m = () => import('../cli/base-command.js');",
      "export * from '../../commands/scan.js';",
    ].join('\n');
    const messages = await layerMessages('src/decode/upward-fixture.ts', code);
    expect(messages).toHaveLength(3);
    expect(messages.map((m) => m.split(': ')[1])).toEqual([
      'decode is below report (ARCHITECTURE.md, stages)',
      'decode is below cli (ARCHITECTURE.md, stages)',
      'decode is below commands (ARCHITECTURE.md, stages)',
    ]);
  });

  it('accepts imports of the same stage and of lower stages', async () => {
    const code = [
      "import { InputError } from '../common/errors.js';",
      "import { Proto } from '../capture/types.js';",
      "import { ScanLineWriter } from './line-writer.js';",
      'export { InputError, Proto, ScanLineWriter };',
    ].join('\n');
    expect(await layerMessages('src/rows/fixture.ts', code)).toEqual([]);
  });

  it('reports a src/ folder that is in no stage', async () => {
    const messages = await layerMessages('src/elsewhere/fixture.ts', 'export const a = 1;\n');
    expect(messages).toEqual([
      "'src/elsewhere/fixture.ts' is in src/ but in no stage of ARCHITECTURE.md: add its folder to LAYERS",
    ]);
  });

  it('puts serve/ between app/ and cli/: it uses the use cases, and the CLI is out of its reach', async () => {
    const code = [
      "import { scanFile } from '../app/scan/scan-file.js';",
      "import { DEFAULT_THRESHOLD } from '../cli/scan-flags.js';",
      'export { scanFile, DEFAULT_THRESHOLD };',
    ].join('\n');
    expect(await layerMessages('src/serve/fixture.ts', code)).toEqual([
      "'src/serve/fixture.ts' may not import 'src/cli/scan-flags.js': serve is below cli (ARCHITECTURE.md, stages)",
    ]);
    const up = "export { buildServer } from '../../serve/server.js';\n";
    expect(await layerMessages('src/app/scan/fixture.ts', up)).toEqual([
      "'src/app/scan/fixture.ts' may not import 'src/serve/server.js': app is below serve (ARCHITECTURE.md, stages)",
    ]);
  });

  it('puts queue/ between app/ and cli/, as serve/: the work queue uses the use cases, never the CLI', async () => {
    const code = [
      "import { runScan } from '../app/scan/scan-run.js';",
      "import { queueFlags } from '../cli/queue-flags.js';",
      'export { runScan, queueFlags };',
    ].join('\n');
    expect(await layerMessages('src/queue/fixture.ts', code)).toEqual([
      "'src/queue/fixture.ts' may not import 'src/cli/queue-flags.js': queue is below cli (ARCHITECTURE.md, stages)",
    ]);
    const up = "export { sliceJobs } from '../../queue/slices.js';\n";
    expect(await layerMessages('src/app/scan/fixture.ts', up)).toEqual([
      "'src/app/scan/fixture.ts' may not import 'src/queue/slices.js': app is below queue (ARCHITECTURE.md, stages)",
    ]);
  });

  it('knows every folder of src/ and commands/', () => {
    expect(layerOf(join(ROOT, 'commands/scan.ts'))).toBe('commands');
    expect(layerOf(join(ROOT, 'src/app/scan/scan-run.ts'))).toBe('app');
    expect(layerOf(join(ROOT, 'bench/forest.ts'))).toBeUndefined();
    expect(LAYERS.indexOf('common')).toBe(0);
  });
});
