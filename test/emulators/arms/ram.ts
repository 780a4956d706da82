// RAM authorisation for ARMS, as ../ack/ram.ts does it for CS: a credential's deniedActions may name
// `arms:<Action>`, `arms:*` or `*`; a denied call is 403 Forbidden.RAM with an AccessDeniedDetail.
import { createHash } from 'node:crypto';
import type { Credential } from '../ack/model.js';
import { ArmsApiError } from './errors.js';

export function deniesArms(credential: Credential, authAction: string): boolean {
  return credential.deniedActions.some((denied) => denied === '*' || denied === 'arms:*' || denied === authAction);
}

/** Throws 403 Forbidden.RAM when `credential` may not call `action` on `resource` (an ACS resource name). */
export function authorizeArms(credential: Credential, action: string, resource: string): void {
  const authAction = `arms:${action}`;
  if (!deniesArms(credential, authAction)) return;
  throw new ArmsApiError(403, 'Forbidden.RAM', `You are not authorized to do this action. Resource: ${resource} Action: ${authAction}`, {
    AccessDeniedDetail: {
      AuthAction: authAction,
      AuthPrincipalType: credential.kind === 'sts' ? 'AssumedRoleUser' : 'SubUser',
      AuthPrincipalOwnerId: credential.account.accountId,
      AuthPrincipalDisplayName: credential.principal,
      PolicyType: 'AccountLevelIdentityBasedPolicy',
      NoPermissionType: 'ImplicitDeny',
      EncodedDiagnosticMessage: createHash('sha256').update(`${credential.accessKeyId}/${authAction}/${resource}`).digest('base64'),
    },
  });
}

/** ACS resource name of a Prometheus instance, as GetPrometheusInstance is authorised on it. */
export const prometheusResource = (regionId: string, accountId: string, clusterId: string): string =>
  `acs:arms:${regionId}:${accountId}:prometheus/${clusterId}`;
