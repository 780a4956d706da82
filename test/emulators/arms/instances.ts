// ARMS Prometheus instances (one per ACK cluster) and the URLs GetPrometheusInstance hands out. Both
// URLs point at this emulator: the public one at 127.0.0.1, the VPC one at intranet.localhost (resolved
// by installLocalDns() in tests), so a test can tell from the Host which one the server used.
import { createHash } from 'node:crypto';

export interface ArmsInstanceSeed {
  clusterId: string;
  regionId: string;
  /** The Alibaba Cloud account (UserId) that owns the cluster and its Prometheus instance. */
  accountId: string;
  clusterName: string;
}

export interface ArmsInstance extends Readonly<ArmsInstanceSeed> {
  /** `/api/v1/prometheus/<hash>/<accountId>/<clusterId>/<regionId>`: the HTTP API base path. */
  readonly basePath: string;
}

/** Host names (with the emulator's port) that reach the intranet side. */
export const INTRANET_HOST = 'intranet.localhost';

/** `/api/v1/prometheus/<hash>/<accountId>/<clusterId>/<regionId>/api/v1/<endpoint>` */
const API_PATH = /^\/api\/v1\/prometheus\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\/api\/v1\/(.+)$/;

export interface ApiPath {
  readonly basePath: string;
  readonly accountId: string;
  readonly clusterId: string;
  readonly regionId: string;
  /** Decoded part after /api/v1/, e.g. `query` or `label/pod/values`. */
  readonly endpoint: string;
}

/** Splits a Prometheus HTTP API path of an instance; undefined for any other path. */
export function parseApiPath(rawPath: string): ApiPath | undefined {
  const match = API_PATH.exec(rawPath);
  if (!match) return undefined;
  const [, hash, accountId, clusterId, regionId, endpoint] = match as unknown as [string, string, string, string, string, string];
  try {
    return {
      basePath: `/api/v1/prometheus/${hash}/${accountId}/${clusterId}/${regionId}`,
      accountId: decodeURIComponent(accountId),
      clusterId: decodeURIComponent(clusterId),
      regionId: decodeURIComponent(regionId),
      endpoint: endpoint.split('/').map(decodeURIComponent).join('/'),
    };
  } catch {
    return undefined;
  }
}

export class ArmsInstances {
  private readonly all: ArmsInstance[];

  constructor(seeds: readonly ArmsInstanceSeed[]) {
    this.all = seeds.map((seed) => {
      const hash = createHash('sha256').update(`${seed.accountId}/${seed.clusterId}/${seed.regionId}`).digest('hex').slice(0, 32);
      return { ...seed, basePath: `/api/v1/prometheus/${hash}/${seed.accountId}/${seed.clusterId}/${seed.regionId}` };
    });
  }

  /** The instance of `clusterId` in `regionId` (ARMS endpoints are regional), of any account. */
  find(regionId: string, clusterId: string): ArmsInstance | undefined {
    return this.all.find((i) => i.regionId === regionId && i.clusterId === clusterId);
  }

  byBasePath(basePath: string): ArmsInstance | undefined {
    return this.all.find((i) => i.basePath === basePath);
  }
}

/** The `Data` of GetPrometheusInstance. */
export function instanceData(instance: ArmsInstance, port: number): Record<string, unknown> {
  const publicBase = `http://127.0.0.1:${port}`;
  const intranetBase = `http://${INTRANET_HOST}:${port}`;
  const writePath = instance.basePath.replace('/api/v1/prometheus/', '/prometheus/');
  return {
    ClusterId: instance.clusterId,
    RegionId: instance.regionId,
    UserId: instance.accountId,
    ClusterName: instance.clusterName,
    ClusterType: 'aliyun-cs',
    HttpApiInterUrl: `${publicBase}${instance.basePath}`,
    HttpApiIntraUrl: `${intranetBase}${instance.basePath}`,
    RemoteReadInterUrl: `${publicBase}${writePath}/api/v1/read`,
    RemoteReadIntraUrl: `${intranetBase}${writePath}/api/v1/read`,
    RemoteWriteInterUrl: `${publicBase}${writePath}/api/v3/write`,
    RemoteWriteIntraUrl: `${intranetBase}${writePath}/api/v3/write`,
    PushGatewayInterUrl: `${publicBase}${writePath}/api/v2`,
    PushGatewayIntraUrl: `${intranetBase}${writePath}/api/v2`,
    AuthToken: '',
    EnableAuthToken: 'false',
    PaymentType: 'POSTPAY',
    StorageDuration: 90,
    Tags: [],
  };
}
