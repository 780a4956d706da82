/**
 * Bench child: the real ack-mcp-server (startServer), configured like production except that it talks
 * plain HTTP to the emulator. Settings come from the environment the parent passes, through loadConfig.
 */
import { loadConfig } from '../../src/config.js';
import { configureLogger } from '../../src/observability/logger.js';
import { startServer } from '../../src/server.js';
import { runChild } from './ipc.js';

export interface McpServerInfo {
  mcpUrl: string;
}

runChild<McpServerInfo>(async () => {
  const config = loadConfig(process.env);
  configureLogger({ level: config.MCP_LOG_LEVEL });
  const server = await startServer(config);
  return {
    info: { mcpUrl: server.mcpUrl },
    close: async () => {
      await server.shutdown(1_000);
    },
  };
});
