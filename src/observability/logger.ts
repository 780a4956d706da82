import { currentRequestContext } from './request-context.js';
import { redact, redactString } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

let minimum: LogLevel = 'info';
let sink: LogSink = (line) => process.stderr.write(`${line}\n`);

/** Structured JSON logs on stderr (stdout stays free for stdio transports); secrets redacted. */
export function configureLogger(options: { level?: LogLevel; sink?: LogSink }): void {
  if (options.level) minimum = options.level;
  if (options.sink) sink = options.sink;
}

function write(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
  if (rank[level] < rank[minimum]) return;
  const context = currentRequestContext();
  const line = {
    time: new Date().toISOString(),
    level,
    msg: redactString(msg),
    ...(context ? { request_id: context.requestId, principal: context.principal } : {}),
    ...(fields ? (redact(fields) as Record<string, unknown>) : {}),
  };
  sink(JSON.stringify(line));
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
