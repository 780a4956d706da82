import { z } from 'zod';
import type { $Cs } from '../aliyun/sdk.js';
import type { DiagnosisType } from '../services/ack.js';
import { defineTool, readOnly, type ToolContext } from '../mcp/tool.js';
import { pollUntilFinished } from './poll.js';
import { clusterId, diagnosisId, waited, waitSeconds } from './schemas.js';

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a Kubernetes namespace (lowercase letters, digits and "-")')
  .max(63);
const objectName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a Kubernetes object name (lowercase letters, digits, "-" and ".")')
  .max(253);
const nodeName = z.string().regex(/^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/, 'must be a Kubernetes node name such as cn-hangzhou.10.0.1.23').max(253);
const ip = z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' });

/** The target each diagnosis type needs; `target` is checked against the shape of its `type`. */
const targetShapes = {
  cluster: z.object({}).strict(),
  node: z.object({ name: nodeName.describe('Node name.') }).strict(),
  pod: z.object({ namespace: dnsLabel, name: objectName }).strict(),
  service: z.object({ namespace: dnsLabel, name: objectName }).strict(),
  network: z
    .object({
      src: ip.describe('Source IP.'),
      dst: ip.describe('Destination IP.'),
      dport: z.number().int().min(1).max(65535).describe('Destination port.'),
      protocol: z.enum(['tcp', 'udp']).optional(),
    })
    .strict(),
  ingress: z.object({ url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }) }).strict(),
  memory: z.object({ node: nodeName.describe('Node name.') }).strict(),
} satisfies Record<DiagnosisType, z.ZodObject>;

const diagnosisTypes = Object.keys(targetShapes) as [DiagnosisType, ...DiagnosisType[]];

const statusNames: Record<number, 'created' | 'running' | 'completed'> = { 0: 'created', 1: 'running', 2: 'completed' };
const codeNames: Record<number, 'success' | 'failed'> = { 0: 'success', 1: 'failed' };

const checkItem = z.object({
  name: z.string().optional(),
  display: z.string().optional(),
  group: z.string().optional(),
  level: z.string().optional().describe('normal, warning or error'),
  message: z.string().optional(),
  description: z.string().optional(),
  value: z.string().optional(),
  refer: z.string().optional(),
});

const diagnosisSummary = z.object({
  diagnosis_id: z.string(),
  type: z.string().optional(),
  target: z.unknown().optional(),
  status: z.string().describe('created, running or completed'),
  code: z.string().optional().describe('success or failed, once completed'),
  finished: z.boolean(),
  message: z.string().optional(),
  created: z.string().optional(),
  finished_at: z.string().optional(),
  result: z.unknown().optional().describe('The diagnosis result document.'),
  check_items: z.array(checkItem).describe('Checks performed, most severe first (only once completed).'),
  counts: z.object({ error: z.number().int(), warning: z.number().int(), normal: z.number().int() }),
});
type DiagnosisSummary = z.infer<typeof diagnosisSummary>;

const language = z.enum(['en', 'zh_CN']).default('en').describe('Language of messages (en or zh_CN).');

export const createClusterDiagnosis = defineTool({
  name: 'create_cluster_diagnosis',
  title: 'Run an ACK cluster diagnosis',
  description: [
    'Start an ACK diagnosis and return its diagnosis_id; with wait_seconds > 0 the server waits for it and returns the check items.',
    'type and target: cluster → no target; node → {name: node name}; pod → {namespace, name}; service → {namespace, name};',
    'network → {src: IP, dst: IP, dport: port, protocol?: tcp|udp}; ingress → {url}; memory → {node: node name}.',
    'Fetch the outcome later with get_cluster_diagnosis_result.',
  ].join(' '),
  input: z
    .object({
      cluster_id: clusterId,
      type: z.enum(diagnosisTypes).describe('What to diagnose.'),
      target: z
        .record(z.string(), z.union([z.string(), z.number()]))
        .optional()
        .describe('What exactly to diagnose; its shape depends on type (see the description).'),
      language,
      wait_seconds: waitSeconds,
    })
    .superRefine((args, ctx) => {
      const parsed = targetShapes[args.type].safeParse(args.target ?? {});
      for (const issue of parsed.error?.issues ?? []) {
        const detail = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
        ctx.addIssue({ code: 'custom', path: ['target', ...issue.path], message: `${detail} for a ${args.type} diagnosis` });
      }
    }),
  output: z.object({
    cluster_id: z.string(),
    diagnosis_id: z.string(),
    type: z.string(),
    request_id: z.string().optional(),
    diagnosis: diagnosisSummary.optional(),
    waited,
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(ctx, args) {
    const started = await ctx.ack().createDiagnosis(args.cluster_id, args.type, args.target ?? {});
    const diagnosisId = started.value.diagnosisId;
    const base = { cluster_id: args.cluster_id, diagnosis_id: diagnosisId, type: args.type, request_id: started.requestId };
    const outcome = await pollUntilFinished<DiagnosisSummary | undefined>(ctx, {
      waitSeconds: args.wait_seconds,
      initial: undefined,
      fetch: () => fetchDiagnosis(ctx, args.cluster_id, diagnosisId, args.language),
      isFinished: (d) => d?.finished ?? false,
      describe: (d) => `diagnosis ${diagnosisId}: ${d?.status ?? 'submitted'}`,
    });
    return { ...base, ...(outcome.last ? { diagnosis: outcome.last } : {}), waited: outcome.waited };
  },
  render: (result) =>
    `Diagnosis ${result.diagnosis_id} (${result.type}) started.` + (result.diagnosis ? `\n${renderDiagnosis(result.diagnosis)}` : ''),
});

export const getClusterDiagnosisResult = defineTool({
  name: 'get_cluster_diagnosis_result',
  title: 'Get an ACK diagnosis result',
  description:
    'Get the status (created, running, completed), outcome (success or failed), message and check items of a diagnosis started with create_cluster_diagnosis. Check items are sorted most severe first (error, warning, normal).',
  input: z.object({ cluster_id: clusterId, diagnosis_id: diagnosisId, language }),
  output: diagnosisSummary,
  annotations: readOnly,
  handler: (ctx, args) => fetchDiagnosis(ctx, args.cluster_id, args.diagnosis_id, args.language),
  render: renderDiagnosis,
});

async function fetchDiagnosis(ctx: ToolContext, cluster: string, id: string, lang: string): Promise<DiagnosisSummary> {
  const ack = ctx.ack();
  const { value } = await ack.getDiagnosisResult(cluster, id, lang);
  const finished = value.status === 2;
  const items = finished ? (await ack.getDiagnosisCheckItems(cluster, id, lang)).value : [];
  return summariseDiagnosis(id, value, items);
}

const severity: Record<string, number> = { error: 0, warning: 1, normal: 2 };

function summariseDiagnosis(
  id: string,
  result: $Cs.GetClusterDiagnosisResultResponseBody,
  items: $Cs.GetClusterDiagnosisCheckItemsResponseBodyCheckItems[],
): DiagnosisSummary {
  const checkItems = items
    .map((i) => ({
      name: i.name,
      display: i.display,
      group: i.group,
      level: i.level,
      message: i.message,
      description: i.desc,
      value: i.value,
      refer: i.refer,
    }))
    .sort((a, b) => (severity[a.level ?? ''] ?? 3) - (severity[b.level ?? ''] ?? 3));
  const count = (level: string) => checkItems.filter((i) => i.level === level).length;
  const status = result.status === undefined ? 'unknown' : (statusNames[result.status] ?? `unknown(${result.status})`);
  const finished = status === 'completed';
  return {
    diagnosis_id: result.diagnosisId ?? id,
    type: result.type,
    target: parseJson(result.target),
    status,
    ...(finished && result.code !== undefined ? { code: codeNames[result.code] ?? `unknown(${result.code})` } : {}),
    finished,
    message: result.message,
    created: result.created,
    finished_at: result.finished,
    result: parseJson(result.result),
    check_items: checkItems,
    counts: { error: count('error'), warning: count('warning'), normal: count('normal') },
  };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function renderDiagnosis(d: DiagnosisSummary): string {
  const head = `Diagnosis ${d.diagnosis_id} (${d.type ?? '?'}): ${d.status}${d.code ? `, ${d.code}` : ''}${d.message ? ` — ${d.message}` : ''}`;
  if (!d.finished) return head;
  const lines = d.check_items
    .filter((i) => i.level !== 'normal')
    .map((i) => `  [${i.level}] ${i.display ?? i.name ?? ''}: ${i.message ?? ''}`);
  return [head, `  ${d.counts.error} error(s), ${d.counts.warning} warning(s), ${d.counts.normal} normal`, ...lines].join('\n');
}
