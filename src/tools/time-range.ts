import { ToolInputError } from '../mcp/tool.js';

/**
 * Times as tools accept them: epoch seconds, `now`, a relative duration meaning "that long ago"
 * (`15m`, `now-2h`, `-1d`), or an ISO-8601 date-time. Everything becomes epoch seconds.
 */
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const RELATIVE = /^(?:now)?\s*-?\s*(\d+(?:\.\d+)?)\s*([smhdw])$/i;

export type TimeInput = number | string;


export function toEpochSeconds(input: TimeInput, nowSeconds: number, name: string): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) throw new ToolInputError(`${name}: must be epoch seconds (a positive number)`);
    if (input > 100_000_000_000) throw new ToolInputError(`${name}: ${input} looks like milliseconds; give epoch seconds (${Math.floor(input / 1000)})`);
    return input;
  }
  const text = input.trim();
  if (/^now$/i.test(text)) return nowSeconds;
  if (/^\d+(\.\d+)?$/.test(text)) return toEpochSeconds(Number(text), nowSeconds, name);
  const relative = RELATIVE.exec(text);
  if (relative) return nowSeconds - Number(relative[1]) * (UNIT_SECONDS[relative[2]!.toLowerCase()] ?? 1);
  const parsed = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && Number.isFinite(parsed)) return parsed / 1000;
  throw new ToolInputError(`${name}: ${JSON.stringify(input)} is not a time; use epoch seconds, "now", a duration ago such as "15m" / "now-2h", or an ISO-8601 date-time`);
}

/** A duration such as `30s`, `5m` or a number of seconds. */
export function toDurationSeconds(input: TimeInput, name: string): number {
  if (typeof input === 'number') {
    if (!(input > 0)) throw new ToolInputError(`${name}: must be a positive number of seconds`);
    return input;
  }
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])?$/i.exec(input.trim());
  if (!match) throw new ToolInputError(`${name}: ${JSON.stringify(input)} is not a duration; use seconds or a value such as "30s", "5m", "1h"`);
  const seconds = Number(match[1]) * (match[2] ? (UNIT_SECONDS[match[2].toLowerCase()] ?? 1) : 1);
  if (!(seconds > 0)) throw new ToolInputError(`${name}: must be more than zero`);
  return seconds;
}
