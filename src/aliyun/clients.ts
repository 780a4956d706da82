import { $OpenApiUtil } from '@alicloud/openapi-core';
import { LRUCache } from 'lru-cache';
import type { Config } from '../config.js';
import { CsClient } from './sdk.js';
import { credentialFingerprint, defaultChainCredential, type AliyunCredentials } from './credentials.js';

export type AliyunService = 'cs';

export interface ClientCacheStats {
  hits: number;
  misses: number;
  size: number;
}

/**
 * Builds Alibaba Cloud SDK clients and keeps them in a bounded LRU keyed by
 * (credential fingerprint, service, region): never by region or cluster alone.
 */
export class AliyunClients {
  private readonly cache: LRUCache<string, CsClient>;
  private hits = 0;
  private misses = 0;

  constructor(private readonly config: Config) {
    this.cache = new LRUCache({
      max: config.CLIENT_CACHE_MAX,
      ttl: config.CLIENT_CACHE_TTL_SECONDS * 1000,
      updateAgeOnGet: true,
    });
  }

  cs(credentials: AliyunCredentials, region: string): CsClient {
    const key = `${credentialFingerprint(credentials)}|cs|${region}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const client = new CsClient(this.openApiConfig(credentials, region, this.config.ACK_CS_ENDPOINT));
    this.cache.set(key, client);
    return client;
  }

  stats(): ClientCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.cache.size };
  }

  private openApiConfig(credentials: AliyunCredentials, region: string, endpoint: string | undefined): $OpenApiUtil.Config {
    const timeout = this.config.ALIBABA_CLOUD_TIMEOUT_MS;
    const base = {
      regionId: region,
      protocol: this.config.ALIBABA_CLOUD_PROTOCOL,
      // connectTimeout is also the socket idle timeout in the SDK's HTTP layer, so both must be set.
      readTimeout: timeout,
      connectTimeout: timeout,
      userAgent: 'ack-mcp-server',
      ...(endpoint ? { endpoint } : {}),
    };
    if (credentials.kind === 'default') {
      return new $OpenApiUtil.Config({ ...base, credential: defaultChainCredential() });
    }
    return new $OpenApiUtil.Config({
      ...base,
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      ...(credentials.securityToken ? { securityToken: credentials.securityToken } : {}),
    });
  }
}
