import { $Cs, type CsClient } from '../aliyun/sdk.js';
import { once, withRetries, type RetryPolicy } from './retry.js';

/** A service answer plus the Alibaba Cloud RequestId of the call that produced it. */
export interface WithRequestId<T> {
  value: T;
  requestId: string | undefined;
}

export type DiagnosisType = 'cluster' | 'node' | 'pod' | 'network' | 'ingress' | 'memory' | 'service';

type Cluster = $Cs.DescribeClustersV1ResponseBodyClusters;
type ClusterDetail = $Cs.DescribeClusterDetailResponseBody;
type NodePool = $Cs.DescribeClusterNodePoolsResponseBodyNodepools;
type Node = $Cs.DescribeClusterNodesResponseBodyNodes;
type Task = $Cs.DescribeTaskInfoResponseBody;
type DiagnosisResult = $Cs.GetClusterDiagnosisResultResponseBody;
type CheckItem = $Cs.GetClusterDiagnosisCheckItemsResponseBodyCheckItems;

interface SdkResponse<B> {
  headers?: { [key: string]: string };
  body?: B;
}

/** The ACK (CS 2015-12-15) OpenAPI for one caller: plain typed methods, no MCP knowledge. */
export class AckService {
  constructor(
    private readonly client: CsClient,
    private readonly retry: RetryPolicy,
  ) {}

  async listClusters(query: { regionId?: string; name?: string; pageNumber: number; pageSize: number }) {
    const request = new $Cs.DescribeClustersV1Request({ ...query });
    const response = await this.read('DescribeClustersV1', () => this.client.describeClustersV1(request));
    return this.unwrap(response, (body) => ({
      clusters: (body.clusters ?? []) as Cluster[],
      totalCount: body.pageInfo?.totalCount ?? body.clusters?.length ?? 0,
    }));
  }

  async describeCluster(clusterId: string): Promise<WithRequestId<ClusterDetail>> {
    const response = await this.read('DescribeClusterDetail', () => this.client.describeClusterDetail(clusterId));
    return this.unwrap(response, (body) => body);
  }

  /** A kubeconfig carrying the caller's own RAM identity, valid for `minutes` (15–4320). */
  async userKubeconfig(clusterId: string, options: { privateEndpoint: boolean; minutes: number }) {
    const request = new $Cs.DescribeClusterUserKubeconfigRequest({
      privateIpAddress: options.privateEndpoint,
      temporaryDurationMinutes: options.minutes,
    });
    const response = await this.read('DescribeClusterUserKubeconfig', () => this.client.describeClusterUserKubeconfig(clusterId, request));
    return this.unwrap(response, (body) => ({ config: body.config ?? '', expiration: body.expiration }));
  }

  /** Control-plane log collection: the SLS project, enabled components and the owning account (aliuid). */
  async controlPlaneLogs(clusterId: string) {
    const response = await this.read('CheckControlPlaneLogEnable', () => this.client.checkControlPlaneLogEnable(clusterId));
    return this.unwrap(response, (body) => ({
      logProject: body.logProject || undefined,
      components: body.components ?? [],
      accountId: body.aliuid || undefined,
    }));
  }

  /** The SLS project that receives the cluster's API server audit log, and whether auditing is on. */
  async auditProject(clusterId: string) {
    const response = await this.read('GetClusterAuditProject', () => this.client.getClusterAuditProject(clusterId));
    return this.unwrap(response, (body) => ({ project: body.slsProjectName || undefined, enabled: body.auditEnabled }));
  }

  async listNodePools(clusterId: string, name?: string): Promise<WithRequestId<NodePool[]>> {
    const request = new $Cs.DescribeClusterNodePoolsRequest(name ? { nodepoolName: name } : {});
    const response = await this.read('DescribeClusterNodePools', () => this.client.describeClusterNodePools(clusterId, request));
    return this.unwrap(response, (body) => body.nodepools ?? []);
  }

  async listNodes(
    clusterId: string,
    query: { nodepoolId?: string; instanceIds?: string[]; state?: string; pageNumber: number; pageSize: number },
  ) {
    const request = new $Cs.DescribeClusterNodesRequest({
      pageNumber: String(query.pageNumber),
      pageSize: String(query.pageSize),
      ...(query.nodepoolId ? { nodepoolId: query.nodepoolId } : {}),
      ...(query.instanceIds?.length ? { instanceIds: query.instanceIds.join(',') } : {}),
      ...(query.state ? { state: query.state } : {}),
    });
    const response = await this.read('DescribeClusterNodes', () => this.client.describeClusterNodes(clusterId, request));
    return this.unwrap(response, (body) => ({
      nodes: (body.nodes ?? []) as Node[],
      totalCount: body.page?.totalCount ?? body.nodes?.length ?? 0,
    }));
  }

  async scaleNodePool(clusterId: string, nodepoolId: string, count: number): Promise<WithRequestId<{ taskId: string }>> {
    const request = new $Cs.ScaleClusterNodePoolRequest({ count });
    const response = await once('ScaleClusterNodePool', () => this.client.scaleClusterNodePool(clusterId, nodepoolId, request));
    return this.unwrap(response, (body) => ({ taskId: body.taskId ?? '' }));
  }

  async removeNodePoolNodes(
    clusterId: string,
    nodepoolId: string,
    options: { instanceIds: string[]; drainNode: boolean; releaseNode: boolean; concurrency: boolean },
  ): Promise<WithRequestId<{ taskId: string }>> {
    const request = new $Cs.RemoveNodePoolNodesRequest({ ...options });
    const response = await once('RemoveNodePoolNodes', () => this.client.removeNodePoolNodes(clusterId, nodepoolId, request));
    return this.unwrap(response, (body) => ({ taskId: body.taskId ?? '' }));
  }

  async describeTask(taskId: string): Promise<WithRequestId<Task>> {
    const response = await this.read('DescribeTaskInfo', () => this.client.describeTaskInfo(taskId));
    return this.unwrap(response, (body) => body);
  }

  async createDiagnosis(
    clusterId: string,
    type: DiagnosisType,
    target: Record<string, string | number>,
  ): Promise<WithRequestId<{ diagnosisId: string }>> {
    const request = new $Cs.CreateClusterDiagnosisRequest({ type, target });
    const response = await once('CreateClusterDiagnosis', () => this.client.createClusterDiagnosis(clusterId, request));
    return this.unwrap(response, (body) => ({ diagnosisId: body.diagnosisId ?? '' }));
  }

  async getDiagnosisResult(clusterId: string, diagnosisId: string, language: string): Promise<WithRequestId<DiagnosisResult>> {
    const request = new $Cs.GetClusterDiagnosisResultRequest({ language });
    const response = await this.read('GetClusterDiagnosisResult', () =>
      this.client.getClusterDiagnosisResult(clusterId, diagnosisId, request),
    );
    return this.unwrap(response, (body) => body);
  }

  async getDiagnosisCheckItems(clusterId: string, diagnosisId: string, language: string): Promise<WithRequestId<CheckItem[]>> {
    const request = new $Cs.GetClusterDiagnosisCheckItemsRequest({ language });
    const response = await this.read('GetClusterDiagnosisCheckItems', () =>
      this.client.getClusterDiagnosisCheckItems(clusterId, diagnosisId, request),
    );
    return this.unwrap(response, (body) => body.checkItems ?? []);
  }

  private read<T>(action: string, call: () => Promise<T>): Promise<T> {
    return withRetries(action, this.retry, call);
  }

  private unwrap<B, T>(response: SdkResponse<B>, pick: (body: B) => T): WithRequestId<T> {
    const body = (response.body ?? {}) as B;
    const requestId = response.headers?.['x-acs-request-id'] ?? (body as { requestId?: string }).requestId;
    return { value: pick(body), requestId };
  }
}
