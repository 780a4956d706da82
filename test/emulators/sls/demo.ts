// demoSlsProjects: the SLS side of the demo clusters — the log project `k8s-log-${clusterId}` with
// k8s-event, control-plane, audit and (team scenarios) nginx-ingress logstores, plus the account's
// `workspace-default-cms-…` project holding the cluster's Prometheus metric store. Content is deterministic
// per cluster id; timestamps are relative to `now` (the last 2 hours, the newest within 2 minutes).
import { auditLogs } from './demo-audit.js';
import { DemoContext, type DemoCluster } from './demo-context.js';
import { controlPlaneLogs } from './demo-control-plane.js';
import { k8sEvents } from './demo-events.js';
import { ingressLogs } from './demo-ingress.js';
import type { SlsProjectSeed } from './model.js';

export type { DemoCluster } from './demo-context.js';

export const logProjectName = (clusterId: string): string => `k8s-log-${clusterId}`;
export const metricProjectName = (accountId: string, regionId: string): string => `workspace-default-cms-${accountId}-${regionId}`;

export function demoSlsProjects(clusters: DemoCluster[], now = Date.now()): SlsProjectSeed[] {
  const projects = new Map<string, SlsProjectSeed>();
  const project = (name: string, cluster: DemoCluster, description: string): SlsProjectSeed => {
    let seed = projects.get(name);
    if (seed === undefined) {
      seed = { name, accountId: cluster.accountId, region: cluster.regionId, description, logstores: {} };
      projects.set(name, seed);
    } else if (seed.accountId !== cluster.accountId) {
      throw new Error(`demoSlsProjects: project ${name} is shared by two accounts (${seed.accountId}, ${cluster.accountId})`);
    }
    return seed;
  };
  const ctx = (cluster: DemoCluster, stream: string): DemoContext => new DemoContext(cluster, now, stream);

  for (const cluster of clusters) {
    const id = cluster.clusterId;
    const logs = project(logProjectName(id), cluster, `k8s log project, created by alibaba cloud container service for cluster ${cluster.name} (${id})`);
    logs.logstores['k8s-event'] = k8sEvents(ctx(cluster, 'k8s-event'));
    for (const component of cluster.controlPlaneComponents) {
      logs.logstores[`${component}-${id}`] = controlPlaneLogs(ctx(cluster, component), component);
    }
    const audit = cluster.auditProject === undefined ? logs : project(cluster.auditProject, cluster, `Kubernetes audit logs of cluster ${cluster.name} (${id})`);
    audit.logstores[`audit-${id}`] = auditLogs(ctx(cluster, 'audit'));
    if (cluster.scenario !== 'minimal') logs.logstores['nginx-ingress'] = ingressLogs(ctx(cluster, 'nginx-ingress'));
    if (cluster.metricStore) {
      const metrics = project(metricProjectName(cluster.accountId, cluster.regionId), cluster, 'Default CloudMonitor workspace (Managed Service for Prometheus)');
      metrics.metricstores = { ...metrics.metricstores, [`aliyun-prom-${id}`]: { clusterId: id } };
    }
  }
  return [...projects.values()];
}
