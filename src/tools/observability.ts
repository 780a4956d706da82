import { z } from 'zod';
import { AliyunApiError } from '../aliyun/errors.js';
import { defineTool, readOnly } from '../mcp/tool.js';
import { conventions } from '../services/cluster-context.js';
import { clusterId, sourcedValue } from './schemas.js';

const storeList = z.object({
  project: z.string(),
  role: z.string().describe('What the project holds for this cluster.'),
  names: z.array(z.string()),
  error: z.string().optional().describe('Why the list could not be read.'),
});

export const describeClusterObservability = defineTool({
  name: 'describe_cluster_observability',
  title: 'Find a cluster\'s logs and metrics',
  description: [
    'Show where a cluster\'s logs and metrics live, as discovered from cluster_id: region, SLS log project and enabled control-plane log components',
    '(CheckControlPlaneLogEnable), audit project (GetClusterAuditProject), the ARMS Prometheus instance (GetPrometheusInstance),',
    'and the logstores and metric stores in those projects. Each value says whether it was discovered or is a naming convention.',
    'Use it to pick logstore/project for sls_execute_sql_query and to see which Prometheus cms_execute_promql_query will use.',
  ].join(' '),
  input: z.object({ cluster_id: clusterId }),
  output: z.object({
    cluster_id: z.string(),
    cluster_name: z.string().optional(),
    region: z.string(),
    account_id: z.string().optional(),
    log_project: sourcedValue,
    control_plane_components: z.array(z.string()).describe('Components whose logs go to logstore `<component>-<cluster_id>`.'),
    audit_project: sourcedValue,
    audit_enabled: z.boolean().optional(),
    default_logstore: z.string().describe('What sls_execute_sql_query reads when no logstore is given.'),
    audit_logstore: z.string(),
    prometheus: z
      .object({
        kind: z.enum(['arms', 'sls-metricstore', 'none']),
        source: z.enum(['discovered', 'convention', 'none']),
        public_url: z.string().optional(),
        private_url: z.string().optional(),
        project: z.string().optional(),
        metricstore: z.string().optional(),
      })
      .describe('What cms_execute_promql_query queries when no project/metricstore is given.'),
    logstores: z.array(storeList),
    metricstores: z.array(storeList),
    notes: z.array(z.string()),
  }),
  annotations: readOnly,
  async handler(ctx, args) {
    const observability = ctx.observability();
    const context = await observability.context(args.cluster_id);
    const sls = observability.sls(context.regionId);
    const listed = async (project: string, role: string, list: (p: string) => Promise<string[]>) => {
      try {
        return { project, role, names: await list(project) };
      } catch (error) {
        if (!(error instanceof AliyunApiError)) throw error;
        return { project, role, names: [], error: `${error.code}: ${error.message}` };
      }
    };
    const projects = [{ project: context.logProject.value, role: 'logs (events, control plane, ingress)' }];
    if (context.auditProject.value !== context.logProject.value) projects.push({ project: context.auditProject.value, role: 'API server audit log' });
    const arms = context.armsPrometheus;
    const metricStore = context.conventionMetricStore;
    // The conventional metric project matters only when no ARMS instance answers PromQL.
    const [logstores, metricstores] = await Promise.all([
      Promise.all(projects.map((p) => listed(p.project, p.role, (name) => sls.listLogStores(name)))),
      metricStore && !arms ? Promise.all([listed(metricStore.project, 'metrics (ACK convention)', (name) => sls.listMetricStores(name))]) : Promise.resolve([]),
    ]);
    const prometheus = arms
      ? { kind: 'arms' as const, source: 'discovered' as const, ...(arms.publicUrl ? { public_url: arms.publicUrl } : {}), ...(arms.privateUrl ? { private_url: arms.privateUrl } : {}) }
      : metricStore
        ? { kind: 'sls-metricstore' as const, source: 'convention' as const, project: metricStore.project, metricstore: metricStore.metricstore }
        : { kind: 'none' as const, source: 'none' as const };
    return {
      cluster_id: context.clusterId,
      ...(context.clusterName ? { cluster_name: context.clusterName } : {}),
      region: context.regionId,
      ...(context.accountId ? { account_id: context.accountId } : {}),
      log_project: context.logProject,
      control_plane_components: context.controlPlaneComponents,
      audit_project: context.auditProject,
      ...(context.auditEnabled === undefined ? {} : { audit_enabled: context.auditEnabled }),
      default_logstore: conventions.eventLogstore,
      audit_logstore: conventions.auditLogstore(context.clusterId),
      prometheus,
      logstores,
      metricstores,
      notes: context.notes,
    };
  },
  render: (r) =>
    [
      `cluster ${r.cluster_id}${r.cluster_name ? ` (${r.cluster_name})` : ''} in ${r.region}`,
      `log project: ${r.log_project.value} [${r.log_project.source} via ${r.log_project.via}]; control-plane logs: ${r.control_plane_components.join(', ') || 'none'}`,
      `audit project: ${r.audit_project.value} [${r.audit_project.source} via ${r.audit_project.via}]${r.audit_enabled === false ? ' (audit disabled)' : ''}`,
      `prometheus: ${r.prometheus.kind} [${r.prometheus.source}]${r.prometheus.project ? ` ${r.prometheus.project}/${r.prometheus.metricstore}` : ''}`,
      ...r.logstores.map((l) => `logstores in ${l.project} (${l.role}): ${l.error ?? (l.names.join(', ') || 'none')}`),
      ...r.metricstores.map((m) => `metric stores in ${m.project} (${m.role}): ${m.error ?? (m.names.join(', ') || 'none')}`),
      ...r.notes.map((n) => `note: ${n}`),
    ].join('\n'),
});
