// Timestamp formats used by the CS API. ACK reports most times in China Standard Time (+08:00).

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
const cstParts = (ms: number): string => new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 19);

/** `2024-05-28T11:29:31+08:00`: cluster, node pool, node and task `created`/`updated`. */
export const isoCst = (ms: number): string => `${cstParts(ms)}+08:00`;
/** `2024-05-28 11:29:31`: task stage `start_time`/`end_time`. */
export const stageTime = (ms: number): string => cstParts(ms).replace('T', ' ');
/** `2024-05-28T03:29:31Z`: diagnosis `created`/`finished`. */
export const isoUtc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;
/** Epoch milliseconds as a decimal string: task event `timestamp`. */
export const epochMs = (ms: number): string => String(ms);
/** Parses an ISO-8601 timestamp from a seed; throws on garbage so bad seeds fail loudly. */
export function parseSeedTime(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`seed: invalid timestamp ${JSON.stringify(value)}`);
  return ms;
}
