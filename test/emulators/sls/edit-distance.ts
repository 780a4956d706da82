/** Levenshtein distance (insert, delete, substitute all cost 1). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The candidate closest to `word` (case-insensitive), with its distance; ties keep the earlier candidate. */
export function closest(word: string, candidates: readonly string[], key: (c: string) => string[] = (c) => [c]): { match: string; distance: number } | undefined {
  let best: { match: string; distance: number } | undefined;
  for (const candidate of candidates) {
    for (const form of key(candidate)) {
      const distance = editDistance(word.toLowerCase(), form.toLowerCase());
      if (best === undefined || distance < best.distance) best = { match: candidate, distance };
    }
  }
  return best;
}
