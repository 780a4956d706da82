// Errors as SLS returns them: HTTP status + JSON {errorCode, errorMessage}; the Prometheus-compatible
// MetricStore API answers in Prometheus' own error shape instead.

export class SlsError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'SlsError';
  }

  body(): string {
    return JSON.stringify({ errorCode: this.code, errorMessage: this.message });
  }
}

export const parameterInvalid = (message: string): SlsError => new SlsError(400, 'ParameterInvalid', message);
export const unauthorized = (message: string): SlsError => new SlsError(401, 'Unauthorized', message);
export const projectNotExist = (project: string): SlsError => new SlsError(404, 'ProjectNotExist', `The Project does not exist : ${project}`);
export const logStoreNotExist = (logstore: string): SlsError => new SlsError(404, 'LogStoreNotExist', `logstore ${logstore} does not exist`);

export type PromErrorType = 'unauthorized' | 'not_found' | 'bad_data' | 'unavailable' | 'internal' | 'throttled';

export class PromError extends Error {
  constructor(readonly status: number, readonly errorType: PromErrorType, message: string) {
    super(message);
    this.name = 'PromError';
  }

  body(): string {
    return JSON.stringify({ status: 'error', errorType: this.errorType, error: this.message });
  }
}
