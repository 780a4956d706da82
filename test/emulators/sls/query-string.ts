// The raw query string as the signers see it: decoded pairs, remembering which segments had no `=`.

export interface QueryPair {
  readonly key: string;
  readonly value: string;
  /** True for a bare `key` segment (the SDK's fixed pathname queries may carry a null value). */
  readonly bare: boolean;
}

/** Splits and decodes a raw query string; throws URIError on malformed escapes. */
export function parseQuery(rawQuery: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  for (const segment of rawQuery.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    if (eq < 0) pairs.push({ key: decodeURIComponent(segment), value: '', bare: true });
    else pairs.push({ key: decodeURIComponent(segment.slice(0, eq)), value: decodeURIComponent(segment.slice(eq + 1)), bare: false });
  }
  return pairs;
}

/** The SDK sorts with Array.prototype.sort: by UTF-16 code unit. */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function queryMap(pairs: readonly QueryPair[]): Map<string, string> {
  return new Map(pairs.map((p) => [p.key, p.value]));
}
