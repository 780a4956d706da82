import { z } from 'zod';
import { atLeast, type AccessLevel } from '../kubectl/access-level.js';
import { guardKubectl } from '../kubectl/guard.js';
import { commandsAddedAt } from '../kubectl/level-summary.js';
import { maskSecretValues } from '../kubectl/mask-secrets.js';
import { defineTool, readOnly, type AnyTool, type ToolAnnotations } from '../mcp/tool.js';
import { OutputCapture } from '../services/output-capture.js';
import { clusterId } from './schemas.js';

const MAX_STDIN_BYTES = 1024 * 1024;
/** Most JSON/YAML read whole for masking below admin; larger output is withheld, not shown unmasked. */
const MASKING_READ_BYTES = 16 * 1024 * 1024;

const levelNote = (level: AccessLevel): string => {
  const readOnlyVerbs = `Access level read-only: ${commandsAddedAt('read-only').join(', ')}.`;
  const masked = 'Secret values are masked in -o yaml/json, and jsonpath or template output of Secrets is refused.';
  if (level === 'read-only') return `${readOnlyVerbs} ${masked}`;
  const readWrite = `Access level read-write: the read-only commands plus ${commandsAddedAt('read-write').join(', ')}. Give manifests in stdin with \`apply -f -\`.`;
  if (level === 'read-write') return `${readWrite} ${masked}`;
  return `Access level admin: every read-write command plus ${commandsAddedAt('admin').join(', ')}; Secret values are shown.`;
};

const writing: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };

const output = z.object({
  exit_code: z.number().int().nullable().describe('kubectl exit code; null when it was killed (timeout or cancellation).'),
  stdout: z.string(),
  stderr: z.string(),
  truncated: z.boolean().describe('Output went over the cap: the head and tail are kept.'),
  timed_out: z.boolean(),
  duration_ms: z.number().int(),
  masked_secrets: z.number().int().optional().describe('How many Secret objects had their values masked.'),
});

/** Masks `--from-literal=key=value` values so audit lines never hold them. */
function auditCommand(command: string): string {
  return command.replace(/(--from-literal[=\s]+[^=\s]+=)\S+/g, '$1***');
}

function kubectlTool(level: AccessLevel): AnyTool {
  return defineTool({
    name: 'kubectl',
    title: 'Run kubectl',
    description: [
      'Run one kubectl command against an ACK cluster as the calling RAM identity (its own kubeconfig and Kubernetes RBAC).',
      'Pass the arguments after `kubectl` in `command`, e.g. `get pods -n payments -o wide`. There is no shell: pipes, `;`, `&&` and redirects are not available, and flags that change the target cluster or identity (--kubeconfig, --context, --server, --token, --as…) are refused.',
      levelNote(level),
      'Watches and `logs -f` end at the timeout. Prefer the structured tools (list_kubernetes_resources, get_kubernetes_resource, get_pod_logs, list_kubernetes_events) for plain reads: they are faster.',
    ].join(' '),
    input: z.object({
      cluster_id: clusterId,
      command: z.string().min(1).max(4096).describe('The kubectl arguments, e.g. `describe pod checkout-api-7d9c8b6f5-x2k4q -n payments`.'),
      stdin: z
        .string()
        .max(MAX_STDIN_BYTES)
        .optional()
        .describe('Text given to kubectl on stdin: a manifest for `apply -f -`, `create -f -` or `delete -f -`.'),
      timeout_seconds: z.number().int().min(1).max(600).optional().describe('Stop the command after this many seconds (the server caps it).'),
    }),
    output,
    annotations: level === 'read-only' ? readOnly : writing,
    async handler(ctx, args) {
      const command = guardKubectl(args.command, { level, ...(args.stdin === undefined ? {} : { stdin: args.stdin }) });
      const access = await ctx.cluster(args.cluster_id);
      const timeoutMs = Math.min(ctx.kubectl.timeoutMs, (args.timeout_seconds ?? Number.POSITIVE_INFINITY) * 1000);
      // Below admin, JSON and YAML are masked by each object's kind, which needs the whole text: read
      // it whole (up to a generous bound), mask, and only then cut it to the output cap.
      const masking = !atLeast(level, 'admin') && (command.output === 'json' || command.output === 'yaml');
      const cap = ctx.kubectl.runner.maxOutputBytes;
      const result = await ctx.kubectl.runner.run({
        access,
        verb: command.verb,
        args: command.args,
        ...(command.readsStdin && args.stdin !== undefined ? { stdin: args.stdin } : {}),
        timeoutMs,
        signal: ctx.signal,
        ...(masking ? { stdoutBytes: Math.max(cap, MASKING_READ_BYTES) } : {}),
      });
      let stdout = result.stdout;
      let truncated = result.truncated;
      let maskedSecrets: number | undefined;
      if (masking && stdout !== '') {
        if (result.truncated || result.timedOut) {
          stdout = `[output withheld: it was cut short (${result.timedOut ? 'timeout' : 'size'}), so Secret values in it could not be verified as masked; narrow the command or use -o name / a table]`;
        } else {
          const masked = maskSecretValues(stdout, command.output as 'json' | 'yaml');
          maskedSecrets = masked.maskedSecrets;
          const capped = OutputCapture.cap(masked.text, cap);
          stdout = capped.text;
          truncated = capped.truncated;
        }
      }
      return {
        exit_code: result.exitCode,
        stdout,
        stderr: result.stderr,
        truncated,
        timed_out: result.timedOut,
        duration_ms: result.durationMs,
        ...(maskedSecrets ? { masked_secrets: maskedSecrets } : {}),
      };
    },
    render(result) {
      const status = result.timed_out ? 'timed out' : `exit code ${result.exit_code ?? 'none (killed)'}`;
      const notes = [result.truncated ? 'output truncated' : '', result.masked_secrets ? `${result.masked_secrets} Secret(s) masked` : '']
        .filter(Boolean)
        .join(', ');
      return [`${status} in ${result.duration_ms} ms${notes ? ` (${notes})` : ''}`, result.stdout, result.stderr ? `--- stderr ---\n${result.stderr}` : '']
        .filter((part) => part !== '')
        .join('\n');
    },
    auditArgs(args) {
      return {
        cluster_id: args.cluster_id,
        command: auditCommand(args.command),
        ...(args.stdin === undefined ? {} : { stdin_bytes: Buffer.byteLength(args.stdin) }),
        access_level: level,
      };
    },
  });
}

const byLevel = new Map<AccessLevel, AnyTool>();

/** The kubectl tool at an access level: its description, annotations and guard follow the level. */
export function kubectlAt(level: AccessLevel): AnyTool {
  let tool = byLevel.get(level);
  if (!tool) {
    tool = kubectlTool(level);
    byLevel.set(level, tool);
  }
  return tool;
}
