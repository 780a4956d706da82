import { z } from 'zod';
import { AliyunApiError } from '../aliyun/errors.js';
import { defineTool, readOnly } from '../mcp/tool.js';
import { checkPromqlSyntax } from '../promql/check-syntax.js';
import { answerOf, withCurrentTime } from './ai-answer.js';
import { clusterId, logTargetArgs, naturalLanguage, slsProject, slsStore, sourcedValue } from './schemas.js';

const DIAGNOSE_WINDOW_SECONDS = 900;

export const slsTranslateTextToSqlQuery = defineTool({
  name: 'sls_translate_text_to_sql_query',
  title: 'Turn a question into an SLS query',
  description: [
    'Translate a natural-language question about a cluster\'s logs into an SLS query (`search | SQL`) with SLS\'s text_to_sql AI tool.',
    'The project and logstore are resolved like sls_execute_sql_query (default logstore `k8s-event`); run the result with sls_execute_sql_query.',
  ].join(' '),
  input: z.object({
    cluster_id: clusterId,
    text: naturalLanguage.describe('The question, e.g. "which pods had the most BackOff warnings in the last hour".'),
    ...logTargetArgs,
  }),
  output: z.object({
    cluster_id: z.string(),
    query: z.string().describe('The generated SLS query.'),
    project: sourcedValue,
    logstore: sourcedValue,
    request_id: z.string().optional(),
    next_step: z.string(),
  }),
  annotations: readOnly,
  requires: 'sls-ai-tools',
  async handler(ctx, args) {
    const observability = ctx.observability();
    const target = await observability.logTarget(args.cluster_id, args);
    const { sls, regionId } = observability.aiTools(target.regionId);
    const answer = await sls.callAiTool('text_to_sql', regionId, {
      project: target.project.value,
      logstore: target.logstore.value,
      'sys.query': withCurrentTime(args.text),
    });
    return {
      cluster_id: args.cluster_id,
      query: answerOf(answer.text),
      project: target.project,
      logstore: target.logstore,
      ...(answer.requestId ? { request_id: answer.requestId } : {}),
      next_step: 'Run it with sls_execute_sql_query (same cluster_id, project and logstore); check the time range it assumes.',
    };
  },
  render: (r) => `${r.query}\n(for ${r.project.value}/${r.logstore.value}; ${r.next_step})`,
});

export const slsDiagnoseQuery = defineTool({
  name: 'sls_diagnose_query',
  title: 'Explain why an SLS query fails',
  description: [
    'Diagnose a failing SLS query with SLS\'s diagnosis_sql AI tool and suggest a fix.',
    'Pass the error message if you have it; otherwise the query is run once (last 15 minutes) to obtain SLS\'s own error.',
  ].join(' '),
  input: z.object({
    cluster_id: clusterId,
    query: z.string().trim().min(1).max(10_000).describe('The SLS query that fails.'),
    error_message: z.string().trim().min(1).max(4000).optional().describe('The error SLS returned, if known.'),
    ...logTargetArgs,
  }),
  output: z.object({
    cluster_id: z.string(),
    query: z.string(),
    error_message: z.string().optional().describe('The error diagnosed (given, or obtained by running the query).'),
    ran_without_error: z.boolean().describe('True when no error was given and the query ran successfully: there was nothing to diagnose.'),
    diagnosis: z.string().optional(),
    project: sourcedValue,
    logstore: sourcedValue,
    request_id: z.string().optional(),
  }),
  annotations: readOnly,
  requires: 'sls-ai-tools',
  async handler(ctx, args) {
    const observability = ctx.observability();
    const target = await observability.logTarget(args.cluster_id, args);
    const base = { cluster_id: args.cluster_id, query: args.query, project: target.project, logstore: target.logstore };
    let errorMessage = args.error_message;
    if (errorMessage === undefined) {
      const to = Math.floor(Date.now() / 1000);
      try {
        await observability.sls(target.regionId).getLogs(
          { project: target.project.value, logstore: target.logstore.value, query: args.query, from: to - DIAGNOSE_WINDOW_SECONDS, to, line: 1 },
          ctx.signal,
        );
        return { ...base, ran_without_error: true };
      } catch (error) {
        // Only the query's own fault is worth diagnosing; access or transport failures are reported as they are.
        if (!(error instanceof AliyunApiError) || error.kind !== 'client' || /Unauthorized|NotExist/i.test(error.code)) throw error;
        errorMessage = `${error.code}: ${error.message}`;
      }
    }
    const { sls, regionId } = observability.aiTools(target.regionId);
    const answer = await sls.callAiTool('diagnosis_sql', regionId, {
      project: target.project.value,
      logstore: target.logstore.value,
      'sys.query': withCurrentTime(`帮我诊断下 ${args.query} 的日志查询语句,错误信息为 ${errorMessage}`),
    });
    return {
      ...base,
      error_message: errorMessage,
      ran_without_error: false,
      diagnosis: answerOf(answer.text),
      ...(answer.requestId ? { request_id: answer.requestId } : {}),
    };
  },
  render: (r) => (r.ran_without_error ? `The query ran without error on ${r.project.value}/${r.logstore.value}; nothing to diagnose.` : `Error: ${r.error_message}\n${r.diagnosis}`),
});

export const cmsTranslateTextToPromql = defineTool({
  name: 'cms_translate_text_to_promql',
  title: 'Turn a question into PromQL',
  description: [
    'Translate a natural-language question about a cluster\'s metrics into PromQL with SLS\'s text_to_promql AI tool; the result is syntax-checked.',
    'Run it with cms_execute_promql_query.',
  ].join(' '),
  input: z.object({
    cluster_id: clusterId,
    text: naturalLanguage.describe('The question, e.g. "which pods restarted in the last hour".'),
    project: slsProject.optional().describe('SLS project of the metric store the PromQL is for (with metricstore); default the ACK convention.'),
    metricstore: slsStore('metricstore').optional(),
  }),
  output: z.object({
    cluster_id: z.string(),
    query: z.string().describe('The generated PromQL.'),
    syntax_error: z.string().optional().describe('Set when the generated PromQL does not parse.'),
    project: sourcedValue,
    metricstore: sourcedValue,
    request_id: z.string().optional(),
    next_step: z.string(),
  }),
  annotations: readOnly,
  requires: 'sls-ai-tools',
  async handler(ctx, args) {
    const observability = ctx.observability();
    const store = await observability.metricStoreFor(args.cluster_id, args);
    const { sls, regionId } = observability.aiTools(store.regionId);
    const answer = await sls.callAiTool('text_to_promql', regionId, {
      project: store.project.value,
      metricstore: store.metricstore.value,
      'sys.query': withCurrentTime(args.text),
    });
    const query = answerOf(answer.text);
    const syntax = checkPromqlSyntax(query);
    return {
      cluster_id: args.cluster_id,
      query,
      ...(syntax ? { syntax_error: `line ${syntax.line}, column ${syntax.column}: ${syntax.message}` } : {}),
      project: store.project,
      metricstore: store.metricstore,
      ...(answer.requestId ? { request_id: answer.requestId } : {}),
      next_step: syntax ? 'Correct the PromQL before running it.' : 'Run it with cms_execute_promql_query (same cluster_id).',
    };
  },
  render: (r) => `${r.query}${r.syntax_error ? `\nsyntax error: ${r.syntax_error}` : ''}\n(${r.next_step})`,
});
