import type { AccessLevel } from './access-level.js';
import type { ShortFlag } from './flags.js';
import type { OutputFormat } from './output-format.js';

export interface SubcommandRule {
  level: AccessLevel;
  /** Why a command that needs more than its verb's level does so. */
  note?: string;
  forbidden?: { why: string; instead: string };
  defaultOutput?: OutputFormat;
  /** Runs until the runner's timeout unless --watch=false. */
  streams?: boolean;
  /** Local flags that shadow a refused global flag of the same name (`set subject --user` names an RBAC subject). */
  ownFlags?: string[];
}

export interface VerbRule {
  level: AccessLevel;
  /** Whether its output can contain objects, and so Secret values. */
  printsObjects: boolean;
  subcommands?: Readonly<Record<string, SubcommandRule>>;
  subcommandAliases?: Readonly<Record<string, string>>;
  subcommandRequired?: boolean;
  /** Words after a bare `--` are the container's command, not kubectl arguments. */
  containerCommand?: boolean;
  shortFlags?: Readonly<Record<string, ShortFlag>>;
  /** Long flags that take a value under this verb although they are booleans elsewhere. */
  valueFlags?: string[];
  ownFlags?: string[];
}

const readOnly: SubcommandRule = { level: 'read-only' };
const readWrite: SubcommandRule = { level: 'read-write' };
const bindsUsers: SubcommandRule = { level: 'read-write', ownFlags: ['user'] };

/** Allowed kubectl verbs; anything else is refused (fail closed). Order is the order shown to callers. */
export const verbs: Readonly<Record<string, VerbRule>> = {
  get: { level: 'read-only', printsObjects: true },
  describe: { level: 'read-only', printsObjects: true },
  logs: {
    level: 'read-only',
    printsObjects: false,
    shortFlags: { f: { name: 'follow', takesValue: false }, p: { name: 'previous', takesValue: false } },
  },
  top: {
    level: 'read-only',
    printsObjects: false,
    subcommandRequired: true,
    subcommands: { node: readOnly, pod: readOnly },
    subcommandAliases: { nodes: 'node', no: 'node', pods: 'pod', po: 'pod' },
  },
  events: { level: 'read-only', printsObjects: false },
  explain: { level: 'read-only', printsObjects: false },
  'api-resources': { level: 'read-only', printsObjects: false },
  'api-versions': { level: 'read-only', printsObjects: false },
  version: { level: 'read-only', printsObjects: false },
  'cluster-info': {
    level: 'read-only',
    printsObjects: false,
    subcommands: { dump: { level: 'admin', defaultOutput: 'json', note: 'it dumps pods, logs and events of whole namespaces' } },
  },
  auth: {
    level: 'read-only',
    printsObjects: false,
    subcommandRequired: true,
    subcommands: { 'can-i': readOnly, whoami: readOnly, reconcile: readWrite },
  },
  apply: {
    level: 'read-write',
    printsObjects: true,
    subcommands: {
      'view-last-applied': { level: 'read-write', defaultOutput: 'yaml' },
      'set-last-applied': readWrite,
      'edit-last-applied': {
        level: 'read-write',
        forbidden: {
          why: 'it opens an interactive editor on the MCP server',
          instead: 'Use apply set-last-applied -f - with the manifest in stdin.',
        },
      },
    },
  },
  create: {
    level: 'read-write',
    printsObjects: true,
    shortFlags: { r: { name: 'replicas', takesValue: true } },
    subcommands: {
      clusterrole: readWrite,
      clusterrolebinding: bindsUsers,
      configmap: readWrite,
      cronjob: readWrite,
      deployment: readWrite,
      ingress: readWrite,
      job: readWrite,
      namespace: readWrite,
      poddisruptionbudget: readWrite,
      priorityclass: readWrite,
      quota: readWrite,
      role: readWrite,
      rolebinding: bindsUsers,
      secret: readWrite,
      service: readWrite,
      serviceaccount: readWrite,
      token: { level: 'admin', note: 'it returns a bearer token for a service account' },
    },
    subcommandAliases: {
      cm: 'configmap',
      cj: 'cronjob',
      deploy: 'deployment',
      ing: 'ingress',
      ns: 'namespace',
      pdb: 'poddisruptionbudget',
      pc: 'priorityclass',
      resourcequota: 'quota',
      svc: 'service',
      sa: 'serviceaccount',
    },
  },
  delete: { level: 'read-write', printsObjects: true, shortFlags: { i: { name: 'interactive', takesValue: false } } },
  patch: { level: 'read-write', printsObjects: true, shortFlags: { p: { name: 'patch', takesValue: true } } },
  replace: { level: 'read-write', printsObjects: true },
  scale: { level: 'read-write', printsObjects: true },
  rollout: {
    level: 'read-write',
    printsObjects: true,
    subcommandRequired: true,
    subcommands: {
      status: { level: 'read-only', streams: true },
      history: readOnly,
      pause: readWrite,
      restart: readWrite,
      resume: readWrite,
      undo: readWrite,
    },
  },
  label: { level: 'read-write', printsObjects: true },
  annotate: { level: 'read-write', printsObjects: true },
  set: {
    level: 'read-write',
    printsObjects: true,
    subcommandRequired: true,
    subcommands: { env: readWrite, image: readWrite, resources: readWrite, selector: readWrite, serviceaccount: readWrite, subject: bindsUsers },
    subcommandAliases: { sa: 'serviceaccount' },
    valueFlags: ['containers', 'prefix'],
  },
  autoscale: { level: 'read-write', printsObjects: true },
  expose: { level: 'read-write', printsObjects: true },
  run: { level: 'read-write', printsObjects: true, containerCommand: true },
  cordon: { level: 'read-write', printsObjects: true },
  uncordon: { level: 'read-write', printsObjects: true },
  drain: { level: 'read-write', printsObjects: true },
  taint: { level: 'read-write', printsObjects: true },
  wait: { level: 'read-write', printsObjects: true },
  diff: { level: 'read-write', printsObjects: true },
  certificate: {
    level: 'read-write',
    printsObjects: true,
    subcommandRequired: true,
    subcommands: { approve: readWrite, deny: readWrite },
  },
  exec: { level: 'admin', printsObjects: false, containerCommand: true },
  cp: { level: 'admin', printsObjects: false },
  debug: { level: 'admin', printsObjects: false, containerCommand: true, ownFlags: ['profile'] },
};

/** kubectl verbs refused at every access level, with the reason and the alternative. */
export const forbiddenVerbs: Readonly<Record<string, { why: string; instead: string }>> = {
  config: {
    why: "it reads and changes the MCP server's kubeconfig (config view --raw would print the credential)",
    instead: 'The cluster and identity are fixed for each call: use -n to pick a namespace and auth whoami to see who you are.',
  },
  proxy: {
    why: 'it opens a long-running HTTP proxy on the MCP server that forwards requests with your credential',
    instead: 'Use get or describe on the resource.',
  },
  'port-forward': {
    why: 'it opens listening ports on the MCP server',
    instead: 'Inspect the workload with describe and logs (or exec at admin).',
  },
  attach: {
    why: 'it attaches an interactive terminal to a running container',
    instead: 'Use logs (logs -f streams until the call times out), or exec at admin.',
  },
  edit: {
    why: 'it opens an interactive editor on the MCP server',
    instead: 'Get the object with -o yaml, change it, and apply it with apply -f - and the manifest in stdin, or use patch.',
  },
  plugin: {
    why: 'it lists and runs executables installed on the MCP server',
    instead: 'Only built-in kubectl commands are available.',
  },
  kustomize: {
    why: "it reads a directory on the MCP server's filesystem",
    instead: 'Render the kustomization yourself and pass the result with apply -f - and the manifest in stdin.',
  },
  completion: {
    why: 'it prints shell-completion scripts, which are of no use without a shell',
    instead: 'Use the commands that talk to the cluster.',
  },
  alpha: {
    why: 'experimental commands have not been reviewed for this server',
    instead: 'Use the stable command if there is one.',
  },
  kuberc: {
    why: "it edits kubectl preference files on the MCP server",
    instead: 'Preferences are off; pass the flags you need explicitly.',
  },
};
