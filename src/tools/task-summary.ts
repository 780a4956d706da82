import { z } from 'zod';
import type { $Cs } from '../aliyun/sdk.js';

const MAX_EVENTS = 20;
const FINAL_STATES = new Set(['success', 'succeeded', 'failed', 'fail', 'canceled', 'cancelled', 'timeout']);

export const taskSummary = z.object({
  task_id: z.string(),
  cluster_id: z.string().optional(),
  task_type: z.string().optional(),
  state: z.string().describe('running, success, failed, …'),
  finished: z.boolean().describe('Whether the task reached a final state.'),
  created: z.string().optional(),
  updated: z.string().optional(),
  current_stage: z.string().optional(),
  stages: z.array(
    z.object({ state: z.string().optional(), message: z.string().optional(), start_time: z.string().optional(), end_time: z.string().optional() }),
  ),
  events: z
    .array(
      z.object({
        time: z.string().optional(),
        level: z.string().optional(),
        reason: z.string().optional(),
        message: z.string().optional(),
        action: z.string().optional(),
      }),
    )
    .describe(`The latest ${MAX_EVENTS} events, oldest first.`),
  events_total: z.number().int(),
  result: z.array(z.object({ data: z.string().optional(), status: z.string().optional() })).describe('Per-item results, e.g. instance ids.'),
  error: z.object({ code: z.string().optional(), message: z.string().optional() }).optional(),
});
export type TaskSummary = z.infer<typeof taskSummary>;

function isTaskFinished(state: string | undefined): boolean {
  return state !== undefined && FINAL_STATES.has(state.toLowerCase());
}

export function summariseTask(taskId: string, task: $Cs.DescribeTaskInfoResponseBody): TaskSummary {
  const events = task.events ?? [];
  const state = task.state ?? 'unknown';
  const hasError = Boolean(task.error?.code || task.error?.message);
  return {
    task_id: task.taskId ?? taskId,
    cluster_id: task.clusterId,
    task_type: task.taskType,
    state,
    finished: isTaskFinished(state),
    created: task.created,
    updated: task.updated,
    current_stage: task.currentStage,
    stages: (task.stages ?? []).map((s) => ({ state: s.state, message: s.message, start_time: s.startTime, end_time: s.endTime })),
    events: events.slice(-MAX_EVENTS).map((e) => ({ time: e.timestamp, level: e.level, reason: e.reason, message: e.message, action: e.action })),
    events_total: events.length,
    result: (task.taskResult ?? []).map((r) => ({ data: r.data, status: r.status })),
    ...(hasError ? { error: { code: task.error?.code, message: task.error?.message } } : {}),
  };
}

export function renderTask(task: TaskSummary): string {
  const lines = [`Task ${task.task_id} (${task.task_type ?? 'task'}): ${task.state}${task.current_stage ? `, stage ${task.current_stage}` : ''}`];
  if (task.error) lines.push(`Error ${task.error.code ?? ''}: ${task.error.message ?? ''}`.trim());
  for (const stage of task.stages) lines.push(`  stage ${stage.state ?? '?'}: ${stage.message ?? ''}`);
  const lastEvent = task.events.at(-1);
  if (lastEvent) lines.push(`  last event [${lastEvent.level ?? ''}] ${lastEvent.reason ?? ''}: ${lastEvent.message ?? ''}`);
  if (task.result.length > 0) lines.push(`  results: ${task.result.map((r) => `${r.data ?? '?'}=${r.status ?? '?'}`).join(', ')}`);
  return lines.join('\n');
}
