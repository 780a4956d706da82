import { MissingCredentialsError, type AliyunCredentials } from '../aliyun/credentials.js';
import type { Principal } from './principal.js';

/** Credentials resolved for a request, or the reason there are none (reported when a tool needs them). */
export type CallerCredentials = { ok: true; credentials: AliyunCredentials } | { ok: false; problem: string };

/** Everything a tool call knows about who is asking: the MCP principal and the Alibaba Cloud identity to act as. */
export interface Caller {
  principal: Principal;
  credentials: CallerCredentials;
  region: string;
}

/** The caller's Alibaba Cloud credentials; a caller without usable ones gets the reason as a clear error. */
export function requireCredentials(caller: Caller): AliyunCredentials {
  if (!caller.credentials.ok) throw new MissingCredentialsError(caller.credentials.problem);
  return caller.credentials.credentials;
}
