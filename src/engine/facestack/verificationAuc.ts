/**
 * @file Face-verification ROC AUC: the probability that a random genuine (same-identity) pair scores
 * higher than a random impostor pair, ties counting one half (the Mann–Whitney U statistic / (n·m)).
 */

/**
 * @param genuine similarity scores of same-identity pairs
 * @param impostor similarity scores of different-identity pairs
 * @returns AUC in [0, 1] (1 = every genuine pair above every impostor pair, 0.5 = chance)
 */
export function verificationAuc(genuine: readonly number[], impostor: readonly number[]): number {
  if (!genuine.length || !impostor.length) throw new Error(`verificationAuc: need genuine and impostor scores (got ${genuine.length} and ${impostor.length})`);
  if ([...genuine, ...impostor].some((v) => !Number.isFinite(v))) throw new Error('verificationAuc: scores must be finite');
  // Rank-sum form, O((n+m) log(n+m)): sort all scores, give tied runs their average rank.
  const all = [...genuine.map((v) => ({ v, g: true })), ...impostor.map((v) => ({ v, g: false }))].sort((x, y) => x.v - y.v);
  let rankSumGenuine = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j].v === all[i].v) j++;
    const avgRank = (i + 1 + j) / 2; // ranks i+1 … j
    for (let k = i; k < j; k++) if (all[k].g) rankSumGenuine += avgRank;
    i = j;
  }
  const n = genuine.length;
  const u = rankSumGenuine - (n * (n + 1)) / 2;
  return u / (n * impostor.length);
}
