// CreateClusterDiagnosis, GetClusterDiagnosisResult and GetClusterDiagnosisCheckItems.
import { parseDiagnosisRequest, startDiagnosis } from './diagnosis.js';
import { param, type Route } from './route.js';
import { checkItemWire, diagnosisResultWire } from './wire.js';

export const diagnosisRoutes: readonly Route[] = [
  {
    action: 'CreateClusterDiagnosis',
    method: 'POST',
    path: '/clusters/{cluster}/diagnosis',
    handle: (ctx) => {
      const cluster = ctx.state.clusterOf(ctx.account, param(ctx, 'cluster'));
      const { type, target } = parseDiagnosisRequest(ctx.body ?? {});
      const diagnosis = startDiagnosis(ctx.state, ctx.account, cluster, type, target);
      return { cluster_id: cluster.clusterId, diagnosis_id: diagnosis.diagnosisId, request_id: ctx.requestId };
    },
  },
  {
    action: 'GetClusterDiagnosisResult',
    method: 'GET',
    path: '/clusters/{cluster}/diagnosis/{diagnosis}/result',
    handle: (ctx) => diagnosisResultWire(ctx.state.diagnosisOf(ctx.account, param(ctx, 'cluster'), param(ctx, 'diagnosis'))),
  },
  {
    action: 'GetClusterDiagnosisCheckItems',
    method: 'GET',
    path: '/clusters/{cluster}/diagnosis/{diagnosis}/check_items',
    handle: (ctx) => {
      const diagnosis = ctx.state.diagnosisOf(ctx.account, param(ctx, 'cluster'), param(ctx, 'diagnosis'));
      return {
        request_id: ctx.requestId,
        code: 'success',
        is_success: true,
        check_items: diagnosis.checkItems.map(checkItemWire),
      };
    },
  },
];
