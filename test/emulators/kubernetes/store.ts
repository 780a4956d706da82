// Object storage with the API server's bookkeeping: one cluster-wide resourceVersion counter, uids and
// creation timestamps, a bounded change history for watches, and container logs.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { timestamp, type KubeObject, type StoredObject } from './model.js';
import { resolveResource, typeOf, type ResourceType } from './resources.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly type: WatchEventType;
  readonly resource: ResourceType;
  readonly object: StoredObject;
  /** The object before a MODIFIED or DELETED change. */
  readonly previous?: StoredObject;
  readonly resourceVersion: number;
}

export interface LogLine {
  readonly time: Date;
  readonly text: string;
}

const HISTORY_LIMIT = 10_000;
const FIRST_RESOURCE_VERSION = 1000;

const objectKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;
const logKey = (namespace: string, pod: string, container: string): string => `${namespace}/${pod}/${container}`;
const clone = <T>(value: T): T => structuredClone(value);

function typeOfObject(object: KubeObject): ResourceType {
  const type = typeOf(object);
  if (type === undefined) throw new Error(`kubernetes emulator: cannot store ${String(object.apiVersion)} ${String(object.kind)}`);
  return type;
}

/** Direct access to the cluster state for tests: no admission, no authorization, changes seen by watches and controllers. */
export interface KubeStore {
  /** The current cluster-wide resourceVersion. */
  resourceVersion(): string;
  /** A copy of one object; `resource` is a plural (`pods`), `plural.group`, kind or short name. */
  get(resource: string | ResourceType, namespace: string | undefined, name: string): StoredObject | undefined;
  /** Copies of the objects of a type, in one namespace or all, sorted by namespace then name. */
  list(resource: string | ResourceType, namespace?: string): StoredObject[];
  /** Creates or replaces an object (its apiVersion and kind pick the type); returns the stored copy. */
  put(object: object): StoredObject;
  /** Removes an object; returns its last state. */
  delete(resource: string | ResourceType, namespace: string | undefined, name: string): StoredObject | undefined;
  /** Appends a line to a container's current (or previous) log; followers see it at once. */
  appendLog(namespace: string, pod: string, container: string, line: string, options?: { previous?: boolean; time?: Date }): void;
  /** A container's log lines, or undefined when nothing was ever logged for it. */
  logs(namespace: string, pod: string, container: string, previous?: boolean): LogLine[] | undefined;
}

export class ClusterStore implements KubeStore {
  private revision = FIRST_RESOURCE_VERSION;
  private readonly objects = new Map<ResourceType, Map<string, StoredObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly changes = new EventEmitter();
  private readonly logLines = new Map<string, { current: LogLine[]; previous: LogLine[] }>();
  private readonly appended = new EventEmitter();

  constructor() {
    this.changes.setMaxListeners(0);
    this.appended.setMaxListeners(0);
  }

  /** The current cluster-wide resourceVersion. */
  resourceVersion(): string {
    return String(this.revision);
  }

  /** A copy of one object; `resource` is a plural (`pods`), `plural.group`, kind or short name. */
  get(resource: string | ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    const type = typeof resource === 'string' ? resolveResource(resource) : resource;
    const found = this.bucket(type).get(objectKey(type.namespaced ? namespace : undefined, name));
    return found === undefined ? undefined : clone(found);
  }

  /** Copies of the objects of a type, in one namespace or all, sorted by namespace then name. */
  list(resource: string | ResourceType, namespace?: string): StoredObject[] {
    const type = typeof resource === 'string' ? resolveResource(resource) : resource;
    const items = [...this.bucket(type).entries()]
      .filter(([, o]) => namespace === undefined || namespace === '' || !type.namespaced || o.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return items.map(([, o]) => clone(o));
  }

  /**
   * Creates or replaces an object (its apiVersion and kind pick the type) with no admission checks: uid and
   * creationTimestamp are kept from the stored version or filled in, resourceVersion always advances.
   */
  put(input: object): StoredObject {
    const object = clone(input) as KubeObject;
    const type = typeOfObject(object);
    const name = object.metadata?.name;
    if (typeof name !== 'string' || name === '') throw new Error('kubernetes emulator: store.put needs metadata.name');
    if (type.namespaced && !object.metadata.namespace) object.metadata.namespace = 'default';
    if (!type.namespaced) delete object.metadata.namespace;
    const key = objectKey(object.metadata.namespace, name);
    const previous = this.bucket(type).get(key);
    this.revision += 1;
    const metadata = {
      ...object.metadata,
      name,
      uid: object.metadata.uid ?? previous?.metadata.uid ?? randomUUID(),
      creationTimestamp: object.metadata.creationTimestamp ?? previous?.metadata.creationTimestamp ?? timestamp(),
      resourceVersion: String(this.revision),
      ...(type.generation ? { generation: object.metadata.generation ?? previous?.metadata.generation ?? 1 } : {}),
    };
    const stored: StoredObject = { ...object, metadata };
    this.bucket(type).set(key, stored);
    this.emit({ type: previous === undefined ? 'ADDED' : 'MODIFIED', resource: type, object: clone(stored), ...(previous ? { previous } : {}), resourceVersion: this.revision });
    return clone(stored);
  }

  /** Removes an object; returns its last state. */
  delete(resource: string | ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    const type = typeof resource === 'string' ? resolveResource(resource) : resource;
    const key = objectKey(type.namespaced ? namespace : undefined, name);
    const previous = this.bucket(type).get(key);
    if (previous === undefined) return undefined;
    this.bucket(type).delete(key);
    this.revision += 1;
    const object = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(this.revision) } };
    this.emit({ type: 'DELETED', resource: type, object: clone(object), previous, resourceVersion: this.revision });
    return clone(object);
  }

  /** Appends a line to a container's current (or previous) log; followers see it at once. */
  appendLog(namespace: string, pod: string, container: string, line: string, options: { previous?: boolean; time?: Date } = {}): void {
    const key = logKey(namespace, pod, container);
    const entry = this.logLines.get(key) ?? { current: [], previous: [] };
    this.logLines.set(key, entry);
    const logLine = { time: options.time ?? new Date(), text: line };
    (options.previous ? entry.previous : entry.current).push(logLine);
    if (!options.previous) this.appended.emit(key, logLine);
  }

  /** A container's log lines, or undefined when nothing was ever logged for it. */
  logs(namespace: string, pod: string, container: string, previous = false): LogLine[] | undefined {
    const entry = this.logLines.get(logKey(namespace, pod, container));
    if (entry === undefined) return undefined;
    return [...(previous ? entry.previous : entry.current)];
  }

  /** Calls `listener` for every line appended to the container's current log until the returned function runs. */
  followLog(namespace: string, pod: string, container: string, listener: (line: LogLine) => void): () => void {
    const key = logKey(namespace, pod, container);
    this.appended.on(key, listener);
    return () => this.appended.off(key, listener);
  }

  /** Subscribes to every change; returns the unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }

  /** Changes after `resourceVersion`, or undefined when the history no longer reaches back that far. */
  changesSince(resourceVersion: number): StoreEvent[] | undefined {
    const oldest = this.history[0];
    if (oldest !== undefined && resourceVersion < oldest.resourceVersion - 1) return undefined;
    if (oldest === undefined && resourceVersion < this.revision) return undefined;
    return this.history.filter((e) => e.resourceVersion > resourceVersion);
  }

  /** The oldest resourceVersion a watch can resume from. */
  oldestResourceVersion(): number {
    return (this.history[0]?.resourceVersion ?? this.revision + 1) - 1;
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    this.changes.emit('change', event);
  }

  private bucket(type: ResourceType): Map<string, StoredObject> {
    let bucket = this.objects.get(type);
    if (bucket === undefined) {
      bucket = new Map();
      this.objects.set(type, bucket);
    }
    return bucket;
  }
}
