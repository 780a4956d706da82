// DescribeClustersV1 and DescribeClusterDetail.
import { intParam, paginate } from './params.js';
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
        clusters: page.map((c) => clusterSummary(c, state.nodes({ clusterId: c.clusterId }).length)),
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
      return clusterDetail(cluster, ctx.state.nodes({ clusterId: cluster.clusterId }).length);
    },
  },
];
