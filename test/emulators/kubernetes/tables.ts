// meta.k8s.io/v1 Table responses, which `kubectl get` asks for with `Accept: application/json;as=Table;...`.
import type { StoredObject } from './model.js';
import { column, CORE_PRINTERS, NAME, type Printer } from './printers-core.js';
import { WORKLOAD_PRINTERS } from './printers-workloads.js';
import type { ResourceType } from './resources.js';

/** What each row carries in `object`: `includeObject=None|Metadata|Object` (Metadata by default). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

const DEFAULT_PRINTER: Printer = {
  columns: [NAME, column('Created At', 'CreationTimestamp is a timestamp representing the server time when this object was created.', { type: 'date' })],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp],
};

const printerFor = (type: ResourceType): Printer =>
  (type.group === '' ? CORE_PRINTERS[type.plural] : WORKLOAD_PRINTERS[type.plural]) ?? DEFAULT_PRINTER;

function rowObject(object: StoredObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return object;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

export interface TableOptions {
  readonly include: IncludeObject;
  /** Leave out columnDefinitions (watch events after the first one). */
  readonly noHeaders?: boolean;
  readonly listMeta?: Record<string, unknown>;
}

export function toTable(type: ResourceType, objects: StoredObject[], options: TableOptions): Record<string, unknown> {
  const printer = printerFor(type);
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: options.listMeta ?? {},
    columnDefinitions: options.noHeaders ? null : printer.columns,
    rows: objects.map((object) => {
      const conditions = printer.conditions?.(object);
      const embedded = rowObject(object, options.include);
      return {
        cells: printer.cells(object, now),
        ...(conditions === undefined ? {} : { conditions }),
        ...(embedded === undefined ? {} : { object: embedded }),
      };
    }),
  };
}
