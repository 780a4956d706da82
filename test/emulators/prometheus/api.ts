// One Prometheus HTTP API call on behalf of one cluster: restrict the expressions, forward to the real
// Prometheus, hide the cluster_id label in the answer.
import type { PrometheusAnswer } from './backend.js';
import { errorAnswer } from './answers.js';
import { restrictParams } from './restrict.js';
import { stripClusterLabel } from './strip.js';

const ENDPOINT = /^(?:query|query_range|series|labels|label\/([^/]+)\/values)$/;

async function forward(baseUrl: string, endpoint: string, params: URLSearchParams): Promise<PrometheusAnswer> {
  const labelName = ENDPOINT.exec(endpoint)?.[1];
  const path = labelName === undefined ? endpoint : `label/${encodeURIComponent(labelName)}/values`;
  try {
    const response = await fetch(`${baseUrl}/api/v1/${path}?${params.toString()}`, { signal: AbortSignal.timeout(60_000) });
    return { status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body: await response.text() };
  } catch (error) {
    return errorAnswer(503, 'unavailable', `Prometheus did not answer: ${(error as Error).message}`);
  }
}

function isBadData(answer: PrometheusAnswer): boolean {
  return answer.status === 400 && answer.body.includes('"bad_data"');
}

export async function clusterApi(baseUrl: string, clusterId: string, endpoint: string, params: URLSearchParams): Promise<PrometheusAnswer> {
  if (!ENDPOINT.test(endpoint)) return errorAnswer(404, 'not_found', `unknown or unsupported API endpoint /api/v1/${endpoint}`);
  const restricted = restrictParams(endpoint, params, clusterId);
  let answer = await forward(baseUrl, endpoint, restricted.params);
  if (isBadData(answer) && restricted.params.toString() !== params.toString()) {
    // Rewriting shifts the positions in Prometheus' parse errors; the caller's own text gives the
    // message a per-cluster Prometheus would give. Only an error answer is ever taken from it.
    const original = await forward(baseUrl, endpoint, params);
    if (isBadData(original)) answer = original;
  } else if (restricted.unparsed && answer.status === 200) {
    // Our grammar and Prometheus disagree; never let an unrestricted expression through.
    return errorAnswer(400, 'bad_data', 'invalid parameter: the emulator could not parse this PromQL to restrict it to the cluster');
  }
  return stripClusterLabel(endpoint, answer);
}
