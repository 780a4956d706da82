// What the API server does to an object between decoding and storage: validation of the obvious rules
// (422 Invalid), defaulting (pod and workload defaults, service IPs), status reset on create, and on update
// the immutable fields, the status subresource split and generation counting.
import { randomBytes } from 'node:crypto';
import type { Container, KubeObject, PodSpec, Service, StoredObject, WorkloadSpec } from './model.js';
import type { ResourceType } from './resources.js';
import { sameJson } from './owners.js';
import { formatLabelSelector, matchesLabelSelector } from './selectors.js';
import { invalid, type StatusCause } from './status.js';
import type { KubeStore } from './store.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5-character random suffix Kubernetes appends for generateName and controller-made pods. */
export function randomSuffix(length = 5): string {
  return [...randomBytes(length)].map((b) => NAME_SUFFIX_ALPHABET[b % NAME_SUFFIX_ALPHABET.length]).join('');
}

const required = (field: string, message = 'Required value'): StatusCause => ({ reason: 'FieldValueRequired', message, field });
const invalidValue = (field: string, value: unknown, why: string): StatusCause =>
  ({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${why}`, field });

function validateName(type: ResourceType, name: string): StatusCause[] {
  if (name === '') return [required('metadata.name', 'Required value: name or generateName is required')];
  const label = type.plural === 'namespaces' || type.plural === 'services';
  const ok = (label ? DNS1123_LABEL : DNS1123_SUBDOMAIN).test(name) && name.length <= (label ? 63 : 253);
  if (ok) return [];
  return [invalidValue('metadata.name', name, label
    ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")];
}

function validatePodSpec(spec: PodSpec | undefined, at: string): StatusCause[] {
  const containers = spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) return [required(`${at}.containers`)];
  return containers.flatMap((c, i) => [
    ...(c.name ? [] : [required(`${at}.containers[${i}].name`)]),
    ...(c.image ? [] : [required(`${at}.containers[${i}].image`)]),
  ]);
}

function validateWorkload(spec: WorkloadSpec | undefined, kind: string): StatusCause[] {
  if (spec === undefined) return [required('spec')];
  const causes: StatusCause[] = [];
  if (kind !== 'Job' && formatLabelSelector(spec.selector) === '') causes.push(required('spec.selector'));
  else if (spec.selector !== undefined && !matchesLabelSelector(spec.selector, spec.template?.metadata?.labels)) {
    causes.push(invalidValue('spec.template.metadata.labels', spec.template?.metadata?.labels ?? {}, '`selector` does not match template `labels`'));
  }
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || spec.replicas < 0)) {
    causes.push(invalidValue('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  }
  causes.push(...validatePodSpec(spec.template?.spec, 'spec.template.spec'));
  return causes;
}

export function validate(type: ResourceType, object: KubeObject): void {
  const name = object.metadata.name ?? '';
  const causes = validateName(type, name);
  const spec = object['spec'] as Record<string, unknown> | undefined;
  switch (type.kind) {
    case 'Pod': causes.push(...validatePodSpec(spec as PodSpec | undefined, 'spec')); break;
    case 'Deployment': case 'ReplicaSet': case 'StatefulSet': case 'DaemonSet':
      causes.push(...validateWorkload(spec as WorkloadSpec | undefined, type.kind));
      break;
    case 'Job': causes.push(...validatePodSpec((spec?.['template'] as { spec?: PodSpec } | undefined)?.spec, 'spec.template.spec')); break;
    case 'Service': {
      const svc = spec as Service['spec'] | undefined;
      if (svc?.type !== 'ExternalName' && svc?.clusterIP !== 'None' && (svc?.ports ?? []).length === 0) causes.push(required('spec.ports'));
      break;
    }
    default: break;
  }
  if (causes.length > 0) throw invalid(type.kind, type.group, name, causes);
}

function defaultContainers(containers: Container[] | undefined): void {
  for (const c of containers ?? []) {
    const image = c.image ?? '';
    const tag = image.includes('@') ? 'digest' : /:[^/]+$/.exec(image)?.[0] ?? ':latest';
    c['imagePullPolicy'] ??= tag === ':latest' ? 'Always' : 'IfNotPresent';
    c['terminationMessagePath'] ??= '/dev/termination-log';
    c['terminationMessagePolicy'] ??= 'File';
    c['resources'] ??= {};
    for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  }
}

function defaultPodSpec(spec: PodSpec): void {
  defaultContainers(spec.containers);
  defaultContainers(spec.initContainers);
  spec.restartPolicy ??= 'Always';
  spec['terminationGracePeriodSeconds'] ??= 30;
  spec['dnsPolicy'] ??= 'ClusterFirst';
  spec['securityContext'] ??= {};
  spec['schedulerName'] ??= 'default-scheduler';
}

function qosClass(spec: PodSpec): string {
  const resources = spec.containers.map((c) => (c['resources'] ?? {}) as { requests?: Record<string, string>; limits?: Record<string, string> });
  if (resources.every((r) => Object.keys(r.requests ?? {}).length === 0 && Object.keys(r.limits ?? {}).length === 0)) return 'BestEffort';
  const guaranteed = resources.every((r) => ['cpu', 'memory'].every((k) => r.limits?.[k] !== undefined && (r.requests?.[k] ?? r.limits[k]) === r.limits[k]));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function allocateClusterIP(store: KubeStore): string {
  const used = new Set(store.list('services').map((s) => (s as Service).spec.clusterIP));
  for (;;) {
    const [a, b] = [...randomBytes(2)];
    const ip = `192.168.${a ?? 0}.${((b ?? 0) % 253) + 1}`;
    if (!used.has(ip)) return ip;
  }
}

function defaultService(svc: Service, store: KubeStore): void {
  const spec = svc.spec;
  spec.type ??= 'ClusterIP';
  if (spec.type !== 'ExternalName') {
    spec.clusterIP ??= allocateClusterIP(store);
    spec.clusterIPs ??= [spec.clusterIP];
    spec['ipFamilies'] ??= ['IPv4'];
    spec['ipFamilyPolicy'] ??= 'SingleStack';
    spec['internalTrafficPolicy'] ??= 'Cluster';
  }
  spec['sessionAffinity'] ??= 'None';
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (external) spec['externalTrafficPolicy'] ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec['allocateLoadBalancerNodePorts'] ??= true;
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
    if (external) p.nodePort ??= 30000 + (randomBytes(2).readUInt16BE() % 2768);
  }
  svc.status ??= { loadBalancer: {} };
}

/** Defaulting, which the API server applies to every write; idempotent, `object` is modified in place. */
function applyDefaults(type: ResourceType, object: KubeObject, store: KubeStore): void {
  const spec = object['spec'] as Record<string, unknown> | undefined;
  switch (type.kind) {
    case 'Namespace':
      object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name ?? '' };
      object['spec'] = { finalizers: ['kubernetes'], ...spec };
      break;
    case 'Pod': defaultPodSpec(spec as PodSpec); break;
    case 'Deployment': {
      const d = spec as WorkloadSpec;
      d.replicas ??= 1;
      d['revisionHistoryLimit'] ??= 10;
      d['progressDeadlineSeconds'] ??= 600;
      const strategy = (d['strategy'] ?? {}) as { type?: string; rollingUpdate?: unknown };
      strategy.type ??= 'RollingUpdate';
      if (strategy.type === 'RollingUpdate') strategy.rollingUpdate ??= { maxUnavailable: '25%', maxSurge: '25%' };
      d['strategy'] = strategy;
      defaultPodSpec(d.template.spec);
      break;
    }
    case 'ReplicaSet': case 'StatefulSet': case 'DaemonSet': {
      const w = spec as WorkloadSpec;
      if (type.kind !== 'DaemonSet') w.replicas ??= 1;
      if (type.kind === 'StatefulSet') {
        w['podManagementPolicy'] ??= 'OrderedReady';
        w['updateStrategy'] ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
        w['serviceName'] ??= '';
      }
      if (type.kind === 'DaemonSet') w['updateStrategy'] ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
      defaultPodSpec(w.template.spec);
      break;
    }
    case 'Job': {
      const job = spec as { completions?: number; parallelism?: number; backoffLimit?: number; template: { spec: PodSpec }; [k: string]: unknown };
      if (job.completions === undefined && job.parallelism === undefined) job.completions = 1;
      job.parallelism ??= 1;
      job.backoffLimit ??= 6;
      job['completionMode'] ??= 'NonIndexed';
      job['suspend'] ??= false;
      job.template.spec.restartPolicy ??= 'Never';
      defaultPodSpec(job.template.spec);
      break;
    }
    case 'CronJob': {
      const cj = spec as Record<string, unknown>;
      cj['concurrencyPolicy'] ??= 'Allow';
      cj['suspend'] ??= false;
      cj['successfulJobsHistoryLimit'] ??= 3;
      cj['failedJobsHistoryLimit'] ??= 1;
      break;
    }
    case 'Service': defaultService(object as Service, store); break;
    case 'Secret': {
      object['type'] ??= 'Opaque';
      const stringData = object['stringData'] as Record<string, string> | undefined;
      if (stringData !== undefined) {
        const data = { ...(object['data'] as Record<string, string> | undefined) };
        for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(v).toString('base64');
        object['data'] = data;
        delete object['stringData'];
      }
      break;
    }
    default: break;
  }
}

/** The status a new object starts with (clients cannot create objects with a status of their choosing). */
function initialStatus(type: ResourceType, object: KubeObject): unknown {
  switch (type.kind) {
    case 'Namespace': return { phase: 'Active' };
    case 'Pod': return { phase: 'Pending', qosClass: qosClass(object['spec'] as PodSpec) };
    case 'ReplicaSet': case 'StatefulSet': return { replicas: 0 };
    case 'DaemonSet': return { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
    case 'Service': return (object as Service).status;
    default: return type.statusSubresource ? {} : object['status'];
  }
}

/** Validation, defaults and create-time resets; `object` is modified in place. */
export function prepareCreate(type: ResourceType, object: KubeObject, store: KubeStore): void {
  const meta = object.metadata;
  if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
  for (const field of ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'managedFields', 'selfLink']) {
    delete meta[field];
  }
  validate(type, object);
  applyDefaults(type, object, store);
  const status = initialStatus(type, object);
  if (status === undefined) delete object['status'];
  else object['status'] = status;
}

const specOf = (o: KubeObject): Record<string, unknown> => {
  const { metadata: _m, status: _s, ...rest } = o;
  return rest;
};

/**
 * Merges an incoming full object over the stored one: identity fields are kept, status follows the
 * subresource rule (`statusOnly` for writes to /status), and generation advances on spec changes.
 */
export function prepareUpdate(type: ResourceType, next: KubeObject, current: StoredObject, statusOnly: boolean, store: KubeStore): KubeObject {
  if (statusOnly) return { ...current, status: next['status'] };
  const merged: KubeObject = { ...next, metadata: { ...next.metadata } };
  for (const field of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'namespace', 'name']) {
    if (current.metadata[field] === undefined) delete merged.metadata[field];
    else merged.metadata[field] = current.metadata[field];
  }
  if (type.statusSubresource) {
    if (current['status'] === undefined) delete merged['status'];
    else merged['status'] = current['status'];
  }
  if (type.kind === 'Service') {
    const spec = (merged['spec'] ?? {}) as Service['spec'];
    const old = (current as Service).spec;
    spec.clusterIP ??= old.clusterIP;
    spec.clusterIPs ??= old.clusterIPs;
    for (const port of spec.ports ?? []) port.nodePort ??= old.ports?.find((p) => p.port === port.port && p.nodePort !== undefined)?.nodePort;
    merged['spec'] = spec;
  }
  validate(type, merged);
  applyDefaults(type, merged, store);
  if (type.generation) {
    const generation = current.metadata.generation ?? 1;
    merged.metadata.generation = sameJson(specOf(merged), specOf(current)) ? generation : generation + 1;
  }
  return merged;
}
