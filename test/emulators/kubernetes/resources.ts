// The resource types the emulator serves: what discovery advertises, what the store keeps, and how the
// handlers treat each (scope, subresources, generation and status tracking).

export interface SubresourceType {
  readonly name: string;
  readonly kind: string;
  readonly verbs: readonly string[];
  /** Set when the subresource speaks another group's kind (`deployments/scale` answers autoscaling/v1 Scale). */
  readonly group?: string;
  readonly version?: string;
}

export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly subresources: readonly SubresourceType[];
  /** `metadata.generation` counts spec changes. */
  readonly generation: boolean;
  /** Status is a subresource: writes to the object keep the stored status, writes to /status keep the rest. */
  readonly statusSubresource: boolean;
  /** Create-only review resources that are answered, never stored. */
  readonly virtual: boolean;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
const STATUS: SubresourceType = { name: 'status', kind: '', verbs: ['get', 'patch', 'update'] };
const SCALE: SubresourceType = { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };

interface Spec {
  group?: string;
  version?: string;
  kind: string;
  plural: string;
  namespaced?: boolean;
  verbs?: readonly string[];
  shortNames?: string[];
  all?: boolean;
  subresources?: SubresourceType[];
  generation?: boolean;
  virtual?: boolean;
}

function define(spec: Spec): ResourceType {
  const subresources = (spec.subresources ?? []).map((s) => (s.kind === '' ? { ...s, kind: spec.kind } : s));
  return {
    group: spec.group ?? '',
    version: spec.version ?? 'v1',
    kind: spec.kind,
    plural: spec.plural,
    singular: spec.kind.toLowerCase(),
    namespaced: spec.namespaced ?? true,
    verbs: spec.verbs ?? CRUD,
    shortNames: spec.shortNames ?? [],
    categories: spec.all ? ['all'] : [],
    subresources,
    generation: spec.generation ?? false,
    statusSubresource: subresources.some((s) => s.name === 'status'),
    virtual: spec.virtual ?? false,
  };
}

const REVIEW = ['create'] as const;

export const RESOURCES: readonly ResourceType[] = [
  define({ kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'] }),
  define({ kind: 'Endpoints', plural: 'endpoints', shortNames: ['ep'] }),
  define({ kind: 'Event', plural: 'events', shortNames: ['ev'] }),
  define({ kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], verbs: CRUD.filter((v) => v !== 'deletecollection'), subresources: [STATUS] }),
  define({ kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'], subresources: [STATUS] }),
  define({
    kind: 'Pod', plural: 'pods', shortNames: ['po'], all: true, generation: true,
    subresources: [{ name: 'log', kind: 'Pod', verbs: ['get'] }, STATUS],
  }),
  define({ kind: 'Secret', plural: 'secrets' }),
  define({ kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa'] }),
  define({ kind: 'Service', plural: 'services', shortNames: ['svc'], all: true, verbs: CRUD, subresources: [STATUS] }),
  define({ group: 'apps', kind: 'DaemonSet', plural: 'daemonsets', shortNames: ['ds'], all: true, generation: true, subresources: [STATUS] }),
  define({ group: 'apps', kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], all: true, generation: true, subresources: [SCALE, STATUS] }),
  define({ group: 'apps', kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], all: true, generation: true, subresources: [SCALE, STATUS] }),
  define({ group: 'apps', kind: 'StatefulSet', plural: 'statefulsets', shortNames: ['sts'], all: true, generation: true, subresources: [SCALE, STATUS] }),
  define({ group: 'batch', kind: 'CronJob', plural: 'cronjobs', shortNames: ['cj'], all: true, generation: true, subresources: [STATUS] }),
  define({ group: 'batch', kind: 'Job', plural: 'jobs', all: true, generation: true, subresources: [STATUS] }),
  define({ group: 'networking.k8s.io', kind: 'Ingress', plural: 'ingresses', shortNames: ['ing'], generation: true, subresources: [STATUS] }),
  define({ group: 'authentication.k8s.io', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false, verbs: REVIEW, virtual: true }),
  define({ group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', namespaced: false, verbs: REVIEW, virtual: true }),
  define({ group: 'authorization.k8s.io', kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', namespaced: false, verbs: REVIEW, virtual: true }),
];

export const apiVersionOf = (type: { group: string; version: string }): string =>
  (type.group === '' ? type.version : `${type.group}/${type.version}`);

/** Group-versions in discovery order: core first, then groups by name. */
export function groupVersions(): Array<{ group: string; version: string; resources: ResourceType[] }> {
  const byKey = new Map<string, { group: string; version: string; resources: ResourceType[] }>();
  for (const r of RESOURCES) {
    const key = apiVersionOf(r);
    const entry = byKey.get(key) ?? { group: r.group, version: r.version, resources: [] };
    entry.resources.push(r);
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => (a.group === b.group ? 0 : a.group < b.group ? -1 : 1));
}

/** The type served at `group/version/plural`. */
export function resourceAt(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

/** Resolves `pods`, `deployments.apps`, `Deployment` or `deploy` to its type (tests and the store use this). */
export function resolveResource(name: string): ResourceType {
  const found = RESOURCES.find((r) =>
    r.plural === name || `${r.plural}.${r.group}` === name || r.kind === name || r.shortNames.includes(name));
  if (found === undefined) throw new Error(`kubernetes emulator: unknown resource "${name}"`);
  return found;
}

/** The type of an object from its apiVersion and kind. */
export function typeOf(object: { apiVersion?: unknown; kind?: unknown }): ResourceType | undefined {
  return RESOURCES.find((r) => apiVersionOf(r) === object.apiVersion && r.kind === object.kind);
}
