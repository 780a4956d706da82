import { z } from 'zod';
import { defineTool, readOnly } from '../mcp/tool.js';
import { followTask } from './follow-task.js';
import { clusterId, nodepoolId, waited, waitSeconds } from './schemas.js';
import { renderTask, taskSummary } from './task-summary.js';

const nodepoolSummary = z.object({
  nodepool_id: z.string(),
  name: z.string().optional(),
  type: z.string().optional(),
  is_default: z.boolean().optional(),
  state: z.string().optional(),
  desired_size: z.number().optional().describe('Nodes the pool is asked to keep.'),
  total_nodes: z.number().optional(),
  serving_nodes: z.number().optional(),
  failed_nodes: z.number().optional(),
  removing_nodes: z.number().optional(),
  instance_types: z.array(z.string()),
  auto_scaling: z.object({ enabled: z.boolean(), min_instances: z.number().optional(), max_instances: z.number().optional() }),
  max_nodes: z.number().optional(),
});

export const listNodepools = defineTool({
  name: 'list_nodepools',
  title: 'List node pools of a cluster',
  description:
    'List the node pools of an ACK cluster with their size (desired, total, serving, failed, removing nodes), state, instance types and auto-scaling range. Use it to find the nodepool_id for scale_nodepool or remove_nodepool_nodes.',
  input: z.object({
    cluster_id: clusterId,
    name: z.string().min(1).max(128).optional().describe('Only node pools with this name.'),
  }),
  output: z.object({ cluster_id: z.string(), nodepools: z.array(nodepoolSummary) }),
  annotations: readOnly,
  async handler(ctx, args) {
    const { value } = await ctx.ack().listNodePools(args.cluster_id, args.name);
    return {
      cluster_id: args.cluster_id,
      nodepools: value.map((np) => ({
        nodepool_id: np.nodepoolInfo?.nodepoolId ?? '',
        name: np.nodepoolInfo?.name,
        type: np.nodepoolInfo?.type,
        is_default: np.nodepoolInfo?.isDefault,
        state: np.status?.state,
        desired_size: np.scalingGroup?.desiredSize,
        total_nodes: np.status?.totalNodes,
        serving_nodes: np.status?.servingNodes,
        failed_nodes: np.status?.failedNodes,
        removing_nodes: np.status?.removingNodes,
        instance_types: np.scalingGroup?.instanceTypes ?? [],
        auto_scaling: {
          enabled: np.autoScaling?.enable ?? false,
          min_instances: np.autoScaling?.minInstances,
          max_instances: np.autoScaling?.maxInstances,
        },
        max_nodes: np.maxNodes,
      })),
    };
  },
  render(result) {
    const rows = result.nodepools.map(
      (np) =>
        `${np.nodepool_id}  ${np.name ?? ''}  ${np.state ?? ''}  desired=${np.desired_size ?? '?'} total=${np.total_nodes ?? '?'} serving=${np.serving_nodes ?? '?'}  ${np.instance_types.join(',')}`,
    );
    return [`${result.nodepools.length} node pool(s) in ${result.cluster_id}:`, ...rows].join('\n');
  },
});

export const scaleNodepool = defineTool({
  name: 'scale_nodepool',
  title: 'Add nodes to a node pool',
  description:
    'Scale out an ACK node pool by ADDING `count` nodes (count is the number of nodes to add, not the target size; 1–500). Starts an asynchronous task and returns its task_id; with wait_seconds > 0 the server follows the task and returns its final or current state. New ECS instances are billed. Follow the task with describe_task_info.',
  input: z.object({
    cluster_id: clusterId,
    nodepool_id: nodepoolId,
    count: z
      .number()
      .int('must be a whole number of nodes')
      .min(1, 'must be at least 1 node to add')
      .max(500, 'must be at most 500 nodes per call')
      .describe('Number of nodes to ADD to the pool (1–500).'),
    wait_seconds: waitSeconds,
  }),
  output: z.object({
    cluster_id: z.string(),
    nodepool_id: z.string(),
    nodes_added: z.number().int(),
    task_id: z.string(),
    request_id: z.string().optional(),
    task: taskSummary.optional(),
    waited,
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(ctx, args) {
    const ack = ctx.ack();
    const started = await ack.scaleNodePool(args.cluster_id, args.nodepool_id, args.count);
    const outcome = await followTask(ctx, started.value.taskId, args.wait_seconds);
    return {
      cluster_id: args.cluster_id,
      nodepool_id: args.nodepool_id,
      nodes_added: args.count,
      task_id: started.value.taskId,
      request_id: started.requestId,
      ...(outcome.task ? { task: outcome.task } : {}),
      waited: outcome.waited,
    };
  },
  render: (result) =>
    `Scale-out of ${result.nodepool_id} by ${result.nodes_added} node(s) started: task ${result.task_id}.` +
    (result.task ? `\n${renderTask(result.task)}` : ''),
});
