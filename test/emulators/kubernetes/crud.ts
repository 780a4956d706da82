// The standard verbs on a resource collection or object: get, list, create, update, patch, delete,
// deletecollection, with the API server's conflict, existence and namespace rules.
import yaml from 'js-yaml';
import { prepareCreate, prepareUpdate } from './admission.js';
import { jsonBody, type Exchange } from './exchange.js';
import { listObjects, selection, selects } from './list.js';
import { timestamp, type KubeObject, type StoredObject } from './model.js';
import { shapeOf } from './negotiate.js';
import { applyPatch, PATCH_TYPES, type PatchType } from './patch.js';
import { renderList, renderObject } from './render.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { alreadyExists, badRequest, conflict, forbidden, KubeError, notFound, unsupportedMediaType } from './status.js';
import type { ClusterStore, KubeStore } from './store.js';

export interface CrudDeps {
  readonly store: ClusterStore;
  /** Called before a delete is stored, with the propagation policy the client asked for. */
  readonly beforeDelete?: (type: ResourceType, object: StoredObject, policy: string) => void;
}

const gr = (type: ResourceType): { group: string; resource: string } => ({ group: type.group, resource: type.plural });
const isDryRun = (ex: Exchange, options?: { dryRun?: string[] }): boolean => ex.query.getAll('dryRun').includes('All') || (options?.dryRun ?? []).includes('All');

function requireObject(body: unknown): KubeObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the request body must be a JSON object');
  const object = body as KubeObject;
  object.metadata ??= {};
  return object;
}

/** Checks the body's apiVersion/kind against the endpoint and its namespace against the URL. */
function conform(type: ResourceType, object: KubeObject, namespace: string): KubeObject {
  const expected = apiVersionOf(type);
  object.apiVersion ||= expected;
  object.kind ||= type.kind;
  if (object.apiVersion !== expected) {
    throw badRequest(`the API version in the data (${object.apiVersion}) does not match the expected API version (${expected})`);
  }
  if (object.kind !== type.kind) throw badRequest(`the kind in the data (${object.kind}) does not match the expected kind (${type.kind})`);
  if (type.namespaced) {
    if (object.metadata.namespace && object.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    object.metadata.namespace = namespace;
  }
  return object;
}

function requireNamespace(store: KubeStore, type: ResourceType, object: KubeObject): void {
  if (!type.namespaced) return;
  const namespace = object.metadata.namespace ?? '';
  const ns = store.get('namespaces', undefined, namespace);
  if (ns === undefined) throw notFound({ group: '', resource: 'namespaces' }, namespace);
  if (ns.metadata.deletionTimestamp !== undefined) {
    throw forbidden(gr(type), object.metadata.name ?? '', `unable to create new content in namespace ${namespace} because it is being terminated`);
  }
}

function existing(store: KubeStore, type: ResourceType, namespace: string, name: string): StoredObject {
  const found = store.get(type, namespace, name);
  if (found === undefined) throw notFound(gr(type), name);
  return found;
}

export function getObject(deps: CrudDeps, ex: Exchange, type: ResourceType): void {
  const object = existing(deps.store, type, ex.info.namespace, ex.info.name);
  ex.send(200, renderObject(type, object, shapeOf(ex.header('accept'), ex.query)));
}

export function listCollection(deps: CrudDeps, ex: Exchange, type: ResourceType): void {
  const { items, meta } = listObjects(deps.store, type, ex.info.namespace, ex.query);
  ex.send(200, renderList(type, items, meta, shapeOf(ex.header('accept'), ex.query)));
}

function persist(deps: CrudDeps, object: KubeObject, dryRun: boolean): StoredObject {
  if (!dryRun) return deps.store.put(object);
  return { ...object, metadata: { uid: '', creationTimestamp: timestamp(), resourceVersion: '', ...object.metadata, name: object.metadata.name ?? '' } } as StoredObject;
}

/** Validates, defaults and stores a new object (also used by server-side apply of a missing object). */
function createObject(deps: CrudDeps, ex: Exchange, type: ResourceType, input: KubeObject): StoredObject {
  const object = conform(type, input, ex.info.namespace);
  prepareCreate(type, object, deps.store);
  requireNamespace(deps.store, type, object);
  if (deps.store.get(type, object.metadata.namespace, object.metadata.name ?? '') !== undefined) throw alreadyExists(gr(type), object.metadata.name ?? '');
  return persist(deps, object, isDryRun(ex));
}

export function create(deps: CrudDeps, ex: Exchange, type: ResourceType): void {
  ex.send(201, createObject(deps, ex, type, requireObject(jsonBody(ex))));
}

/** Replaces the stored object after the optimistic-concurrency check (used by update, patch and /status). */
export function replace(deps: CrudDeps, ex: Exchange, type: ResourceType, next: KubeObject, current: StoredObject, statusOnly = false): StoredObject {
  const object = conform(type, next, ex.info.namespace);
  if (object.metadata.name && object.metadata.name !== current.metadata.name) {
    throw badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${current.metadata.name})`);
  }
  const rv = object.metadata.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== current.metadata.resourceVersion) throw conflict(gr(type), current.metadata.name);
  return persist(deps, prepareUpdate(type, object, current, statusOnly, deps.store), isDryRun(ex));
}

export function update(deps: CrudDeps, ex: Exchange, type: ResourceType, statusOnly = false): void {
  const current = existing(deps.store, type, ex.info.namespace, ex.info.name);
  ex.send(200, replace(deps, ex, type, requireObject(jsonBody(ex)), current, statusOnly));
}

export function patchType(ex: Exchange): PatchType {
  const contentType = (ex.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const found = PATCH_TYPES.find((t) => t === contentType);
  if (found === undefined) throw unsupportedMediaType(contentType);
  return found;
}

export function patchBody(ex: Exchange, type: PatchType): unknown {
  const text = ex.body.toString('utf8');
  try {
    return type === 'application/apply-patch+yaml' ? yaml.load(text) : JSON.parse(text);
  } catch (error) {
    throw badRequest(`error decoding patch: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function patch(deps: CrudDeps, ex: Exchange, type: ResourceType, statusOnly = false): void {
  const kind = patchType(ex);
  const body = patchBody(ex, kind);
  const current = deps.store.get(type, ex.info.namespace, ex.info.name);
  if (current === undefined) {
    if (kind !== 'application/apply-patch+yaml') throw notFound(gr(type), ex.info.name);
    const object = requireObject(body);
    object.metadata.name ??= ex.info.name;
    ex.send(201, createObject(deps, ex, type, object));
    return;
  }
  const patched = requireObject(applyPatch(kind, current, body));
  ex.send(200, replace(deps, ex, type, patched, current, statusOnly));
}

interface DeleteOptions {
  propagationPolicy?: string;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

function deleteOptions(ex: Exchange): DeleteOptions {
  const body = ex.body.length > 0 ? (jsonBody(ex) as DeleteOptions | undefined) ?? {} : {};
  const policy = ex.query.get('propagationPolicy') ?? body.propagationPolicy ?? (body.orphanDependents ? 'Orphan' : undefined);
  return { ...body, ...(policy === undefined ? {} : { propagationPolicy: policy }) };
}

function defaultPolicy(type: ResourceType): string {
  // Kinds served from before apps/v1 keep orphaning by default; everything here is new enough for Background.
  return type.kind === 'ReplicationController' ? 'Orphan' : 'Background';
}

/** Deletes one object; returns the response body (the object for pods and namespaces, a Status otherwise). */
function remove(deps: CrudDeps, ex: Exchange, type: ResourceType, current: StoredObject, options: DeleteOptions): unknown {
  const pre = options.preconditions;
  if (pre?.uid && pre.uid !== current.metadata.uid) {
    throw new KubeError(409, 'Conflict', `Operation cannot be fulfilled on ${type.group === '' ? type.plural : `${type.plural}.${type.group}`} "${current.metadata.name}": Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) throw conflict(gr(type), current.metadata.name);
  const dryRun = isDryRun(ex, options);
  const now = timestamp();
  if (type.kind === 'Namespace') {
    if (current.metadata.deletionTimestamp !== undefined || dryRun) return current;
    return deps.store.put({ ...current, metadata: { ...current.metadata, deletionTimestamp: now, deletionGracePeriodSeconds: 0 }, status: { phase: 'Terminating' } });
  }
  if (!dryRun) {
    deps.beforeDelete?.(type, current, options.propagationPolicy ?? defaultPolicy(type));
    deps.store.delete(type, current.metadata.namespace, current.metadata.name);
  }
  if (type.kind === 'Pod') return { ...current, metadata: { ...current.metadata, deletionTimestamp: now, deletionGracePeriodSeconds: 30 } };
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: current.metadata.name, ...(type.group === '' ? {} : { group: type.group }), kind: type.plural, uid: current.metadata.uid },
  };
}

export function deleteObject(deps: CrudDeps, ex: Exchange, type: ResourceType): void {
  const current = existing(deps.store, type, ex.info.namespace, ex.info.name);
  ex.send(200, remove(deps, ex, type, current, deleteOptions(ex)));
}

export function deleteCollection(deps: CrudDeps, ex: Exchange, type: ResourceType): void {
  const chosen = selection(ex.query);
  const options = deleteOptions(ex);
  const victims = deps.store.list(type, ex.info.namespace).filter((o) => selects(chosen, o));
  for (const victim of victims) remove(deps, ex, type, victim, options);
  ex.send(200, renderList(type, victims, { resourceVersion: deps.store.resourceVersion() }, { as: 'object' }));
}

