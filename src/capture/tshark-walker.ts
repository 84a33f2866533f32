/**
 * Walks the `layers` object of one tshark packet (`-T json` or `-T ek`) and stores the wanted
 * field values in a PacketFields. Layer objects, repeated layers (an array of layer objects in
 * `-T ek`, a repeated key in `-T json`), `-T json` sub-trees (`ip.flags_tree`) and repeated
 * field values (arrays in `-T ek`) are all handled here; everything else was skipped by the
 * tokenizer before any string was made.
 */
import {
  EK_SUBTREES,
  F,
  JSON_SUBTREES,
  SLOT_LAYER,
  WANTED_LAYERS,
  fieldMap,
  type PacketFields,
} from './tshark-fields.js';

const LAYERS = 1;
const LAYER = 2;
const TREE = 3;
const LAYER_ARRAY = 4;
const VALUE_ARRAY = 5;
const OTHER = 6;

/** No value pending / a wanted sub-tree pending. */
const NONE = -1;
const SUBTREE = -2;

/** Event sink for everything inside one packet's `layers` object. */
export class LayersWalker {
  /** First layer after `frame` (`eth`, `sll`, `raw`, …): the link type when encap_type is absent. */
  firstLayer = '';
  private readonly stack: number[] = [];
  private readonly names: Map<string, number>;
  private pendingLayer = '';
  private pendingSlot = NONE;
  private arrayIdx = 0;

  constructor(
    private readonly fields: PacketFields,
    private readonly ek: boolean,
  ) {
    this.names = fieldMap(ek);
  }

  /** True while inside the layers object. */
  get active(): boolean {
    return this.stack.length > 0;
  }

  /** The `layers` object has just opened. */
  enter(): void {
    this.stack.length = 0;
    this.stack.push(LAYERS);
    this.firstLayer = '';
  }

  /** A member name inside layers; false to skip its value. */
  key(name: string): boolean {
    const top = this.stack[this.stack.length - 1];
    if (top === LAYERS) {
      if (this.firstLayer === '' && name !== 'frame' && !name.endsWith('_raw'))
        this.firstLayer = name;
      this.pendingSlot = name === 'frame_raw' ? F.raw : NONE;
      this.pendingLayer = WANTED_LAYERS.has(name) ? name : '';
      return this.pendingSlot === F.raw || this.pendingLayer !== '';
    }
    if (top !== LAYER && top !== TREE) return false;
    const slot = this.names.get(name);
    if (slot !== undefined && SLOT_LAYER[slot] === this.fields.layer) {
      this.pendingSlot = slot;
      return true;
    }
    this.pendingSlot = (this.ek ? EK_SUBTREES : JSON_SUBTREES).has(name) ? SUBTREE : NONE;
    return this.pendingSlot === SUBTREE;
  }

  /** An object opens. */
  startObject(): void {
    const top = this.stack[this.stack.length - 1];
    let kind = OTHER;
    if ((top === LAYERS || top === LAYER_ARRAY) && this.pendingLayer !== '') {
      kind = LAYER;
      this.fields.beginLayer(this.pendingLayer);
    } else if ((top === LAYER || top === TREE) && this.pendingSlot === SUBTREE) kind = TREE;
    this.stack.push(kind);
  }

  /** An array opens. */
  startArray(): void {
    const top = this.stack[this.stack.length - 1];
    let kind = OTHER;
    if (top === LAYERS) kind = this.pendingSlot === F.raw ? VALUE_ARRAY : LAYER_ARRAY;
    else if ((top === LAYER || top === TREE) && this.pendingSlot >= 0) kind = VALUE_ARRAY;
    this.arrayIdx = 0;
    this.stack.push(kind);
  }

  /** An object or array closes. */
  end(): void {
    this.stack.pop();
  }

  /** A scalar value (booleans as "1" / "0"). */
  value(text: string): void {
    const top = this.stack[this.stack.length - 1];
    const slot = this.pendingSlot;
    if (slot < 0) return;
    if (top === VALUE_ARRAY) {
      // `-T json` raw arrays are [hex, offset, length, bitmask, type]: only the hex counts.
      if (slot !== F.raw || this.arrayIdx === 0) this.fields.set(slot, text);
      this.arrayIdx++;
    } else if (top === LAYER || top === TREE || (top === LAYERS && slot === F.raw)) {
      this.fields.set(slot, text);
    }
  }
}
