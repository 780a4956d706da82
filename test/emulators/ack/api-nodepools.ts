// Node pools and nodes: DescribeClusterNodePools, DescribeClusterNodePoolDetail, DescribeClusterNodes,
// ScaleClusterNodePool and RemoveNodePoolNodes.
import { z } from 'zod';
import { invalidParameter } from './errors.js';
import type { Node, NodeState } from './model.js';
import { boolParam, csvParam, intParam, jsonArrayParam, paginate } from './params.js';
import { param, type RequestContext, type Route } from './route.js';
import { startRemoveNodes, startScaleOut } from './tasks.js';
import { nodeWire, nodepoolDetailWire, nodepoolWire } from './wire.js';

const NODE_STATES: readonly string[] = ['running', 'removing', 'initial', 'failed'] satisfies NodeState[];
const SCALE_BODY = z.object({ count: z.number().int().min(1).max(500) });

function poolIn(ctx: RequestContext) {
  return ctx.state.nodepoolOf(ctx.account, param(ctx, 'cluster'), param(ctx, 'nodepool'));
}

export const nodepoolRoutes: readonly Route[] = [
  {
    action: 'DescribeClusterNodePools',
    method: 'GET',
    path: '/clusters/{cluster}/nodepools',
    handle: (ctx) => {
      const cluster = ctx.state.clusterOf(ctx.account, param(ctx, 'cluster'));
      const name = ctx.query.get('NodepoolName') ?? '';
      const pools = ctx.state.nodepools(cluster.clusterId).filter((p) => p.name.includes(name));
      return { nodepools: pools.map((p) => nodepoolWire(p, cluster, ctx.state.poolStatus(p))) };
    },
  },
  {
    action: 'DescribeClusterNodePoolDetail',
    method: 'GET',
    path: '/clusters/{cluster}/nodepools/{nodepool}',
    handle: (ctx) => {
      const pool = poolIn(ctx);
      const cluster = ctx.state.clusterOf(ctx.account, pool.clusterId);
      return nodepoolDetailWire(pool, cluster, ctx.state.poolStatus(pool));
    },
  },
  {
    action: 'DescribeClusterNodes',
    method: 'GET',
    path: '/clusters/{cluster}/nodes',
    handle: (ctx) => {
      const { query } = ctx;
      const cluster = ctx.state.clusterOf(ctx.account, param(ctx, 'cluster'));
      const pageNumber = intParam(query, 'pageNumber', 1, 1, 100_000);
      const pageSize = intParam(query, 'pageSize', 10, 1, 100);
      const state = query.get('state') ?? 'all';
      if (state !== 'all' && !NODE_STATES.includes(state)) throw invalidParameter(`state must be one of all, ${NODE_STATES.join(', ')}; got ${state}`);
      const nodepoolId = query.get('nodepool_id');
      const instanceIds = csvParam(query, 'instanceIds');
      const nodeNames = csvParam(query, 'nodeNames');
      const nodeIps = csvParam(query, 'nodeIps');
      const nodes = ctx.state.nodes({ clusterId: cluster.clusterId }).filter((n) =>
        (state === 'all' || n.state === state)
        && (nodepoolId === undefined || nodepoolId === '' || n.nodepoolId === nodepoolId)
        && (instanceIds === undefined || instanceIds.includes(n.instanceId))
        && (nodeNames === undefined || nodeNames.includes(n.nodeName))
        && (nodeIps === undefined || nodeIps.includes(n.ipAddress)));
      const { page, ...pageInfo } = paginate(nodes, pageNumber, pageSize);
      return { nodes: page.map((n) => nodeWire(n, cluster)), page: pageInfo };
    },
  },
  {
    action: 'ScaleClusterNodePool',
    method: 'POST',
    path: '/clusters/{cluster}/nodepools/{nodepool}',
    handle: (ctx) => {
      const pool = poolIn(ctx);
      const body = SCALE_BODY.safeParse(ctx.body ?? {});
      if (!body.success) throw invalidParameter(`count must be an integer between 1 and 500: ${z.prettifyError(body.error)}`);
      const task = startScaleOut(ctx.state, ctx.account, pool, body.data.count);
      return { task_id: task.taskId };
    },
  },
  {
    action: 'RemoveNodePoolNodes',
    method: 'DELETE',
    path: '/clusters/{cluster}/nodepools/{nodepool}/nodes',
    handle: (ctx) => {
      const { query } = ctx;
      const pool = poolIn(ctx);
      const instanceIds = jsonArrayParam(query, 'instance_ids') ?? [];
      const nodeNames = jsonArrayParam(query, 'nodes') ?? [];
      if (instanceIds.length === 0 && nodeNames.length === 0) throw invalidParameter('instance_ids is required: a JSON array of ECS instance ids');
      const inPool = ctx.state.nodes({ nodepoolId: pool.nodepoolId });
      const chosen = new Map<string, Node>();
      const missing: string[] = [];
      for (const id of instanceIds) {
        const node = inPool.find((n) => n.instanceId === id);
        if (node === undefined) missing.push(id);
        else chosen.set(node.instanceId, node);
      }
      for (const name of nodeNames) {
        const node = inPool.find((n) => n.nodeName === name);
        if (node === undefined) missing.push(name);
        else chosen.set(node.instanceId, node);
      }
      if (missing.length > 0) throw invalidParameter(`instances ${missing.join(', ')} do not belong to node pool ${pool.nodepoolId}`);
      const busy = [...chosen.values()].filter((n) => n.state === 'removing' || n.state === 'initial');
      if (busy.length > 0) {
        throw invalidParameter(`instances ${busy.map((n) => `${n.instanceId} (${n.state})`).join(', ')} cannot be removed now`);
      }
      const task = startRemoveNodes(ctx.state, ctx.account, pool, [...chosen.values()], {
        drainNode: boolParam(query, 'drain_node', false),
        releaseNode: boolParam(query, 'release_node', false),
        concurrency: boolParam(query, 'concurrency', false),
      });
      return { request_id: ctx.requestId, task_id: task.taskId };
    },
  },
];
