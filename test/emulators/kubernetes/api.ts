// Routes a resource request (/api/v1/..., /apis/{group}/{version}/...) to its verb handler.
import { create, deleteCollection, deleteObject, getObject, listCollection, patch, update, type CrudDeps } from './crud.js';
import type { Exchange } from './exchange.js';
import { podLogs } from './logs.js';
import type { Authorizer } from './rbac.js';
import { resourceAt } from './resources.js';
import { review } from './reviews.js';
import { methodNotAllowed, pathNotFound } from './status.js';
import { subresource } from './subresources.js';
import { watch } from './watch.js';

export interface ApiDeps extends CrudDeps {
  readonly authorizer: Authorizer;
}

export function serveResource(deps: ApiDeps, ex: Exchange): void {
  const info = ex.info;
  const type = resourceAt(info.apiGroup, info.apiVersion, info.resource);
  if (type === undefined) throw pathNotFound();
  if (!type.namespaced && info.namespace !== '' && info.resource !== 'namespaces') throw pathNotFound();
  if (type.virtual) {
    if (info.verb !== 'create') throw methodNotAllowed();
    review(deps.authorizer, ex, type);
    return;
  }
  if (type.namespaced && info.namespace === '' && !['list', 'watch'].includes(info.verb)) throw pathNotFound();
  if (info.subresource === 'log' && type.kind === 'Pod') {
    if (info.verb !== 'get') throw methodNotAllowed();
    podLogs(deps.store, ex);
    return;
  }
  if (info.subresource !== '') {
    subresource(deps, ex, type);
    return;
  }
  switch (info.verb) {
    case 'get': getObject(deps, ex, type); break;
    case 'list': listCollection(deps, ex, type); break;
    case 'watch': watch(deps.store, ex, type); break;
    case 'create':
      if (info.name !== '') throw methodNotAllowed();
      create(deps, ex, type);
      break;
    case 'update': update(deps, ex, type); break;
    case 'patch': patch(deps, ex, type); break;
    case 'delete': deleteObject(deps, ex, type); break;
    case 'deletecollection':
      if (!type.verbs.includes('deletecollection')) throw methodNotAllowed();
      deleteCollection(deps, ex, type);
      break;
    default: throw methodNotAllowed();
  }
}
