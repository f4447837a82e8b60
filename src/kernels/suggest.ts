/**
 * @internal "Did you mean …?" for error messages: the candidate nearest to a misspelt word
 * (an option key, a time zone), only when it is close enough to be the word meant.
 */

/**
 * Optimal-string-alignment distance (Damerau–Levenshtein restricted to adjacent transpositions
 * that are not edited again; Boytsov 2011, "Indexing methods for approximate dictionary
 * searching", §2.2): insertions, deletions, substitutions and swaps of two neighbours cost 1.
 * Gives up and returns `limit + 1` as soon as every alignment costs more than `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > limit) return limit + 1;
  // Three rows of the dynamic programme: two back (for transpositions), one back, current.
  let before = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let row = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    row[0] = i;
    let best = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (before[j - 2] as number) + 1);
      }
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    [before, prev, row] = [prev, row, before];
  }
  return prev[n] as number;
}

/**
 * The candidate closest to `word`, or `undefined` when none is close enough. Letter case is
 * ignored first (`'europe/paris'` finds `'Europe/Paris'`, `'timezone'` finds `'timeZone'`), then
 * breaks ties. Close enough: at most one edit per three characters of the word, and at least
 * one (`'Pacific/Aukland'` → `'Pacific/Auckland'`, `'Europe/Kiev'` → `'Europe/Kyiv'`,
 * `'weigths'` → `'weights'`). A candidate equal to the word is not a suggestion.
 * O(candidates × |word|²) at worst, so call it only when an error is thrown.
 *
 * @param word - What was written.
 * @param candidates - What could have been meant.
 * @returns The nearest candidate, the first of them on a tie, or `undefined`.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const folded = editDistance(lower, c.toLowerCase(), limit);
    if (folded > limit) continue;
    // Case-insensitive distance first; the exact distance (at most the word's length more)
    // breaks ties, so 'Timezone' prefers 'timeZone' over 'timezones'.
    const score = folded * (word.length + c.length + 1) + editDistance(word, c);
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}
