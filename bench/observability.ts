/**
 * `tsx bench/observability.ts` (the second half of `npm run bench`): a PromQL and an SQL query through
 * the MCP server (`cms_execute_promql_query`, `sls_execute_sql_query`), compared with the same upstream
 * call made directly against the emulators: SLS GetLogs with the SDK, and a fetch POST to the ARMS
 * instance's Prometheus HTTP API.
 *
 * The emulated cloud (ACK, Kubernetes, SLS, ARMS and a real Prometheus) runs in one child process, the
 * MCP server (real startServer, production-like settings, local DNS for `{project}.localhost`) in
 * another; this process is the load generator and the direct client. All traffic stays on the loopback.
 * Every row is measured in several rounds, paths alternating, after a warm-up; the tables show medians
 * across rounds, and each MCP/direct ratio is the median of the ratios of the same round. It prints
 * results and exits 0: timings are reported, never asserted. Without Prometheus (Debian: apt-get install
 * prometheus) the PromQL rows are skipped, loudly, and the SQL rows still run.
 *
 *   tsx bench/observability.ts              # the full run (about 40 s on 2 cores)
 *   tsx bench/observability.ts --quick      # one short round, to check the wiring
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { installLocalDns } from '../test/helpers/local-dns.js';
import { captureTemplates } from './capture.js';
import { startChild, type Child } from './child.js';
import type { CloudInfo } from './entries/cloud.js';
import type { McpServerInfo } from './entries/mcp-server.js';
import { httpTarget } from './http-target.js';
import { armsPrometheusUrl, promqlFetchCall, slsGetLogsCall } from './observability-targets.js';
import { cpuTable, fixed, pairedMedian, resultsTable, rowOf, type Measurement } from './report.js';
import { errorsLine, measureRounds, note, out, packageVersion, roundSettings, runBenchMain, targetCache, type Scenario } from './rounds.js';

const BEARER = 'bench-bearer-token-0123456789abcdef';
const SQL_TOOL = 'sls_execute_sql_query';
const PROMQL_TOOL = 'cms_execute_promql_query';
const SQL = '* | select reason, count(*) as c group by reason order by c desc';
/** What the server sends to SLS for SQL without a LIMIT when limit = 20 (src/tools/sls-query.ts: withRowWindow(query, 0, limit + 1)). */
const SENT_SQL = `${SQL} limit 0,21`;
const LOGSTORE = 'k8s-event';
const PROMQL = 'sum by (pod) (kube_pod_container_status_restarts_total)';
const CONCURRENCIES = [1, 16] as const;
const WATCHDOG_MS = 110_000;
/** Timeout of each upstream call, the same in the server (SDK and Prometheus client) and in the direct rows. */
const UPSTREAM_TIMEOUT_MS = 10_000;

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    'duration-ms': { type: 'string' },
    'keep-logs': { type: 'boolean', default: false },
  },
  strict: true,
});
const settings = roundSettings(flags, { durationMs: 1_000, maxDurationMs: 2_000, warmupMs: 900, prerollMs: 150 }, { durationMs: 400, warmupMs: 300 });

interface Processes {
  cloud: Child<CloudInfo>;
  server: Child<McpServerInfo>;
}

async function startProcesses(logDir: string): Promise<Processes> {
  // Writing the Prometheus TSDB blocks with promtool takes a few seconds on a slow machine.
  const cloud = await startChild<CloudInfo>({ name: 'cloud', entry: 'cloud.ts', logDir, readyTimeoutMs: 90_000 });
  const server = await startChild<McpServerInfo>({
    name: 'mcp-server',
    entry: 'mcp-server-local-dns.ts',
    logDir,
    // Production-like settings (log level info, retries on, default caches), talking plain HTTP to the emulators.
    env: {
      MCP_HOST: '127.0.0.1',
      MCP_PORT: '0',
      MCP_AUTH_TOKEN: BEARER,
      MCP_LOG_LEVEL: 'info',
      ALIBABA_CLOUD_CREDENTIAL_SOURCE: 'headers',
      ALIBABA_CLOUD_PROTOCOL: 'http',
      ACK_CS_ENDPOINT: cloud.info.ackEndpoint,
      SLS_ENDPOINT: cloud.info.slsEndpoint,
      ARMS_ENDPOINT: cloud.info.armsEndpoint,
      ALIBABA_CLOUD_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
      PROMETHEUS_TIMEOUT_SECONDS: String(UPSTREAM_TIMEOUT_MS / 1000),
    },
  }).catch(async (error: unknown) => {
    await cloud.stop(); // closes Prometheus and removes its data directory
    throw error;
  });
  return { cloud, server };
}

function callerHeaders(cloud: CloudInfo): Record<string, string> {
  return {
    Authorization: `Bearer ${BEARER}`,
    'X-Aliyun-Access-Key-Id': cloud.accessKeyId,
    'X-Aliyun-Access-Key-Secret': cloud.accessKeySecret,
    ...(cloud.securityToken ? { 'X-Aliyun-Security-Token': cloud.securityToken } : {}),
  };
}

/** The structuredContent of a successful JSON tools/call answer, or a description of what is wrong. */
function toolResult(text: string): Record<string, unknown> | string {
  let answer: { result?: { isError?: boolean; structuredContent?: Record<string, unknown>; content?: unknown }; error?: unknown };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    return `not a JSON answer: ${text.slice(0, 200)}`;
  }
  if (answer.error !== undefined) return `JSON-RPC error: ${JSON.stringify(answer.error).slice(0, 200)}`;
  if (answer.result?.isError) return `tool error: ${JSON.stringify(answer.result.content).slice(0, 200)}`;
  return answer.result?.structuredContent ?? `no structuredContent: ${text.slice(0, 200)}`;
}

const valueOf = (sourced: unknown) => (sourced as { value?: unknown } | undefined)?.value;

async function buildScenarios(p: Processes, window: { from: number; to: number }): Promise<{ scenarios: Scenario[]; close(): void }> {
  const cloud = p.cloud.info;
  const headers = callerHeaders(cloud);
  const project = `k8s-log-${cloud.clusterId}`;
  const { cached, close } = targetCache();

  const sqlArgs = { cluster_id: cloud.clusterId, query: SQL, from: window.from, to: window.to };
  const sqlTemplate = (await captureTemplates(p.server.info.mcpUrl, headers, SQL_TOOL, sqlArgs)).modern;
  /** The server must have queried exactly what the direct row sends, and found rows. */
  const sqlOk = (text: string) => {
    const r = toolResult(text);
    if (typeof r === 'string') return r;
    if (r['query'] !== SENT_SQL) return `the server sent ${JSON.stringify(r['query'])}, the direct row sends ${JSON.stringify(SENT_SQL)}`;
    if (valueOf(r['project']) !== project || valueOf(r['logstore']) !== LOGSTORE) return `the server queried ${String(valueOf(r['project']))}/${String(valueOf(r['logstore']))}`;
    if (r['from'] !== window.from || r['to'] !== window.to) return `the server queried ${String(r['from'])}–${String(r['to'])}`;
    if (r['complete'] !== true) return 'the SQL result is incomplete';
    return Array.isArray(r['rows']) && r['rows'].length > 0 ? undefined : 'the SQL result has no rows';
  };
  const sqlDirect = slsGetLogsCall(cloud, { project, logstore: LOGSTORE, query: SENT_SQL, from: window.from, to: window.to }, UPSTREAM_TIMEOUT_MS);
  const scenarios: Scenario[] = [
    {
      key: 'sql-mcp',
      label: `SQL: MCP \`tools/call ${SQL_TOOL}\``,
      mainProcess: 'mcp-server',
      target: cached((c) => httpTarget(sqlTemplate, { concurrency: c, check: sqlOk })),
    },
    { key: 'sql-direct', label: 'SQL: direct SDK `GetLogs`', mainProcess: 'load-gen', target: () => ({ call: sqlDirect }) },
  ];

  if (cloud.prometheusUnavailable === undefined) {
    const promArgs = { cluster_id: cloud.clusterId, query: PROMQL };
    const promTemplate = (await captureTemplates(p.server.info.mcpUrl, headers, PROMQL_TOOL, promArgs)).modern;
    const promOk = (text: string) => {
      const r = toolResult(text);
      if (typeof r === 'string') return r;
      if (r['query'] !== PROMQL || r['result_type'] !== 'vector') return `unexpected PromQL answer: ${text.slice(0, 200)}`;
      if (!String(valueOf(r['backend'])).startsWith('ARMS Managed Prometheus (public')) return `the server queried ${String(valueOf(r['backend']))}`;
      return Array.isArray(r['series']) && r['series'].length > 0 ? undefined : 'the PromQL result has no series';
    };
    const baseUrl = await armsPrometheusUrl(cloud, UPSTREAM_TIMEOUT_MS);
    const promDirect = promqlFetchCall(cloud, baseUrl, PROMQL, UPSTREAM_TIMEOUT_MS);
    scenarios.push(
      {
        key: 'prom-mcp',
        label: `PromQL: MCP \`tools/call ${PROMQL_TOOL}\``,
        mainProcess: 'mcp-server',
        target: cached((c) => httpTarget(promTemplate, { concurrency: c, check: promOk })),
      },
      { key: 'prom-direct', label: 'PromQL: direct `fetch` POST `/api/v1/query` (ARMS)', mainProcess: 'load-gen', target: () => ({ call: promDirect }) },
    );
  }
  return { scenarios, close };
}

async function cpuSnapshot(p: Processes): Promise<Record<string, number>> {
  const [server, cloud] = await Promise.all([p.server.cpuMicros(), p.cloud.cpuMicros()]);
  const self = process.cpuUsage();
  return { 'load-gen': self.user + self.system, 'mcp-server': server, cloud };
}

function ratioTable(all: readonly Measurement[], pairs: ReadonlyArray<{ label: string; mcp: string; direct: string }>): string {
  const lines = ['| query | conc. | MCP/direct calls/s | MCP/direct p50 |', '|---|--:|--:|--:|'];
  for (const pair of pairs) {
    for (const c of CONCURRENCIES) {
      const throughput = pairedMedian(all, pair.mcp, pair.direct, c, (a, b) => a.throughput / b.throughput);
      const p50 = pairedMedian(all, pair.mcp, pair.direct, c, (a, b) => a.p50 / b.p50);
      const m = rowOf(all, pair.mcp, c);
      const d = rowOf(all, pair.direct, c);
      lines.push(
        `| ${pair.label} | ${c} | ${fixed(throughput, 2)} (${fixed(m.throughput, 0)} vs ${fixed(d.throughput, 0)}) | ${fixed(p50, 2)} (${fixed(m.p50, 2)} vs ${fixed(d.p50, 2)} ms) |`,
      );
    }
  }
  return lines.join('\n');
}

async function benchmark(p: Processes, started: number): Promise<void> {
  // A fixed 3 h window ending now, the same epoch seconds in every call of every row.
  const to = Math.floor(Date.now() / 1000);
  const window = { from: to - 3 * 3600, to };
  const unavailable = p.cloud.info.prometheusUnavailable;
  if (unavailable !== undefined) note(`PROMETHEUS UNAVAILABLE (${unavailable}): the PromQL rows are SKIPPED; only SQL is measured`);
  const { scenarios, close } = await buildScenarios(p, window);
  const all = await measureRounds(scenarios, CONCURRENCIES, settings, () => cpuSnapshot(p), started);
  close();

  const cpu = cpus();
  out(`### Benchmark: SQL${unavailable === undefined ? ' and PromQL' : ''} through the MCP server vs direct (${new Date().toISOString().slice(0, 10)})`);
  out();
  out(
    `Node ${process.version}, ${process.platform}/${process.arch}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}; ` +
      `@modelcontextprotocol/server ${packageVersion('@modelcontextprotocol/server')}, @alicloud/sls20201230 ${packageVersion('@alicloud/sls20201230')}. ` +
      `Closed loop over keep-alive on the loopback; emulated cloud (ACK, Kubernetes, SLS, ARMS; Prometheus as its own process) in one process, ` +
      `MCP server in another, load generator (and the direct clients) in a third. ` +
      `${settings.rounds} round(s) × ${(settings.durationMs / 1000).toFixed(1)} s per row after warm-up, paths alternating; medians across rounds. Server log level info.`,
  );
  out(
    `SQL: \`${SQL}\` over a fixed 3 h window (k8s-log-<cluster>/${LOGSTORE}); the direct row sends what the server sends: \`… limit 0,21\`. ` +
      `PromQL: \`${PROMQL}\`, an instant query.`,
  );
  if (unavailable !== undefined) {
    out();
    out(`**Prometheus unavailable — PromQL rows skipped:** ${unavailable}.`);
  }
  out();
  out(resultsTable(all, scenarios, CONCURRENCIES));
  out();
  const pairs = [{ label: 'SQL', mcp: 'sql-mcp', direct: 'sql-direct' }];
  if (unavailable === undefined) pairs.push({ label: 'PromQL', mcp: 'prom-mcp', direct: 'prom-direct' });
  out('MCP/direct, the median over rounds of the same-round ratio (medians of the rows in brackets):');
  out();
  out(ratioTable(all, pairs));
  out();
  out(cpuTable(all, scenarios, 16, ['load-gen', 'mcp-server', 'cloud']));
  out('(The `cloud` column is the emulators\' Node process; the Prometheus server process is not counted.)');
  const errors = errorsLine(all, scenarios, CONCURRENCIES);
  if (errors) out(errors);
  out();
  if (flags.quick) out('(--quick: short warm-up and a single round; the numbers only show that everything is wired up.)');
  out(`Took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

// The direct GetLogs row sends to `{project}.localhost:PORT`, like the server.
installLocalDns();
await runBenchMain({
  watchdogMs: WATCHDOG_MS,
  logPrefix: 'ack-mcp-bench-obs-',
  keepLogs: flags['keep-logs'],
  async start(logDir) {
    note(`starting the emulated cloud (with Prometheus) and the MCP server (logs in ${logDir})`);
    return startProcesses(logDir);
  },
  run: (processes, started) => benchmark(processes, started),
  children: (p) => ({ server: p.server, others: [p.cloud] }),
});
