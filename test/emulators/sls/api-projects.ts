// ListProject and GetProject.
import { createHash } from 'node:crypto';
import { authorizeAccount, projectFor } from './access.js';
import { intParam, jsonReply, type ApiContext, type Reply } from './reply.js';
import type { StoredProject } from './store.js';

export function projectWire(p: StoredProject): Record<string, unknown> {
  return {
    projectName: p.name,
    description: p.description,
    region: p.region,
    owner: p.accountId,
    status: 'Normal',
    createTime: String(p.createTime),
    lastModifyTime: String(p.createTime),
    resourceGroupId: `rg-acfm${createHash('sha256').update(p.accountId).digest('hex').slice(0, 11)}`,
    dataRedundancyType: 'LRS',
    location: '',
    quota: {},
    recycleBinEnabled: false,
  };
}

export function listProject(ctx: ApiContext): Reply {
  authorizeAccount(ctx.credential, 'log:ListProject');
  const offset = intParam('offset', ctx.query.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER);
  const size = intParam('size', ctx.query.get('size'), 100, 1, 500);
  const nameFilter = ctx.query.get('projectName') ?? '';
  const all = ctx.store.projectsOf(ctx.credential.account.accountId).filter((p) => p.name.includes(nameFilter));
  const page = all.slice(offset, offset + size);
  return jsonReply({ count: page.length, total: all.length, projects: page.map(projectWire) });
}

export function getProject(ctx: ApiContext): Reply {
  return jsonReply(projectWire(projectFor(ctx.store, ctx.credential, 'log:GetProject', ctx.route.project)));
}
