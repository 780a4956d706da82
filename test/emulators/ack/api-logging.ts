// CheckControlPlaneLogEnable and GetClusterAuditProject: where a cluster's control-plane and audit logs go.
import { param, type Route } from './route.js';

export const loggingRoutes: readonly Route[] = [
  {
    action: 'CheckControlPlaneLogEnable',
    method: 'GET',
    path: '/clusters/{cluster}/controlplanelog',
    handle: (ctx) => {
      const cluster = ctx.state.clusterOf(ctx.account, param(ctx, 'cluster'));
      const logs = cluster.controlPlaneLogs;
      // With collection off the service still answers, with no project and no components.
      return { log_project: logs?.project ?? '', log_ttl: logs ? '30' : '', aliuid: ctx.account.accountId, components: [...(logs?.components ?? [])] };
    },
  },
  {
    action: 'GetClusterAuditProject',
    method: 'GET',
    path: '/clusters/{cluster}/audit',
    handle: (ctx) => {
      const cluster = ctx.state.clusterOf(ctx.account, param(ctx, 'cluster'));
      return { sls_project_name: cluster.audit.enabled ? cluster.audit.project : '', audit_enabled: cluster.audit.enabled };
    },
  },
];
