// The link to emulated Kubernetes API servers: which endpoints a cluster has, and kubeconfigs for a
// RAM principal (the real service issues kubeconfigs that carry the caller's own identity).

/** API server URLs of a cluster; an absent URL means that endpoint is not enabled. */
export interface ApiServerEndpoints {
  readonly public?: string;
  readonly intranet?: string;
}

export interface KubeconfigRequest {
  readonly clusterId: string;
  readonly accountId: string;
  /** The RAM principal that called DescribeClusterUserKubeconfig; the kubeconfig acts as it. */
  readonly principal: string;
  readonly server: string;
  readonly expiresAt: Date;
}

export interface KubernetesBackend {
  /** Endpoints of a cluster, or undefined when no API server is emulated for it. */
  endpoints(clusterId: string): ApiServerEndpoints | undefined;
  /** A kubeconfig YAML whose credential is valid until `expiresAt`. */
  kubeconfig(request: KubeconfigRequest): string;
}

/** Endpoints of a cluster without an emulated API server: the intranet address only, as a fresh ACK cluster has. */
export function defaultEndpoints(networkPrefix: string): ApiServerEndpoints {
  return { intranet: `https://${networkPrefix}.0.250:6443` };
}
