import type { CredentialSource } from '../config.js';
import type { AccessLevel } from '../kubectl/access-level.js';

/** Who is calling this server, as established by the bearer token. */
export interface Principal {
  name: string;
  /** Only tools annotated read-only are offered. */
  readOnly: boolean;
  /** Tool names this principal may use; undefined = every tool the server exposes. */
  tools: readonly string[] | undefined;
  credentialSource: CredentialSource;
  /** Narrows KUBECTL_ACCESS_LEVEL for this principal; undefined = the server's level. */
  kubectlAccess?: AccessLevel;
}
