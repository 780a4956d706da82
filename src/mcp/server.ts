import { createRequire } from 'node:module';
import { ProtocolError, ProtocolErrorCode, Server, type McpRequestContext, type ServerContext } from '@modelcontextprotocol/server';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/server/validators/ajv';
import type { Caller } from '../http/caller.js';
import type { Principal } from '../http/principal.js';
import type { AccessLevel } from '../kubectl/access-level.js';
import { callTool, type CallEnvironment } from './call-tool.js';
import { listingOf, type ToolListing } from './catalog.js';
import { kubectlLevelFor, toolsFor, whyHidden, type ExposurePolicy } from './policy.js';
import type { AnyTool, ProgressUpdate } from './tool.js';

const packageJson = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };
export const SERVER_INFO = { name: packageJson.name, version: packageJson.version } as const;

const INSTRUCTIONS =
  'Operate Alibaba Cloud ACK (managed Kubernetes) clusters as the calling RAM identity. Start with list_clusters to find a cluster_id, then list_nodepools / list_cluster_nodes. Scaling and node removal are asynchronous: they return a task_id to follow with describe_task_info, or pass wait_seconds to wait. For a cluster\'s logs and metrics, pass only cluster_id to sls_execute_sql_query and cms_execute_promql_query: projects and endpoints are discovered (describe_cluster_observability shows them).';

const TOOL_LIST_TTL_MS = 5 * 60_000;

interface Catalog {
  listings: ToolListing[];
  byName: Map<string, AnyTool>;
}

export interface McpServerFactoryOptions {
  /** Every tool, for a kubectl access level (only the kubectl tool differs between levels). */
  toolsAt(kubectlLevel: AccessLevel): readonly AnyTool[];
  exposure: ExposurePolicy;
  env: CallEnvironment;
  /** Who is calling; default: the caller the HTTP layer put into the request's auth info. */
  callerOf?(ctx: McpRequestContext): Caller | undefined;
}

const callerFromAuthInfo = (ctx: McpRequestContext) => ctx.authInfo?.extra?.['caller'] as Caller | undefined;

/**
 * Returns the per-request factory for createMcpHandler. Everything expensive is built once: the
 * JSON schemas (catalog.ts), each principal's tool list, and one shared JSON-schema validator.
 */
export function createServerFactory(options: McpServerFactoryOptions): (ctx: McpRequestContext) => Server {
  const validator = new AjvJsonSchemaValidator();
  const allByName = new Map(options.toolsAt('read-only').map((t) => [t.name, t]));
  const catalogs = new WeakMap<Principal, Catalog>();
  for (const tool of options.toolsAt(options.exposure.kubectlLevel)) listingOf(tool);

  const catalogFor = (principal: Principal): Catalog => {
    let catalog = catalogs.get(principal);
    if (!catalog) {
      const tools = toolsFor(options.toolsAt(kubectlLevelFor(options.exposure, principal)), options.exposure, principal);
      catalog = { listings: tools.map(listingOf), byName: new Map(tools.map((t) => [t.name, t])) };
      catalogs.set(principal, catalog);
    }
    return catalog;
  };

  const callerOf = options.callerOf ?? callerFromAuthInfo;
  return (ctx) => {
    const caller = callerOf(ctx);
    if (!caller) throw new Error('MCP request reached the server factory without an authenticated caller');
    const catalog = catalogFor(caller.principal);
    const server = new Server(SERVER_INFO, {
      capabilities: { tools: { listChanged: false } },
      instructions: INSTRUCTIONS,
      jsonSchemaValidator: validator,
      // The tool list is fixed for the life of the process and per principal: clients may cache it.
      cacheHints: { 'tools/list': { ttlMs: TOOL_LIST_TTL_MS, cacheScope: 'private' }, 'server/discover': { ttlMs: TOOL_LIST_TTL_MS, cacheScope: 'private' } },
    });
    server.setRequestHandler('tools/list', () => ({ tools: catalog.listings }));
    server.setRequestHandler('tools/call', (request, context) => {
      const name = request.params.name;
      const tool = catalog.byName.get(name);
      if (!tool) {
        const known = allByName.get(name);
        const reason = known
          ? `Tool ${name} is not available: ${whyHidden(known, options.exposure, caller.principal)}.`
          : `Unknown tool: ${name}. Available tools: ${[...catalog.byName.keys()].join(', ')}.`;
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, reason);
      }
      return callTool(options.env, tool, request.params.arguments, {
        caller,
        signal: requestSignal(context),
        progress: progressSender(context),
      });
    });
    return server;
  };
}

/** Aborted when the client cancels (2025 notifications/cancelled) or the HTTP connection closes. */
function requestSignal(context: ServerContext): AbortSignal {
  const http = context.http?.req?.signal;
  return http ? AbortSignal.any([context.mcpReq.signal, http]) : context.mcpReq.signal;
}

function progressSender(context: ServerContext): (update: ProgressUpdate) => Promise<void> {
  const token = context.mcpReq._meta?.progressToken;
  if (token === undefined) return async () => {};
  return async (update) => {
    try {
      await context.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, ...update } });
    } catch {
      // The client went away; the poll loop sees the aborted signal next.
    }
  };
}
