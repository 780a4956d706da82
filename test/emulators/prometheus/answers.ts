// Prometheus HTTP API error bodies: {"status":"error","errorType":…,"error":…}.
import type { PrometheusAnswer } from './backend.js';

export const JSON_CONTENT_TYPE = 'application/json';

export function errorAnswer(status: number, errorType: string, error: string): PrometheusAnswer {
  return { status, contentType: JSON_CONTENT_TYPE, body: JSON.stringify({ status: 'error', errorType, error }) };
}
