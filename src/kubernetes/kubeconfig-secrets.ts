import yaml from 'js-yaml';
import { registerSecret } from '../observability/redact.js';

interface KubeconfigShape {
  clusters?: Array<{ cluster?: { server?: unknown } }>;
  users?: Array<{ user?: Record<string, unknown> }>;
}

const CREDENTIAL_FIELDS = ['token', 'client-key-data', 'client-certificate-data', 'password'];

/**
 * Parses a kubeconfig, registers every credential in it for redaction (logs, errors, kubectl output)
 * and returns its first cluster's server URL. Throws when it is not a usable kubeconfig.
 */
export function inspectKubeconfig(text: string): { server: string } {
  let parsed: KubeconfigShape;
  try {
    parsed = yaml.load(text) as KubeconfigShape;
  } catch (error) {
    throw new Error(`the kubeconfig is not valid YAML (${(error as Error).name})`);
  }
  for (const user of parsed?.users ?? []) {
    for (const field of CREDENTIAL_FIELDS) {
      const value = user.user?.[field];
      if (typeof value === 'string') registerSecret(value);
    }
  }
  const server = parsed?.clusters?.[0]?.cluster?.server;
  if (typeof server !== 'string' || !/^https:\/\//.test(server)) throw new Error('the kubeconfig names no https API server');
  return { server };
}
