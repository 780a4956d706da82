// Decodes the protobuf request bodies kubectl's typed clients send (client-go defaults built-in types to
// `application/vnd.kubernetes.protobuf`): `kubectl auth can-i/whoami` and `kubectl create <kind>`. A body is
// the `k8s\0` magic and a runtime.Unknown envelope whose `raw` is the object; the schemas below list the
// generated.proto field numbers of the messages those commands fill in (other fields are skipped).
import { badRequest, unsupportedMediaType } from './status.js';

type Scalar = 'string' | 'bytes' | 'bool' | 'int' | 'time' | 'intstr' | 'quantity';
type FieldType = Scalar | { message: string } | { map: 'string' | 'bytes' | 'quantity' };
type Field = readonly [name: string, type: FieldType, repeated?: 'repeated'];
type Schema = Readonly<Record<number, Field>>;

const m = (message: string): FieldType => ({ message });
const map = (value: 'string' | 'bytes' | 'quantity'): FieldType => ({ map: value });

const SCHEMAS: Readonly<Record<string, Schema>> = {
  Unknown: { 1: ['typeMeta', m('TypeMeta')], 2: ['raw', 'bytes'], 3: ['contentEncoding', 'string'], 4: ['contentType', 'string'] },
  TypeMeta: { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] },
  ObjectMeta: {
    1: ['name', 'string'], 2: ['generateName', 'string'], 3: ['namespace', 'string'], 5: ['uid', 'string'], 6: ['resourceVersion', 'string'],
    7: ['generation', 'int'], 8: ['creationTimestamp', 'time'], 11: ['labels', map('string')], 12: ['annotations', map('string')],
    13: ['ownerReferences', m('OwnerReference'), 'repeated'], 14: ['finalizers', 'string', 'repeated'],
  },
  OwnerReference: { 1: ['kind', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'], 5: ['apiVersion', 'string'], 6: ['controller', 'bool'], 7: ['blockOwnerDeletion', 'bool'] },
  LabelSelector: { 1: ['matchLabels', map('string')], 2: ['matchExpressions', m('LabelSelectorRequirement'), 'repeated'] },
  LabelSelectorRequirement: { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', 'string', 'repeated'] },
  DeleteOptions: {
    1: ['gracePeriodSeconds', 'int'], 2: ['preconditions', m('Preconditions')], 3: ['orphanDependents', 'bool'], 4: ['propagationPolicy', 'string'],
    5: ['dryRun', 'string', 'repeated'],
  },
  Preconditions: { 1: ['uid', 'string'], 2: ['resourceVersion', 'string'] },

  SelfSubjectAccessReview: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('SelfSubjectAccessReviewSpec')] },
  SelfSubjectAccessReviewSpec: { 1: ['resourceAttributes', m('ResourceAttributes')], 2: ['nonResourceAttributes', m('NonResourceAttributes')] },
  ResourceAttributes: {
    1: ['namespace', 'string'], 2: ['verb', 'string'], 3: ['group', 'string'], 4: ['version', 'string'], 5: ['resource', 'string'],
    6: ['subresource', 'string'], 7: ['name', 'string'],
  },
  NonResourceAttributes: { 1: ['path', 'string'], 2: ['verb', 'string'] },
  SelfSubjectRulesReview: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('SelfSubjectRulesReviewSpec')] },
  SelfSubjectRulesReviewSpec: { 1: ['namespace', 'string'] },
  SelfSubjectReview: { 1: ['metadata', m('ObjectMeta')] },

  Namespace: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('NamespaceSpec')] },
  NamespaceSpec: { 1: ['finalizers', 'string', 'repeated'] },
  ConfigMap: { 1: ['metadata', m('ObjectMeta')], 2: ['data', map('string')], 3: ['binaryData', map('bytes')], 4: ['immutable', 'bool'] },
  Secret: { 1: ['metadata', m('ObjectMeta')], 2: ['data', map('bytes')], 3: ['type', 'string'], 4: ['stringData', map('string')], 5: ['immutable', 'bool'] },
  ServiceAccount: { 1: ['metadata', m('ObjectMeta')], 2: ['secrets', m('ObjectReference'), 'repeated'], 3: ['imagePullSecrets', m('LocalObjectReference'), 'repeated'], 4: ['automountServiceAccountToken', 'bool'] },
  ObjectReference: { 1: ['kind', 'string'], 2: ['namespace', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'], 5: ['apiVersion', 'string'] },
  LocalObjectReference: { 1: ['name', 'string'] },
  Service: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('ServiceSpec')] },
  ServiceSpec: {
    1: ['ports', m('ServicePort'), 'repeated'], 2: ['selector', map('string')], 3: ['clusterIP', 'string'], 4: ['type', 'string'],
    5: ['externalIPs', 'string', 'repeated'], 7: ['sessionAffinity', 'string'], 8: ['loadBalancerIP', 'string'], 10: ['externalName', 'string'],
    11: ['externalTrafficPolicy', 'string'], 18: ['clusterIPs', 'string', 'repeated'],
  },
  ServicePort: { 1: ['name', 'string'], 2: ['protocol', 'string'], 3: ['port', 'int'], 4: ['targetPort', 'intstr'], 5: ['nodePort', 'int'], 6: ['appProtocol', 'string'] },

  PodTemplateSpec: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('PodSpec')] },
  PodSpec: {
    2: ['containers', m('Container'), 'repeated'], 3: ['restartPolicy', 'string'], 4: ['terminationGracePeriodSeconds', 'int'], 6: ['dnsPolicy', 'string'],
    7: ['nodeSelector', map('string')], 8: ['serviceAccountName', 'string'], 10: ['nodeName', 'string'], 11: ['hostNetwork', 'bool'],
    15: ['imagePullSecrets', m('LocalObjectReference'), 'repeated'], 16: ['hostname', 'string'], 19: ['schedulerName', 'string'],
    20: ['initContainers', m('Container'), 'repeated'], 24: ['priorityClassName', 'string'],
  },
  Container: {
    1: ['name', 'string'], 2: ['image', 'string'], 3: ['command', 'string', 'repeated'], 4: ['args', 'string', 'repeated'], 5: ['workingDir', 'string'],
    6: ['ports', m('ContainerPort'), 'repeated'], 7: ['env', m('EnvVar'), 'repeated'], 8: ['resources', m('ResourceRequirements')],
    13: ['terminationMessagePath', 'string'], 14: ['imagePullPolicy', 'string'], 16: ['stdin', 'bool'], 18: ['tty', 'bool'], 20: ['terminationMessagePolicy', 'string'],
  },
  ContainerPort: { 1: ['name', 'string'], 2: ['hostPort', 'int'], 3: ['containerPort', 'int'], 4: ['protocol', 'string'] },
  EnvVar: { 1: ['name', 'string'], 2: ['value', 'string'] },
  ResourceRequirements: { 1: ['limits', map('quantity')], 2: ['requests', map('quantity')] },

  Deployment: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('DeploymentSpec')] },
  DeploymentSpec: {
    1: ['replicas', 'int'], 2: ['selector', m('LabelSelector')], 3: ['template', m('PodTemplateSpec')], 4: ['strategy', m('DeploymentStrategy')],
    5: ['minReadySeconds', 'int'], 6: ['revisionHistoryLimit', 'int'], 7: ['paused', 'bool'], 9: ['progressDeadlineSeconds', 'int'],
  },
  DeploymentStrategy: { 1: ['type', 'string'], 2: ['rollingUpdate', m('RollingUpdateDeployment')] },
  RollingUpdateDeployment: { 1: ['maxUnavailable', 'intstr'], 2: ['maxSurge', 'intstr'] },
  Job: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('JobSpec')] },
  JobSpec: {
    1: ['parallelism', 'int'], 2: ['completions', 'int'], 3: ['activeDeadlineSeconds', 'int'], 4: ['selector', m('LabelSelector')], 5: ['manualSelector', 'bool'],
    6: ['template', m('PodTemplateSpec')], 7: ['backoffLimit', 'int'], 8: ['ttlSecondsAfterFinished', 'int'], 9: ['completionMode', 'string'], 10: ['suspend', 'bool'],
  },
  CronJob: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('CronJobSpec')] },
  CronJobSpec: {
    1: ['schedule', 'string'], 2: ['startingDeadlineSeconds', 'int'], 3: ['concurrencyPolicy', 'string'], 4: ['suspend', 'bool'],
    5: ['jobTemplate', m('JobTemplateSpec')], 6: ['successfulJobsHistoryLimit', 'int'], 7: ['failedJobsHistoryLimit', 'int'], 8: ['timeZone', 'string'],
  },
  JobTemplateSpec: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('JobSpec')] },
  Time: { 1: ['seconds', 'int'], 2: ['nanos', 'int'] },
  IntOrString: { 1: ['type', 'int'], 2: ['intVal', 'int'], 3: ['strVal', 'string'] },
  Quantity: { 1: ['string', 'string'] },
  MapEntry: { 1: ['key', 'string'], 2: ['value', 'bytes'] },
};

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/**
 * Optional (pointer) fields whose zero or false was set on purpose. Go's marshaller also writes the zero
 * values of plain fields, which JSON would have omitted, so those are dropped.
 */
const MEANINGFUL_ZERO = new Set([
  'replicas', 'completions', 'parallelism', 'backoffLimit', 'revisionHistoryLimit', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit',
  'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'startingDeadlineSeconds', 'gracePeriodSeconds',
  'suspend', 'automountServiceAccountToken', 'immutable', 'manualSelector', 'controller', 'blockOwnerDeletion', 'orphanDependents',
  'containerPort', 'port', 'seconds', 'nanos',
]);

class Reader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.buf[this.pos++];
      if (byte === undefined) throw badRequest('the protobuf body is truncated');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }

  bytes(): Buffer {
    const length = Number(this.varint());
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw badRequest(`unsupported protobuf wire type ${wireType}`);
  }
}

const toInt = (value: bigint): number => Number(BigInt.asIntN(64, value));

function scalar(type: Scalar, wireType: number, reader: Reader): unknown {
  switch (type) {
    case 'string': return reader.bytes().toString('utf8');
    case 'bytes': return reader.bytes().toString('base64');
    case 'bool': return reader.varint() !== 0n;
    case 'int': return toInt(reader.varint());
    case 'time': {
      const t = decodeMessage('Time', reader.bytes()) as { seconds?: number; nanos?: number };
      return t.seconds === undefined ? undefined : new Date(t.seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    case 'intstr': {
      const v = decodeMessage('IntOrString', reader.bytes()) as { type?: number; intVal?: number; strVal?: string };
      return v.type === 1 ? v.strVal ?? '' : v.intVal ?? 0;
    }
    case 'quantity': return (decodeMessage('Quantity', reader.bytes()) as { string?: string }).string ?? '0';
  }
  return wireType;
}

function mapEntry(value: 'string' | 'bytes' | 'quantity', raw: Buffer): [string, unknown] {
  const reader = new Reader(raw);
  let key = '';
  let entry: unknown = value === 'bytes' ? '' : value === 'quantity' ? '0' : '';
  while (!reader.done()) {
    const tag = Number(reader.varint());
    const field = tag >> 3;
    if (field === 1) key = reader.bytes().toString('utf8');
    else if (field === 2) entry = value === 'string' ? reader.bytes().toString('utf8') : scalar(value, 2, reader);
    else reader.skip(tag & 7);
  }
  return [key, entry];
}

function decodeMessage(name: string, raw: Buffer): Record<string, unknown> {
  const schema = SCHEMAS[name];
  if (schema === undefined) throw new Error(`no protobuf schema for ${name}`);
  const out: Record<string, unknown> = {};
  const reader = new Reader(raw);
  while (!reader.done()) {
    const tag = Number(reader.varint());
    const wireType = tag & 7;
    const field = schema[tag >> 3];
    if (field === undefined) {
      reader.skip(wireType);
      continue;
    }
    const [key, type, repeated] = field;
    let value: unknown;
    if (typeof type === 'string') value = scalar(type, wireType, reader);
    else if ('message' in type) value = decodeMessage(type.message, reader.bytes());
    else {
      const [k, v] = mapEntry(type.map, reader.bytes());
      out[key] = { ...(out[key] as Record<string, unknown> | undefined), [k]: v };
      continue;
    }
    if (value === undefined || value === '' || ((value === 0 || value === false) && !MEANINGFUL_ZERO.has(key))) continue;
    if (repeated) out[key] = [...((out[key] as unknown[] | undefined) ?? []), value];
    else out[key] = value;
  }
  return out;
}

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** The JSON form of a protobuf request body (apiVersion and kind from the envelope). */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  if (!body.subarray(0, 4).equals(MAGIC)) throw badRequest('the protobuf body does not start with the k8s magic number');
  const envelope = decodeMessage('Unknown', body.subarray(4)) as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string };
  const kind = envelope.typeMeta?.kind ?? '';
  if (SCHEMAS[kind] === undefined || kind === 'Unknown' || kind === 'Time') throw unsupportedMediaType(`${PROTOBUF} (${kind || 'unknown kind'})`);
  const object = decodeMessage(kind, Buffer.from(envelope.raw ?? '', 'base64'));
  return { apiVersion: envelope.typeMeta?.apiVersion ?? '', kind, ...object };
}
