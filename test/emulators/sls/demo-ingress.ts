// The `nginx-ingress` logstore: access logs of the ingress controller. team-a: shop.team-a.example.com,
// whose /api/checkout calls hit the crash-looping checkout-api pod (10.0.1.171:8080) and often fail
// 502/503. team-b: llm.team-b.example.com, whose only backend never becomes ready (503, some 502).
import { byTime, DemoContext } from './demo-context.js';
import type { LogRow } from './model.js';

const CLIENTS = ['47.98.12.201', '116.62.33.87', '121.43.8.19', '223.5.5.91', '39.170.44.6', '112.124.77.230', '180.101.49.12', '58.246.12.77'];
const BROWSERS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
];
const STOREFRONT = '10.0.1.188:8080';
const CHECKOUT = '10.0.1.171:8080';

interface Access {
  host: string;
  method: string;
  url: string;
  status: number;
  requestTime: number;
  upstream: string;
  upstreamStatus: string;
  bytes: number;
  userAgent: string;
}

function access(ctx: DemoContext, ago: number, a: Access): LogRow {
  return ctx.row(ago, ctx.ip(0), 'nginx-ingress', {
    host: a.host,
    method: a.method,
    url: a.url,
    status: a.status,
    request_time: a.requestTime.toFixed(3),
    upstream_addr: a.upstream,
    upstream_status: a.upstreamStatus,
    client_ip: ctx.rand.pick(CLIENTS),
    body_bytes_sent: a.bytes,
    user_agent: a.userAgent,
  });
}

function shopRequest(ctx: DemoContext, forceFailure = false): Access {
  const { rand } = ctx;
  const host = 'shop.team-a.example.com';
  const userAgent = rand.pick(BROWSERS);
  const route = rand.weighted<[string, string]>([
    [5, ['GET', '/']], [6, ['GET', '/api/products?page=1']], [3, ['GET', '/api/products?page=2']], [4, ['GET', '/api/cart']],
    [4, ['GET', '/static/app.8f3c1e.js']], [2, ['GET', '/api/products/8812']], [1, ['GET', '/favicon.ico']],
    [3, ['GET', '/api/checkout/quote']], [2, ['POST', '/api/checkout/submit']],
  ]);
  const [method, url] = forceFailure ? ['POST', '/api/checkout/submit'] : route;
  if (url.startsWith('/api/checkout')) {
    if (forceFailure || rand.next() < 0.6) {
      const status = rand.next() < 0.7 ? 502 : 503;
      return { host, method, url, status, requestTime: rand.int(1, 9) / 1000, upstream: CHECKOUT, upstreamStatus: String(status), bytes: status === 502 ? 157 : 190, userAgent };
    }
    return { host, method, url, status: 200, requestTime: rand.int(40, 380) / 1000, upstream: CHECKOUT, upstreamStatus: '200', bytes: rand.int(300, 900), userAgent };
  }
  if (url === '/favicon.ico') return { host, method, url, status: 404, requestTime: 0.002, upstream: STOREFRONT, upstreamStatus: '404', bytes: 153, userAgent };
  const cached = url.startsWith('/static') && rand.next() < 0.5;
  return {
    host, method, url, status: cached ? 304 : 200, requestTime: rand.int(3, 120) / 1000, upstream: STOREFRONT, upstreamStatus: cached ? '304' : '200',
    bytes: cached ? 0 : rand.int(1200, 48000), userAgent,
  };
}

function llmRequest(ctx: DemoContext): Access {
  const { rand } = ctx;
  const host = 'llm.team-b.example.com';
  const userAgent = rand.pick(['OpenAI/Python 1.40.6', 'python-requests/2.32.3', 'curl/8.5.0']);
  const [method, url] = rand.weighted<[string, string]>([[7, ['POST', '/v1/chat/completions']], [2, ['GET', '/v1/models']], [1, ['GET', '/v1/health']]]);
  // The pod is up for a few seconds between crashes; requests that reach it then die with it.
  if (rand.next() < 0.15) return { host, method, url, status: 502, requestTime: rand.int(200, 4000) / 1000, upstream: '10.2.3.130:8000', upstreamStatus: '502', bytes: 157, userAgent };
  return { host, method, url, status: 503, requestTime: 0, upstream: '-', upstreamStatus: '-', bytes: 190, userAgent };
}

export function ingressLogs(ctx: DemoContext): LogRow[] {
  const teamA = ctx.cluster.scenario === 'team-a-prod';
  const request = teamA ? (): Access => shopRequest(ctx) : (): Access => llmRequest(ctx);
  const rows: LogRow[] = [];
  for (let i = 0; i < (teamA ? 220 : 150); i += 1) rows.push(access(ctx, ctx.randomAgo(), request()));
  rows.push(access(ctx, 45, teamA ? shopRequest(ctx, true) : llmRequest(ctx)));
  rows.push(access(ctx, 32, request()));
  return byTime(rows);
}
