// What every demo logstore builder gets: the cluster, its story nodes, a seeded PRNG and the clock.
import { Random } from './demo-random.js';
import type { LogRow } from './model.js';

export interface DemoCluster {
  clusterId: string;
  name: string;
  regionId: string;
  accountId: string;
  scenario: 'team-a-prod' | 'team-b-data' | 'minimal';
  /** e.g. ['apiserver','kcm','scheduler'] → logstores `${c}-${clusterId}`. */
  controlPlaneComponents: string[];
  /** Project holding the audit logstore `audit-${clusterId}`; default the cluster's log project. */
  auditProject?: string;
  /** Adds project `workspace-default-cms-${accountId}-${regionId}` with metric store `aliyun-prom-${clusterId}`. */
  metricStore?: boolean;
}

/** Node IPs of each scenario, as the ACK and Kubernetes emulators' seeds name them. */
const NODE_IPS: Record<DemoCluster['scenario'], readonly string[]> = {
  'team-a-prod': ['10.0.1.23', '10.0.1.24', '10.0.1.25', '10.0.2.11', '10.0.2.12'],
  'team-b-data': ['10.2.1.41', '10.2.1.42', '10.2.3.7', '10.2.3.8', '10.2.3.9'],
  minimal: ['10.9.1.10', '10.9.1.11'],
};

/** The managed control plane's address as the audit log shows it. */
export const CONTROL_PLANE_IP = '100.104.26.172';

export const HOUR = 3600;
export const MINUTE = 60;
/** Every demo row lies within this many seconds before now. */
export const WINDOW = 2 * HOUR;

export class DemoContext {
  readonly rand: Random;
  readonly nowSec: number;
  readonly nodeIps: readonly string[];

  constructor(readonly cluster: DemoCluster, now: number, stream: string) {
    this.rand = new Random(`${cluster.clusterId}/${stream}`);
    this.nowSec = Math.floor(now / 1000);
    this.nodeIps = NODE_IPS[cluster.scenario];
  }

  /** `${region}.${ip}`, the ACK node name of the i-th story node. */
  node(i: number): string {
    return `${this.cluster.regionId}.${this.ip(i)}`;
  }

  ip(i: number): string {
    return this.nodeIps[i % this.nodeIps.length] ?? '10.0.0.1';
  }

  get opsUser(): string {
    return `ack-ops@${this.cluster.accountId}.onaliyun.com`;
  }

  ago(seconds: number): number {
    return this.nowSec - Math.round(seconds);
  }

  /** A random age in [newest, oldest] seconds. */
  randomAgo(oldest = WINDOW - MINUTE, newest = 30): number {
    return this.rand.int(newest, oldest);
  }

  /** `count` ages from `oldest` to `newest` seconds ago, evenly spaced with a little jitter (endpoints exact). */
  spread(count: number, oldest: number, newest: number): number[] {
    if (count === 1) return [newest];
    const step = (oldest - newest) / (count - 1);
    return Array.from({ length: count }, (_, i) => {
      const base = oldest - step * i;
      const jitter = i === 0 || i === count - 1 ? 0 : (this.rand.next() - 0.5) * step * 0.4;
      return Math.round(base + jitter);
    });
  }

  row(agoSeconds: number, source: string, topic: string, fields: Record<string, string | number>): LogRow {
    return { __time__: this.ago(agoSeconds), __source__: source, __topic__: topic, ...fields };
  }
}

export const byTime = (rows: LogRow[]): LogRow[] => rows.sort((a, b) => a.__time__ - b.__time__);
