import { serveStdio } from '@modelcontextprotocol/server/stdio';
import type { Config } from './config.js';
import type { Caller } from './http/caller.js';
import { createServerFactory, SERVER_INFO } from './mcp/server.js';
import type { AnyTool } from './mcp/tool.js';
import { log } from './observability/logger.js';
import { startTracing } from './observability/tracing.js';
import { createRuntime } from './runtime.js';

export interface StdioServer {
  /** Resolves when the client closes stdin (or close() is called). */
  closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * MCP over stdin/stdout for one local user (Claude Desktop, Claude Code, Cursor): no HTTP, no bearer
 * token, and the Alibaba Cloud identity is the default credential chain (environment, profile, RRSA,
 * ECS role). Logs stay on stderr so stdout carries only protocol messages.
 */
export async function startStdioServer(config: Config, options: { tools?: readonly AnyTool[] } = {}): Promise<StdioServer> {
  const runtime = createRuntime(config, options.tools);
  const tracing = await startTracing(config, SERVER_INFO.version);
  const caller: Caller = {
    principal: { name: 'local', readOnly: false, tools: undefined, credentialSource: 'default' },
    credentials: { ok: true, credentials: { kind: 'default' } },
    region: config.ALIBABA_CLOUD_REGION,
  };
  const factory = createServerFactory({ ...runtime.factoryOptions, callerOf: () => caller });
  const handle = serveStdio(factory, { onerror: (error) => log.warn('MCP message rejected', { error: error.message }) });
  log.info('serving MCP on stdio', { credentials: 'default credential chain', region: config.ALIBABA_CLOUD_REGION });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= handle.close().then(() => tracing.shutdown());
    return closing;
  };
  const closed = new Promise<void>((resolve) => process.stdin.once('end', () => void close().then(resolve)));
  return { closed, close };
}
