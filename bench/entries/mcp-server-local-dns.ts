/**
 * Bench child: the MCP server of entries/mcp-server.ts in a process whose dns.lookup resolves
 * `*.localhost` to 127.0.0.1. The SLS SDK sends to `{project}.{endpoint}`, and the SLS emulator's
 * endpoint is `localhost:PORT` (test/helpers/local-dns.ts). The server code itself is unchanged.
 */
import { installLocalDns } from '../../test/helpers/local-dns.js';

installLocalDns();
await import('./mcp-server.js');
