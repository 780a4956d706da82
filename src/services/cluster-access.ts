import type { Caller } from '../http/caller.js';

export type EndpointKind = 'public' | 'private';

/** What kubectl and the Kubernetes client need to reach one cluster as one caller. */
export interface ClusterAccess {
  readonly clusterId: string;
  /** Cache key of this access: caller credential fingerprint, cluster and endpoint, never the cluster alone. */
  readonly key: string;
  /** Complete kubeconfig YAML; a secret (it carries the caller's Kubernetes credential). */
  readonly kubeconfig: string;
  readonly server: string;
  /** Epoch ms after which this access must be fetched again (the credential's expiry, or a re-read time in-cluster). */
  readonly expiresAt: number;
}

/** Hands out cluster access for a caller: per-caller ACK kubeconfigs, or the pod's own service account in-cluster. */
export interface ClusterAccessProvider {
  access(caller: Caller, clusterId: string): Promise<ClusterAccess>;
}

/** The cluster cannot be reached the way it is configured; the message says what to change. */
export class ClusterAccessError extends Error {
  override name = 'ClusterAccessError';
}
