// Owner references and comparisons shared by the controllers.
import type { OwnerReference, StoredObject } from './model.js';
import { apiVersionOf, typeOf } from './resources.js';

export function controllerRef(owner: StoredObject): OwnerReference {
  const type = typeOf(owner);
  return {
    apiVersion: type === undefined ? owner.apiVersion : apiVersionOf(type),
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export const ownedBy = (object: StoredObject, owner: StoredObject): boolean =>
  (object.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);

/** The controlling owner reference of an object, if any. */
export const controllerOf = (object: StoredObject): OwnerReference | undefined =>
  (object.metadata.ownerReferences ?? []).find((r) => r.controller === true);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/** Deep equality of JSON values regardless of key order. */
export const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
