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

/** P(attack) of every node of a tree: the mean over the leaves below it (cached per tree). */
const nodeAttack = new WeakMap<Tree, { normal: number; p: Float32Array }>();

function attackByNode(tree: Tree, nClasses: number, normal: number): Float32Array {
  const hit = nodeAttack.get(tree);
  if (hit !== undefined && hit.normal === normal) return hit.p;
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
  const p = Float32Array.from(sum, (v, i) => v / leaves[i]!);
  nodeAttack.set(tree, { normal, p });
  return p;
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
  for (const tree of forest.trees) {
    const p = attackByNode(tree, forest.nClasses, normal);
    let node = 0;
    while (tree.feature[node]! >= 0) {
      const f = tree.feature[node]!;
      const next = x[f]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
      out[f]! += p[next]! - p[node]!;
      node = next;
    }
  }
  const nTrees = forest.trees.length;
  for (let f = 0; f < out.length; f++) out[f]! /= nTrees;
  return out;
}
