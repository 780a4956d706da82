// Discovery documents: the aggregated apidiscovery.k8s.io/v2 lists kubectl asks for first, and the legacy
// APIVersions / APIGroupList / APIResourceList documents (client-node reads /apis/{group}/{version}).
import { apiVersionOf, groupVersions, type ResourceType } from './resources.js';

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Whether an Accept header prefers aggregated discovery v2 over plain JSON. */
export function wantsAggregated(accept: string | undefined): boolean {
  const first = (accept ?? '').split(',')[0] ?? '';
  const params = new Map(first.split(';').slice(1).map((p) => {
    const [k, v] = p.trim().split('=');
    return [k ?? '', v ?? ''];
  }));
  return params.get('g') === 'apidiscovery.k8s.io' && params.get('v') === 'v2' && params.get('as') === 'APIGroupDiscoveryList';
}

function legacyResource(r: ResourceType): Record<string, unknown>[] {
  const main = {
    name: r.plural,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
    ...(r.shortNames.length > 0 ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length > 0 ? { categories: r.categories } : {}),
  };
  const subs = r.subresources.map((s) => ({
    name: `${r.plural}/${s.name}`,
    singularName: '',
    namespaced: r.namespaced,
    ...(s.group === undefined ? {} : { group: s.group, version: s.version }),
    kind: s.kind,
    verbs: s.verbs,
  }));
  return [main, ...subs];
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

const namedGroups = (): Array<{ group: string; versions: string[] }> => {
  const groups = new Map<string, string[]>();
  for (const gv of groupVersions()) {
    if (gv.group === '') continue;
    groups.set(gv.group, [...(groups.get(gv.group) ?? []), gv.version]);
  }
  return [...groups.entries()].map(([group, versions]) => ({ group, versions }));
};

function apiGroup(group: string, versions: string[]): Record<string, unknown> {
  const entries = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: entries, preferredVersion: entries[0] };
}

export function apiGroupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: namedGroups().map((g) => apiGroup(g.group, g.versions)) };
}

/** The APIGroup document at /apis/{group}, or undefined for an unknown group. */
export function apiGroupDocument(group: string): Record<string, unknown> | undefined {
  const found = namedGroups().find((g) => g.group === group);
  return found === undefined ? undefined : { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(found.group, found.versions) };
}

/** The APIResourceList at /api/v1 or /apis/{group}/{version}, or undefined when not served. */
export function apiResourceList(group: string, version: string): Record<string, unknown> | undefined {
  const gv = groupVersions().find((g) => g.group === group && g.version === version);
  if (gv === undefined) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(gv), resources: gv.resources.flatMap(legacyResource) };
}

function aggregatedResource(r: ResourceType): Record<string, unknown> {
  return {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
    ...(r.shortNames.length > 0 ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length > 0 ? { categories: r.categories } : {}),
    ...(r.subresources.length > 0 ? {
      subresources: r.subresources.map((s) => ({
        subresource: s.name,
        responseKind: { group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind },
        verbs: s.verbs,
      })),
    } : {}),
  };
}

/** The aggregated discovery document for /api (`legacy`) or /apis. */
export function aggregatedDiscovery(legacy: boolean): Record<string, unknown> {
  const items = legacy
    ? [{ metadata: { creationTimestamp: null }, versions: groupVersions().filter((g) => g.group === '').map((g) => ({ version: g.version, resources: g.resources.map(aggregatedResource), freshness: 'Current' })) }]
    : namedGroups().map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: g.versions.map((version) => ({
        version,
        resources: (groupVersions().find((gv) => gv.group === g.group && gv.version === version)?.resources ?? []).map(aggregatedResource),
        freshness: 'Current',
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

export function versionInfo(version: string): Record<string, unknown> {
  const match = /^v(\d+)\.(\d+)/.exec(version);
  return {
    major: match?.[1] ?? '1',
    minor: match?.[2] ?? '0',
    emulationMajor: match?.[1] ?? '1',
    emulationMinor: match?.[2] ?? '0',
    minCompatibilityMajor: match?.[1] ?? '1',
    minCompatibilityMinor: String(Math.max(0, Number(match?.[2] ?? '1') - 1)),
    gitVersion: version,
    gitCommit: 'a3f2d1c9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3',
    gitTreeState: 'clean',
    buildDate: '2025-09-10T08:21:33Z',
    goVersion: 'go1.24.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
