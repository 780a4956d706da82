import type { Caller } from '../http/caller.js';
import { log } from './logger.js';
import { maskAccessKeyId } from './redact.js';

export interface AuditEntry {
  tool: string;
  caller: Caller;
  args: unknown;
  outcome: 'ok' | 'error' | 'invalid_arguments';
  result?: Record<string, unknown>;
  errorCode?: string;
  aliyunRequestId?: string;
}

/** One line per mutating call: who (principal, masked AccessKey id), what (tool, cluster, arguments), and how it ended. */
export function audit(entry: AuditEntry): void {
  const credentials = entry.caller.credentials;
  const accessKeyId = credentials.ok && credentials.credentials.kind === 'static' ? credentials.credentials.accessKeyId : undefined;
  const args = (entry.args ?? {}) as Record<string, unknown>;
  log.info('audit', {
    audit: true,
    tool: entry.tool,
    principal: entry.caller.principal.name,
    access_key_id: credentials.ok ? (maskAccessKeyId(accessKeyId) ?? 'default-chain') : undefined,
    cluster_id: args['cluster_id'],
    arguments: args,
    outcome: entry.outcome,
    task_id: entry.result?.['task_id'],
    diagnosis_id: entry.result?.['diagnosis_id'],
    error_code: entry.errorCode,
    aliyun_request_id: entry.aliyunRequestId ?? entry.result?.['request_id'],
  });
}
