import { z } from 'zod';
import type { CoreV1Event } from '@kubernetes/client-node';
import { defineTool, readOnly } from '../mcp/tool.js';
import { clusterId, namespace, objectName } from './schemas.js';

const event = z.object({
  type: z.string(),
  reason: z.string(),
  object: z.string().describe('kind/name of the object the event is about.'),
  namespace: z.string().optional(),
  message: z.string(),
  count: z.number().int(),
  last_seen: z.string().optional(),
});

function lastSeen(e: CoreV1Event): string | undefined {
  const at = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
  return at ? new Date(at as unknown as string).toISOString() : undefined;
}

export const listKubernetesEvents = defineTool({
  name: 'list_kubernetes_events',
  title: 'List Kubernetes events',
  description:
    'List recent Kubernetes events as the calling identity, newest first: scheduling failures, back-offs, OOM kills, image pull errors. Narrow to a namespace, an object (kind and name) or warnings only.',
  input: z.object({
    cluster_id: clusterId,
    namespace: namespace.optional().describe('Only this namespace; omit for every namespace.'),
    object_kind: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'must be a Kind such as Pod or Deployment').optional().describe('Kind of the involved object, e.g. Pod.'),
    object_name: objectName.optional().describe('Name of the involved object.'),
    warnings_only: z.boolean().default(false).describe('Only events of type Warning.'),
    limit: z.number().int().min(1).max(500).default(50).describe('Most events returned (default 50).'),
  }),
  output: z.object({ total: z.number().int(), events: z.array(event) }),
  annotations: readOnly,
  async handler(ctx, args) {
    const kube = ctx.kubernetes(await ctx.cluster(args.cluster_id));
    const selectors = [
      ...(args.object_kind ? [`involvedObject.kind=${args.object_kind}`] : []),
      ...(args.object_name ? [`involvedObject.name=${args.object_name}`] : []),
      ...(args.warnings_only ? ['type=Warning'] : []),
    ];
    const items = await kube.events(
      { ...(args.namespace ? { namespace: args.namespace } : {}), ...(selectors.length ? { fieldSelector: selectors.join(',') } : {}) },
      ctx.signal,
    );
    const events = items
      .map((e) => ({ e, seen: lastSeen(e) }))
      .map(({ e, seen }) => ({
        type: e.type ?? 'Normal',
        reason: e.reason ?? '',
        object: `${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''}`,
        ...(e.metadata.namespace ? { namespace: e.metadata.namespace } : {}),
        message: (e.message ?? '').trim(),
        count: e.count ?? e.series?.count ?? 1,
        ...(seen ? { last_seen: seen } : {}),
      }))
      .sort((a, b) => (b.last_seen ?? '').localeCompare(a.last_seen ?? ''));
    return { total: events.length, events: events.slice(0, args.limit) };
  },
  render(result) {
    if (result.events.length === 0) return 'No events.';
    const lines = result.events.map(
      (e) => `${e.last_seen ?? '?'}  ${e.type}  ${e.reason}  ${e.namespace ? `${e.namespace}/` : ''}${e.object}  x${e.count}  ${e.message}`,
    );
    return [`${result.events.length} of ${result.total} event(s), newest first:`, ...lines].join('\n');
  },
});
