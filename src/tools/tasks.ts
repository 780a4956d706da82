import { z } from 'zod';
import { defineTool, readOnly } from '../mcp/tool.js';
import { taskId } from './schemas.js';
import { renderTask, summariseTask, taskSummary } from './task-summary.js';

export const describeTaskInfo = defineTool({
  name: 'describe_task_info',
  title: 'Describe an ACK task',
  description:
    'Show the state of an asynchronous ACK task (node pool scale-out, node removal, …): its state (running, success, failed), stages, the latest events, per-node results and the error if it failed. Use the task_id returned by scale_nodepool or remove_nodepool_nodes; call again to follow a running task.',
  input: z.object({ task_id: taskId }),
  output: taskSummary,
  annotations: readOnly,
  async handler(ctx, args) {
    const { value } = await ctx.ack().describeTask(args.task_id);
    return summariseTask(args.task_id, value);
  },
  render: renderTask,
});
