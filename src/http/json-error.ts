import type { Response } from 'express';

/** Every HTTP-level error is a JSON-RPC error object, never an HTML page. */
export function sendJsonError(res: Response, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.status(status).set(headers).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}
