// SLS v4 request signature (`Authorization: SLS4-HMAC-SHA256 Credential=<AK>/<scope>,Signature=<hex>`),
// aliyun-wire-formats.md §3.2. SignedHeaders are implicit: every header named x-log-*, x-acs-*, host or content-type.
import { createHash, createHmac } from 'node:crypto';
import { byCodeUnit, type QueryPair } from './query-string.js';

export const V4_ALGORITHM = 'SLS4-HMAC-SHA256';

export interface ParsedV4Authorization {
  readonly accessKeyId: string;
  /** yyyymmdd */
  readonly date: string;
  readonly region: string;
  readonly signature: string;
}

const V4_AUTHORIZATION = /^SLS4-HMAC-SHA256 Credential=([^/,]+)\/(\d{8})\/([^/,]+)\/sls\/aliyun_v4_request,\s*Signature=([0-9a-fA-F]+)$/;

export function parseV4Authorization(header: string): ParsedV4Authorization | undefined {
  const m = V4_AUTHORIZATION.exec(header);
  if (!m) return undefined;
  return { accessKeyId: m[1] ?? '', date: m[2] ?? '', region: m[3] ?? '', signature: (m[4] ?? '').toLowerCase() };
}

/** The SDK's percentEncode replaces only the FIRST `+`, `*` and `%7E` (string patterns, not regexes). */
const sdkPercentEncode = (value: string): string =>
  encodeURIComponent(value).replace('+', '%20').replace('*', '%2A').replace('%7E', '~');

export interface V4Input {
  readonly method: string;
  readonly rawPath: string;
  readonly query: readonly QueryPair[];
  /** Lower-cased header name → first value. */
  readonly headers: ReadonlyMap<string, string>;
  readonly contentSha256: string;
  /** x-log-date: YYYYMMDDTHHMMSSZ */
  readonly logDate: string;
  readonly region: string;
}

const isSignedHeader = (name: string): boolean =>
  name.startsWith('x-log-') || name.startsWith('x-acs-') || name === 'host' || name === 'content-type';

export function v4Sign(secret: string, input: V4Input): string {
  const names = [...input.headers.keys()].filter(isSignedHeader).sort(byCodeUnit);
  const canonicalQuery = [...input.query]
    .sort((a, b) => byCodeUnit(a.key, b.key))
    .map((p) => (p.value === '' ? p.key : `${p.key}=${sdkPercentEncode(p.value)}`))
    .join('&');
  const canonicalHeaders = names.map((n) => `${n}:${(input.headers.get(n) ?? '').trim()}\n`).join('');
  const canonicalRequest = [input.method, input.rawPath || '/', canonicalQuery, canonicalHeaders, names.join(';'), input.contentSha256].join('\n');
  const day = input.logDate.slice(0, 8);
  const scope = `${day}/${input.region}/sls/aliyun_v4_request`;
  const stringToSign = `${V4_ALGORITHM}\n${input.logDate}\n${scope}\n${createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')}`;
  const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
  const key = hmac(hmac(hmac(hmac(`aliyun_v4${secret}`, day), input.region), 'sls'), 'aliyun_v4_request');
  return hmac(key, stringToSign).toString('hex');
}

/** `20261121T081218Z` → epoch ms, NaN when malformed. */
export function parseLogDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}
