// API errors as the CS service and the POP gateway return them: HTTP status + JSON {code, message, requestId}.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra top-level fields of the error body, e.g. accessDeniedDetail. */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(requestId: string): Record<string, unknown> {
    return { code: this.code, message: this.message, requestId, ...this.extra };
  }
}

export const invalidParameter = (message: string): ApiError => new ApiError(400, 'InvalidParameter', message);

export const clusterNotFound = (clusterId: string): ApiError =>
  new ApiError(404, 'ErrorClusterNotFound', `The specified cluster ${clusterId} does not exist.`);

export const nodePoolNotFound = (nodepoolId: string): ApiError =>
  new ApiError(404, 'ErrorNodePoolNotFound', `The specified node pool ${nodepoolId} does not exist.`);

export const taskNotFound = (taskId: string): ApiError =>
  new ApiError(404, 'ErrorTaskNotFound', `The specified task ${taskId} does not exist.`);

export const diagnosisNotFound = (diagnosisId: string): ApiError =>
  new ApiError(404, 'ErrorDiagnosisNotFound', `The specified diagnosis ${diagnosisId} does not exist.`);
