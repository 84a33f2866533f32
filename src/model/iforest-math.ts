/**
 * The arithmetic of isolation forests (Liu, Ting & Zhou 2008, section 2): the average path
 * length c(n) of an unsuccessful search in a binary search tree of n points, which both adjusts
 * a leaf's path length for the points it still holds and normalises scores, and the score
 * s(x, ψ) = 2^(−E[h(x)] / c(ψ)).
 */

/** The Euler–Mascheroni constant (H(i) ≈ ln i + γ). */
const EULER_GAMMA = 0.5772156649015329;

/** c(n) = 2 H(n − 1) − 2 (n − 1) / n; c(1) = c(0) = 0 and c(2) = 1, as scikit-learn computes it. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** The height limit of a tree grown on ψ rows: ⌈log2 ψ⌉ (at least 1). */
export function isolationDepth(psi: number): number {
  return Math.max(1, Math.ceil(Math.log2(psi)));
}

/** s = 2^(−meanPath / c(ψ)): near 1 for rows isolated quickly, below 0.5 for ordinary ones. */
export function anomalyScore(meanPath: number, psi: number): number {
  const c = averagePathLength(psi);
  return c === 0 ? 0.5 : 2 ** (-meanPath / c);
}
