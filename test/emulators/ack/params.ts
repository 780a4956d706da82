// Query-parameter parsing with the CS API's validation errors (400 InvalidParameter).
import { invalidParameter } from './errors.js';

export type Query = ReadonlyMap<string, string>;

/** An integer parameter within [min, max], or `fallback` when absent or empty. */
export function intParam(query: Query, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw invalidParameter(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  const value = Number(raw);
  if (value < min || value > max) throw invalidParameter(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** A boolean parameter sent as `true`/`false`, or `fallback` when absent. */
export function boolParam(query: Query, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw invalidParameter(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}

/** A string-array parameter serialised as a JSON array string (the SDK's `…Shrink` style), or undefined when absent. */
export function jsonArrayParam(query: Query, name: string): string[] | undefined {
  const raw = query.get(name);
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter(`${name} must be a JSON array of strings, got ${JSON.stringify(raw)}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((v): v is string => typeof v === 'string' && v !== '')) {
    throw invalidParameter(`${name} must be a JSON array of non-empty strings, got ${JSON.stringify(raw)}`);
  }
  return parsed;
}

/** A comma-separated list parameter (DescribeClusterNodes style), or undefined when absent or empty. */
export function csvParam(query: Query, name: string): string[] | undefined {
  const raw = query.get(name);
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** One page of `items` plus the page numbers the CS API reports. */
export function paginate<T>(items: readonly T[], pageNumber: number, pageSize: number): { page: T[]; page_number: number; page_size: number; total_count: number } {
  const start = (pageNumber - 1) * pageSize;
  return { page: items.slice(start, start + pageSize), page_number: pageNumber, page_size: pageSize, total_count: items.length };
}
