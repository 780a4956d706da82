// The scale and status subresources. Scale is the autoscaling/v1 view of a workload's replica count
// (`kubectl scale` PATCHes it with a merge patch); status reads and writes only the status stanza.
import { prepareUpdate } from './admission.js';
import { getObject, patch, patchBody, patchType, update, type CrudDeps } from './crud.js';
import { jsonBody, type Exchange } from './exchange.js';
import type { StoredObject, Workload } from './model.js';
import { applyPatch } from './patch.js';
import type { ResourceType } from './resources.js';
import { formatLabelSelector } from './selectors.js';
import { badRequest, conflict, methodNotAllowed, notFound } from './status.js';

function toScale(object: StoredObject): Record<string, unknown> {
  const workload = object as Workload;
  const { name, namespace, uid, resourceVersion, creationTimestamp } = workload.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: workload.spec.replicas ?? 1 },
    status: { replicas: workload.status?.replicas ?? 0, selector: formatLabelSelector(workload.spec.selector) },
  };
}

function scale(deps: CrudDeps, ex: Exchange, type: ResourceType): void {
  const current = deps.store.get(type, ex.info.namespace, ex.info.name);
  if (current === undefined) throw notFound({ group: type.group, resource: type.plural }, ex.info.name);
  const before = toScale(current);
  if (ex.info.verb === 'get') {
    ex.send(200, before);
    return;
  }
  let wanted: { metadata?: { resourceVersion?: string }; spec?: { replicas?: unknown } };
  if (ex.info.verb === 'update') {
    wanted = jsonBody(ex) as typeof wanted;
  } else if (ex.info.verb === 'patch') {
    const kind = patchType(ex);
    wanted = applyPatch(kind, before, patchBody(ex, kind)) as typeof wanted;
  } else {
    throw methodNotAllowed();
  }
  const rv = wanted.metadata?.resourceVersion;
  if (rv && rv !== current.metadata.resourceVersion) throw conflict({ group: type.group, resource: type.plural }, current.metadata.name);
  const replicas = wanted.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw badRequest(`Scale.autoscaling "${current.metadata.name}" is invalid: spec.replicas: Invalid value: ${String(replicas)}: must be greater than or equal to 0`);
  }
  const next = { ...current, spec: { ...(current as Workload).spec, replicas } };
  const stored = ex.query.getAll('dryRun').includes('All') ? current : deps.store.put(prepareUpdate(type, next, current, false, deps.store));
  ex.send(200, { ...toScale(stored), ...(stored === current ? { spec: { replicas } } : {}) });
}

export function subresource(deps: CrudDeps, ex: Exchange, type: ResourceType): void {
  const name = ex.info.subresource;
  if (!type.subresources.some((s) => s.name === name) || name === 'log') throw notFound({ group: type.group, resource: `${type.plural}/${name}` }, ex.info.name);
  if (name === 'scale') {
    scale(deps, ex, type);
    return;
  }
  switch (ex.info.verb) {
    case 'get': getObject(deps, ex, type); break;
    case 'update': update(deps, ex, type, true); break;
    case 'patch': patch(deps, ex, type, true); break;
    default: throw methodNotAllowed();
  }
}
