// SLS v1 request signature (`Authorization: LOG <AccessKeyId>:<base64 signature>`), aliyun-wire-formats.md §3.2:
//
// StringToSign = METHOD \n content-md5 \n content-type \n date \n CanonicalizedHeaders CanonicalizedResource
// CanonicalizedHeaders  = `name:value\n` for every header whose name contains x-log- or x-acs-, sorted by name as sent
// CanonicalizedResource = path + `?` + sorted `key=value` with DECODED values (bare `key` for a null value), joined by &
// Signature = base64(HMAC(AccessKeySecret, StringToSign)), HMAC-SHA256 when x-log-signaturemethod says hmac-sha256
import { createHmac } from 'node:crypto';
import { byCodeUnit, type QueryPair } from './query-string.js';

export interface V1Input {
  readonly method: string;
  readonly rawPath: string;
  readonly query: readonly QueryPair[];
  /** Node's rawHeaders: [name, value, ...] with the names as sent. */
  readonly rawHeaders: readonly string[];
}

function header(rawHeaders: readonly string[], name: string): string {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] ?? '').toLowerCase() === name) return rawHeaders[i + 1] ?? '';
  }
  return '';
}

function canonicalHeaders(rawHeaders: readonly string[]): string {
  const signed: Array<[string, string]> = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    const lower = name.toLowerCase();
    if (lower.includes('x-log-') || lower.includes('x-acs-')) signed.push([name, rawHeaders[i + 1] ?? '']);
  }
  return signed.sort(([a], [b]) => byCodeUnit(a, b)).map(([name, value]) => `${name}:${value}\n`).join('');
}

function canonicalResource(rawPath: string, query: readonly QueryPair[], emptyAsBare: boolean): string {
  if (query.length === 0) return rawPath;
  const parts = [...query]
    .sort((a, b) => byCodeUnit(a.key, b.key))
    .map((p) => (p.bare || (emptyAsBare && p.value === '') ? p.key : `${p.key}=${p.value}`));
  return `${rawPath}?${parts.join('&')}`;
}

/**
 * The strings the client may have signed. On the wire a null query value and an empty one look alike
 * (`key=`), so when the query has empty values both readings are offered.
 */
export function v1StringsToSign(input: V1Input): string[] {
  const prefix = [
    input.method,
    header(input.rawHeaders, 'content-md5'),
    header(input.rawHeaders, 'content-type'),
    header(input.rawHeaders, 'date'),
  ].join('\n') + '\n' + canonicalHeaders(input.rawHeaders);
  const strings = [prefix + canonicalResource(input.rawPath, input.query, false)];
  if (input.query.some((p) => !p.bare && p.value === '')) strings.push(prefix + canonicalResource(input.rawPath, input.query, true));
  return strings;
}

export function v1Sign(secret: string, stringToSign: string, method: 'hmac-sha256' | 'hmac-sha1'): string {
  return createHmac(method === 'hmac-sha256' ? 'sha256' : 'sha1', secret).update(stringToSign, 'utf8').digest('base64');
}
