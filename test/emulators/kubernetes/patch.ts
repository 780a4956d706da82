// The three patch formats kubectl and client libraries send: JSON patch (RFC 6902), JSON merge patch
// (RFC 7386) and strategic merge patch, whose list merge keys are the built-in types' `patchMergeKey`s.
import { badRequest, KubeError } from './status.js';

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (value: Json): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const clone = <T>(value: T): T => structuredClone(value);

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`the server rejected our request due to an error in our request: invalid JSON pointer "${path}"`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

function jsonPatchError(message: string): KubeError {
  return new KubeError(422, 'Invalid', message);
}

export function jsonPatch(target: Json, operations: Json): Json {
  if (!Array.isArray(operations)) throw badRequest('the server rejected our request due to an error in our request: json patch must be an array');
  let doc = clone(target);
  const resolve = (path: string[]): { parent: Json; key: string } => {
    let parent: Json = doc;
    for (const segment of path.slice(0, -1)) {
      parent = Array.isArray(parent) ? parent[Number(segment)] : isObject(parent) ? parent[segment] : undefined;
      if (parent === undefined) throw jsonPatchError(`doc is missing path: "/${path.join('/')}": missing value`);
    }
    return { parent, key: path[path.length - 1] ?? '' };
  };
  const read = (path: string[]): Json => {
    if (path.length === 0) return doc;
    const { parent, key } = resolve(path);
    const value = Array.isArray(parent) ? parent[Number(key)] : isObject(parent) ? parent[key] : undefined;
    if (value === undefined) throw jsonPatchError(`doc is missing key: /${path.join('/')}: missing value`);
    return value;
  };
  const remove = (path: string[]): Json => {
    const value = read(path);
    const { parent, key } = resolve(path);
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else if (isObject(parent)) delete parent[key];
    return value;
  };
  const add = (path: string[], value: Json, replace: boolean): void => {
    if (path.length === 0) {
      doc = clone(value);
      return;
    }
    const { parent, key } = resolve(path);
    if (Array.isArray(parent)) {
      const index = key === '-' ? parent.length : Number(key);
      if (!Number.isInteger(index) || index < 0 || index > parent.length) throw jsonPatchError(`Unable to access invalid index: ${key}`);
      if (replace) parent[index] = clone(value);
      else parent.splice(index, 0, clone(value));
    } else if (isObject(parent)) {
      if (replace && !(key in parent)) throw jsonPatchError(`doc is missing key: /${path.join('/')}: missing value`);
      parent[key] = clone(value);
    } else {
      throw jsonPatchError(`doc is missing path: "/${path.join('/')}": missing value`);
    }
  };
  for (const raw of operations as Operation[]) {
    const path = pointer(raw.path);
    switch (raw.op) {
      case 'add': add(path, raw.value, false); break;
      case 'replace': read(path); add(path, raw.value, true); break;
      case 'remove': remove(path); break;
      case 'move': add(path, remove(pointer(raw.from ?? '')), false); break;
      case 'copy': add(path, read(pointer(raw.from ?? '')), false); break;
      case 'test':
        if (JSON.stringify(read(path)) !== JSON.stringify(raw.value)) throw jsonPatchError(`testing value /${path.join('/')} failed: test failed`);
        break;
      default: throw badRequest(`the server rejected our request due to an error in our request: unexpected operation ${String(raw.op)}`);
    }
  }
  return doc;
}

/** `patchMergeKey` of the list at `path` (field names from the root of the object), undefined for atomic lists. */
function mergeKey(path: string[]): string | undefined {
  const field = path[path.length - 1];
  const parent = path[path.length - 2];
  switch (field) {
    case 'containers': case 'initContainers': case 'ephemeralContainers': case 'env': case 'volumes':
    case 'imagePullSecrets': case 'resourceClaims': case 'secrets': case 'schedulingGates':
      return 'name';
    case 'volumeMounts': return 'mountPath';
    case 'volumeDevices': return 'devicePath';
    case 'ports': return parent === 'spec' ? 'port' : 'containerPort';
    case 'conditions': return 'type';
    case 'addresses': return parent === 'status' ? 'type' : undefined;
    case 'hostAliases': return 'ip';
    case 'ownerReferences': return 'uid';
    case 'topologySpreadConstraints': return 'topologyKey';
    case 'taints': return 'key';
    default: return undefined;
  }
}

/** Lists of scalars that merge as sets (`patchStrategy: merge`). */
const MERGED_SCALAR_LISTS = new Set(['finalizers']);

function strategicList(target: Json, patch: Json[], path: string[]): Json[] {
  const key = mergeKey(path);
  const field = path[path.length - 1] ?? '';
  if (key === undefined) {
    if (MERGED_SCALAR_LISTS.has(field) && Array.isArray(target)) return [...new Set([...target, ...patch])];
    return patch.filter((item) => !(isObject(item) && '$patch' in item)).map(clone);
  }
  if (patch.some((item) => isObject(item) && item['$patch'] === 'replace')) {
    return patch.filter((item) => !(isObject(item) && item['$patch'] === 'replace')).map(clone);
  }
  const result = Array.isArray(target) ? [...target] : [];
  for (const item of patch) {
    if (!isObject(item)) continue;
    const index = result.findIndex((existing) => isObject(existing) && existing[key] === item[key]);
    if (item['$patch'] === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = strategicMerge(result[index], item, path);
    } else {
      result.push(strategicMerge(undefined, item, path));
    }
  }
  return result;
}

function reorder(list: Json[], order: Json[], key: string | undefined): Json[] {
  const identity = (item: Json): Json => (key !== undefined && isObject(item) ? item[key] : item);
  const position = (item: Json): number => {
    const index = order.findIndex((o) => JSON.stringify(identity(o)) === JSON.stringify(identity(item)));
    return index < 0 ? order.length : index;
  };
  return [...list].sort((a, b) => position(a) - position(b));
}

/** Strategic merge patch for the built-in types (directives: $patch, $retainKeys, $setElementOrder, $deleteFromPrimitiveList). */
export function strategicMerge(target: Json, patch: Json, path: string[] = []): Json {
  if (!isObject(patch)) return clone(patch);
  if (patch['$patch'] === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return clone(rest);
  }
  if (patch['$patch'] === 'delete') return undefined;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/') || key.startsWith('$deleteFromPrimitiveList/')) continue;
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      result[key] = strategicList(result[key], value, [...path, key]);
    } else if (isObject(value)) {
      const merged = strategicMerge(result[key], value, [...path, key]);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = value;
    }
  }
  for (const [directive, value] of Object.entries(patch)) {
    if (!Array.isArray(value)) continue;
    if (directive.startsWith('$deleteFromPrimitiveList/')) {
      const field = directive.slice('$deleteFromPrimitiveList/'.length);
      const current = result[field];
      if (Array.isArray(current)) result[field] = current.filter((item) => !value.includes(item));
    } else if (directive.startsWith('$setElementOrder/')) {
      const field = directive.slice('$setElementOrder/'.length);
      const current = result[field];
      if (Array.isArray(current)) result[field] = reorder(current, value, mergeKey([...path, field]));
    } else if (directive === '$retainKeys') {
      for (const key of Object.keys(result)) if (!value.includes(key)) delete result[key];
    }
  }
  return result;
}

export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;
export type PatchType = (typeof PATCH_TYPES)[number];

export function applyPatch(type: PatchType, target: Json, patch: Json): Json {
  switch (type) {
    case 'application/json-patch+json': return jsonPatch(target, patch);
    case 'application/merge-patch+json': return mergePatch(target, patch);
    case 'application/strategic-merge-patch+json': return strategicMerge(target, patch);
    // Server-side apply without field ownership: the applied configuration wins, like a merge patch.
    case 'application/apply-patch+yaml': return mergePatch(target, patch);
  }
}
