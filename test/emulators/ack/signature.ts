// ACS3-HMAC-SHA256 (OpenAPI V3 signature) verification from the raw HTTP request, as the POP gateway does it.
//
// CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
// StringToSign     = "ACS3-HMAC-SHA256\n" + hex(sha256(CanonicalRequest))
// Signature        = hex(hmac-sha256(AccessKeySecret, StringToSign))
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'ACS3-HMAC-SHA256';
/** The gateway accepts an `x-acs-date` up to 15 minutes away from its own clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface VerifiableCredential {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly kind: 'ak' | 'sts';
  /** For STS credentials: the token issued together with this AccessKey id. */
  readonly securityToken?: string | undefined;
  /** For STS credentials: epoch ms after which the token is rejected. */
  readonly expiresAt?: number | undefined;
}

export interface RawRequest {
  readonly method: string;
  /** The request target exactly as received (`req.url`): raw path plus optional `?query`. */
  readonly url: string;
  /** Node's `req.rawHeaders`: [name, value, name, value, ...] with original casing and duplicates. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

export interface SignatureFailure<C> {
  readonly ok: false;
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** The AccessKey id the caller claimed, when the Authorization header could be parsed. */
  readonly accessKeyId?: string | undefined;
  /** The credential that AccessKey id belongs to, when it is known. */
  readonly credential?: C | undefined;
}
export interface SignatureSuccess<C> {
  readonly ok: true;
  readonly accessKeyId: string;
  readonly credential: C;
}
export type VerifyResult<C> = SignatureSuccess<C> | SignatureFailure<C>;

export interface VerifyContext<C extends VerifiableCredential> {
  lookup(accessKeyId: string): C | undefined;
  readonly nonces: NonceRegistry;
  /** Epoch ms used for the clock-skew and token-expiry checks. */
  readonly now: number;
}

/** Remembers `x-acs-signature-nonce` values per AccessKey id for as long as a replay could pass the date check. */
export class NonceRegistry {
  private readonly seen = new Map<string, Map<string, number>>();

  /** Records the nonce; returns false if this AccessKey id already used it. */
  claim(accessKeyId: string, nonce: string, now: number): boolean {
    let nonces = this.seen.get(accessKeyId);
    if (!nonces) {
      nonces = new Map();
      this.seen.set(accessKeyId, nonces);
    }
    // Every nonce gets the same lifetime, so insertion order is expiry order: stop at the first live one.
    for (const [value, expiresAt] of nonces) {
      if (expiresAt > now) break;
      nonces.delete(value);
    }
    if (nonces.has(nonce)) return false;
    nonces.set(nonce, now + 2 * MAX_CLOCK_SKEW_MS);
    return true;
  }
}

export interface ParsedAuthorization {
  readonly algorithm: string;
  readonly accessKeyId: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b;c,Signature=hex` → parts, or undefined when malformed. */
export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const space = header.indexOf(' ');
  if (space <= 0) return undefined;
  const algorithm = header.slice(0, space);
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return { algorithm, accessKeyId, signedHeaders: signedHeaders.split(';'), signature };
}

/** The SDK's `encode`: encodeURIComponent plus `!'()*`, which encodeURIComponent leaves alone. */
export function acsPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The raw path with the SDK's global replacements: `+`→%20, `*`→%2A, `%7E`→`~`. */
export function canonicalUri(rawPath: string): string {
  return rawPath.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
}

/** Splits a raw query string into decoded [key, value] pairs. Throws URIError on malformed escapes. */
export function decodeQuery(rawQuery: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const segment of rawQuery.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const key = eq < 0 ? segment : segment.slice(0, eq);
    const value = eq < 0 ? '' : segment.slice(eq + 1);
    pairs.push([decodeURIComponent(key), decodeURIComponent(value)]);
  }
  return pairs;
}

/** Keys sorted by UTF-16 code unit, `key=encode(value)`, joined by `&`. Keys are not encoded (the SDK does not). */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...pairs]
    .sort(([ka, va], [kb, vb]) => byCodeUnit(ka, kb) || byCodeUnit(va, vb))
    .map(([key, value]) => `${key}=${acsPercentEncode(value)}`)
    .join('&');
}

/** Lower-cased header name → trimmed values, from Node's rawHeaders. */
export function collectHeaders(rawHeaders: readonly string[]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const values = headers.get(name) ?? [];
    values.push((rawHeaders[i + 1] ?? '').trim());
    headers.set(name, values);
  }
  return headers;
}

/** Headers that ACS3 signs whenever they are present. */
export const isCanonicalHeader = (name: string): boolean =>
  name.startsWith('x-acs-') || name === 'host' || name === 'content-type';

export interface CanonicalInput {
  readonly method: string;
  readonly rawPath: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly signedHeaders: readonly string[];
  readonly hashedPayload: string;
}

export function canonicalRequest(input: CanonicalInput): string {
  const headerLines = input.signedHeaders
    .map((name) => `${name}:${[...(input.headers.get(name) ?? [])].sort().join(',')}\n`)
    .join('');
  return [
    input.method,
    canonicalUri(input.rawPath),
    canonicalQuery(input.query),
    headerLines,
    input.signedHeaders.join(';'),
    input.hashedPayload,
  ].join('\n');
}

export const stringToSign = (canonical: string): string =>
  `${ALGORITHM}\n${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;

export const sign = (secret: string, toSign: string): string => createHmac('sha256', secret).update(toSign, 'utf8').digest('hex');

function safeEqualHex(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

const ACS_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * Verifies the request's ACS3 signature and the gateway's side conditions (signed-header coverage,
 * payload hash, clock skew, STS token binding, nonce replay), in that order.
 */
export function verifyAcs3<C extends VerifiableCredential>(req: RawRequest, ctx: VerifyContext<C>): VerifyResult<C> {
  const headers = collectHeaders(req.rawHeaders);
  const single = (name: string): string | undefined => headers.get(name)?.[0];
  const fail = (status: number, code: string, message: string, accessKeyId?: string, credential?: C): SignatureFailure<C> => ({
    ok: false, status, code, message, accessKeyId, credential,
  });

  const authorization = single('authorization');
  if (authorization === undefined) return fail(400, 'MissingAuthorization', 'The Authorization header is required.');
  const auth = parseAuthorization(authorization);
  if (!auth) return fail(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards: malformed Authorization header.');
  const { accessKeyId } = auth;
  if (auth.algorithm !== ALGORITHM) {
    return fail(400, 'IncompleteSignature', `Unsupported signature algorithm ${auth.algorithm}; expected ${ALGORITHM}.`, accessKeyId);
  }

  const credential = ctx.lookup(accessKeyId);
  if (!credential) return fail(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.', accessKeyId);
  const reject = (status: number, code: string, message: string): SignatureFailure<C> => fail(status, code, message, accessKeyId, credential);

  const signed = new Set(auth.signedHeaders);
  for (const name of headers.keys()) {
    if (isCanonicalHeader(name) && !signed.has(name)) {
      return reject(400, 'IncompleteSignature', `The request signature does not conform to Aliyun standards: header ${name} is present but not in SignedHeaders.`);
    }
  }
  for (const name of auth.signedHeaders) {
    if (!headers.has(name)) return reject(400, 'IncompleteSignature', `The request signature does not conform to Aliyun standards: signed header ${name} is missing.`);
  }
  for (const name of ['host', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (!headers.has(name)) return reject(400, 'IncompleteSignature', `The request signature does not conform to Aliyun standards: header ${name} is required.`);
  }

  const claimedHash = single('x-acs-content-sha256') ?? '';
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  if (!safeEqualHex(bodyHash, claimedHash)) {
    return reject(400, 'SignatureDoesNotMatch', 'The request signature did not match: x-acs-content-sha256 is not the SHA-256 of the received body.');
  }

  const queryStart = req.url.indexOf('?');
  const rawPath = queryStart < 0 ? req.url : req.url.slice(0, queryStart);
  let query: Array<[string, string]>;
  try {
    query = decodeQuery(queryStart < 0 ? '' : req.url.slice(queryStart + 1));
  } catch {
    return reject(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards: malformed percent-encoding in the query string.');
  }
  const toSign = stringToSign(canonicalRequest({
    method: req.method, rawPath, query, headers, signedHeaders: auth.signedHeaders, hashedPayload: claimedHash,
  }));
  if (!safeEqualHex(sign(credential.accessKeySecret, toSign), auth.signature)) {
    return reject(400, 'SignatureDoesNotMatch', `The request signature did not match our calculation. Server string to sign is: ${JSON.stringify(toSign)}`);
  }

  const date = single('x-acs-date') ?? '';
  if (!ACS_DATE.test(date)) return reject(400, 'InvalidTimeStamp.Format', `Specified x-acs-date ${JSON.stringify(date)} is not in the format yyyy-MM-ddTHH:mm:ssZ.`);
  if (Math.abs(ctx.now - Date.parse(date)) > MAX_CLOCK_SKEW_MS) {
    return reject(400, 'InvalidTimeStamp.Expired', `Specified time stamp or date value is expired: x-acs-date ${date} is more than 15 minutes away from the server time.`);
  }

  const token = single('x-acs-security-token');
  if (credential.kind === 'sts') {
    if (token === undefined || token === '') return reject(400, 'InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed: an STS AccessKey requires x-acs-security-token.');
    if (single('x-acs-accesskey-id') !== accessKeyId) {
      return reject(400, 'InvalidSecurityToken.Mismatch', 'Specified SecurityToken mismatch with the AccessKey: x-acs-accesskey-id differs from the Credential.');
    }
    if (credential.securityToken === undefined || !safeEqualText(credential.securityToken, token)) {
      return reject(400, 'InvalidSecurityToken.Mismatch', 'Specified SecurityToken mismatch with the AccessKey.');
    }
    if (credential.expiresAt !== undefined && credential.expiresAt <= ctx.now) {
      return reject(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.');
    }
  } else if (token !== undefined) {
    return reject(400, 'InvalidSecurityToken.Mismatch', 'Specified SecurityToken mismatch with the AccessKey: this AccessKey is not an STS credential.');
  }

  const nonce = single('x-acs-signature-nonce') ?? '';
  if (!ctx.nonces.claim(accessKeyId, nonce, ctx.now)) return reject(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');

  return { ok: true, accessKeyId, credential };
}

function safeEqualText(expected: string, received: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(received).digest();
  return timingSafeEqual(a, b);
}
