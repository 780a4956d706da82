// Turns stored objects into response bodies in the shape the client asked for.
import type { StoredObject } from './model.js';
import type { Shape } from './negotiate.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import type { ListMeta } from './list.js';
import { toTable } from './tables.js';

const partial = (o: StoredObject): Record<string, unknown> => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata });

export function renderObject(type: ResourceType, object: StoredObject, shape: Shape): unknown {
  switch (shape.as) {
    case 'table': return toTable(type, [object], { include: shape.include, listMeta: { resourceVersion: object.metadata.resourceVersion } });
    case 'metadata': return partial(object);
    case 'object': return object;
  }
}

export function renderList(type: ResourceType, items: StoredObject[], meta: ListMeta, shape: Shape): unknown {
  switch (shape.as) {
    case 'table': return toTable(type, items, { include: shape.include, listMeta: { ...meta } });
    case 'metadata': return { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: meta, items: items.map(partial) };
    case 'object':
      // Typed lists on the wire carry apiVersion and kind once, on the list, not on each item.
      return {
        kind: `${type.kind}List`,
        apiVersion: apiVersionOf(type),
        metadata: meta,
        items: items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
      };
  }
}
