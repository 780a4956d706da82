import { redactString } from '../observability/redact.js';

export type AliyunErrorKind = 'throttled' | 'server' | 'client' | 'network' | 'timeout' | 'credentials';

/** The product an API belongs to, as its RAM actions are prefixed (`cs:`, `log:`, `arms:`). */
export type AliyunProduct = 'cs' | 'log' | 'arms';

/** SLS RAM actions differ from its API names. */
const SLS_RAM_ACTIONS: Record<string, string> = {
  GetLogs: 'GetLogStoreLogs',
  GetLogsV2: 'GetLogStoreLogs',
  PrometheusQuery: 'GetLogStoreLogs',
};

/** An Alibaba Cloud OpenAPI failure, normalised from the SDK's several error shapes. */
export class AliyunApiError extends Error {
  override name = 'AliyunApiError';
  constructor(
    readonly action: string,
    readonly code: string,
    message: string,
    readonly kind: AliyunErrorKind,
    readonly statusCode?: number,
    readonly requestId?: string,
    readonly product: AliyunProduct = 'cs',
  ) {
    super(message);
  }

  /** The RAM action a policy must allow for this call, e.g. `log:GetLogStoreLogs`. */
  get ramAction(): string {
    const action = this.product === 'log' ? (SLS_RAM_ACTIONS[this.action] ?? this.action) : this.action;
    return `${this.product}:${action}`;
  }

  /** Safe to send again: the request was rejected or failed before the service acted on it. */
  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout';
  }

  /** What the caller should do next, written for a model. */
  get nextStep(): string {
    return nextStepFor(this);
  }
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH']);

interface SdkErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  statusCode?: unknown;
  requestId?: unknown;
  data?: { requestId?: unknown; RequestId?: unknown; httpCode?: unknown } | undefined;
}

export function normaliseAliyunError(action: string, error: unknown, product: AliyunProduct = 'cs'): AliyunApiError {
  if (error instanceof AliyunApiError) return error;
  const make = (code: string, message: string, kind: AliyunErrorKind, statusCode?: number, requestId?: string) =>
    new AliyunApiError(action, code, message, kind, statusCode, requestId, product);
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SdkErrorLike;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const rawCode = typeof e.code === 'string' ? e.code : undefined;
  const message = redactString(typeof e.message === 'string' ? e.message : String(error));
  const statusCode = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const requestId = pickString(e.requestId) ?? pickString(e.data?.requestId) ?? pickString(e.data?.RequestId);

  if (name === 'RequestTimeoutError') return make('Timeout', message, 'timeout');
  if (rawCode && NETWORK_CODES.has(rawCode)) return make(rawCode, message, 'network');
  if (/socket hang up|ECONNRESET/i.test(message) && statusCode === undefined) {
    return make('ECONNRESET', message, 'network');
  }
  if (rawCode === 'InvalidCredentials' || name === 'CredentialsProviderError') {
    return make('InvalidCredentials', message, 'credentials');
  }
  if (statusCode === undefined) return make(rawCode ?? name, message, 'network');

  const code = rawCode ?? `HTTP${statusCode}`;
  const kind: AliyunErrorKind =
    name === 'ThrottlingError' || /Throttling/i.test(code) || statusCode === 429
      ? 'throttled'
      : statusCode >= 500
        ? 'server'
        : 'client';
  return make(code, cleanMessage(code, message), kind, statusCode, requestId);
}

/** The SDK's message is `<code>: code: <status>, <Message> request id: <id>`; keep the service's own words. */
function cleanMessage(code: string, message: string): string {
  const match = /code: \d+, (.*?)(?: request id: \S+)?$/s.exec(message);
  const text = match?.[1]?.trim() ?? message.replace(new RegExp(`^${escapeRegExp(code)}:\\s*`), '');
  return text.length > 0 ? text : code;
}

function nextStepFor(error: AliyunApiError): string {
  const { code, kind } = error;
  if (/^Forbidden|NoPermission|NotAuthorized|AccessDenied|Unauthorized/i.test(code)) {
    return `The calling RAM identity is not allowed to call ${error.ramAction}. Ask an administrator to grant it (see the README's RAM policy), then retry.`;
  }
  if (/InvalidAccessKeyId/i.test(code)) return 'The AccessKey id is not recognised. Check the X-Aliyun-Access-Key-Id header (or the server identity).';
  if (/SignatureDoesNotMatch|IncompleteSignature/i.test(code)) {
    return 'The AccessKey secret does not match the AccessKey id. Check the X-Aliyun-Access-Key-Secret header.';
  }
  if (/SecurityToken/i.test(code)) {
    return 'The STS token is invalid, expired or belongs to another AccessKey. Obtain fresh STS credentials and send all three X-Aliyun-* headers together.';
  }
  if (/TimeStamp|Date/i.test(code) && kind === 'client') return "The request time was rejected; check the server's clock.";
  if (/ClusterNotFound/i.test(code)) return 'Check the cluster id with list_clusters; the cluster must belong to the calling account and region.';
  if (/NodePoolNotFound|NodepoolNotFound/i.test(code)) return 'Check the node pool id with list_nodepools for this cluster.';
  if (/TaskNotFound/i.test(code)) return 'Check the task id: it is returned by scale_nodepool or remove_nodepool_nodes for the same account.';
  if (/DiagnosisNotFound/i.test(code)) return 'Check the diagnosis id returned by create_cluster_diagnosis for this cluster.';
  if (/LogStoreNotExist/i.test(code)) return 'Check the logstore name: describe_cluster_observability lists the logstores of the cluster\'s log projects.';
  if (/ProjectNotExist/i.test(code)) return 'Check the SLS project: describe_cluster_observability shows the discovered projects; the project must be in the cluster\'s region and account.';
  if (/MetricStoreNotExist/i.test(code)) return 'Check the metric store: describe_cluster_observability lists the metric stores it found.';
  if (error.product === 'log' && /ParameterInvalid|InvalidQuery|SQL/i.test(code)) {
    return 'Fix the query as the message says (sls_diagnose_query can explain it), then retry.';
  }
  if (/Quota/i.test(code)) return 'A quota was exceeded. Lower the requested count or raise the quota, then retry.';
  if (kind === 'throttled') return 'The API is throttled. Wait a few seconds, then retry.';
  if (kind === 'server') return 'Alibaba Cloud returned a server error. Retry later; if it persists, quote the RequestId to support.';
  if (kind === 'timeout') return 'The call timed out. Check connectivity to the endpoint or raise ALIBABA_CLOUD_TIMEOUT_MS.';
  if (kind === 'network') return 'The endpoint could not be reached. Check network access to the Alibaba Cloud endpoint.';
  if (kind === 'credentials') return 'No usable Alibaba Cloud credentials. Send X-Aliyun-Access-Key-Id and X-Aliyun-Access-Key-Secret headers.';
  if (/InvalidParameter|Invalid|Missing/i.test(code)) return 'Fix the argument named in the message, then retry.';
  return 'See the message; quote the RequestId when asking support.';
}

function pickString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value !== 'undefined' ? value : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
