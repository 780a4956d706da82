// DescribeClustersV1, DescribeClusterDetail and DescribeClusterUserKubeconfig.
import { randomBytes } from 'node:crypto';
import { ApiError } from './errors.js';
import type { KubeconfigRequest } from './kubernetes.js';
import { boolParam, intParam, paginate } from './params.js';
import { param, type Route } from './route.js';
import { clusterDetail, clusterSummary } from './wire.js';

export const clusterRoutes: readonly Route[] = [
  {
    action: 'DescribeClustersV1',
    method: 'GET',
    path: '/api/v1/clusters',
    handle: ({ state, account, query }) => {
      const pageNumber = intParam(query, 'page_number', 1, 1, 100_000);
      const pageSize = intParam(query, 'page_size', 10, 1, 100);
      const equals = (name: string, value: string): boolean => {
        const wanted = query.get(name);
        return wanted === undefined || wanted === '' || wanted === value;
      };
      const name = query.get('name') ?? '';
      const matching = state.clusters(account).filter((c) =>
        equals('cluster_id', c.clusterId) && equals('region_id', c.regionId) && equals('cluster_type', c.clusterType)
        && equals('cluster_spec', c.clusterSpec) && equals('profile', c.profile) && c.name.includes(name));
      const { page, ...pageInfo } = paginate(matching, pageNumber, pageSize);
      return {
        clusters: page.map((c) => clusterSummary(c, state.nodes({ clusterId: c.clusterId }).length, state.endpoints(c))),
        page_info: pageInfo,
      };
    },
  },
  {
    action: 'DescribeClusterDetail',
    method: 'GET',
    path: '/clusters/{cluster}',
    handle: (ctx) => {
      const cluster = ctx.state.clusterOf(ctx.account, param(ctx, 'cluster'));
      return clusterDetail(cluster, ctx.state.nodes({ clusterId: cluster.clusterId }).length, ctx.state.endpoints(cluster));
    },
  },
  {
    action: 'DescribeClusterUserKubeconfig',
    method: 'GET',
    path: '/k8s/{cluster}/user_config',
    handle: (ctx) => {
      const cluster = ctx.state.clusterOf(ctx.account, param(ctx, 'cluster'));
      const privateEndpoint = boolParam(ctx.query, 'PrivateIpAddress', false);
      // Without TemporaryDurationMinutes the real service issues a kubeconfig valid for three years.
      const minutes = intParam(ctx.query, 'TemporaryDurationMinutes', 3 * 365 * 24 * 60, 15, 4320);
      const endpoints = ctx.state.endpoints(cluster);
      const server = privateEndpoint ? endpoints.intranet : endpoints.public;
      if (!server) {
        throw new ApiError(400, 'ErrorQueryKubeConfig', `The cluster ${cluster.clusterId} has no ${privateEndpoint ? 'intranet' : 'public'} API server endpoint.`);
      }
      const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + minutes * 60_000);
      const request = { clusterId: cluster.clusterId, accountId: ctx.account.accountId, principal: ctx.credential.principal, server, expiresAt };
      const backend = ctx.state.options.kubernetes;
      return {
        config: backend && backend.endpoints(cluster.clusterId) ? backend.kubeconfig(request) : offlineKubeconfig(request),
        expiration: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      };
    },
  },
];

/** A well-formed kubeconfig for a cluster without an emulated API server (nothing answers at its address). */
function offlineKubeconfig(request: KubeconfigRequest): string {
  const name = `kubernetes-${request.clusterId}`;
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${request.server}`,
    'contexts:',
    `- name: ${request.principal}@${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${request.principal}`,
    `current-context: ${request.principal}@${name}`,
    'users:',
    `- name: ${request.principal}`,
    '  user:',
    `    token: ${randomBytes(24).toString('hex')}`,
    '',
  ].join('\n');
}
