/** Flag tables for kubectl 1.35, taken from `kubectl options` and the --help of every allowed command. */

export interface ShortFlag {
  name: string;
  takesValue: boolean;
}

/** Short flags by letter, global (-n, -s, -v, -h) and local to the verbs that define them; see verbs.ts for per-verb meanings. */
export const commonShortFlags: Readonly<Record<string, ShortFlag>> = {
  A: { name: 'all-namespaces', takesValue: false },
  L: { name: 'label-columns', takesValue: true },
  R: { name: 'recursive', takesValue: false },
  c: { name: 'container', takesValue: true },
  e: { name: 'env', takesValue: true },
  f: { name: 'filename', takesValue: true },
  h: { name: 'help', takesValue: false },
  i: { name: 'stdin', takesValue: false },
  k: { name: 'kustomize', takesValue: true },
  l: { name: 'selector', takesValue: true },
  n: { name: 'namespace', takesValue: true },
  o: { name: 'output', takesValue: true },
  q: { name: 'quiet', takesValue: false },
  s: { name: 'server', takesValue: true },
  t: { name: 'tty', takesValue: false },
  v: { name: 'v', takesValue: true },
  w: { name: 'watch', takesValue: false },
};

/**
 * Long flags that take the next word as their value when written without `=`. Booleans and the three
 * flags with an optional value (--dry-run, --validate, --cascade) never do. --containers and --prefix
 * take a value only under `set` (see verbs.ts).
 */
export const valueFlags: ReadonlySet<string> = new Set([
  'annotation', 'annotations', 'api-group', 'api-version', 'as', 'as-group', 'as-uid', 'as-user-extra', 'audience',
  'bound-object-kind', 'bound-object-name', 'bound-object-uid', 'cache-dir', 'cert', 'certificate-authority', 'chunk-size',
  'class', 'client-certificate', 'client-key', 'cluster', 'cluster-ip', 'clusterip', 'clusterrole', 'concurrency', 'container',
  'context', 'copy-to', 'cpu', 'current-replicas', 'custom', 'default-backend', 'description', 'docker-email',
  'docker-password', 'docker-server', 'docker-username', 'duration', 'env', 'external-ip', 'external-name', 'field-manager',
  'field-selector', 'filename', 'for', 'from', 'from-env-file', 'from-file', 'from-literal', 'grace-period', 'group', 'hard',
  'image', 'image-pull-policy', 'key', 'keys', 'kubeconfig', 'kuberc', 'kustomize', 'label-columns', 'labels', 'limit-bytes',
  'limits', 'load-balancer-ip', 'log-dir', 'log-file', 'log-flush-frequency', 'max', 'max-log-requests', 'max-unavailable',
  'memory', 'min', 'min-available', 'name', 'namespace', 'namespaces', 'node-port', 'non-resource-url', 'output',
  'output-directory', 'override-type', 'overrides', 'password', 'patch', 'patch-file', 'pod-running-timeout', 'pod-selector',
  'port', 'preemption-policy', 'profile', 'profile-output', 'protocol', 'prune-allowlist', 'raw', 'replicas',
  'request-timeout', 'requests', 'resource', 'resource-name', 'resource-version', 'restart', 'retries', 'revision', 'role',
  'rule', 'schedule', 'scopes', 'selector', 'server', 'serviceaccount', 'session-affinity', 'set-image', 'since', 'since-time',
  'skip-wait-for-delete-timeout', 'sort-by', 'subresource', 'tail', 'target', 'target-port', 'tcp', 'template', 'timeout',
  'tls-server-name', 'to-revision', 'token', 'type', 'types', 'user', 'username', 'v', 'value', 'verb', 'verbs', 'vmodule',
]);

export interface FlagRefusal {
  why: string;
  instead: string;
}

const identity: FlagRefusal = {
  why: 'the server picks the cluster and connects with your own credential; changing the target, identity or TLS checks could send that credential elsewhere',
  instead: 'Drop the flag: the cluster and identity come from this call (use -n to pick a namespace, auth whoami to see who you are).',
};
const serverFiles: FlagRefusal = {
  why: "it reads or writes files on the MCP server's filesystem, which is not yours",
  instead: 'Drop the flag; the output comes back in the tool result.',
};
const readsServerFile: FlagRefusal = {
  why: "it reads a file from the MCP server's filesystem, which is not yours",
  instead: 'Use --from-literal=key=value, or pass a complete manifest with -f - and the manifest in stdin.',
};

/** Long flags refused in every spelling and at every access level, by normalised name. */
export const forbiddenFlags: Readonly<Record<string, FlagRefusal>> = {
  kubeconfig: identity,
  context: identity,
  cluster: identity,
  user: identity,
  server: identity,
  token: identity,
  as: identity,
  username: identity,
  password: identity,
  'insecure-skip-tls-verify': identity,
  'certificate-authority': identity,
  'tls-server-name': identity,
  'cache-dir': serverFiles,
  kuberc: serverFiles,
  'log-file': serverFiles,
  'log-dir': serverFiles,
  profile: serverFiles,
  'profile-output': serverFiles,
  'output-directory': serverFiles,
  raw: {
    why: 'it sends an arbitrary API path (such as /api/v1/secrets) past the resource checks and the Secret masking',
    instead: 'Use get or describe with a resource type.',
  },
  overrides: {
    why: 'it injects arbitrary JSON into the generated object (privileged containers, host namespaces)',
    instead: 'Write the full manifest and pass it with apply -f - and the manifest in stdin.',
  },
  kustomize: {
    why: "it builds a kustomization from a directory on the MCP server's filesystem",
    instead: 'Render the kustomization yourself and pass the result with apply -f - and the manifest in stdin.',
  },
  'from-file': readsServerFile,
  'from-env-file': readsServerFile,
  cert: readsServerFile,
  key: readsServerFile,
  'patch-file': { why: readsServerFile.why, instead: 'Pass the patch inline with -p.' },
  custom: { why: readsServerFile.why, instead: 'Use --image, --profile and a container command after --.' },
  edit: {
    why: 'it opens an interactive editor on the MCP server',
    instead: 'Get the object with -o yaml, change it, and apply it with apply -f - and the manifest in stdin, or use patch.',
  },
};

/** Families refused by prefix: --as, --as-group, --as-uid, --as-user-extra; --client-certificate, --client-key. */
export const forbiddenFlagPrefixes: ReadonlyArray<readonly [string, FlagRefusal]> = [
  ['as-', identity],
  ['client-', identity],
];

/** Verbosity above this logs request and response headers (level 6+ includes bearer tokens). */
export const maxVerbosity = 4;

/** Flags that raise the access level a command needs. */
export const adminOnlyFlags: Readonly<Record<string, string>> = {
  privileged: 'it runs a container with full access to its node',
};
