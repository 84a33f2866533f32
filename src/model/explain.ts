/**
 * Why a forest scored one row as it did (`nad scan`'s "why" column): the change in attack
 * probability each split on the row's paths made, per feature, and the features that moved it
 * most. An account of the decisions taken for this row — not a causal attribution.
 */
import type { Forest } from './forest.js';
import type { Tree } from './tree-store.js';

/**
 * Indices of the `n` largest positive weights, largest first, ties by lower index (insertion
 * into a list of at most n, not a sort of every feature: this runs once per reported row).
 */
export function topFeatures(weights: Float64Array, n: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (w <= 0 || (top.length === n && w <= weights[top[n - 1]!]!)) continue;
    let at = top.length;
    while (at > 0 && weights[top[at - 1]!]! < w) at--;
    top.splice(at, 0, i);
    if (top.length > n) top.pop();
  }
  return top;
}

/**
 * P(attack) of every node of each tree of a forest: the mean over the leaves below it, cached per
 * forest (one lookup per explained row, not one per tree: this runs once per reported row).
 */
const nodeAttack = new WeakMap<Forest, { normal: number; p: Float32Array[] }>();

function attackByNode(forest: Forest, normal: number): Float32Array[] {
  const hit = nodeAttack.get(forest);
  if (hit !== undefined && hit.normal === normal) return hit.p;
  const p = forest.trees.map((tree) => treeAttackByNode(tree, forest.nClasses, normal));
  nodeAttack.set(forest, { normal, p });
  return p;
}

function treeAttackByNode(tree: Tree, nClasses: number, normal: number): Float32Array {
  const n = tree.feature.length;
  const sum = new Float64Array(n);
  const leaves = new Float64Array(n);
  // Children have larger indices than their parent: one backward pass sees children first.
  for (let node = n - 1; node >= 0; node--) {
    if (tree.feature[node]! < 0) {
      sum[node] = 1 - tree.value[tree.leaf[node]! * nClasses + normal]!;
      leaves[node] = 1;
    } else {
      sum[node] = sum[tree.left[node]!]! + sum[tree.right[node]!]!;
      leaves[node] = leaves[tree.left[node]!]! + leaves[tree.right[node]!]!;
    }
  }
  return Float32Array.from(sum, (v, i) => v / leaves[i]!);
}

/**
 * How much each feature moved x's attack probability (1 − P(class `normal`)), summed along x's
 * path in every tree and averaged over trees: a split on feature f adds P(child taken) −
 * P(node), where a node's P is the mean over the leaves below it (the model stores leaf
 * frequencies only, not node sample counts). Per tree the additions telescope to
 * P(leaf) − P(root), so positive values are the features that pushed x towards attack and
 * negative ones towards normal — the path decomposition of Saabas' "treeinterpreter", with
 * leaf means standing in for node values.
 */
export function attackContributions(forest: Forest, x: Float32Array, normal: number): Float64Array {
  const out = new Float64Array(forest.nFeatures);
  attackContributionsOf(forest, x, Int32Array.of(0), 1, normal, out);
  return out;
}

/**
 * attackContributions of `count` rows at once: rows `rows[0 .. count)` of the row-major matrix
 * X (nFeatures columns) into `out` (count × nFeatures, row j for rows[j]). The trees are walked
 * one at a time for all the rows, which keeps a tree in cache (about twice as fast per row as
 * one row at a time); the per-feature sums run over the trees in the same order either way.
 */
export function attackContributionsOf(
  forest: Forest,
  X: Float32Array,
  rows: Int32Array,
  count: number,
  normal: number,
  out: Float64Array,
): void {
  const F = forest.nFeatures;
  out.fill(0, 0, count * F);
  const byNode = attackByNode(forest, normal);
  const trees = forest.trees;
  const nTrees = trees.length;
  for (let t = 0; t < nTrees; t++) {
    const { feature, threshold, left, right } = trees[t]!;
    const p = byNode[t]!;
    for (let j = 0; j < count; j++) {
      const base = rows[j]! * F;
      const at = j * F;
      let node = 0;
      for (let f = feature[0]!; f >= 0; f = feature[node]!) {
        const next = X[base + f]! <= threshold[node]! ? left[node]! : right[node]!;
        out[at + f]! += p[next]! - p[node]!;
        node = next;
      }
    }
  }
  for (let i = 0; i < count * F; i++) out[i]! /= nTrees;
}
