// core/v1 Events as controllers and the kubelet report them; a repeat of the same event bumps its count.
import { randomBytes } from 'node:crypto';
import { timestamp, type CoreEvent, type StoredObject } from './model.js';
import type { KubeStore } from './store.js';

export interface EventSource {
  readonly component: string;
  readonly host?: string;
}

export function recordEvent(store: KubeStore, regarding: StoredObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): void {
  const namespace = regarding.metadata.namespace ?? 'default';
  const now = timestamp();
  const same = (store.list('events', namespace) as CoreEvent[]).find((e) =>
    e.involvedObject.uid === regarding.metadata.uid && e.reason === reason && e.message === message && e.involvedObject.fieldPath === fieldPath);
  if (same !== undefined) {
    store.put({ ...same, count: (same.count ?? 1) + 1, lastTimestamp: now });
    return;
  }
  store.put({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${regarding.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
    involvedObject: {
      kind: regarding.kind,
      namespace: regarding.metadata.namespace,
      name: regarding.metadata.name,
      uid: regarding.metadata.uid,
      apiVersion: regarding.apiVersion,
      resourceVersion: regarding.metadata.resourceVersion,
      ...(fieldPath === undefined ? {} : { fieldPath }),
    },
    reason,
    message,
    source: { component: source.component, ...(source.host === undefined ? {} : { host: source.host }) },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type,
    eventTime: null,
    reportingComponent: source.component,
    reportingInstance: source.host ?? '',
  });
}
