import { z } from 'zod';
import { defineTool, readOnly } from '../mcp/tool.js';
import { followTask } from './follow-task.js';
import { clusterId, instanceId, nodepoolId, pageNumber, pageSize, waited, waitSeconds } from './schemas.js';
import { renderTask, taskSummary } from './task-summary.js';

const nodeSummary = z.object({
  instance_id: z.string(),
  node_name: z.string().optional(),
  ip_addresses: z.array(z.string()),
  nodepool_id: z.string().optional(),
  instance_type: z.string().optional(),
  state: z.string().optional().describe('ACK node state: running, removing, failed, …'),
  node_status: z.string().optional().describe('Kubernetes readiness as reported by ACK.'),
  instance_charge_type: z.string().optional(),
  creation_time: z.string().optional(),
});

export const listClusterNodes = defineTool({
  name: 'list_cluster_nodes',
  title: 'List nodes of a cluster',
  description:
    'List the worker nodes of an ACK cluster: ECS instance id, node name, IPs, node pool, instance type and state. Filter by nodepool_id, instance_ids or state; results are paged. Use the instance ids with remove_nodepool_nodes and node names with create_cluster_diagnosis.',
  input: z.object({
    cluster_id: clusterId,
    nodepool_id: nodepoolId.optional().describe('Only nodes of this node pool.'),
    instance_ids: z.array(instanceId).min(1).max(100, 'must list at most 100 instance ids').optional(),
    state: z.enum(['running', 'removing', 'initial', 'failed', 'all']).optional().describe('Only nodes in this state.'),
    page_number: pageNumber,
    page_size: pageSize(100, 50),
  }),
  output: z.object({
    cluster_id: z.string(),
    nodes: z.array(nodeSummary),
    total_count: z.number().int(),
    page_number: z.number().int(),
    page_size: z.number().int(),
  }),
  annotations: readOnly,
  async handler(ctx, args) {
    const { value } = await ctx.ack().listNodes(args.cluster_id, {
      pageNumber: args.page_number,
      pageSize: args.page_size,
      ...(args.nodepool_id ? { nodepoolId: args.nodepool_id } : {}),
      ...(args.instance_ids ? { instanceIds: args.instance_ids } : {}),
      ...(args.state ? { state: args.state } : {}),
    });
    return {
      cluster_id: args.cluster_id,
      nodes: value.nodes.map((n) => ({
        instance_id: n.instanceId ?? '',
        node_name: n.nodeName,
        ip_addresses: n.ipAddress ?? [],
        nodepool_id: n.nodepoolId,
        instance_type: n.instanceType,
        state: n.state,
        node_status: n.nodeStatus,
        instance_charge_type: n.instanceChargeType,
        creation_time: n.creationTime,
      })),
      total_count: value.totalCount,
      page_number: args.page_number,
      page_size: args.page_size,
    };
  },
  render(result) {
    const rows = result.nodes.map(
      (n) => `${n.instance_id}  ${n.node_name ?? ''}  ${n.ip_addresses.join(',')}  ${n.nodepool_id ?? ''}  ${n.instance_type ?? ''}  ${n.state ?? ''}`,
    );
    return [`${result.total_count} node(s) in ${result.cluster_id}, page ${result.page_number}:`, ...rows].join('\n');
  },
});

export const removeNodepoolNodes = defineTool({
  name: 'remove_nodepool_nodes',
  title: 'Remove nodes from a node pool',
  description:
    'Remove worker nodes (by ECS instance id, 1–100) from an ACK node pool. By default pods are drained first (drain_node=true) and the ECS instances are kept (release_node=false); set release_node=true to also release pay-as-you-go instances (subscription instances are never released). Nodes are unschedulable while removal runs. Starts an asynchronous task; with wait_seconds > 0 the server follows it.',
  input: z.object({
    cluster_id: clusterId,
    nodepool_id: nodepoolId,
    instance_ids: z
      .array(instanceId)
      .min(1, 'must list at least one instance id')
      .max(100, 'must list at most 100 instance ids per call')
      .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an instance id')
      .describe('ECS instance ids of the nodes to remove (1–100), from list_cluster_nodes.'),
    drain_node: z.boolean().default(true).describe('Evict pods before removing each node (default true).'),
    release_node: z.boolean().default(false).describe('Also release the ECS instances (default false: they are kept).'),
    concurrency: z.boolean().default(false).describe('Remove the nodes concurrently instead of one after another (default false).'),
    wait_seconds: waitSeconds,
  }),
  output: z.object({
    cluster_id: z.string(),
    nodepool_id: z.string(),
    instance_ids: z.array(z.string()),
    task_id: z.string(),
    request_id: z.string().optional(),
    task: taskSummary.optional(),
    waited,
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(ctx, args) {
    const started = await ctx.ack().removeNodePoolNodes(args.cluster_id, args.nodepool_id, {
      instanceIds: args.instance_ids,
      drainNode: args.drain_node,
      releaseNode: args.release_node,
      concurrency: args.concurrency,
    });
    const outcome = await followTask(ctx, started.value.taskId, args.wait_seconds);
    return {
      cluster_id: args.cluster_id,
      nodepool_id: args.nodepool_id,
      instance_ids: args.instance_ids,
      task_id: started.value.taskId,
      request_id: started.requestId,
      ...(outcome.task ? { task: outcome.task } : {}),
      waited: outcome.waited,
    };
  },
  render: (result) =>
    `Removal of ${result.instance_ids.length} node(s) from ${result.nodepool_id} started: task ${result.task_id}.` +
    (result.task ? `\n${renderTask(result.task)}` : ''),
});
