// A self-contained kubeconfig (CA inline, bearer token user) for kubectl and client libraries.
import yaml from 'js-yaml';

export interface KubeconfigNames {
  cluster?: string;
  user?: string;
  context?: string;
}

export function renderKubeconfig(input: { server: string; caPem: string; token: string; clusterId: string; names?: KubeconfigNames }): string {
  const cluster = input.names?.cluster ?? `kubernetes-${input.clusterId}`;
  const user = input.names?.user ?? `user-${input.clusterId}`;
  const context = input.names?.context ?? `${user}@${cluster}`;
  return yaml.dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: input.server, 'certificate-authority-data': Buffer.from(input.caPem).toString('base64') } }],
    users: [{ name: user, user: { token: input.token } }],
    contexts: [{ name: context, context: { cluster, user } }],
    'current-context': context,
    preferences: {},
  }, { lineWidth: -1 });
}
