// Who is calling: the SLS v1/v4 request signature for the SLS API, HTTP Basic for the MetricStore
// Prometheus API, and the STS token binding both share. Failures are SLS errors; the Prometheus front
// re-dresses them in its own error shape.
import { createHash, timingSafeEqual } from 'node:crypto';
import { authenticateBasic as verifyBasic } from '../basic-auth.js';
import type { Credential } from '../ack/model.js';
import { SlsError, unauthorized } from './errors.js';
import type { QueryPair } from './query-string.js';
import { v1Sign, v1StringsToSign } from './signature-v1.js';
import { parseLogDate, parseV4Authorization, v4Sign } from './signature-v4.js';

/** SLS rejects a request whose date is more than 15 minutes away from its clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export type Lookup = (accessKeyId: string) => Credential | undefined;

export interface Authenticated {
  readonly ok: true;
  readonly accessKeyId: string;
  readonly credential: Credential;
  readonly securityToken: string | undefined;
}
export interface Rejected {
  readonly ok: false;
  readonly error: SlsError;
  readonly accessKeyId?: string | undefined;
  readonly credential?: Credential | undefined;
  readonly securityToken?: string | undefined;
}
export type AuthResult = Authenticated | Rejected;

export interface SignedRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly query: readonly QueryPair[];
  readonly rawHeaders: readonly string[];
  /** Lower-cased name → first value. */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
}

function sameText(expected: string, received: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(received).digest();
  return timingSafeEqual(a, b);
}

/** Why the token does not fit the credential, or undefined when it does. */
export function tokenProblem(credential: Credential, token: string | undefined, now: number): string | undefined {
  if (credential.kind === 'sts') {
    if (token === undefined || token === '') return `AccessKeyId ${credential.accessKeyId} is an STS key and requires a security token`;
    if (credential.securityToken === undefined || !sameText(credential.securityToken, token)) {
      return `the security token does not match AccessKeyId ${credential.accessKeyId}`;
    }
    if (credential.expiresAt !== undefined && credential.expiresAt <= now) {
      return `the security token of AccessKeyId ${credential.accessKeyId} expired at ${new Date(credential.expiresAt).toISOString()}`;
    }
    return undefined;
  }
  if (token !== undefined) return `a security token was sent with AccessKeyId ${credential.accessKeyId}, which is not an STS key`;
  return undefined;
}

function checkSkew(dateMs: number, raw: string, now: number): SlsError | undefined {
  if (Number.isNaN(dateMs)) return new SlsError(400, 'InvalidRequestTime', `The request time ${JSON.stringify(raw)} is not a valid date.`);
  if (Math.abs(now - dateMs) > MAX_CLOCK_SKEW_MS) {
    return new SlsError(400, 'RequestTimeExpired', `Request time ${raw} has been expired while server time is ${new Date(now).toUTCString()}.`);
  }
  return undefined;
}

export function authenticateSigned(req: SignedRequest, lookup: Lookup, now: number): AuthResult {
  const securityToken = req.headers.get('x-acs-security-token');
  const authorization = req.headers.get('authorization');
  if (authorization === undefined || authorization === '') {
    return { ok: false, securityToken, error: unauthorized('The Authorization header is missing: the request must be signed.') };
  }
  const v1 = /^LOG ([^:\s]+):(\S+)$/.exec(authorization);
  const v4 = v1 ? undefined : parseV4Authorization(authorization);
  const accessKeyId = v1?.[1] ?? v4?.accessKeyId;
  if (accessKeyId === undefined) {
    return { ok: false, securityToken, error: unauthorized('The Authorization header is malformed: expected "LOG <AccessKeyId>:<signature>" or SLS4-HMAC-SHA256.') };
  }
  const credential = lookup(accessKeyId);
  if (!credential) {
    return { ok: false, accessKeyId, securityToken, error: new SlsError(401, 'InvalidAccessKeyId', `AccessKeyId not found: ${accessKeyId}`) };
  }
  const reject = (error: SlsError): Rejected => ({ ok: false, accessKeyId, credential, securityToken, error });
  const signatureNotMatch = (detail: string): Rejected =>
    reject(new SlsError(401, 'SignatureNotMatch', `Signature ${detail} not matched.`));

  if (v1) {
    const claimedMd5 = req.headers.get('content-md5') ?? '';
    const bodyMd5 = req.body.length === 0 ? '' : createHash('md5').update(req.body).digest('hex').toUpperCase();
    if (claimedMd5.toUpperCase() !== bodyMd5) {
      return reject(new SlsError(400, 'ContentMD5Mismatch', `content-md5 ${JSON.stringify(claimedMd5)} is not the MD5 of the ${req.body.length}-byte body.`));
    }
    const method = req.headers.get('x-log-signaturemethod') === 'hmac-sha256' ? 'hmac-sha256' : 'hmac-sha1';
    const received = v1[2] ?? '';
    const candidates = v1StringsToSign({ method: req.method, rawPath: req.rawPath, query: req.query, rawHeaders: req.rawHeaders });
    if (!candidates.some((s) => sameText(v1Sign(credential.accessKeySecret, s, method), received))) {
      return signatureNotMatch(`${received}`);
    }
    const date = req.headers.get('date') ?? '';
    const skew = checkSkew(Date.parse(date), date, now);
    if (skew) return reject(skew);
  } else if (v4) {
    const contentSha256 = req.headers.get('x-log-content-sha256') ?? '';
    if (contentSha256 !== createHash('sha256').update(req.body).digest('hex')) {
      return reject(new SlsError(400, 'ContentSHA256Mismatch', 'x-log-content-sha256 is not the SHA-256 of the body.'));
    }
    const logDate = req.headers.get('x-log-date') ?? '';
    const expected = v4Sign(credential.accessKeySecret, {
      method: req.method, rawPath: req.rawPath, query: req.query, headers: req.headers, contentSha256, logDate, region: v4.region,
    });
    if (v4.date !== logDate.slice(0, 8) || !sameText(expected, v4.signature)) return signatureNotMatch(v4.signature);
    const skew = checkSkew(parseLogDate(logDate), logDate, now);
    if (skew) return reject(skew);
  }

  const problem = tokenProblem(credential, securityToken, now);
  if (problem) return reject(unauthorized(`Invalid security token: ${problem}.`));
  return { ok: true, accessKeyId, credential, securityToken };
}

/** HTTP Basic for the MetricStore API (the shared check), with SLS's error codes. */
export function authenticateBasic(authorization: string | undefined, lookup: Lookup, now: number): AuthResult {
  const result = verifyBasic(authorization, lookup, now);
  if (result.ok) return { ok: true, accessKeyId: result.credential.accessKeyId, credential: result.credential, securityToken: result.securityToken };
  const { accessKeyId, credential, securityToken } = result;
  const error = accessKeyId !== undefined && !credential
    ? new SlsError(401, 'InvalidAccessKeyId', `AccessKeyId not found: ${accessKeyId}`)
    : unauthorized(result.message);
  return { ok: false, accessKeyId, credential, securityToken, error };
}
