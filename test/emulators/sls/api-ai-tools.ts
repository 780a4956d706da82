// CallAiTools: a deterministic stand-in for SLS's natural-language tools. The answer is text/plain:
//   ------response------\n{"requestId":…,"toolName":…}\n------answer------\n<payload>
import { authorizeAccount, logstoreOf, projectFor } from './access.js';
import { diagnoseSql } from './ai-diagnosis-sql.js';
import { textToPromql } from './ai-text-to-promql.js';
import { textToSql } from './ai-text-to-sql.js';
import { logStoreNotExist, parameterInvalid } from './errors.js';
import { jsonBody, type ApiContext, type Reply } from './reply.js';
import { fieldNames } from './store.js';

export const AI_TOOLS = ['text_to_sql', 'text_to_promql', 'diagnosis_sql'] as const;

function stringParams(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw parameterInvalid('params must be an object of strings');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw parameterInvalid(`params.${name} is required`);
  return value;
}

function payload(ctx: ApiContext, toolName: string, params: Record<string, string>): string {
  const question = params['sys.query'] ?? '';
  const project = (): ReturnType<typeof projectFor> => projectFor(ctx.store, ctx.credential, 'log:CallAiTools', required(params, 'project'));
  switch (toolName) {
    case 'text_to_sql':
      return textToSql(question, logstoreOf(project(), required(params, 'logstore')));
    case 'diagnosis_sql': {
      const logstore = required(params, 'logstore');
      return diagnoseSql(question, logstore, fieldNames(logstoreOf(project(), logstore)));
    }
    case 'text_to_promql': {
      const metricstore = required(params, 'metricstore');
      if (!project().metricstores.has(metricstore)) throw logStoreNotExist(metricstore);
      return textToPromql(question);
    }
    default:
      throw parameterInvalid(`unknown toolName ${JSON.stringify(toolName)}; known tools: ${AI_TOOLS.join(', ')}`);
  }
}

export function callAiTools(ctx: ApiContext): Reply {
  const body = jsonBody(ctx.body);
  const regionId = typeof body['regionId'] === 'string' ? body['regionId'] : undefined;
  authorizeAccount(ctx.credential, 'log:CallAiTools', regionId);
  const toolName = typeof body['toolName'] === 'string' ? body['toolName'] : '';
  if (toolName === '') throw parameterInvalid(`toolName is required; known tools: ${AI_TOOLS.join(', ')}`);
  const answer = payload(ctx, toolName, stringParams(body['params']));
  return {
    status: 200,
    contentType: 'text/plain;charset=utf-8',
    body: `------response------\n${JSON.stringify({ requestId: ctx.requestId, toolName })}\n------answer------\n${answer}`,
  };
}
