// Watches: newline-delimited {"type","object"} events over a chunked response. Without a resourceVersion
// (or "0") the current objects come first as ADDED; with one, the history after it is replayed. Objects
// entering or leaving the selection arrive as ADDED or DELETED, as the API server's watch cache does.
import type { Exchange } from './exchange.js';
import { selection, selects, type Selection } from './list.js';
import type { StoredObject } from './model.js';
import { shapeOf, type Shape } from './negotiate.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { badRequest, expired } from './status.js';
import type { ClusterStore, StoreEvent, WatchEventType } from './store.js';
import { toTable } from './tables.js';

const inScope = (type: ResourceType, namespace: string, object: StoredObject): boolean =>
  namespace === '' || !type.namespaced || object.metadata.namespace === namespace;

/** The event a watcher with `chosen` sees for a store change, if any. */
function project(event: StoreEvent, type: ResourceType, namespace: string, chosen: Selection): { type: WatchEventType; object: StoredObject } | undefined {
  if (event.resource !== type || !inScope(type, namespace, event.object)) return undefined;
  const now = selects(chosen, event.object);
  if (event.type !== 'MODIFIED') return now ? { type: event.type, object: event.object } : undefined;
  const before = event.previous !== undefined && selects(chosen, event.previous);
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: event.object };
  return before ? { type: 'DELETED', object: event.object } : undefined;
}

export function watch(store: ClusterStore, ex: Exchange, type: ResourceType): void {
  const namespace = ex.info.namespace;
  const chosen = selection(ex.query);
  const shape: Shape = shapeOf(ex.header('accept'), ex.query);
  const rvParam = ex.query.get('resourceVersion') ?? '';
  const sendInitial = ex.query.get('sendInitialEvents') === 'true';
  if (rvParam !== '' && !/^\d+$/.test(rvParam)) throw badRequest(`resourceVersion: Invalid value: "${rvParam}": must be a non-negative integer`);

  const backlog: Array<{ type: WatchEventType | 'BOOKMARK' | 'ERROR'; object: unknown }> = [];
  let from = Number(store.resourceVersion());
  if (rvParam === '' || rvParam === '0' || sendInitial) {
    for (const object of store.list(type, namespace)) if (selects(chosen, object)) backlog.push({ type: 'ADDED', object });
    if (sendInitial) {
      backlog.push({
        type: 'BOOKMARK',
        object: { kind: type.kind, apiVersion: apiVersionOf(type), metadata: { resourceVersion: store.resourceVersion(), annotations: { 'k8s.io/initial-events-end': 'true' } } },
      });
    }
  } else {
    from = Number(rvParam);
    const missed = store.changesSince(from);
    if (missed === undefined) {
      throw expired(`too old resource version: ${rvParam} (${store.oldestResourceVersion()})`);
    }
    for (const change of missed) {
      const seen = project(change, type, namespace, chosen);
      if (seen !== undefined) backlog.push(seen);
    }
    from = Number(store.resourceVersion());
  }

  const stream = ex.open('application/json');
  let headersSent = false;
  const encode = (event: { type: string; object: unknown }): string => {
    let object = event.object;
    if (shape.as === 'table' && event.type !== 'BOOKMARK' && event.type !== 'ERROR') {
      // Only the first event carries the column definitions, like the API server's watch encoder.
      object = toTable(type, [object as StoredObject], { include: shape.include, noHeaders: headersSent });
      headersSent = true;
    } else if (shape.as === 'metadata' && event.type !== 'BOOKMARK') {
      object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: (object as StoredObject).metadata };
    }
    return `${JSON.stringify({ type: event.type, object })}\n`;
  };
  for (const event of backlog) stream.write(encode(event));

  const unsubscribe = store.subscribe((change) => {
    if (change.resourceVersion <= from) return;
    const seen = project(change, type, namespace, chosen);
    if (seen !== undefined) stream.write(encode(seen));
  });
  const timeoutSeconds = Number(ex.query.get('timeoutSeconds') ?? '0');
  const timer = timeoutSeconds > 0 ? setTimeout(() => stream.end(), timeoutSeconds * 1000) : undefined;
  stream.closed.addEventListener('abort', () => {
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
  }, { once: true });
}
