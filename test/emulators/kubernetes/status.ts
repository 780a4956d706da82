// API errors as the API server sends them: a meta/v1 Status body carrying the HTTP code, reason and details.

export interface StatusCause {
  readonly reason: string;
  readonly message: string;
  readonly field: string;
}

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly uid?: string;
  readonly causes?: StatusCause[];
  readonly retryAfterSeconds?: number;
}

/** A group and a plural resource, printed `pods` or `deployments.apps` as the API server does. */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

export const qualified = (gr: GroupResource): string => (gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`);

export class KubeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeError';
  }

  status(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details === undefined ? {} : { details: this.details }),
      code: this.code,
    };
  }
}

const resourceDetails = (gr: GroupResource, name: string): StatusDetails => ({
  ...(name === '' ? {} : { name }),
  ...(gr.group === '' ? {} : { group: gr.group }),
  kind: gr.resource,
});

export const unauthorized = (): KubeError => new KubeError(401, 'Unauthorized', 'Unauthorized');

export const forbidden = (gr: GroupResource, name: string, why: string): KubeError =>
  new KubeError(403, 'Forbidden', `${gr.resource === '' ? 'forbidden' : `${qualified(gr)}${name === '' ? '' : ` "${name}"`} is forbidden`}: ${why}`,
    gr.resource === '' ? {} : resourceDetails(gr, name));

export const notFound = (gr: GroupResource, name: string): KubeError =>
  new KubeError(404, 'NotFound', `${qualified(gr)} "${name}" not found`, resourceDetails(gr, name));

export const alreadyExists = (gr: GroupResource, name: string): KubeError =>
  new KubeError(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, resourceDetails(gr, name));

export const conflict = (gr: GroupResource, name: string): KubeError =>
  new KubeError(409, 'Conflict',
    `Operation cannot be fulfilled on ${qualified(gr)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    resourceDetails(gr, name));

/** 422, e.g. `Pod "" is invalid: metadata.name: Required value: name or generateName is required`. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): KubeError {
  const summary = causes.map((c) => `${c.field}: ${c.message}`);
  const text = summary.length === 1 ? summary[0] : `[${summary.join(', ')}]`;
  return new KubeError(422, 'Invalid', `${kind}${group === '' ? '' : `.${group}`} "${name}" is invalid: ${text}`, {
    ...(name === '' ? {} : { name }),
    ...(group === '' ? {} : { group }),
    kind,
    causes,
  });
}

export const badRequest = (message: string): KubeError => new KubeError(400, 'BadRequest', message);

export const pathNotFound = (): KubeError => new KubeError(404, 'NotFound', 'the server could not find the requested resource', {});

export const methodNotAllowed = (): KubeError =>
  new KubeError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

export const unsupportedMediaType = (contentType: string): KubeError =>
  new KubeError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`);

export const expired = (message: string): KubeError => new KubeError(410, 'Expired', message);

export const internalError = (message: string): KubeError =>
  new KubeError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ reason: '', message, field: '' }] });

/** The reason the API server pairs with an HTTP status, for injected failures. */
export function reasonFor(code: number): string {
  switch (code) {
    case 400: return 'BadRequest';
    case 401: return 'Unauthorized';
    case 403: return 'Forbidden';
    case 404: return 'NotFound';
    case 409: return 'Conflict';
    case 410: return 'Expired';
    case 422: return 'Invalid';
    case 429: return 'TooManyRequests';
    case 503: return 'ServiceUnavailable';
    case 504: return 'Timeout';
    default: return code >= 500 ? 'InternalError' : 'Unknown';
  }
}
