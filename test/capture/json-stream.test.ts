/**
 * The streaming JSON tokenizer: events, repeated keys, skipping, chunk boundaries at every byte
 * (UTF-8 split included), limits, non-UTF-8 bytes, and error locations (line, column, byte).
 */
import { describe, expect, it } from 'vitest';
import { JsonTokenizer, type JsonHandler, type JsonLimits } from '../../src/capture/json-stream.js';
import { InputError } from '../../src/common/errors.js';

/** Records every event as a short string; keys in `skip` are skipped. */
function recorder(skip: string[] = []): { handler: JsonHandler; events: string[] } {
  const events: string[] = [];
  const handler: JsonHandler = {
    startObject: () => events.push('{'),
    endObject: () => events.push('}'),
    startArray: () => events.push('['),
    endArray: () => events.push(']'),
    key: (k) => (events.push(`k:${k}`), !skip.includes(k)),
    string: (s) => events.push(`s:${s}`),
    number: (n) => events.push(`n:${n}`),
    literal: (v) => events.push(`l:${v}`),
  };
  return { handler, events };
}

function run(
  text: string | Uint8Array,
  opts: { chunk?: number; multiple?: boolean; skip?: string[]; limits?: JsonLimits } = {},
): string[] {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const { handler, events } = recorder(opts.skip);
  const tok = new JsonTokenizer(handler, 'x.json', opts.multiple ?? false, opts.limits);
  const step = opts.chunk ?? bytes.length;
  for (let i = 0; i < bytes.length; i += step) tok.push(bytes.subarray(i, i + step));
  tok.end();
  return events;
}

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('no error');
}

const SAMPLE =
  '\uFEFF[ {"a": "x\\"y\\u00e9\\n", "b": [1, -2.5e3, true, false, null], "c": {}}, "é€😀", 0 ]';

describe('JsonTokenizer', () => {
  it('delivers every event in order, escapes decoded', () => {
    expect(run(SAMPLE)).toEqual([
      '[',
      '{',
      'k:a',
      's:x"yé\n',
      'k:b',
      '[',
      'n:1',
      'n:-2500',
      'l:true',
      'l:false',
      'l:null',
      ']',
      'k:c',
      '{',
      '}',
      '}',
      's:é€😀',
      'n:0',
      ']',
    ]);
  });

  it('gives the same events whatever the chunk size (UTF-8 and escapes split at every byte)', () => {
    const whole = run(SAMPLE);
    for (let size = 1; size <= 9; size++) expect(run(SAMPLE, { chunk: size })).toEqual(whole);
  });

  it('keeps every occurrence of a repeated key (JSON.parse keeps only the last)', () => {
    const text =
      '{"ip.addr": "10.0.0.1", "ip.addr": "10.0.0.2", "tcp.port": "80", "tcp.port": "1"}';
    expect(run(text)).toEqual([
      '{',
      'k:ip.addr',
      's:10.0.0.1',
      'k:ip.addr',
      's:10.0.0.2',
      'k:tcp.port',
      's:80',
      'k:tcp.port',
      's:1',
      '}',
    ]);
    expect(JSON.parse(text)).toEqual({ 'ip.addr': '10.0.0.2', 'tcp.port': '1' });
  });

  it('skips a value without events when key() returns false, nested containers included', () => {
    const text = '{"skip": {"a": [1, {"b": "c"}], "d": "e"}, "keep": 1, "skip": "s"}';
    expect(run(text, { skip: ['skip'] })).toEqual(['{', 'k:skip', 'k:keep', 'n:1', 'k:skip', '}']);
  });

  it('reads several top-level values (NDJSON) only when asked', () => {
    expect(run('{"a":1}\n{"b":2}\n', { multiple: true })).toEqual([
      '{',
      'k:a',
      'n:1',
      '}',
      '{',
      'k:b',
      'n:2',
      '}',
    ]);
    const err = errorOf(() => run('{"a":1}\n{"b":2}\n'));
    expect(err.describe()).toBe(
      'x.json: line 2, column 1: byte 8: unexpected data after the end of the JSON value',
    );
  });

  it('a top-level number ends at end of input', () => {
    expect(run('  42')).toEqual(['n:42']);
  });

  it('names line, column and byte offset of syntax errors', () => {
    const cases: [string, string][] = [
      ['{"a": 1,\n  "b" 2}', "line 2, column 7: byte 15: unexpected '2' where ':' was expected"],
      ['[1, 2,, 3]', "line 1, column 7: byte 6: unexpected ',' where a value was expected"],
      ['{"a": tru}', 'line 1, column 7: byte 6: invalid literal (expected true)'],
      ['[01]', 'line 1, column 2: byte 1: invalid number "01"'],
      ['["a\\x"]', 'line 1, column 2: byte 1: invalid escape sequence \\x'],
      ['["a\tb"]', 'line 1, column 4: byte 3: control character 0x09 inside a string'],
      ['{"a": [1}', "line 1, column 9: byte 8: unexpected '}' where ',' or ']' was expected"],
      ['', 'line 1, column 1: byte 0: no JSON value (empty input)'],
      ['[\n{"a": "b"', 'line 2, column 10: byte 11: input ends inside an object (file cut short?)'],
      [
        '[\n"abc',
        'line 2, column 1: byte 2: input ends inside a string or literal (file cut short?)',
      ],
    ];
    for (const [text, message] of cases) {
      const err = errorOf(() => run(text));
      expect(err.describe(), text).toBe(`x.json: ${message}`);
      expect(err.exitCode).toBe(3);
    }
  });

  it('limits string length, nesting depth and object members: errors, not allocation', () => {
    const limits = { maxTokenBytes: 1000, maxDepth: 10, maxMembers: 5 };
    expect(errorOf(() => run(`["${'a'.repeat(2000)}"]`, { limits, chunk: 100 })).message).toBe(
      'string longer than 1000 bytes',
    );
    // A string that never ends fails as soon as it passes the limit, not at end of input.
    const { handler } = recorder();
    const tok = new JsonTokenizer(handler, 'x.json', false, limits);
    tok.push(Buffer.from('["'));
    expect(() => {
      for (let i = 0; i < 100; i++) tok.push(Buffer.alloc(100, 0x61));
    }).toThrow('string longer than 1000 bytes');
    expect(errorOf(() => run('['.repeat(11) + ']'.repeat(11), { limits })).message).toBe(
      'nesting deeper than 10 levels',
    );
    expect(run('['.repeat(10) + ']'.repeat(10), { limits })).toHaveLength(20);
    const members = `{${[1, 2, 3, 4, 5, 6].map((i) => `"k${i}": ${i}`).join(',')}}`;
    expect(errorOf(() => run(members, { limits })).message).toBe('object with more than 5 members');
    expect(errorOf(() => run('[' + '1'.repeat(2000) + ']')).message).toBe(
      'number longer than 1024 characters',
    );
  });

  it('deep nesting at the default limit is an error, not a stack overflow', () => {
    expect(errorOf(() => run('['.repeat(100_000))).message).toBe('nesting deeper than 128 levels');
  });

  it('replaces bytes that are not UTF-8 inside strings and counts them', () => {
    const bytes = Buffer.concat([
      Buffer.from('["a'),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('b"]'),
    ]);
    const { handler, events } = recorder();
    const tok = new JsonTokenizer(handler, 'x.json');
    tok.push(bytes);
    tok.end();
    expect(events).toEqual(['[', 's:a\uFFFD\uFFFDb', ']']);
    expect(tok.replacedStrings).toBe(1);
    const outside = Buffer.concat([Buffer.from('['), Buffer.from([0xff]), Buffer.from(']')]);
    expect(errorOf(() => run(outside)).message).toBe(
      "unexpected byte 0xff where a value or ']' was expected",
    );
  });

  it('a text cut at every byte: an InputError at or before the cut, never anything else', () => {
    const text = Buffer.from('[{"a": [1, 2.5, "x\\u00e9"], "b": {"c": null}}, true]');
    for (let cut = 0; cut < text.length; cut++) {
      const err = errorOf(() => run(text.subarray(0, cut)));
      expect(err.location.byteOffset).toBeLessThanOrEqual(cut);
      expect(err.location.line).toBe(1);
    }
  });
});
