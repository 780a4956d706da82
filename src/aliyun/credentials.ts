import { createHash } from 'node:crypto';
import { CredentialClient } from './sdk.js';
import { registerSecret } from '../observability/redact.js';

/** Credentials of one caller, as given in the X-Aliyun-* headers. */
export interface StaticCredentials {
  kind: 'static';
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** The server's own identity from the `@alicloud/credentials` default chain (env, RRSA/OIDC, profile, ECS role, URI). */
export interface DefaultChainCredentials {
  kind: 'default';
}

export type AliyunCredentials = StaticCredentials | DefaultChainCredentials;

/**
 * A stable, non-reversible key for a set of credentials. Every cache is keyed by it, so two
 * callers with different secrets (or tokens) never share a client, even with the same AccessKey id.
 */
export function credentialFingerprint(credentials: AliyunCredentials): string {
  if (credentials.kind === 'default') return 'default-chain';
  const hash = createHash('sha256');
  hash.update(credentials.accessKeyId).update('\0').update(credentials.accessKeySecret).update('\0');
  hash.update(credentials.securityToken ?? '');
  return hash.digest('hex').slice(0, 32);
}

export function staticCredentials(accessKeyId: string, accessKeySecret: string, securityToken?: string): StaticCredentials {
  registerSecret(accessKeySecret);
  registerSecret(securityToken);
  return securityToken
    ? { kind: 'static', accessKeyId, accessKeySecret, securityToken }
    : { kind: 'static', accessKeyId, accessKeySecret };
}

let defaultChain: CredentialClient | undefined;

/** One Credential for the process: the chain caches and refreshes its session itself. */
export function defaultChainCredential(): CredentialClient {
  defaultChain ??= new CredentialClient();
  return defaultChain;
}

/** The caller sent no usable Alibaba Cloud credentials for a tool that needs them. */
export class MissingCredentialsError extends Error {
  override name = 'MissingCredentialsError';
}
