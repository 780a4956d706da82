// Server-side table columns and cells for apps/v1, batch/v1 and networking.k8s.io/v1 kinds.
import { age, humanDuration } from './duration.js';
import type { Condition, Container, StoredObject, Workload } from './model.js';
import { AGE, column, created, NAME, type Column, type Printer } from './printers-core.js';
import { formatLabels, formatLabelSelector, type LabelSelectorObject } from './selectors.js';

const CONTAINERS = column('Containers', 'Names of each container in the template.', { priority: 1 });
const IMAGES = column('Images', 'Images referenced by each container in the template.', { priority: 1 });
const SELECTOR = column('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', { priority: 1 });

function containerCells(containers: Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

const selectorText = (selector: LabelSelectorObject | undefined): string => formatLabelSelector(selector);

function workload(o: StoredObject): Workload {
  return o as Workload;
}

const deploymentPrinter: Printer = {
  columns: [
    NAME,
    column('Ready', 'Number of the pod with ready state'),
    column('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.', { type: 'integer' }),
    column('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.', { type: 'integer' }),
    AGE, CONTAINERS, IMAGES, SELECTOR,
  ],
  cells: (o, now) => {
    const d = workload(o);
    return [
      d.metadata.name, `${d.status?.readyReplicas ?? 0}/${d.spec.replicas ?? 1}`, d.status?.updatedReplicas ?? 0, d.status?.availableReplicas ?? 0,
      created(d, now), ...containerCells(d.spec.template.spec.containers), selectorText(d.spec.selector),
    ];
  },
};

const replicaSetPrinter: Printer = {
  columns: [
    NAME,
    column('Desired', 'Replicas is the number of desired pods.', { type: 'integer' }),
    column('Current', 'Replicas is the most recently observed number of replicas.', { type: 'integer' }),
    column('Ready', 'The number of ready replicas for this replica set.', { type: 'integer' }),
    AGE, CONTAINERS, IMAGES, SELECTOR,
  ],
  cells: (o, now) => {
    const rs = workload(o);
    return [
      rs.metadata.name, rs.spec.replicas ?? 1, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0, created(rs, now),
      ...containerCells(rs.spec.template.spec.containers), selectorText(rs.spec.selector),
    ];
  },
};

const statefulSetPrinter: Printer = {
  columns: [NAME, column('Ready', 'Number of the pod with ready state'), AGE, CONTAINERS, IMAGES],
  cells: (o, now) => {
    const s = workload(o);
    return [s.metadata.name, `${s.status?.readyReplicas ?? 0}/${s.spec.replicas ?? 1}`, created(s, now), ...containerCells(s.spec.template.spec.containers)];
  },
};

const daemonSetPrinter: Printer = {
  columns: [
    NAME,
    column('Desired', 'The total number of nodes that should be running the daemon pod.', { type: 'integer' }),
    column('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.', { type: 'integer' }),
    column('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.', { type: 'integer' }),
    column('Up-to-date', 'The total number of nodes that are running updated daemon pod', { type: 'integer' }),
    column('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)', { type: 'integer' }),
    column('Node Selector', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    AGE, CONTAINERS, IMAGES, SELECTOR,
  ],
  cells: (o, now) => {
    const ds = workload(o);
    const status = (ds.status ?? {}) as Record<string, number | undefined>;
    return [
      ds.metadata.name, status['desiredNumberScheduled'] ?? 0, status['currentNumberScheduled'] ?? 0, status['numberReady'] ?? 0,
      status['updatedNumberScheduled'] ?? 0, status['numberAvailable'] ?? 0, formatLabels(ds.spec.template.spec.nodeSelector), created(ds, now),
      ...containerCells(ds.spec.template.spec.containers), selectorText(ds.spec.selector),
    ];
  },
};

interface JobLike extends StoredObject {
  spec: { completions?: number; parallelism?: number; selector?: LabelSelectorObject; template: { spec: { containers: Container[] } } };
  status?: { succeeded?: number; startTime?: string; completionTime?: string; conditions?: Condition[]; active?: number };
}

function jobStatus(job: JobLike): string {
  const has = (type: string): boolean => (job.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  if (has('SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

const jobPrinter: Printer = {
  columns: [
    NAME,
    column('Status', 'Status of the job.'),
    column('Completions', 'The desired number of successfully finished pods the job should be run with.'),
    column('Duration', 'Time required to complete the job.'),
    AGE, CONTAINERS, IMAGES,
    column('Selector', 'A label query over pods that should match the pod count.', { priority: 1 }),
  ],
  cells: (o, now) => {
    const job = o as JobLike;
    const succeeded = job.status?.succeeded ?? 0;
    const parallelism = job.spec.parallelism ?? 0;
    const completions = job.spec.completions !== undefined ? `${succeeded}/${job.spec.completions}`
      : parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    const start = job.status?.startTime;
    const end = job.status?.completionTime;
    const duration = start === undefined ? '' : humanDuration((end === undefined ? now : Date.parse(end)) - Date.parse(start));
    return [job.metadata.name, jobStatus(job), completions, duration, created(job, now), ...containerCells(job.spec.template.spec.containers), selectorText(job.spec.selector)];
  },
};

interface CronJobLike extends StoredObject {
  spec: { schedule: string; timeZone?: string; suspend?: boolean; jobTemplate: { spec: { selector?: LabelSelectorObject; template: { spec: { containers: Container[] } } } } };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}

const cronJobPrinter: Printer = {
  columns: [
    NAME,
    column('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column('Timezone', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    column('Suspend', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.', { type: 'boolean' }),
    column('Active', 'A list of pointers to currently running jobs.', { type: 'integer' }),
    column('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
    AGE, CONTAINERS, IMAGES,
    column('Selector', 'A label query over pods that should match the pod count.', { priority: 1 }),
  ],
  cells: (o, now) => {
    const cj = o as CronJobLike;
    const job = cj.spec.jobTemplate.spec;
    return [
      cj.metadata.name, cj.spec.schedule, cj.spec.timeZone ?? '<none>', cj.spec.suspend === undefined ? '<unset>' : cj.spec.suspend ? 'True' : 'False',
      cj.status?.active?.length ?? 0, cj.status?.lastScheduleTime ? age(cj.status.lastScheduleTime, now) : '<none>', created(cj, now),
      ...containerCells(job.template.spec.containers), job.selector === undefined ? '<none>' : selectorText(job.selector) || '<none>',
    ];
  },
};

interface IngressLike extends StoredObject {
  spec: { ingressClassName?: string; rules?: Array<{ host?: string }>; tls?: unknown[] };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}

function formatHosts(rules: Array<{ host?: string }>): string {
  const hosts = rules.map((r) => r.host ?? '').filter((h) => h !== '');
  if (hosts.length === 0) return '*';
  return rules.length > 3 ? `${hosts.slice(0, 3).join(',')} + ${rules.length - 3} more...` : hosts.join(',');
}

const ingressPrinter: Printer = {
  columns: [
    NAME,
    column('Class', 'The name of the IngressClass resource that should be used.'),
    column('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'Ports of TLS configurations that open'),
    AGE,
  ],
  cells: (o, now) => {
    const ing = o as IngressLike;
    const address = (ing.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((a) => a !== '').join(',');
    return [ing.metadata.name, ing.spec.ingressClassName ?? '<none>', formatHosts(ing.spec.rules ?? []), address, ing.spec.tls?.length ? '80, 443' : '80', created(ing, now)];
  },
};

export const WORKLOAD_PRINTERS: Record<string, Printer> = {
  deployments: deploymentPrinter,
  replicasets: replicaSetPrinter,
  statefulsets: statefulSetPrinter,
  daemonsets: daemonSetPrinter,
  jobs: jobPrinter,
  cronjobs: cronJobPrinter,
  ingresses: ingressPrinter,
};

export type { Column };
