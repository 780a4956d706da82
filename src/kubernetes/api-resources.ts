/** One resource type the API server serves, from discovery. */
export interface ApiResource {
  /** Plural name used in URLs, e.g. `deployments`. */
  name: string;
  kind: string;
  group: string;
  version: string;
  namespaced: boolean;
  singularName: string;
  shortNames: string[];
  verbs: string[];
}

interface DiscoveryResource {
  name: string;
  kind: string;
  namespaced: boolean;
  singularName?: string;
  shortNames?: string[];
  verbs?: string[];
}

/** Resources of one `/api/v1` or `/apis/{group}/{version}` document, without subresources. */
export function resourcesOf(group: string, version: string, list: { resources?: DiscoveryResource[] }): ApiResource[] {
  return (list.resources ?? [])
    .filter((r) => !r.name.includes('/'))
    .map((r) => ({
      name: r.name,
      kind: r.kind,
      group,
      version,
      namespaced: r.namespaced,
      singularName: r.singularName || r.kind.toLowerCase(),
      shortNames: r.shortNames ?? [],
      verbs: r.verbs ?? [],
    }));
}

/**
 * Finds a resource type the way kubectl does: plural, singular, short name or Kind, optionally
 * qualified with a group (`deployments.apps`, `ingresses.networking.k8s.io`). Core and earlier
 * (preferred) groups win ties, as kubectl's own priority does.
 */
export function resolveResource(resources: readonly ApiResource[], spelling: string): ApiResource | undefined {
  const wanted = spelling.trim();
  const dot = wanted.indexOf('.');
  const name = (dot < 0 ? wanted : wanted.slice(0, dot)).toLowerCase();
  const group = dot < 0 ? undefined : wanted.slice(dot + 1).toLowerCase();
  return resources.find(
    (r) =>
      (group === undefined || r.group === group || `${r.version}.${r.group}` === group) &&
      (r.name === name || r.singularName === name || r.kind.toLowerCase() === name || r.shortNames.includes(name)),
  );
}
