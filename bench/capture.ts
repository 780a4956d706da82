/**
 * Captures the exact tools/call request real MCP clients send, so the load generator can replay it:
 * the SDK v2 client pinned to 2026-07-28 (headers MCP-Protocol-Version, Mcp-Method, Mcp-Name and the
 * `_meta` envelope) and the SDK v1 client speaking 2025-11-25. Each client makes one real call through
 * a recording fetch; the recorded request (minus content-length) becomes the template.
 */
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { HttpTemplate } from './http-target.js';

export interface CapturedTemplates {
  modern: HttpTemplate;
  legacy: HttpTemplate;
}

type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

function recordingFetch(seen: HttpTemplate[]): Fetch {
  return async (input, init) => {
    if (typeof init?.body === 'string') {
      const body = JSON.parse(init.body) as Record<string, unknown>;
      if (body['method'] === 'tools/call') {
        const headers: Record<string, string> = {};
        new Headers(init.headers).forEach((value, name) => {
          if (name !== 'content-length') headers[name] = value;
        });
        seen.push({ url: String(input), headers, body });
      }
    }
    return fetch(input, init);
  };
}

function only(seen: HttpTemplate[], what: string): HttpTemplate {
  if (seen.length !== 1) throw new Error(`expected to capture one tools/call from the ${what} client, got ${seen.length}`);
  return seen[0]!;
}

export async function captureTemplates(mcpUrl: string, headers: Record<string, string>, tool: string, args: Record<string, unknown>): Promise<CapturedTemplates> {
  const modernSeen: HttpTemplate[] = [];
  const v2 = new ClientV2({ name: 'ack-mcp-bench', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await v2.connect(new TransportV2(new URL(mcpUrl), { requestInit: { headers }, fetch: recordingFetch(modernSeen) }));
  const modernResult = await v2.callTool({ name: tool, arguments: args });
  await v2.close();
  if (modernResult.isError) throw new Error(`the 2026-07-28 probe call failed: ${JSON.stringify(modernResult.content).slice(0, 300)}`);

  const legacySeen: HttpTemplate[] = [];
  const v1 = new ClientV1({ name: 'ack-mcp-bench', version: '1.0.0' });
  await v1.connect(new TransportV1(new URL(mcpUrl), { requestInit: { headers }, fetch: recordingFetch(legacySeen) }));
  const legacyResult = await v1.callTool({ name: tool, arguments: args });
  await v1.close();
  if (legacyResult.isError) throw new Error(`the 2025-11-25 probe call failed: ${JSON.stringify(legacyResult.content).slice(0, 300)}`);

  const modern = only(modernSeen, '2026-07-28');
  const legacy = only(legacySeen, '2025-11-25');
  if (modern.headers['mcp-protocol-version'] !== '2026-07-28') throw new Error('the v2 client did not send MCP-Protocol-Version: 2026-07-28');
  if (legacy.headers['mcp-protocol-version'] !== '2025-11-25') throw new Error('the v1 client did not send MCP-Protocol-Version: 2025-11-25');
  return { modern, legacy };
}
