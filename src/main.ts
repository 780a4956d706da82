#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { configureLogger, log } from './observability/logger.js';
import { startServer, StartupError } from './server.js';

const USAGE = `Usage: ack-mcp-server [--host HOST] [--port PORT] [--allow-unauthenticated]

Serves MCP over Streamable HTTP at /mcp/v1. Every other setting comes from the environment
(or a .env file in the working directory); see .env.example.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'allow-unauthenticated': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig({
    ...process.env,
    ...(values.host ? { MCP_HOST: values.host } : {}),
    ...(values.port ? { MCP_PORT: values.port } : {}),
  });
  configureLogger({ level: config.MCP_LOG_LEVEL });
  const server = await startServer(config, { allowUnauthenticated: values['allow-unauthenticated'] });

  const stop = (signal: string) => {
    log.info('signal received', { signal });
    void server.shutdown().then((finished) => {
      if (!finished) log.warn("grace period over; exiting with calls still running");
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { error: reason }));

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`ack-mcp-server: ${error.message}\n`);
  } else {
    log.error('fatal', { error, stack: error instanceof Error ? error.stack : undefined });
  }
  process.exit(2);
});
