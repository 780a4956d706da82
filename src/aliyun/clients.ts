import { $OpenApiUtil } from '@alicloud/openapi-core';
import { LRUCache } from 'lru-cache';
import { metrics } from '../observability/metrics.js';
import type { Config } from '../config.js';
import { CsClient, OpenApiClient, SlsClient } from './sdk.js';
import { credentialFingerprint, defaultChainCredential, type AliyunCredentials } from './credentials.js';

export type AliyunService = 'cs' | 'sls' | 'arms';

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
  private readonly cache: LRUCache<string, CsClient | SlsClient | OpenApiClient>;
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
    return this.client('cs', credentials, region, () => new CsClient(this.openApiConfig(credentials, region, this.config.ACK_CS_ENDPOINT)));
  }

  /** SLS for a region; the SDK puts the project in front of this endpoint (`{project}.{endpoint}`). */
  sls(credentials: AliyunCredentials, region: string): SlsClient {
    return this.client('sls', credentials, region, () => new SlsClient(this.openApiConfig(credentials, region, this.slsEndpoint(region))));
  }

  /** ARMS has no published SDK: the generic client's `callApi` signs its RPC calls (ACS3). */
  arms(credentials: AliyunCredentials, region: string): OpenApiClient {
    const endpoint = this.config.ARMS_ENDPOINT ?? `arms.${region}.aliyuncs.com`;
    return this.client('arms', credentials, region, () => new OpenApiClient(this.openApiConfig(credentials, region, endpoint)));
  }

  /** `host[:port]` of SLS in a region, as configured (override, public or intranet). */
  slsEndpoint(region: string): string {
    if (this.config.SLS_ENDPOINT) return this.config.SLS_ENDPOINT;
    return this.config.SLS_NETWORK === 'intranet' ? `${region}-intranet.log.aliyuncs.com` : `${region}.log.aliyuncs.com`;
  }

  get protocol(): 'http' | 'https' {
    return this.config.ALIBABA_CLOUD_PROTOCOL;
  }

  private client<C extends CsClient | SlsClient | OpenApiClient>(service: AliyunService, credentials: AliyunCredentials, region: string, build: () => C): C {
    const key = `${credentialFingerprint(credentials)}|${service}|${region}`;
    const cached = this.cache.get(key);
    metrics.cache('sdk_client', cached !== undefined);
    if (cached) {
      this.hits++;
      return cached as C;
    }
    this.misses++;
    const client = build();
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
