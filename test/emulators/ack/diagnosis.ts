// Cluster diagnoses (CreateClusterDiagnosis / GetClusterDiagnosisResult / GetClusterDiagnosisCheckItems).
// Lifecycle: status 0 (created) → 1 (running) after one step → 2 (completed) after another. On completion the
// target is resolved: code 0 with check items when it exists, code 1 with an explanatory message when not.
import { z } from 'zod';
import { runChecks } from './checks.js';
import { invalidParameter } from './errors.js';
import { newDiagnosisId } from './ids.js';
import { DIAGNOSIS_TYPES, type Account, type Cluster, type Diagnosis, type DiagnosisType } from './model.js';
import type { AckState } from './state.js';

const name = z.string().min(1);
const TARGETS: Record<DiagnosisType, z.ZodType<Record<string, unknown>>> = {
  cluster: z.looseObject({}),
  node: z.looseObject({ name }),
  memory: z.looseObject({ node: name }),
  pod: z.looseObject({ namespace: name, name }),
  service: z.looseObject({ namespace: name, name }),
  ingress: z.looseObject({ url: z.url() }),
  network: z.looseObject({
    src: z.ipv4(),
    dst: z.ipv4(),
    dport: z.union([z.string().regex(/^\d{1,5}$/), z.number().int().min(1).max(65535)]),
    protocol: z.enum(['tcp', 'udp']).optional(),
  }),
};

const REQUEST = z.object({
  type: z.enum(DIAGNOSIS_TYPES),
  target: z.record(z.string(), z.unknown()).optional(),
});

/** Validates a CreateClusterDiagnosis body; throws InvalidParameter (400) on a bad type or target. */
export function parseDiagnosisRequest(body: unknown): { type: DiagnosisType; target: Record<string, unknown> } {
  const request = REQUEST.safeParse(body);
  if (!request.success) throw invalidParameter(`invalid diagnosis request: ${z.prettifyError(request.error)}`);
  const { type } = request.data;
  const target = TARGETS[type].safeParse(request.data.target ?? {});
  if (!target.success) throw invalidParameter(`invalid target for a ${type} diagnosis: ${z.prettifyError(target.error)}`);
  return { type, target: target.data };
}

export function startDiagnosis(state: AckState, account: Account, cluster: Cluster, type: DiagnosisType, target: Record<string, unknown>): Diagnosis {
  const created = state.now();
  const diagnosis: Diagnosis = {
    diagnosisId: newDiagnosisId(),
    account,
    clusterId: cluster.clusterId,
    type,
    target,
    status: 0,
    code: 0,
    message: 'created',
    result: {},
    created,
    checkItems: [],
  };
  state.addDiagnosis(diagnosis);
  const step = state.options.diagnosisStepMs;
  state.scheduler.schedule(created + step, () => {
    diagnosis.status = 1;
    diagnosis.message = 'running';
  });
  state.scheduler.schedule(created + 2 * step, (at) => complete(state, diagnosis, cluster, at));
  return diagnosis;
}

function complete(state: AckState, diagnosis: Diagnosis, cluster: Cluster, at: number): void {
  const outcome = runChecks(diagnosis.type, diagnosis.target, cluster, state.nodes({ clusterId: cluster.clusterId }));
  diagnosis.status = 2;
  diagnosis.finished = at;
  if (!outcome.found) {
    diagnosis.code = 1;
    diagnosis.message = outcome.message;
    diagnosis.result = { version: '20240101', phase: 5, error: outcome.message };
    return;
  }
  const count = (level: string): number => outcome.items.filter((i) => i.level === level).length;
  const problems = outcome.items.filter((i) => i.level !== 'normal');
  diagnosis.code = 0;
  diagnosis.message = 'success';
  diagnosis.checkItems = outcome.items;
  diagnosis.result = {
    version: '20240101',
    phase: 5,
    subject: outcome.subject,
    summary: { normal: count('normal'), warning: count('warning'), error: count('error') },
    conclusion: problems.length === 0
      ? 'no problems found'
      : problems.map((i) => `${i.level} ${i.name}: ${i.message}`).join('; '),
  };
}
