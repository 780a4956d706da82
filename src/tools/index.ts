import type { AnyTool } from '../mcp/tool.js';
import { listClusters } from './clusters.js';
import { createClusterDiagnosis, getClusterDiagnosisResult } from './diagnosis.js';
import { listNodepools, scaleNodepool } from './nodepools.js';
import { listClusterNodes, removeNodepoolNodes } from './nodes.js';
import { describeTaskInfo } from './tasks.js';

/** Every tool the server offers, in the order tools/list shows them. */
export const allTools: readonly AnyTool[] = [
  listClusters,
  listNodepools,
  listClusterNodes,
  scaleNodepool,
  removeNodepoolNodes,
  describeTaskInfo,
  createClusterDiagnosis,
  getClusterDiagnosisResult,
];
