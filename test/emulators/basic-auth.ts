// HTTP Basic auth of the Prometheus APIs (ARMS V2 instances, SLS MetricStores): user = AccessKeyId, password = AccessKeySecret, or
// `AccessKeySecret$SecurityToken` for an STS credential.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Credential } from './ack/model.js';

export type BasicAuthResult =
  | { readonly ok: true; readonly credential: Credential; readonly securityToken: string | undefined }
  | { readonly ok: false; readonly message: string; readonly accessKeyId?: string | undefined; readonly securityToken?: string | undefined; readonly credential?: Credential | undefined };

function sameText(expected: string, received: string): boolean {
  return timingSafeEqual(createHash('sha256').update(expected).digest(), createHash('sha256').update(received).digest());
}

export function authenticateBasic(header: string | undefined, lookup: (accessKeyId: string) => Credential | undefined, now: number): BasicAuthResult {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return { ok: false, message: 'authentication required: use HTTP Basic auth with your AccessKey ID and AccessKey secret' };
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { ok: false, message: 'malformed Basic credentials' };
  const accessKeyId = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  // AccessKey secrets never contain `$`; STS tokens are base64. The first `$` separates them.
  const dollar = password.indexOf('$');
  const secret = dollar < 0 ? password : password.slice(0, dollar);
  const securityToken = dollar < 0 ? undefined : password.slice(dollar + 1);
  const credential = lookup(accessKeyId);
  const invalid = (message: string): BasicAuthResult => ({ ok: false, message, accessKeyId, securityToken, credential });
  if (!credential || !sameText(credential.accessKeySecret, secret)) return invalid('invalid AccessKey ID or AccessKey secret');
  if (credential.kind === 'sts') {
    if (securityToken === undefined) return invalid('an STS AccessKey needs its security token: use AccessKeySecret$SecurityToken as the password');
    if (credential.securityToken === undefined || !sameText(credential.securityToken, securityToken)) return invalid('the security token does not match the AccessKey');
    if (credential.expiresAt !== undefined && credential.expiresAt <= now) return invalid('the security token has expired');
  } else if (securityToken !== undefined) {
    return invalid('a security token was given, but this AccessKey is not an STS credential');
  }
  return { ok: true, credential, securityToken };
}
