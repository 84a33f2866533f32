/**
 * A minimal WebAssembly writer for the hot loops of src/model/ (iforest-wasm.ts): the binary
 * encoding of one module with one exported function of i32 parameters, i32 locals and no
 * result, and one exported memory. Only what those loops use is here: the opcodes by name, the
 * LEB128 numbers, and the sections (type, function, memory, export, code) in the order the
 * format requires (WebAssembly core specification 1.0, chapter 5, "Binary Format").
 */

/** The instructions the loops use (one byte each; memory instructions take align and offset). */
export const Op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f32Load: 0x2a,
  f64Load: 0x2b,
  f64Store: 0x39,
  i32Const: 0x41,
  i32LtS: 0x48,
  i32GtU: 0x4b,
  f32Le: 0x5f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32Shl: 0x74,
  f64Add: 0xa0,
  /** The block type of a block or loop that leaves nothing on the stack. */
  void: 0x40,
} as const;

const I32 = 0x7f;

/** Unsigned LEB128. */
export function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (the immediate of i32.const). */
export function s32(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const vector = (items: number[][]): number[] => [...u32(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...u32(body.length), ...body];
const name = (s: string): number[] => vector([...Buffer.from(s, 'utf8')].map((b) => [b]));

/** `local.get i`, `local.set i`, `i32.const v`. */
export const get = (i: number): number[] => [Op.localGet, ...u32(i)];
export const set = (i: number): number[] => [Op.localSet, ...u32(i)];
export const tee = (i: number): number[] => [Op.localTee, ...u32(i)];
export const i32 = (v: number): number[] => [Op.i32Const, ...s32(v)];

/** A load or store with its alignment (log2 of the natural one) and a constant offset. */
export const mem = (op: number, offset = 0): number[] => {
  const align = op === Op.f64Load || op === Op.f64Store ? 3 : 2;
  return [op, align, ...u32(offset)];
};

/** What a module made by `wasmModule` exports. */
export interface WasmKernel {
  /** The function, called with its i32 parameters. */
  readonly run: (...args: number[]) => void;
  /** The module's memory (its `buffer` is replaced when it grows). */
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

/**
 * Compiles and instantiates a module holding one function of `params` i32 parameters and
 * `locals` more i32 locals, whose body is `body` (without its final `end`), and one memory of
 * one 64 KiB page to begin with.
 */
export function wasmModule(params: number, locals: number, body: number[]): WasmKernel {
  const code = [...vector([[...u32(locals), I32]]), ...body, Op.end];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, vector([[0x60, ...vector(Array.from({ length: params }, () => [I32])), 0]])),
    ...section(3, vector([u32(0)])),
    ...section(5, vector([[0x00, ...u32(1)]])),
    ...section(
      7,
      vector([
        [...name('run'), 0x00, 0],
        [...name('memory'), 0x02, 0],
      ]),
    ),
    ...section(10, vector([[...u32(code.length), ...code]])),
  ];
  const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const { exports } = new api.Instance(new api.Module(Uint8Array.from(bytes)));
  return exports as unknown as WasmKernel;
}
