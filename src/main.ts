#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { configureLogger, log } from './observability/logger.js';
import { startServer, StartupError } from './server.js';
import { startStdioServer } from './stdio.js';

const USAGE = `Usage: ack-mcp-server [--transport http|stdio] [--host HOST] [--port PORT] [--allow-unauthenticated]

--transport http (default) serves MCP over Streamable HTTP at /mcp/v1, for many callers.
--transport stdio serves one local user over stdin/stdout with the Alibaba Cloud default
credential chain (ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, a profile, RRSA or an ECS role).
Every other setting comes from the environment (or a .env file in the working directory);
see .env.example.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      transport: { type: 'string' },
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
    ...(values.transport ? { MCP_TRANSPORT: values.transport } : {}),
    ...(values.host ? { MCP_HOST: values.host } : {}),
    ...(values.port ? { MCP_PORT: values.port } : {}),
  });
  configureLogger({ level: config.MCP_LOG_LEVEL });
  if (config.MCP_TRANSPORT === 'stdio') return serveStdio(config);
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

async function serveStdio(config: Config): Promise<void> {
  if (process.env['ALIBABA_CLOUD_CREDENTIAL_SOURCE'] === 'headers') {
    throw new StartupError('stdio has no request headers to carry credentials: unset ALIBABA_CLOUD_CREDENTIAL_SOURCE (stdio always uses the default credential chain).');
  }
  const server = await startStdioServer(config);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await server.closed;
  process.exit(0);
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
