// RBAC-like authorization: bindings give a user or group a built-in role (with the upstream aggregated rules
// of view, edit and admin) or explicit rules, cluster-wide or in some namespaces. Every authenticated user
// may use discovery, health and OpenAPI paths and create self-reviews, as `system:basic-user` and
// `system:discovery` allow in a real cluster.

export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
}

export type BuiltinRole = 'cluster-admin' | 'admin' | 'edit' | 'view';

export interface RoleBinding {
  user?: string;
  group?: string;
  role: BuiltinRole | PolicyRule[];
  /** undefined = cluster-wide */
  namespaces?: string[];
}

export interface KubeSubject {
  user: string;
  groups?: string[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

const rule = (verbs: string[], apiGroups: string[], resources: string[]): PolicyRule => ({ verbs, apiGroups, resources });

const VIEW: PolicyRule[] = [
  rule(READ, [''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers',
    'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status']),
  rule(READ, [''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status',
    'resourcequotas', 'resourcequotas/status']),
  rule(READ, [''], ['namespaces']),
  rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  rule(READ, ['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status',
    'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status']),
  rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
  rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
];

const EDIT: PolicyRule[] = [
  ...VIEW,
  rule(READ, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(WRITE, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
  rule(['create'], [''], ['pods/eviction', 'serviceaccounts/token']),
  rule(WRITE, [''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets',
    'serviceaccounts', 'services', 'services/proxy']),
  rule(WRITE, ['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale',
    'statefulsets', 'statefulsets/scale']),
  rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(WRITE, ['batch'], ['cronjobs', 'jobs']),
  rule(WRITE, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
  rule(WRITE, ['policy'], ['poddisruptionbudgets']),
];

const ADMIN: PolicyRule[] = [
  ...EDIT,
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
  rule([...READ, ...WRITE], ['rbac.authorization.k8s.io'], ['rolebindings', 'roles']),
];

const CLUSTER_ADMIN: PolicyRule[] = [rule(['*'], ['*'], ['*'])];

export const BUILTIN_ROLES: Readonly<Record<BuiltinRole, readonly PolicyRule[]>> = {
  'cluster-admin': CLUSTER_ADMIN,
  admin: ADMIN,
  edit: EDIT,
  view: VIEW,
};

/** What a request asks to do, in the API server's authorizer attributes. */
export interface Attributes {
  readonly verb: string;
  readonly resourceRequest: boolean;
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  readonly path: string;
}

const DISCOVERY_PATHS = [/^\/api\/?$/, /^\/api\//, /^\/apis\/?$/, /^\/apis\//, /^\/healthz(\/|$)/, /^\/livez(\/|$)/, /^\/readyz(\/|$)/,
  /^\/version\/?$/, /^\/openapi(\/|$)/];
const SELF_REVIEWS = new Set(['authorization.k8s.io/selfsubjectaccessreviews', 'authorization.k8s.io/selfsubjectrulesreviews',
  'authentication.k8s.io/selfsubjectreviews']);

function ruleAllows(r: PolicyRule, attrs: Attributes): boolean {
  const resource = attrs.subresource === '' ? attrs.resource : `${attrs.resource}/${attrs.subresource}`;
  return (r.verbs.includes('*') || r.verbs.includes(attrs.verb))
    && (r.apiGroups.includes('*') || r.apiGroups.includes(attrs.apiGroup))
    && (r.resources.includes('*') || r.resources.includes(resource)
      || (attrs.subresource !== '' && r.resources.includes(`*/${attrs.subresource}`)))
    && (r.resourceNames === undefined || r.resourceNames.length === 0 || r.resourceNames.includes(attrs.name));
}

export class Authorizer {
  private readonly bindings: RoleBinding[];

  constructor(bindings: readonly RoleBinding[] = []) {
    this.bindings = [...bindings];
  }

  bind(binding: RoleBinding): void {
    if (binding.user === undefined && binding.group === undefined) throw new Error('kubernetes emulator: a binding needs a user or a group');
    this.bindings.push(binding);
  }

  /** The bindings of `subject` that apply in `namespace` ('' = cluster scope only gets cluster-wide bindings). */
  private applicable(subject: KubeSubject, namespace: string): RoleBinding[] {
    const groups = new Set([...(subject.groups ?? []), 'system:authenticated']);
    return this.bindings.filter((b) =>
      (b.user === subject.user || (b.group !== undefined && groups.has(b.group)))
      && (b.namespaces === undefined || (namespace !== '' && b.namespaces.includes(namespace))));
  }

  /** The binding that allows the request, if any ('implicit' for paths every authenticated user may use). */
  allows(subject: KubeSubject, attrs: Attributes): RoleBinding | 'implicit' | undefined {
    if (!attrs.resourceRequest) {
      if (attrs.verb === 'get' && DISCOVERY_PATHS.some((re) => re.test(attrs.path))) return 'implicit';
      return this.applicable(subject, '').find((b) => rolesOf(b).some((r) => r.verbs.includes('*') && r.resources.includes('*')));
    }
    if (attrs.verb === 'create' && SELF_REVIEWS.has(`${attrs.apiGroup}/${attrs.resource}`)) return 'implicit';
    return this.applicable(subject, attrs.namespace).find((b) => rolesOf(b).some((r) => ruleAllows(r, attrs)));
  }

  /** The rules `subject` holds in `namespace`, as SelfSubjectRulesReview reports them. */
  rules(subject: KubeSubject, namespace: string): PolicyRule[] {
    const implicit: PolicyRule[] = [
      rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
      rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
    ];
    return [...implicit, ...this.applicable(subject, namespace).flatMap((b) => rolesOf(b))];
  }
}

export function rolesOf(binding: RoleBinding): readonly PolicyRule[] {
  return typeof binding.role === 'string' ? BUILTIN_ROLES[binding.role] : binding.role;
}

/** How the API server words a denial (the part after `... is forbidden: `). */
export function denialMessage(user: string, attrs: Attributes): string {
  if (!attrs.resourceRequest) return `User "${user}" cannot ${attrs.verb} path "${attrs.path}"`;
  const resource = attrs.subresource === '' ? attrs.resource : `${attrs.resource}/${attrs.subresource}`;
  const scope = attrs.namespace === '' ? 'at the cluster scope' : `in the namespace "${attrs.namespace}"`;
  return `User "${user}" cannot ${attrs.verb} resource "${resource}" in API group "${attrs.apiGroup}" ${scope}`;
}

/** Why a request was allowed, worded like the RBAC authorizer's SubjectAccessReview reason. */
export function allowReason(binding: RoleBinding | 'implicit', subject: KubeSubject): string {
  if (binding === 'implicit') return 'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"';
  const role = typeof binding.role === 'string' ? binding.role : 'custom';
  const who = binding.user !== undefined ? `User "${subject.user}"` : `Group "${binding.group ?? ''}"`;
  const kind = binding.namespaces === undefined ? 'ClusterRoleBinding' : 'RoleBinding';
  return `RBAC: allowed by ${kind} "${role}-binding" of ClusterRole "${role}" to ${who}`;
}
