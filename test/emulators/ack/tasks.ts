// Asynchronous node-pool tasks (DescribeTaskInfo). A task runs a plan of stages; each stage lasts
// `taskStepMs`, applies its effect when it ends and may fail the task with an error code.
import { newTaskId } from './ids.js';
import type { Account, Node, NodePool, RemovedNode, Task, TaskStage, TaskType } from './model.js';
import type { AckState } from './state.js';

/** Thrown by a stage to fail its task with `error: {code, message}`. */
export class TaskFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'TaskFailure';
  }
}

interface StagePlan {
  readonly name: string;
  /** Stage message while it runs. */
  readonly message: string;
  /** Applies the stage's effect at time `at`; returns the stage's final message. Throws TaskFailure to fail. */
  readonly complete: (at: number) => string;
}

interface TaskSpec {
  readonly account: Account;
  readonly pool: NodePool;
  readonly taskType: TaskType;
  readonly parameters: Record<string, unknown>;
}

/** Registers a task and starts its first stage. `planFor` receives the task so stages can record results on it. */
function createTask(state: AckState, spec: TaskSpec, planFor: (task: Task) => readonly StagePlan[]): Task {
  const created = state.now();
  const task: Task = {
    taskId: newTaskId(),
    account: spec.account,
    clusterId: spec.pool.clusterId,
    taskType: spec.taskType,
    state: 'running',
    created,
    updated: created,
    currentStage: '',
    target: { id: spec.pool.nodepoolId, type: 'nodepool' },
    parameters: spec.parameters,
    stages: [],
    events: [],
    taskResult: [],
  };
  state.addTask(task);
  startStage(state, task, planFor(task), 0, created);
  return task;
}

function event(task: Task, at: number, action: string, level: 'Normal' | 'Warning', reason: string, message: string): void {
  task.events.push({ action, level, reason, message, source: 'ACK', timestamp: at });
  task.updated = at;
}

function startStage(state: AckState, task: Task, plan: readonly StagePlan[], index: number, at: number): void {
  const step = plan[index];
  if (step === undefined) {
    task.state = 'success';
    event(task, at, 'finish', 'Normal', 'TaskSucceed', `task ${task.taskId} succeeded`);
    return;
  }
  const stage: TaskStage = { name: step.name, state: 'running', startTime: at, message: step.message, outputs: {} };
  task.stages.push(stage);
  task.currentStage = step.name;
  event(task, at, 'start', 'Normal', `${step.name}Start`, step.message);
  state.scheduler.schedule(at + state.options.taskStepMs, (end) => {
    stage.endTime = end;
    try {
      stage.message = step.complete(end);
    } catch (error) {
      if (!(error instanceof TaskFailure)) throw error;
      stage.state = 'failed';
      stage.message = error.message;
      task.state = 'failed';
      task.error = { code: error.code, message: error.message };
      event(task, end, 'fail', 'Warning', `${step.name}Failed`, error.message);
      return;
    }
    stage.state = 'success';
    event(task, end, 'end', 'Normal', `${step.name}Succeed`, stage.message);
    startStage(state, task, plan, index + 1, end);
  });
}

/** ScaleClusterNodePool: adds `count` nodes; fails with InstanceQuotaExceeded beyond the pool's max_nodes. */
export function startScaleOut(state: AckState, account: Account, pool: NodePool, count: number): Task {
  const spec: TaskSpec = { account, pool, taskType: 'nodepool_scaleout', parameters: { count, nodepool_id: pool.nodepoolId } };
  return createTask(state, spec, (task) => {
    const launched: Node[] = [];
    return [
      {
        name: 'PreCheck',
        message: `checking instance quota for ${count} more node(s) in node pool ${pool.name}`,
        complete: (at) => {
          const wanted = pool.desiredSize + count;
          if (wanted > pool.maxNodes) {
            throw new TaskFailure('InstanceQuotaExceeded', `node pool ${pool.nodepoolId} allows at most ${pool.maxNodes} nodes, `
              + `but desired size ${pool.desiredSize} + ${count} = ${wanted}`);
          }
          const before = pool.desiredSize;
          pool.desiredSize = wanted;
          pool.updated = at;
          return `desired size ${before} -> ${wanted} (max ${pool.maxNodes})`;
        },
      },
      {
        name: 'CreateInstances',
        message: `creating ${count} ECS instance(s) of type ${pool.instanceTypes.join(',')}`,
        complete: (at) => {
          for (let i = 0; i < count; i++) {
            const node = state.launchNode(pool, 'initial', at);
            launched.push(node);
            task.taskResult.push({ data: node.instanceId, status: 'initial' });
          }
          return `created instances ${launched.map((n) => n.instanceId).join(',')}`;
        },
      },
      {
        name: 'AttachNodes',
        message: `waiting for ${count} node(s) to join the cluster`,
        complete: () => {
          for (const node of launched) node.state = 'running';
          for (const entry of task.taskResult) entry.status = 'success';
          return `${launched.length} node(s) joined the cluster and are Ready`;
        },
      },
    ];
  });
}

export interface RemoveOptions {
  readonly drainNode: boolean;
  readonly releaseNode: boolean;
  readonly concurrency: boolean;
}

/** RemoveNodePoolNodes: marks nodes `removing`, optionally drains them, removes them and optionally releases the ECS instances. */
export function startRemoveNodes(state: AckState, account: Account, pool: NodePool, nodes: readonly Node[], options: RemoveOptions): Task {
  const ids = nodes.map((n) => n.instanceId);
  for (const node of nodes) node.state = 'removing';
  const spec: TaskSpec = {
    account,
    pool,
    taskType: 'nodepool_remove_nodes',
    parameters: { instance_ids: ids, drain_node: options.drainNode, release_node: options.releaseNode, concurrency: options.concurrency },
  };
  return createTask(state, spec, (task) => {
    const removed: RemovedNode[] = [];
    const plan: StagePlan[] = [];
    if (options.drainNode) {
      plan.push({
        name: 'DrainNodes',
        message: `cordoning and draining ${nodes.length} node(s)`,
        complete: () => `evicted pods from ${nodes.map((n) => n.nodeName).join(',')}`,
      });
    }
    plan.push({
      name: 'RemoveNodes',
      message: `removing ${nodes.length} node(s) from the cluster`,
      complete: (at) => {
        for (const node of nodes) {
          removed.push(state.detachNode(node, task.taskId, at));
          task.taskResult.push({ data: node.instanceId, status: 'success' });
        }
        pool.desiredSize = Math.max(0, pool.desiredSize - nodes.length);
        pool.updated = at;
        return `removed ${ids.join(',')}; desired size is now ${pool.desiredSize}`;
      },
    });
    if (options.releaseNode) {
      plan.push({
        name: 'ReleaseInstances',
        message: `releasing ${nodes.length} ECS instance(s)`,
        complete: () => {
          for (const record of removed) record.released = true;
          return `released ${ids.join(',')}`;
        },
      });
    }
    return plan;
  });
}
