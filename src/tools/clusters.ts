import { z } from 'zod';
import { defineTool, readOnly } from '../mcp/tool.js';
import { pageNumber, pageSize, regionId } from './schemas.js';

const clusterSummary = z.object({
  cluster_id: z.string(),
  name: z.string().optional(),
  region_id: z.string().optional(),
  state: z.string().optional(),
  cluster_type: z.string().optional(),
  cluster_spec: z.string().optional(),
  version: z.string().optional(),
  vpc_id: z.string().optional(),
  node_count: z.number().optional(),
  created: z.string().optional(),
});

export const listClusters = defineTool({
  name: 'list_clusters',
  title: 'List ACK clusters',
  description:
    'List the ACK Kubernetes clusters the caller can see: id, name, region, state, type, Kubernetes version and node count. Every other tool takes a cluster_id from here. Filter by region_id or by name; results are paged.',
  input: z.object({
    region_id: regionId.optional().describe('Only clusters in this region; omit for every region.'),
    name: z.string().min(1).max(128).optional().describe('Only clusters whose name matches.'),
    page_number: pageNumber,
    page_size: pageSize(100, 20),
  }),
  output: z.object({
    clusters: z.array(clusterSummary),
    total_count: z.number().int(),
    page_number: z.number().int(),
    page_size: z.number().int(),
  }),
  annotations: readOnly,
  async handler(ctx, args) {
    const { value } = await ctx.ack().listClusters({
      pageNumber: args.page_number,
      pageSize: args.page_size,
      ...(args.region_id ? { regionId: args.region_id } : {}),
      ...(args.name ? { name: args.name } : {}),
    });
    return {
      clusters: value.clusters.map((c) => ({
        cluster_id: c.clusterId ?? '',
        name: c.name,
        region_id: c.regionId,
        state: c.state,
        cluster_type: c.clusterType,
        cluster_spec: c.clusterSpec,
        version: c.currentVersion,
        vpc_id: c.vpcId,
        node_count: c.size,
        created: c.created,
      })),
      total_count: value.totalCount,
      page_number: args.page_number,
      page_size: args.page_size,
    };
  },
  render(result) {
    const rows = result.clusters.map(
      (c) => `${c.cluster_id}  ${c.name ?? ''}  ${c.region_id ?? ''}  ${c.state ?? ''}  ${c.version ?? ''}  nodes=${c.node_count ?? '?'}`,
    );
    return [`${result.total_count} cluster(s), page ${result.page_number}:`, ...rows].join('\n');
  },
});
