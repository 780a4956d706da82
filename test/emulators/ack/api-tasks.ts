// DescribeTaskInfo.
import { param, type Route } from './route.js';
import { taskWire } from './wire.js';

export const taskRoutes: readonly Route[] = [
  {
    action: 'DescribeTaskInfo',
    method: 'GET',
    path: '/tasks/{task}',
    handle: (ctx) => taskWire(ctx.state.taskOf(ctx.account, param(ctx, 'task'))),
  },
];
