import { configureLogger } from '../../src/observability/logger.js';

/** Captures the server's JSON log lines in memory (tests run the server in-process). */
export function captureLogs(): string[] {
  const lines: string[] = [];
  configureLogger({ level: 'debug', sink: (line) => lines.push(line) });
  return lines;
}
