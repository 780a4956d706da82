// Selecting a collection: namespace, label and field selectors, then limit/continue paging over the
// objects ordered by namespace and name.
import type { StoredObject } from './model.js';
import type { ResourceType } from './resources.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, type Selector } from './selectors.js';
import { badRequest } from './status.js';
import type { KubeStore } from './store.js';

export interface Selection {
  readonly labels: Selector;
  readonly fields: Selector;
}

export function selection(query: URLSearchParams): Selection {
  return { labels: parseLabelSelector(query.get('labelSelector') ?? undefined), fields: parseFieldSelector(query.get('fieldSelector') ?? undefined) };
}

export function selects(s: Selection, object: StoredObject): boolean {
  return matchesLabels(s.labels, object.metadata.labels) && matchesFields(s.fields, object);
}

export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

const keyOf = (o: StoredObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function decodeContinue(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { start?: unknown };
    if (typeof parsed.start === 'string') return parsed.start;
  } catch {
    // fall through
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

export function listObjects(store: KubeStore, type: ResourceType, namespace: string, query: URLSearchParams): { items: StoredObject[]; meta: ListMeta } {
  const chosen = selection(query);
  let items = store.list(type, namespace).filter((o) => selects(chosen, o));
  const resourceVersion = store.resourceVersion();
  const token = query.get('continue');
  if (token) {
    const start = decodeContinue(token);
    items = items.filter((o) => keyOf(o) > start);
  }
  const limit = Number(query.get('limit') ?? '0');
  if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    const next = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(resourceVersion), start: last === undefined ? '' : keyOf(last) })).toString('base64url');
    // The API server cannot count what remains of a filtered list, so it leaves the count out.
    const filtered = chosen.labels.length > 0 || chosen.fields.length > 0;
    return { items: page, meta: { resourceVersion, continue: next, ...(filtered ? {} : { remainingItemCount: items.length - limit }) } };
  }
  return { items, meta: { resourceVersion } };
}
