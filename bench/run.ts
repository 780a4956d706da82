/**
 * `npm run bench` (first part; bench/all.ts runs both): throughput and latency of list_nodepools through the MCP server, compared with the
 * same DescribeClusterNodePools call made directly with the SDK and with a plain Express JSON echo.
 *
 * The ACK emulator, the MCP server and the echo server each run in their own child process; this
 * process is the load generator (and, for the direct-SDK row, the SDK client). All traffic stays on
 * 127.0.0.1. Every row is measured in several rounds, scenarios alternating, after a warm-up; the
 * tables show medians across rounds. It prints results and exits 0: timings are reported, never asserted.
 *
 *   npm run bench                      # the full run (about 75 s on 2 cores)
 *   npm run bench -- --quick           # one short round, to check the wiring
 *   npm run bench -- --profile         # CPU profile of the MCP server under load (c=16 and c=1), summarised
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { captureTemplates } from './capture.js';
import { startChild, type Child } from './child.js';
import type { EchoInfo } from './entries/echo.js';
import type { EmulatorInfo } from './entries/emulator.js';
import type { McpServerInfo } from './entries/mcp-server.js';
import { httpTarget } from './http-target.js';
import { runLoad } from './load.js';
import { profileReport, summarizeProfile } from './profile.js';
import { cpuTable, fixed, pairedMedian, resultsTable, rowOf, verdict } from './report.js';
import {
  errorsLine, MAX_CALLS_PER_RUN, measureRounds, note, out, packageVersion, roundSettings, runBenchMain, targetCache, type Scenario,
} from './rounds.js';
import { sdkCall } from './sdk-target.js';

const BEARER = 'bench-bearer-token-0123456789abcdef';
const TOOL = 'list_nodepools';
const CONCURRENCIES = [1, 16] as const;
const WATCHDOG_MS = 175_000;
/** Read/connect timeout of the Alibaba Cloud SDK client, the same in the server and in the direct-SDK row. */
const UPSTREAM_TIMEOUT_MS = 10_000;

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    'duration-ms': { type: 'string' },
    'keep-logs': { type: 'boolean', default: false },
  },
  strict: true,
});
const settings = roundSettings(flags, { durationMs: 2_500, maxDurationMs: 4_000, warmupMs: 1_500, prerollMs: 200 }, { durationMs: 800, warmupMs: 500 });

interface Processes {
  emulator: Child<EmulatorInfo>;
  server: Child<McpServerInfo>;
  echo: Child<EchoInfo>;
}

async function startProcesses(logDir: string): Promise<Processes> {
  const emulator = await startChild<EmulatorInfo>({ name: 'emulator', entry: 'emulator.ts', logDir });
  const [server, echo] = await Promise.all([
    startChild<McpServerInfo>({
      name: 'mcp-server',
      entry: 'mcp-server.ts',
      logDir,
      // Production-like settings (log level info, retries on), talking plain HTTP to the emulator.
      env: {
        MCP_HOST: '127.0.0.1',
        MCP_PORT: '0',
        MCP_AUTH_TOKEN: BEARER,
        MCP_LOG_LEVEL: 'info',
        ALIBABA_CLOUD_CREDENTIAL_SOURCE: 'headers',
        ALIBABA_CLOUD_PROTOCOL: 'http',
        ACK_CS_ENDPOINT: emulator.info.endpoint,
        ALIBABA_CLOUD_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
      },
    }),
    startChild<EchoInfo>({ name: 'echo', entry: 'echo.ts', logDir }),
  ]);
  return { emulator, server, echo };
}

function callerHeaders(emulator: EmulatorInfo): Record<string, string> {
  return {
    Authorization: `Bearer ${BEARER}`,
    'X-Aliyun-Access-Key-Id': emulator.accessKeyId,
    'X-Aliyun-Access-Key-Secret': emulator.accessKeySecret,
    ...(emulator.securityToken ? { 'X-Aliyun-Security-Token': emulator.securityToken } : {}),
  };
}

/** A JSON answer with a successful tool result (no JSON-RPC error, no isError). */
const toolResultOk = (text: string) =>
  text.includes('"structuredContent"') && !text.includes('"isError":true') ? undefined : `unexpected MCP answer: ${text.slice(0, 200)}`;

async function buildScenarios(p: Processes): Promise<{ scenarios: Scenario[]; close(): void }> {
  const args = { cluster_id: p.emulator.info.clusterId };
  const templates = await captureTemplates(p.server.info.mcpUrl, callerHeaders(p.emulator.info), TOOL, args);
  const { cached, close } = targetCache();
  const sdk = sdkCall(p.emulator.info, UPSTREAM_TIMEOUT_MS);
  const scenarios: Scenario[] = [
    {
      key: 'mcp',
      label: `MCP server, 2026-07-28 \`tools/call ${TOOL}\``,
      mainProcess: 'mcp-server',
      target: cached((c) => httpTarget(templates.modern, { concurrency: c, check: toolResultOk })),
    },
    {
      key: 'legacy',
      label: `MCP server, 2025-11-25 \`tools/call ${TOOL}\` (SSE answer)`,
      mainProcess: 'mcp-server',
      target: cached((c) =>
        httpTarget(templates.legacy, {
          concurrency: c,
          check: (text) => (text.startsWith('event: message') ? toolResultOk(text) : `unexpected legacy answer: ${text.slice(0, 200)}`),
        }),
      ),
    },
    { key: 'sdk', label: 'direct SDK `DescribeClusterNodePools`', mainProcess: 'load-gen', target: () => ({ call: sdk }) },
    {
      key: 'echo',
      label: 'Express JSON echo (same request)',
      mainProcess: 'echo',
      target: cached((c) =>
        httpTarget(
          { url: p.echo.info.url, headers: templates.modern.headers, body: templates.modern.body },
          { concurrency: c, check: (text) => (text.includes(`"${TOOL}"`) ? undefined : `unexpected echo: ${text.slice(0, 200)}`) },
        ),
      ),
    },
  ];
  return { scenarios, close };
}

async function cpuSnapshot(p: Processes): Promise<Record<string, number>> {
  const [server, emulator, echo] = await Promise.all([p.server.cpuMicros(), p.emulator.cpuMicros(), p.echo.cpuMicros()]);
  const self = process.cpuUsage();
  return { 'load-gen': self.user + self.system, 'mcp-server': server, emulator, echo };
}

async function benchmark(p: Processes, started: number): Promise<void> {
  const { scenarios, close } = await buildScenarios(p);
  const all = await measureRounds(scenarios, CONCURRENCIES, settings, () => cpuSnapshot(p), started);
  close();

  const mcp = (c: number) => rowOf(all, 'mcp', c);
  const sdk = (c: number) => rowOf(all, 'sdk', c);
  const echo = (c: number) => rowOf(all, 'echo', c);
  const overhead = pairedMedian(all, 'mcp', 'sdk', 1, (a, b) => a.p50 - b.p50);
  const throughputRatio = pairedMedian(all, 'mcp', 'sdk', 16, (a, b) => a.throughput / b.throughput);
  const echoRatio = pairedMedian(all, 'mcp', 'echo', 16, (a, b) => a.throughput / b.throughput);
  const echoDelta = pairedMedian(all, 'mcp', 'echo', 1, (a, b) => a.p50 - b.p50);
  const legacyOverhead = pairedMedian(all, 'legacy', 'sdk', 1, (a, b) => a.p50 - b.p50);
  const legacyRatio = pairedMedian(all, 'legacy', 'sdk', 16, (a, b) => a.throughput / b.throughput);

  const cpu = cpus();
  out(`### Benchmark: \`${TOOL}\` (${new Date().toISOString().slice(0, 10)})`);
  out();
  out(
    `Node ${process.version}, ${process.platform}/${process.arch}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}; express ${packageVersion('express')}, ` +
      `@modelcontextprotocol/server ${packageVersion('@modelcontextprotocol/server')}, @alicloud/cs20151215 ${packageVersion('@alicloud/cs20151215')}. ` +
      `Closed loop over keep-alive on 127.0.0.1; emulator, MCP server and echo each in its own process, load generator (and the direct SDK client) in a fourth. ` +
      `${settings.rounds} round(s) × ${(settings.durationMs / 1000).toFixed(1)} s per row after warm-up, paths alternating; medians across rounds. Server log level info.`,
  );
  out();
  out(resultsTable(all, scenarios, CONCURRENCIES));
  out();
  out(cpuTable(all, scenarios, 16, ['load-gen', 'mcp-server', 'emulator', 'echo']));
  out();
  out('Targets (paired per round, median across rounds):');
  const verdicts = [
    verdict('(a) MCP-layer overhead, p50(server) − p50(direct SDK) at c=1', `${fixed(overhead, 2)} ms (${fixed(mcp(1).p50, 2)} vs ${fixed(sdk(1).p50, 2)} ms)`, '≤ 1 ms', overhead <= 1),
    verdict('(b) throughput(server) / throughput(direct SDK) at c=16', `${fixed(throughputRatio * 100, 0)}% (${fixed(mcp(16).throughput, 0)} vs ${fixed(sdk(16).throughput, 0)} calls/s)`, '≥ 50%', throughputRatio >= 0.5),
  ];
  for (const v of verdicts) out(v.line);
  out(`- server vs Express echo: ${fixed(echoRatio * 100, 0)}% of echo throughput at c=16 (${fixed(mcp(16).throughput, 0)} vs ${fixed(echo(16).throughput, 0)} calls/s); p50 +${fixed(echoDelta, 2)} ms at c=1`);
  out(`- 2025-11-25 path: overhead ${fixed(legacyOverhead, 2)} ms at c=1, ${fixed(legacyRatio * 100, 0)}% of direct-SDK throughput at c=16`);
  const errors = errorsLine(all, scenarios, CONCURRENCIES);
  if (errors) out(errors);
  out();
  if (flags.quick) out('(--quick: short warm-up and a single round; the numbers only show that everything is wired up.)');
  out(`Took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

async function profile(p: Processes, started: number, profileDir: string): Promise<void> {
  const { scenarios, close } = await buildScenarios(p);
  const mcp = scenarios.find((s) => s.key === 'mcp')!;
  note('warming up 3 s, then profiling the MCP server at c=16 (6 s) and c=1 (4 s)');
  await runLoad(mcp.target(16).call, { concurrency: 16, durationMs: 3_000, maxCalls: MAX_CALLS_PER_RUN });
  for (const [concurrency, ms] of [[16, 6_000], [1, 4_000]] as const) {
    const file = join(profileDir, `mcp-server-c${concurrency}.cpuprofile`);
    await p.server.startProfile();
    const load = await runLoad(mcp.target(concurrency).call, { concurrency, durationMs: ms, maxCalls: MAX_CALLS_PER_RUN });
    await p.server.stopProfile(file);
    out(`#### MCP server profile, 2026-07-28 \`tools/call ${TOOL}\`, c=${concurrency}`);
    out();
    out(`${load.calls} calls in ${(load.elapsedMs / 1000).toFixed(1)} s (${fixed((load.calls * 1000) / load.elapsedMs, 0)} calls/s, ${load.errors} error(s)).`);
    out(profileReport(summarizeProfile(file), load.calls));
    out();
    out(`Profile: ${file} (Chrome DevTools → Performance → Load profile).`);
    out();
  }
  close();
  out(`Took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

await runBenchMain({
  watchdogMs: WATCHDOG_MS,
  logPrefix: 'ack-mcp-bench-',
  keepLogs: flags['keep-logs'] || flags.profile,
  async start(logDir) {
    note(`starting emulator, MCP server and echo (logs in ${logDir})`);
    return startProcesses(logDir);
  },
  run: (processes, started, logDir) => (flags.profile ? profile(processes, started, logDir) : benchmark(processes, started)),
  children: (p) => ({ server: p.server, others: [p.echo, p.emulator] }),
});
