import yaml from 'js-yaml';
import { z } from 'zod';
import { maskSecretValues } from '../kubectl/mask-secrets.js';
import { defineTool, readOnly } from '../mcp/tool.js';
import { clusterId, fieldSelector, labelSelector, namespace, objectName, resourceKind } from './schemas.js';

export const listKubernetesResources = defineTool({
  name: 'list_kubernetes_resources',
  title: 'List Kubernetes resources',
  description:
    'List objects of any resource type in an ACK cluster as the calling identity, as a compact table with the columns kubectl get shows (Ready, Status, Restarts, Age…). Filter by namespace (omit for all namespaces), label and field selectors; page with limit and continue_token.',
  input: z.object({
    cluster_id: clusterId,
    kind: resourceKind,
    namespace: namespace.optional().describe('Only this namespace; omit for every namespace (or for cluster-scoped kinds).'),
    label_selector: labelSelector.optional(),
    field_selector: fieldSelector.optional(),
    limit: z.number().int().min(1).max(500).default(100).describe('Most objects returned (default 100).'),
    continue_token: z.string().min(1).max(4096).optional().describe('continue_token of the previous page.'),
  }),
  output: z.object({
    kind: z.string(),
    api_version: z.string(),
    namespaced: z.boolean(),
    count: z.number().int(),
    columns: z.array(z.string()),
    rows: z.array(z.array(z.string())),
    continue_token: z.string().optional().describe('More objects exist: pass this to get the next page.'),
  }),
  annotations: readOnly,
  async handler(ctx, args) {
    const kube = ctx.kubernetes(await ctx.cluster(args.cluster_id));
    const resource = await kube.resolve(args.kind, ctx.signal);
    const table = await kube.listTable(
      resource,
      {
        limit: args.limit,
        ...(args.namespace ? { namespace: args.namespace } : {}),
        ...(args.label_selector ? { labelSelector: args.label_selector } : {}),
        ...(args.field_selector ? { fieldSelector: args.field_selector } : {}),
        ...(args.continue_token ? { continueToken: args.continue_token } : {}),
      },
      ctx.signal,
    );
    const showNamespace = resource.namespaced && !args.namespace;
    return {
      kind: resource.kind,
      api_version: resource.group ? `${resource.group}/${resource.version}` : resource.version,
      namespaced: resource.namespaced,
      count: table.rows.length,
      columns: showNamespace ? ['Namespace', ...table.columns] : table.columns,
      rows: showNamespace ? table.rows.map((row, i) => [table.namespaces[i] ?? '', ...row]) : table.rows,
      ...(table.continueToken ? { continue_token: table.continueToken } : {}),
    };
  },
  render(result) {
    if (result.count === 0) return `No ${result.kind} objects found.`;
    const table = [result.columns, ...result.rows];
    const widths = result.columns.map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length)));
    const lines = table.map((row) => row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd());
    return [...lines, ...(result.continue_token ? [`(more: continue_token=${result.continue_token})`] : [])].join('\n');
  },
});

export const getKubernetesResource = defineTool({
  name: 'get_kubernetes_resource',
  title: 'Get a Kubernetes resource',
  description:
    'Get one Kubernetes object as YAML (without managedFields) as the calling identity: spec, status and metadata. Secret values are always masked; use kubectl at admin level to see them.',
  input: z.object({
    cluster_id: clusterId,
    kind: resourceKind,
    name: objectName,
    namespace: namespace.optional().describe('Namespace of a namespaced object (default "default").'),
  }),
  output: z.object({
    kind: z.string(),
    api_version: z.string(),
    name: z.string(),
    namespace: z.string().optional(),
    yaml: z.string(),
    masked_secret: z.boolean(),
  }),
  annotations: readOnly,
  async handler(ctx, args) {
    const kube = ctx.kubernetes(await ctx.cluster(args.cluster_id));
    const resource = await kube.resolve(args.kind, ctx.signal);
    const object = await kube.read(resource, args.name, args.namespace, ctx.signal);
    if (object.metadata) delete object.metadata.managedFields;
    const masked = maskSecretValues(yaml.dump(object, { lineWidth: -1, noRefs: true }), 'yaml');
    return {
      kind: resource.kind,
      api_version: object.apiVersion ?? (resource.group ? `${resource.group}/${resource.version}` : resource.version),
      name: args.name,
      ...(object.metadata?.namespace ? { namespace: object.metadata.namespace } : {}),
      yaml: masked.text,
      masked_secret: masked.maskedSecrets > 0,
    };
  },
  render: (result) => result.yaml,
});
