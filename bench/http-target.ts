/**
 * Raw HTTP calls with prebuilt requests over keep-alive: the bodies (one per JSON-RPC id, reused in
 * turn) and the header objects are built once, so the load generator only writes bytes and reads
 * the answer. Each answer is checked cheaply: status 200 and a caller-supplied body check.
 */
import { Agent, request } from 'node:http';
import type { Call } from './load.js';

export interface HttpTemplate {
  url: string;
  /** Lower-case header names, as sent by the client that was captured. */
  headers: Record<string, string>;
  /** The JSON-RPC body to send; its `id` is replaced per request. */
  body: Record<string, unknown>;
}

export interface HttpTarget {
  call: Call;
  close(): void;
}

const DISTINCT_BODIES = 1024;
const TIMEOUT_MS = 10_000;

export function httpTarget(template: HttpTemplate, options: { concurrency: number; check(body: string): string | undefined }): HttpTarget {
  const url = new URL(template.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency, maxFreeSockets: options.concurrency });
  const prebuilt = Array.from({ length: DISTINCT_BODIES }, (_, i) => {
    const body = Buffer.from(JSON.stringify({ ...template.body, id: i + 1 }));
    return { body, headers: { ...template.headers, 'content-length': String(body.length) } };
  });
  let next = 0;

  const call: Call = () =>
    new Promise<void>((resolve, reject) => {
      const item = prebuilt[next++ % DISTINCT_BODIES]!;
      const req = request(
        { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: item.headers, timeout: TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
            const problem = options.check(text);
            if (problem) return reject(new Error(problem));
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(item.body);
    });

  return { call, close: () => agent.destroy() };
}
