import * as $dara from '@darabonba/typescript';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import type { OpenApiClient } from '../aliyun/sdk.js';
import { withRetries, type RetryPolicy } from './retry.js';

export interface PrometheusInstance {
  clusterId: string;
  regionId: string;
  /** Prometheus HTTP API base over the Internet (HttpApiInterUrl). */
  publicUrl: string | undefined;
  /** Prometheus HTTP API base inside the VPC (HttpApiIntraUrl). */
  privateUrl: string | undefined;
  clusterType: string | undefined;
}

const GET_PROMETHEUS_INSTANCE = new $OpenApiUtil.Params({
  action: 'GetPrometheusInstance',
  version: '2019-08-08',
  protocol: 'HTTPS',
  pathname: '/',
  method: 'POST',
  authType: 'AK',
  style: 'RPC',
  reqBodyType: 'formData',
  bodyType: 'json',
});

interface InstanceData {
  ClusterId?: unknown;
  RegionId?: unknown;
  HttpApiInterUrl?: unknown;
  HttpApiIntraUrl?: unknown;
  ClusterType?: unknown;
}

/** ARMS (2019-08-08) for one caller and region, through the generic OpenAPI client: no ARMS SDK is published. */
export class ArmsService {
  constructor(
    private readonly client: OpenApiClient,
    private readonly retry: RetryPolicy,
  ) {}

  /** The Managed Prometheus instance of an ACK cluster, or undefined when the cluster has none. */
  async prometheusInstance(regionId: string, clusterId: string): Promise<PrometheusInstance | undefined> {
    const request = new $OpenApiUtil.OpenApiRequest({ query: { RegionId: regionId, ClusterId: clusterId } });
    const response = (await withRetries(
      'GetPrometheusInstance',
      this.retry,
      () => this.client.callApi(GET_PROMETHEUS_INSTANCE, request, new $dara.RuntimeOptions({})),
      'arms',
    )) as { body?: { Data?: InstanceData | null } };
    const data = response.body?.Data;
    const publicUrl = text(data?.HttpApiInterUrl);
    const privateUrl = text(data?.HttpApiIntraUrl);
    if (!data || (!publicUrl && !privateUrl)) return undefined;
    return { clusterId: text(data.ClusterId) ?? clusterId, regionId: text(data.RegionId) ?? regionId, publicUrl, privateUrl, clusterType: text(data.ClusterType) };
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
