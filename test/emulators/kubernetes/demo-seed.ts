// demoClusterSeed: realistic ACK clusters for tests and demos, built from a node list and a workload profile.
import { SeedBuilder, type DemoNode } from './demo-builders.js';
import { CLUSTER_AGE, systemObjects } from './demo-system.js';
import { teamAObjects } from './demo-team-a.js';
import { teamBObjects } from './demo-team-b.js';
import type { KubeSeed } from './seed.js';

export interface DemoClusterInput {
  /** Names look like `cn-hangzhou.10.0.1.23`; zones like `cn-hangzhou-h`; instance types like `ecs.g7.xlarge`. */
  nodes: DemoNode[];
  workloads: 'team-a-prod' | 'team-b-data' | 'minimal';
}

export function demoClusterSeed(input: DemoClusterInput): KubeSeed {
  const b = new SeedBuilder();
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) b.namespace(ns, CLUSTER_AGE);
  input.nodes.forEach((node) => b.node(node, CLUSTER_AGE));
  systemObjects(b, input.nodes);
  if (input.workloads === 'team-a-prod') teamAObjects(b, input.nodes);
  if (input.workloads === 'team-b-data') teamBObjects(b, input.nodes);
  return { objects: b.objects, logs: b.logs };
}

export type { DemoNode };
