import type { CredentialSource } from '../config.js';

/** Who is calling this server, as established by the bearer token. */
export interface Principal {
  name: string;
  /** Only tools annotated read-only are offered. */
  readOnly: boolean;
  /** Tool names this principal may use; undefined = every tool the server exposes. */
  tools: readonly string[] | undefined;
  credentialSource: CredentialSource;
}
