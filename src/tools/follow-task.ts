import type { ToolContext } from '../mcp/tool.js';
import { pollUntilFinished } from './poll.js';
import { isTaskFinished, summariseTask } from './task-summary.js';

/** Follows a task for up to waitSeconds; with 0 it makes no extra call. */
export async function followTask(ctx: ToolContext, taskId: string, waitSeconds: number) {
  if (waitSeconds === 0) {
    return { task: undefined, waited: { seconds: 0, finished: false, stopped_because: 'not_requested' as const } };
  }
  const fetch = async () => summariseTask(taskId, (await ctx.ack().describeTask(taskId)).value);
  const outcome = await pollUntilFinished(ctx, {
    waitSeconds,
    initial: { task_id: taskId, state: 'submitted', finished: false, stages: [], events: [], events_total: 0, result: [] },
    fetch,
    isFinished: (task) => isTaskFinished(task.state),
    describe: (task) => `task ${task.task_id}: ${task.state}${task.current_stage ? ` (${task.current_stage})` : ''}`,
  });
  const polled = outcome.last.state !== 'submitted';
  return { task: polled ? outcome.last : undefined, waited: outcome.waited };
}
