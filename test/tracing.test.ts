// OpenTelemetry: with an OTLP endpoint set, a tool call becomes a trace that continues the caller's
// W3C traceparent (HTTP server span → tool span → backend and kubectl spans), exported over OTLP/HTTP.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { connectV2, textOf, type ToolResult } from './helpers/clients.js';
import { BEARER, startHarness, type Harness } from './helpers/harness.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
  status?: { code?: number };
}

/** A minimal OTLP/HTTP JSON trace receiver on loopback. */
async function startCollector(): Promise<{ url: string; bodies: string[]; spans(): OtlpSpan[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces' && /json/.test(req.headers['content-type'] ?? '')) {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else {
        res.writeHead(415).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    bodies,
    spans: () =>
      bodies.flatMap((body) =>
        (JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> }).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
      ),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value ? Object.values(value)[0] : undefined;
};

describe('OpenTelemetry tracing', () => {
  let h: Harness;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  before(async () => {
    collector = await startCollector();
    h = await startHarness({ env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'ack-mcp-test' } });
  });
  after(async () => {
    await h.close();
    await collector.close();
  });

  it('continues the caller’s traceparent through the tool call to ACK and kubectl, and leaks no secret', async () => {
    const tenant = h.tenants[0]!;
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    const client = await connectV2(h.server.mcpUrl, { ...h.headersFor(tenant), traceparent: `00-${traceId}-${parentId}-01` });
    try {
      const clusters = (await client.callTool({ name: 'list_clusters', arguments: {} })) as ToolResult;
      assert.ok(!clusters.isError, textOf(clusters));
      const kubectl = (await client.callTool({ name: 'kubectl', arguments: { cluster_id: tenant.clusterIds[0], command: 'get namespaces' } })) as ToolResult;
      assert.ok(!kubectl.isError, textOf(kubectl));
    } finally {
      await client.close();
    }
    // Shutting down flushes the batch processor.
    await h.server.shutdown(1000);

    const spans = collector.spans();
    const resource = JSON.parse(collector.bodies[0]!) as { resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> } }> };
    assert.equal(resource.resourceSpans[0]!.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue, 'ack-mcp-test');

    const toolSpan = spans.find((s) => s.name === 'tools/call list_clusters');
    assert.ok(toolSpan, `a span for the tool call (got: ${spans.map((s) => s.name).join(', ')})`);
    assert.equal(toolSpan.traceId, traceId, 'the tool call continues the caller’s trace');
    assert.equal(attribute(toolSpan, 'mcp.tool.outcome'), 'ok');
    const serverSpan = spans.find((s) => s.spanId === toolSpan.parentSpanId);
    assert.ok(serverSpan, 'the tool span has the HTTP request span as parent');
    assert.equal(serverSpan.name, 'POST /mcp/v1');
    assert.equal(serverSpan.kind, 2, 'SERVER');
    assert.equal(serverSpan.parentSpanId, parentId, 'the request span is a child of the incoming traceparent');
    assert.equal(Number(attribute(serverSpan, 'http.response.status_code')), 200);

    const backend = spans.find((s) => s.name === 'ack DescribeClustersV1');
    assert.ok(backend, 'the ACK OpenAPI call is a span');
    assert.equal(backend.parentSpanId, toolSpan.spanId);
    assert.equal(backend.kind, 3, 'CLIENT');
    assert.equal(attribute(backend, 'ack_mcp.status'), '200');

    const kubectlTool = spans.find((s) => s.name === 'tools/call kubectl');
    const kubectlRun = spans.find((s) => s.name === 'kubectl get');
    assert.ok(kubectlTool && kubectlRun, 'the kubectl tool call and its process are spans');
    assert.equal(kubectlRun.parentSpanId, kubectlTool.spanId);
    assert.equal(kubectlRun.traceId, traceId);
    assert.ok(spans.some((s) => s.name === 'ack DescribeClusterUserKubeconfig' && s.parentSpanId === kubectlTool.spanId), 'the kubeconfig fetch belongs to the kubectl call');

    const exported = collector.bodies.join('\n');
    for (const secret of [BEARER, ...tenant.secrets, ...tenant.clusterIds]) assert.ok(!exported.includes(secret), 'a secret or tenant value reached the traces');
  });
});
