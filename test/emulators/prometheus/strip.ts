// Removes the cluster_id label from answers, so that the shared Prometheus looks like a per-cluster one.
import type { PrometheusAnswer } from './backend.js';
import { CLUSTER_LABEL } from './series.js';

// Label sets are JSON objects with string values. A key is the only place where `"cluster_id":"` can
// occur unescaped, so editing the text is safe, and it keeps Prometheus' own number formatting
// (e.g. timestamps like 1700000000.120) byte for byte.
const STRING = '"(?:[^"\\\\]|\\\\.)*"';
const KEY = `"${CLUSTER_LABEL}":${STRING}`;
const AFTER_OTHERS = new RegExp(`,${KEY}`, 'g');
const BEFORE_OTHERS = new RegExp(`${KEY},`, 'g');
const ALONE = new RegExp(`\\{${KEY}\\}`, 'g');

function stripFromLabelSets(body: string): string {
  return body.replace(AFTER_OTHERS, '').replace(BEFORE_OTHERS, '').replace(ALONE, '{}');
}

// Execution errors quote label sets in PromQL syntax inside the JSON error string: cluster_id=\"…\".
const IN_ERROR = new RegExp(String.raw`(?:, )?${CLUSTER_LABEL}=\\"[^\\"]*\\"(?:, )?`, 'g');

function stripFromError(body: string): string {
  return body.replace(IN_ERROR, (match) => (match.startsWith(', ') && match.endsWith(', ') ? ', ' : ''));
}

function editData(body: string, edit: (data: unknown) => unknown): string {
  try {
    const parsed = JSON.parse(body) as { status?: string; data?: unknown };
    if (parsed.status !== 'success') return body;
    return JSON.stringify({ ...parsed, data: edit(parsed.data) });
  } catch {
    return body;
  }
}

export function stripClusterLabel(endpoint: string, answer: PrometheusAnswer): PrometheusAnswer {
  if (answer.status !== 200) return { ...answer, body: stripFromError(answer.body) };
  let body = answer.body;
  if (endpoint === 'labels') body = editData(body, (data) => (Array.isArray(data) ? data.filter((name) => name !== CLUSTER_LABEL) : data));
  else if (endpoint === `label/${CLUSTER_LABEL}/values`) body = editData(body, () => []);
  else body = stripFromLabelSets(body);
  return { ...answer, body };
}
