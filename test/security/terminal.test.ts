/**
 * Strings from packets and files reach the terminal without control characters (issue 8,
 * Security): sanitize/excerpt, NadError.describe(), and the readers' messages that quote input.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/common/errors.js';
import { readKddRows, validateRow } from '../../src/kdd/kdd-csv.js';
import { excerpt, sanitize, sanitizeLine } from '../../src/common/sanitize.js';
import { runNad } from '../helpers/cli.js';
import { readBytes } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

const ESC = '\u001b';
const EVIL = `${ESC}[2J${ESC}]0;pwned\u0007\u009b31m\u202eevil\r\nforged line`;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('sanitize', () => {
  it('replaces ESC, BEL, C1 CSI, bidi overrides and DEL; keeps tab and newline', () => {
    expect(sanitize(`a${ESC}[31mb\u0007c\u009bd\u202ee\u007ff\tg\nh`)).toBe(
      'a?[31mb?c?d?e?f\tg\nh',
    );
  });

  it('sanitizeLine also replaces tab, CR and newline (no forged lines)', () => {
    expect(sanitizeLine('a\tb\rc\nd')).toBe('a?b?c?d');
  });

  it('excerpt quotes, cuts at 80 characters and stays on one line', () => {
    expect(excerpt('abc')).toBe('"abc"');
    expect(excerpt(7)).toBe('7');
    const long = excerpt(`${'x'.repeat(100)}${ESC}`);
    expect(long).toBe(`"${'x'.repeat(80)}…"`);
    expect(excerpt(EVIL)).not.toMatch(CONTROL);
  });

  it('NadError.describe() strips control characters from file names and messages', () => {
    const err = new InputError(`bad value ${EVIL}`, {
      location: { file: `evil${ESC}[31m.pcap`, byteOffset: 3 },
    });
    expect(err.describe()).not.toMatch(CONTROL);
    expect(err.describe()).toMatch(/^evil\?\[31m\.pcap: byte 3: bad value \?\[2J/);
  });
});

describe('readers quote input without control characters', () => {
  it('JSON that is no capture: the first keys, cut to 40 characters', async () => {
    const key = `${EVIL}${'k'.repeat(100)}`;
    const r = await readBytes(Buffer.from(JSON.stringify({ [key]: 1 })));
    expect(r.error).toBeInstanceOf(InputError);
    const text = r.error!.describe();
    expect(text).not.toMatch(CONTROL);
    expect(text.length).toBeLessThan(400);
  });

  it('telemetry: a bad src_ip with ESC / C1 bytes, as error and as skip warning', async () => {
    const rec = { src_ip: EVIL, dest_ip: '1.2.3.4', protocol: 'TCP', packet_size: 60 };
    const text = Buffer.from(JSON.stringify([rec]));
    const r = await readBytes(text);
    expect(r.error!.describe()).not.toMatch(CONTROL);
    expect(r.error!.describe()).toContain('src_ip "');
  });

  it('KDD CSV: a cell with ESC sequences is quoted safely and cut', () => {
    const cells =
      '0,tcp,http,SF,181,5450,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,8,8,0,0,0,0,1,0,0,9,9,1,0,0.11,0,0,0,0,0,normal.'.split(
        ',',
      );
    cells[4] = `${EVIL}${'9'.repeat(200)}`;
    const err = validateRow(cells, 7, `x${ESC}.csv`);
    expect(err).toBeInstanceOf(InputError);
    const text = (err as InputError).describe();
    expect(text).not.toMatch(CONTROL);
    expect(text.length).toBeLessThan(200);
  });

  it('KDD CSV through the reader: a bad label quoting ESC', async () => {
    const line = `0,tcp,http,SF,1,2,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,8,8,0,0,0,0,1,0,0,9,9,1,0,0,0,0,0,0,0,${ESC}[31mnormal\n`;
    const reader = readKddRows('-', { stdin: Readable.from([Buffer.from(line)]) });
    const err = await (async () => {
      for await (const _ of reader.rows) void _;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).not.toMatch(CONTROL);
  });
});

/**
 * Runs nad without the power to read what its permission bits forbid. The test machines run as
 * root, whom `chmod 000` does not stop (CAP_DAC_OVERRIDE): there nad runs as root without the
 * two capabilities that bypass file permissions (util-linux `setpriv`), so the kernel itself
 * refuses the open. Any other user is refused as is.
 */
const UNPRIVILEGED =
  process.getuid?.() === 0
    ? [
        'setpriv',
        '--inh-caps=-dac_override,-dac_read_search',
        '--bounding-set=-dac_override,-dac_read_search',
        '--',
      ]
    : [];

describe('unreadable input', () => {
  it.each(['features', 'scan', 'scan --summary'])(
    'nad %s on a chmod 000 file: exit 3, "permission denied" naming the file',
    async (command) => {
      const file = join(tempDir('perm'), 'locked.pcap');
      writeFileSync(file, new Uint8Array(24));
      chmodSync(file, 0);
      const r = await runNad([...command.split(' '), file], undefined, undefined, {
        launcher: UNPRIVILEGED,
      });
      expect(r.stderr).toBe(`error: ${file}: cannot read: permission denied\n`);
      expect(r.code).toBe(3);
    },
  );
});
