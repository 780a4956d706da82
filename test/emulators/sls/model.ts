// The emulator's public data model: projects seeded with log rows and metric stores.
import type { Credential } from '../ack/model.js';
import type { PrometheusBackend } from '../prometheus/backend.js';

/** One log entry. `__time__` is unix seconds; every other value is rendered as a string on the wire. */
export type LogRow = { __time__: number; __source__?: string; __topic__?: string } & Record<string, string | number>;

export interface SlsProjectSeed {
  name: string;
  accountId: string;
  region: string;
  description?: string;
  logstores: Record<string, LogRow[]>;
  /** Metric stores; each answers PromQL for one cluster's series through the PrometheusBackend. */
  metricstores?: Record<string, { clusterId: string }>;
}

export interface SlsEmulatorOptions {
  lookup(accessKeyId: string): Credential | undefined;
  projects: SlsProjectSeed[];
  /** Absent: the MetricStore Prometheus API answers 503. */
  prometheus?: PrometheusBackend;
}

export type SlsApi =
  | 'ListProject' | 'GetProject' | 'ListLogStores' | 'ListMetricStores'
  | 'GetLogs' | 'GetLogsV2' | 'CallAiTools' | 'PrometheusApi' | 'Unknown';
