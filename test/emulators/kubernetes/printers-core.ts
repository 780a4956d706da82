// Server-side table columns and cells for the core/v1 kinds, after the API server's printers
// (pkg/printers/internalversion). Priority-1 columns are the ones `kubectl get -o wide` adds.
import { age } from './duration.js';
import type { ContainerState, CoreEvent, Node, Pod, Service, StoredObject } from './model.js';
import { formatLabels } from './selectors.js';

export interface Column {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

export interface Printer {
  readonly columns: readonly Column[];
  cells(object: StoredObject, now: number): unknown[];
  conditions?(object: StoredObject): Array<{ type: string; status: string; reason?: string; message?: string }> | undefined;
}

export const column = (name: string, description: string, options: { type?: string; format?: string; priority?: number } = {}): Column => ({
  name,
  type: options.type ?? 'string',
  format: options.format ?? '',
  description,
  priority: options.priority ?? 0,
});

export const NAME = column('Name', 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', { format: 'name' });
export const AGE = column('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata');
export const created = (o: StoredObject, now: number): string => age(o.metadata.creationTimestamp, now);

function podCells(pod: Pod, now: number): unknown[] {
  let reason = pod.status?.reason || pod.status?.phase || '';
  for (const c of pod.status?.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  let restarts = 0;
  let ready = 0;
  let lastRestart = 0;
  let hasRunning = false;
  const total = pod.spec.containers.length;
  let initializing = false;
  const inits = pod.status?.initContainerStatuses ?? [];
  for (const [i, c] of inits.entries()) {
    restarts += c.restartCount;
    const state: ContainerState = c.state ?? {};
    if (state.terminated?.exitCode === 0) continue;
    if (state.terminated) reason = `Init:${state.terminated.reason || (state.terminated.signal ? `Signal:${state.terminated.signal}` : `ExitCode:${state.terminated.exitCode}`)}`;
    else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') reason = `Init:${state.waiting.reason}`;
    else reason = `Init:${i}/${pod.spec.initContainers?.length ?? inits.length}`;
    initializing = true;
    break;
  }
  if (!initializing) {
    restarts = 0;
    const statuses = pod.status?.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i -= 1) {
      const c = statuses[i];
      if (c === undefined) continue;
      restarts += c.restartCount;
      const finished = c.lastState?.terminated?.finishedAt;
      if (finished) lastRestart = Math.max(lastRestart, Date.parse(finished));
      const state: ContainerState = c.state ?? {};
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated?.reason) reason = state.terminated.reason;
      else if (state.terminated) reason = state.terminated.signal ? `Signal:${state.terminated.signal}` : `ExitCode:${state.terminated.exitCode}`;
      else if (c.ready && state.running) {
        hasRunning = true;
        ready += 1;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  if (pod.metadata.deletionTimestamp && pod.status?.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal) reason = 'Terminating';
  const restartText = restarts !== 0 && lastRestart > 0 ? `${restarts} (${age(new Date(lastRestart).toISOString(), now)} ago)` : String(restarts);
  const gates = pod.spec.readinessGates ?? [];
  const gateText = gates.length === 0 ? '<none>'
    : `${gates.filter((g) => pod.status?.conditions?.some((c) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`;
  return [
    pod.metadata.name, `${ready}/${total}`, reason, restartText, created(pod, now),
    pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>', pod.spec.nodeName || '<none>', pod.status?.nominatedNodeName || '<none>', gateText,
  ];
}

const podPrinter: Printer = {
  columns: [
    NAME,
    column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE,
    column('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', { priority: 1 }),
    column('Node', 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.', { priority: 1 }),
    column('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.', { priority: 1 }),
    column('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', { priority: 1 }),
  ],
  cells: (o, now) => podCells(o as Pod, now),
  conditions: (o) => {
    const phase = (o as Pod).status?.phase;
    if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: phase, message: 'The pod has completed successfully.' }];
    if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: phase, message: 'The pod failed.' }];
    return undefined;
  },
};

function nodeCells(node: Node, now: number): unknown[] {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const status = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/') && key.length > 'node-role.kubernetes.io/'.length) roles.add(key.slice('node-role.kubernetes.io/'.length));
    if (key === 'kubernetes.io/role' && value !== '') roles.add(value);
  }
  const address = (type: string): string => node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
  const info = node.status?.nodeInfo ?? {};
  return [
    node.metadata.name, status.join(','), roles.size === 0 ? '<none>' : [...roles].sort().join(','), created(node, now), info.kubeletVersion ?? '',
    address('InternalIP'), address('ExternalIP'), info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>',
  ];
}

const nodePrinter: Printer = {
  columns: [
    NAME,
    column('Status', 'The status of the node'),
    column('Roles', 'The roles of the node'),
    AGE,
    column('Version', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', { priority: 1 }),
    column('External-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', { priority: 1 }),
    column('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { priority: 1 }),
    column('Kernel-Version', 'Kernel Version reported by the node from \'uname -r\' (e.g. 3.16.0-0.bpo.4-amd64).', { priority: 1 }),
    column('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', { priority: 1 }),
  ],
  cells: (o, now) => nodeCells(o as Node, now),
};

function serviceCells(svc: Service, now: number): unknown[] {
  const spec = svc.spec;
  const type = spec.type ?? 'ClusterIP';
  const lb = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((s) => s !== '');
  let external: string;
  switch (type) {
    case 'ClusterIP': case 'NodePort': external = spec.externalIPs?.length ? spec.externalIPs.join(',') : '<none>'; break;
    case 'LoadBalancer': {
      const all = [...lb, ...(spec.externalIPs ?? [])];
      external = all.length > 0 ? all.join(',') : '<pending>';
      break;
    }
    case 'ExternalName': external = spec.externalName ?? ''; break;
    default: external = '<unknown>';
  }
  const ports = (spec.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
  return [svc.metadata.name, type, spec.clusterIPs?.[0] ?? spec.clusterIP ?? '<none>', external, ports || '<none>', created(svc, now), formatLabels(spec.selector)];
}

const servicePrinter: Printer = {
  columns: [
    NAME,
    column('Type', 'type determines how the Service is exposed. Defaults to ClusterIP.'),
    column('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    column('Port(s)', 'The list of ports that are exposed by this service.'),
    AGE,
    column('Selector', 'Route service traffic to pods with label keys and values matching this selector.', { priority: 1 }),
  ],
  cells: (o, now) => serviceCells(o as Service, now),
};

interface EndpointsLike {
  subsets?: Array<{ addresses?: Array<{ ip: string }>; ports?: Array<{ name?: string; port: number }> }>;
}

function formatEndpoints(endpoints: EndpointsLike): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    const pairs = ports.length === 0 ? addresses.map((a) => [a.ip]) : ports.flatMap((p) => addresses.map((a) => [a.ip, p.port]));
    for (const pair of pairs) {
      count += 1;
      if (list.length === 3) more = true;
      else list.push(pair.length === 1 ? String(pair[0]) : `${String(pair[0])}:${String(pair[1])}`);
    }
  }
  if (more) return `${list.join(',')} + ${count - 3} more...`;
  return list.length === 0 ? '<none>' : list.join(',');
}

function eventSource(e: CoreEvent): string {
  const component = e.source?.component || e.reportingComponent || '';
  const host = e.source?.host || (e.source?.component ? '' : e.reportingInstance) || '';
  return host === '' ? component : `${component}, ${host}`;
}

function eventCells(e: CoreEvent, now: number): unknown[] {
  const first = e.firstTimestamp ? age(e.firstTimestamp, now) : age(e.eventTime, now);
  let last = e.lastTimestamp ? age(e.lastTimestamp, now) : first;
  let count = e.count ?? 0;
  if (e.series) {
    last = age(e.series.lastObservedTime, now);
    count = e.series.count;
  } else if (count === 0) {
    count = 1;
  }
  const kind = (e.involvedObject.kind ?? '').toLowerCase();
  const target = e.involvedObject.name ? `${kind}/${e.involvedObject.name}` : kind;
  return [last, e.type ?? '', e.reason ?? '', target, e.involvedObject.fieldPath ?? '', eventSource(e), (e.message ?? '').trim(), first, count, e.metadata.name];
}

const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column('Reason', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    column('Object', 'The object that this event is about.'),
    column('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', { priority: 1 }),
    column('Source', 'The component reporting this event. Should be a short machine understandable string.', { priority: 1 }),
    column('Message', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', { priority: 1 }),
    column('Count', 'The number of times this event has occurred.', { priority: 1 }),
    column('Name', NAME.description, { priority: 1, format: 'name' }),
  ],
  cells: (o, now) => eventCells(o as CoreEvent, now),
};

const count = (value: unknown): number => (value !== null && typeof value === 'object' ? Object.keys(value).length : 0);

export const CORE_PRINTERS: Record<string, Printer> = {
  pods: podPrinter,
  nodes: nodePrinter,
  services: servicePrinter,
  events: eventPrinter,
  endpoints: {
    columns: [NAME, column('Endpoints', 'Endpoints of the service'), AGE],
    cells: (o, now) => [o.metadata.name, formatEndpoints(o as EndpointsLike), created(o, now)],
  },
  namespaces: {
    columns: [NAME, column('Status', 'The status of the namespace'), AGE],
    cells: (o, now) => [o.metadata.name, (o['status'] as { phase?: string } | undefined)?.phase ?? '', created(o, now)],
  },
  configmaps: {
    columns: [NAME, column('Data', 'Data contains the configuration data.', { type: 'integer' }), AGE],
    cells: (o, now) => [o.metadata.name, count(o['data']) + count(o['binaryData']), created(o, now)],
  },
  secrets: {
    columns: [NAME, column('Type', 'Used to facilitate programmatic handling of secret data.'), column('Data', 'Data contains the secret data.', { type: 'integer' }), AGE],
    cells: (o, now) => [o.metadata.name, String(o['type'] ?? 'Opaque'), count(o['data']), created(o, now)],
  },
  serviceaccounts: {
    columns: [NAME, column('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.', { type: 'integer' }), AGE],
    cells: (o, now) => [o.metadata.name, Array.isArray(o['secrets']) ? o['secrets'].length : 0, created(o, now)],
  },
};
