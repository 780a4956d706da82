import { staticCredentials } from '../aliyun/credentials.js';
import { REGION_ID, type CredentialSource } from '../config.js';
import type { CallerCredentials } from './caller.js';

export const CREDENTIAL_HEADERS = {
  accessKeyId: 'x-aliyun-access-key-id',
  accessKeySecret: 'x-aliyun-access-key-secret',
  securityToken: 'x-aliyun-security-token',
  region: 'x-aliyun-region',
} as const;

type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
}

/**
 * Resolves the Alibaba Cloud identity for one request under the principal's credential source.
 * A half-given set of headers is always an error: it never silently falls back to the server identity.
 */
export function credentialsFromHeaders(headers: HeaderBag, source: CredentialSource): CallerCredentials {
  const id = header(headers, CREDENTIAL_HEADERS.accessKeyId);
  const secret = header(headers, CREDENTIAL_HEADERS.accessKeySecret);
  const token = header(headers, CREDENTIAL_HEADERS.securityToken);
  const anyGiven = id !== undefined || secret !== undefined || token !== undefined;

  if (anyGiven) {
    if (source === 'default') {
      return { ok: false, problem: 'This server acts as its own identity (credential source "default"); remove the X-Aliyun-Access-Key-* headers.' };
    }
    const missing = [
      ...(id === undefined ? ['X-Aliyun-Access-Key-Id'] : []),
      ...(secret === undefined ? ['X-Aliyun-Access-Key-Secret'] : []),
    ];
    if (missing.length > 0) {
      return {
        ok: false,
        problem: `Incomplete Alibaba Cloud credentials: ${missing.join(' and ')} missing. Send X-Aliyun-Access-Key-Id and X-Aliyun-Access-Key-Secret together (plus X-Aliyun-Security-Token for STS credentials).`,
      };
    }
    if (!/^[A-Za-z0-9.]{8,128}$/.test(id!)) {
      return { ok: false, problem: 'X-Aliyun-Access-Key-Id is malformed: expected 8–128 letters, digits or dots (e.g. LTAI… or STS.…).' };
    }
    if (id!.startsWith('STS.') && token === undefined) {
      return { ok: false, problem: 'X-Aliyun-Access-Key-Id is an STS AccessKey id, so X-Aliyun-Security-Token is required too.' };
    }
    return { ok: true, credentials: staticCredentials(id!, secret!, token) };
  }
  if (source === 'headers') {
    return {
      ok: false,
      problem:
        'No Alibaba Cloud credentials: this server requires the caller\'s own credentials. Send X-Aliyun-Access-Key-Id and X-Aliyun-Access-Key-Secret headers (and X-Aliyun-Security-Token for STS), and optionally X-Aliyun-Region.',
    };
  }
  return { ok: true, credentials: { kind: 'default' } };
}

/** The region for this request: the X-Aliyun-Region header if valid, else the configured default. */
export function regionFromHeaders(headers: HeaderBag, fallback: string): { ok: true; region: string } | { ok: false; problem: string } {
  const region = header(headers, CREDENTIAL_HEADERS.region);
  if (region === undefined) return { ok: true, region: fallback };
  if (!REGION_ID.test(region)) return { ok: false, problem: `X-Aliyun-Region "${region.slice(0, 40)}" is not a region id such as cn-hangzhou.` };
  return { ok: true, region };
}
