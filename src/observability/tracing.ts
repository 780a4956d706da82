import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import type { Config } from '../config.js';
import { log } from './logger.js';

/**
 * Optional OpenTelemetry tracing. Without an OTLP endpoint nothing is loaded and every span below is
 * the API's no-op. With one, the SDK is loaded, spans go to the collector over OTLP/HTTP in batches,
 * and an incoming W3C `traceparent` becomes the parent of the request's span. Span attributes are
 * bounded names (tool, backend API, status): never arguments, cluster ids or credentials.
 */
const tracer = trace.getTracer('ack-mcp-server');

export interface Tracing {
  /** Exports every finished span and stops; safe to call twice. */
  shutdown(): Promise<void>;
}

let started: Promise<Tracing> | undefined;

/** Starts tracing once per process when an OTLP endpoint is configured; otherwise does nothing. */
export function startTracing(config: Config, serviceVersion: string): Promise<Tracing> {
  const url = config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (config.OTEL_EXPORTER_OTLP_ENDPOINT ? `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!url) return Promise.resolve({ shutdown: async () => {} });
  started ??= (async () => {
    const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': config.OTEL_SERVICE_NAME, 'service.version': serviceVersion }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
    });
    provider.register();
    log.info('tracing on', { otlp_traces_endpoint: new URL(url).origin });
    let stopping: Promise<void> | undefined;
    return {
      shutdown: () => {
        stopping ??= provider.shutdown().catch((error: unknown) => log.warn('could not flush traces', { error: String(error) }));
        return stopping;
      },
    };
  })();
  return started;
}

/** Runs fn inside a new span that ends when fn settles; a thrown error marks the span as failed. */
export async function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  const span = tracer.startSpan(name, { kind, attributes });
  try {
    return await context.with(trace.setSpan(context.active(), span), () => fn(span));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'Error' });
    throw error;
  } finally {
    span.end();
  }
}

/** A SERVER span for one HTTP request, child of the caller's `traceparent`; `context` runs the handlers. */
export function startServerSpan(name: string, headers: Record<string, string | string[] | undefined>): { context: Context; end(status: number): void } {
  const parent = propagation.extract(context.active(), headers);
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER }, parent);
  return {
    context: trace.setSpan(parent, span),
    end(status) {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}

export { context as otelContext, SpanKind };
