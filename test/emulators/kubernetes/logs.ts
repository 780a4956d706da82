// pods/log: the kubelet's container log as plain text, with the API server's options (container,
// previous, tailLines, sinceSeconds, sinceTime, limitBytes, timestamps, follow) and the kubelet's refusals
// for containers that have not started or never terminated.
import type { Exchange } from './exchange.js';
import type { ContainerStatus, Pod } from './model.js';
import { badRequest, notFound } from './status.js';
import type { ClusterStore, LogLine } from './store.js';

/** RFC 3339 with nanoseconds, as the kubelet prefixes lines with `timestamps=true`. */
const nanoTimestamp = (time: Date): string => time.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');

function chooseContainer(pod: Pod, requested: string | null): string {
  const names = pod.spec.containers.map((c) => c.name);
  const all = [...names, ...(pod.spec.initContainers ?? []).map((c) => c.name)];
  if (requested !== null && requested !== '') {
    if (!all.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${pod.metadata.name}`);
    return requested;
  }
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated !== undefined && names.includes(annotated)) return annotated;
  if (names.length === 1 && names[0] !== undefined) return names[0];
  throw badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`);
}

/** The kubelet's checks before it opens a container log (validateContainerLogStatus). */
function checkStatus(pod: Pod, container: string, previous: boolean): void {
  const status: ContainerStatus | undefined = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]
    .find((s) => s.name === container);
  const podName = pod.metadata.name;
  if (status === undefined) throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ContainerCreating`);
  const lastTerminated = status.lastState?.terminated;
  if (previous) {
    if (lastTerminated === undefined) throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    return;
  }
  if (status.state?.running !== undefined || status.state?.terminated !== undefined || lastTerminated !== undefined) return;
  const reason = status.state?.waiting?.reason ?? '';
  if (reason === 'ErrImagePull') throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`);
  if (reason === 'ImagePullBackOff') throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
  if (reason !== '') throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
  throw badRequest(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

function integerParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw badRequest(`${name}: Invalid value: "${raw}": must be an integer`);
  return value;
}

export function podLogs(store: ClusterStore, ex: Exchange): void {
  const pod = store.get('pods', ex.info.namespace, ex.info.name) as Pod | undefined;
  if (pod === undefined) throw notFound({ group: '', resource: 'pods' }, ex.info.name);
  const query = ex.query;
  const container = chooseContainer(pod, query.get('container'));
  const previous = query.get('previous') === 'true';
  const follow = query.get('follow') === 'true';
  const timestamps = query.get('timestamps') === 'true';
  const tailLines = integerParam(query, 'tailLines');
  const sinceSeconds = integerParam(query, 'sinceSeconds');
  const limitBytes = integerParam(query, 'limitBytes');
  const sinceTime = query.get('sinceTime');
  if (sinceSeconds !== undefined && sinceTime) throw badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (tailLines !== undefined && tailLines < 0) throw badRequest('tailLines: Invalid value: must be greater than or equal to 0');
  if (limitBytes !== undefined && limitBytes < 1) throw badRequest('limitBytes: Invalid value: must be greater than 0');

  // A pod not bound to a node has no kubelet to ask: the API server answers an empty log.
  if (!pod.spec.nodeName) {
    ex.send(200, '', 'text/plain');
    return;
  }
  checkStatus(pod, container, previous);
  const since = sinceSeconds !== undefined ? Date.now() - sinceSeconds * 1000 : sinceTime ? Date.parse(sinceTime) : undefined;
  let lines: LogLine[] = store.logs(pod.metadata.namespace ?? '', pod.metadata.name, container, previous) ?? [];
  if (since !== undefined) lines = lines.filter((l) => l.time.getTime() >= since);
  if (tailLines !== undefined) lines = tailLines === 0 ? [] : lines.slice(-tailLines);
  const format = (line: LogLine): string => `${timestamps ? `${nanoTimestamp(line.time)} ` : ''}${line.text}\n`;
  let budget = limitBytes ?? Number.POSITIVE_INFINITY;
  const clip = (text: string): string => {
    const bytes = Buffer.from(text);
    const piece = bytes.subarray(0, Math.max(0, Math.min(bytes.length, budget))).toString('utf8');
    budget -= bytes.length;
    return piece;
  };
  const body = lines.map(format).join('');
  if (!follow || previous) {
    ex.send(200, limitBytes === undefined ? body : clip(body), 'text/plain');
    return;
  }
  const stream = ex.open('text/plain');
  stream.write(clip(body));
  if (budget <= 0) {
    stream.end();
    return;
  }
  const stop = store.followLog(pod.metadata.namespace ?? '', pod.metadata.name, container, (line) => {
    stream.write(clip(format(line)));
    if (budget <= 0) stream.end();
  });
  stream.closed.addEventListener('abort', stop, { once: true });
}
