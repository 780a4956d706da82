import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export type Headers = Record<string, string>;

/** A 2026-07-28 client (SDK v2), pinned to the modern era. */
export async function connectV2(url: string, headers: Headers): Promise<ClientV2> {
  const client = new ClientV2({ name: 'test-v2', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await client.connect(new TransportV2(new URL(url), { requestInit: { headers } }));
  return client;
}

/** A 2025-11-25 client (@modelcontextprotocol/sdk v1). */
export async function connectV1(url: string, headers: Headers): Promise<ClientV1> {
  const client = new ClientV1({ name: 'test-v1', version: '1.0.0' });
  await client.connect(new TransportV1(new URL(url), { requestInit: { headers } }));
  return client;
}

export interface ToolResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
}

export function textOf(result: ToolResult): string {
  return result.content.map((c) => c.text ?? '').join('\n');
}
