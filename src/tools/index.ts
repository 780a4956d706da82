import type { AccessLevel } from '../kubectl/access-level.js';
import type { AnyTool } from '../mcp/tool.js';
import { listClusters } from './clusters.js';
import { createClusterDiagnosis, getClusterDiagnosisResult } from './diagnosis.js';
import { kubectlAt } from './kubectl.js';
import { listKubernetesEvents } from './kubernetes-events.js';
import { getKubernetesResource, listKubernetesResources } from './kubernetes-resources.js';
import { listNodepools, scaleNodepool } from './nodepools.js';
import { listClusterNodes, removeNodepoolNodes } from './nodes.js';
import { getPodLogs } from './pod-logs.js';
import { describeTaskInfo } from './tasks.js';
import { slsExecuteSqlQuery } from './logs.js';
import { cmsExecutePromqlQuery } from './metrics.js';
import { cmsTranslateTextToPromql, slsDiagnoseQuery, slsTranslateTextToSqlQuery } from './nl-query.js';
import { describeClusterObservability } from './observability.js';

const catalogs = new Map<AccessLevel, readonly AnyTool[]>();

/**
 * Every tool the server offers, in the order tools/list shows them, for a kubectl access level
 * (the kubectl tool's description, annotations and guard follow the level; the rest are the same).
 */
export function toolsAt(kubectlLevel: AccessLevel): readonly AnyTool[] {
  let tools = catalogs.get(kubectlLevel);
  if (!tools) {
    tools = [
      listClusters,
      listNodepools,
      listClusterNodes,
      scaleNodepool,
      removeNodepoolNodes,
      describeTaskInfo,
      createClusterDiagnosis,
      getClusterDiagnosisResult,
      kubectlAt(kubectlLevel),
      listKubernetesResources,
      getKubernetesResource,
      getPodLogs,
      listKubernetesEvents,
      describeClusterObservability,
      slsExecuteSqlQuery,
      slsTranslateTextToSqlQuery,
      slsDiagnoseQuery,
      cmsExecutePromqlQuery,
      cmsTranslateTextToPromql,
    ];
    catalogs.set(kubectlLevel, tools);
  }
  return tools;
}

/** The tools at the default kubectl level (read-only): names, docs and snapshots. */
export const allTools: readonly AnyTool[] = toolsAt('read-only');
