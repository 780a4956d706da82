// The OpenAPI side: ARMS 2019-08-08 GetPrometheusInstance, an RPC API signed with ACS3-HMAC-SHA256.
//
// A cluster without a Prometheus instance in the asked region, or one owned by another account, is
// answered 200 with `Data: null`, the way ARMS' RPC APIs report "nothing found" inside their
// Code/Data envelope, and without telling a caller whether another account's cluster exists.
import type { Faults } from '../ack/faults.js';
import type { Credential } from '../ack/model.js';
import { NonceRegistry, verifyAcs3 } from '../ack/signature.js';
import { ArmsApiError, missingParameter } from './errors.js';
import { applyFault } from './faults.js';
import { requestParams, type Caller, type Outcome, type Reply, type Request } from './exchange.js';
import { instanceData, type ArmsInstances } from './instances.js';
import { authorizeArms, prometheusResource } from './ram.js';

export const API_VERSION = '2019-08-08';
export const ACTION = 'GetPrometheusInstance';

export interface OpenApiDeps {
  readonly instances: ArmsInstances;
  lookup(accessKeyId: string): Credential | undefined;
  readonly nonces: NonceRegistry;
  readonly faults: Faults;
  readonly closing: AbortSignal;
  /** The emulator's port, for the URLs in Data. */
  readonly port: () => number;
}

function rpcReply(requestId: string, regionId: string | undefined, error: ArmsApiError, headers?: Record<string, string>): Reply {
  return {
    status: error.status,
    contentType: 'application/json;charset=utf-8',
    body: JSON.stringify(error.body(requestId, regionId)),
    errorCode: error.code,
    ...(headers ? { headers } : {}),
  };
}

function getPrometheusInstance(deps: OpenApiDeps, credential: Credential, params: URLSearchParams, requestId: string): Record<string, unknown> {
  const regionId = params.get('RegionId');
  const clusterId = params.get('ClusterId');
  if (!regionId) throw missingParameter('RegionId');
  if (!clusterId) throw missingParameter('ClusterId');
  authorizeArms(credential, ACTION, prometheusResource(regionId, credential.account.accountId, clusterId));
  const instance = deps.instances.find(regionId, clusterId);
  const owned = instance !== undefined && instance.accountId === credential.account.accountId;
  return { RequestId: requestId, Code: 200, Message: 'success', Success: true, Data: owned ? instanceData(instance, deps.port()) : null };
}

export async function serveOpenApi(deps: OpenApiDeps, req: Request, caller: Caller): Promise<Outcome> {
  const params = requestParams(req);
  const regionId = params.get('RegionId') ?? undefined;
  caller.clusterId = params.get('ClusterId') ?? undefined;
  caller.securityToken = req.headers.get('x-acs-security-token')?.[0];
  const fail = (error: ArmsApiError, headers?: Record<string, string>): Reply => rpcReply(req.requestId, regionId, error, headers);

  const verdict = verifyAcs3({ method: req.method, url: `${req.rawPath}${req.rawQuery ? `?${req.rawQuery}` : ''}`, rawHeaders: req.rawHeaders, body: req.body }, {
    lookup: deps.lookup, nonces: deps.nonces, now: Date.now(),
  });
  caller.accessKeyId = verdict.accessKeyId;
  caller.credential = verdict.credential;
  if (!verdict.ok) return fail(new ArmsApiError(verdict.status, verdict.code, verdict.message));

  const action = req.headers.get('x-acs-action')?.[0];
  const { outcome, fault } = await applyFault(deps.faults, action ?? '', deps.closing, (status, code, message, headers) => fail(new ArmsApiError(status, code, message), headers));
  if (outcome) return outcome;
  const withFault = (reply: Reply): Reply => (fault ? { ...reply, fault } : reply);

  try {
    const version = req.headers.get('x-acs-version')?.[0];
    if (version !== API_VERSION) throw new ArmsApiError(400, 'InvalidVersion', `Specified parameter Version is not valid: expected ${API_VERSION}, got ${version ?? '(none)'}.`);
    if (action !== ACTION || req.rawPath !== '/') throw new ArmsApiError(404, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method: ${action ?? '(no x-acs-action)'} ${req.method} ${req.rawPath}`);
    const payload = getPrometheusInstance(deps, verdict.credential, params, req.requestId);
    return withFault({ status: 200, contentType: 'application/json;charset=utf-8', body: JSON.stringify(payload) });
  } catch (error) {
    const apiError = error instanceof ArmsApiError ? error : new ArmsApiError(500, 'InternalError', `The emulator failed: ${(error as Error).message}`);
    return withFault(fail(apiError));
  }
}
