// RAM authorisation: a credential may carry denied actions; a denied call is 403 Forbidden.RAM with an
// AccessDeniedDetail naming the action `cs:<Action>`.
import { createHash } from 'node:crypto';
import { ApiError } from './errors.js';
import type { Credential } from './model.js';

function denies(credential: Credential, action: string): boolean {
  return credential.deniedActions.some((denied) => denied === '*' || denied === 'cs:*' || denied === action || denied === `cs:${action}`);
}

/** Throws 403 Forbidden.RAM when `credential` may not call `action` on `resource` (an ACS resource name). */
export function authorize(credential: Credential, action: string, resource: string): void {
  if (!denies(credential, action)) return;
  const authAction = `cs:${action}`;
  const principalType = credential.kind === 'sts' ? 'AssumedRoleUser' : 'SubUser';
  throw new ApiError(403, 'Forbidden.RAM', `You are not authorized to do this action. Resource: ${resource} Action: ${authAction}`, {
    accessDeniedDetail: {
      AuthAction: authAction,
      AuthPrincipalType: principalType,
      AuthPrincipalOwnerId: credential.account.accountId,
      AuthPrincipalDisplayName: credential.principal,
      PolicyType: 'AccountLevelIdentityBasedPolicy',
      NoPermissionType: 'ImplicitDeny',
      EncodedDiagnosticMessage: Buffer.from(createHash('sha256').update(`${credential.accessKeyId}/${authAction}/${resource}`).digest()).toString('base64'),
    },
  });
}

/** ACS resource name of the call: the cluster when the path names one, otherwise every cluster of the account. */
export function resourceName(accountId: string, regionId: string | undefined, clusterId: string | undefined): string {
  return `acs:cs:${regionId ?? '*'}:${accountId}:cluster/${clusterId ?? '*'}`;
}
