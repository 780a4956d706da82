import type { ToolContext } from '../mcp/tool.js';
import { pollUntilFinished } from './poll.js';
import { summariseTask, type TaskSummary } from './task-summary.js';

/** Follows a task for up to waitSeconds; with 0 it makes no extra call and returns no task state. */
export async function followTask(ctx: ToolContext, taskId: string, waitSeconds: number) {
  const outcome = await pollUntilFinished<TaskSummary | undefined>(ctx, {
    waitSeconds,
    initial: undefined,
    fetch: async () => summariseTask(taskId, (await ctx.ack().describeTask(taskId)).value),
    isFinished: (task) => task?.finished ?? false,
    describe: (task) => `task ${taskId}: ${task?.state ?? 'submitted'}${task?.current_stage ? ` (${task.current_stage})` : ''}`,
  });
  return { task: outcome.last, waited: outcome.waited };
}
