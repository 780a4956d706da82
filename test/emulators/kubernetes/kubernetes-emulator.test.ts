// Drives the Kubernetes emulator only through the real clients: the kubectl 1.35 binary and
// @kubernetes/client-node (plus raw HTTPS where a test inspects the wire itself).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import yaml from 'js-yaml';
import { kubectlPath } from '../../helpers/binaries.js';
import { demoClusterSeed, startKubernetesEmulator, type DemoNode, type KubernetesEmulator } from './index.js';

const NODES: DemoNode[] = [
  { name: 'cn-hangzhou.10.0.1.23', internalIp: '10.0.1.23', instanceType: 'ecs.g7.xlarge', zone: 'cn-hangzhou-h', labels: { 'alibabacloud.com/nodepool-id': 'np7f3e2a1b' } },
  { name: 'cn-hangzhou.10.0.1.45', internalIp: '10.0.1.45', instanceType: 'ecs.g7.xlarge', zone: 'cn-hangzhou-i' },
  { name: 'cn-hangzhou.10.0.2.12', internalIp: '10.0.2.12', instanceType: 'ecs.g7.2xlarge', zone: 'cn-hangzhou-j' },
];
const HOUR_MS = 3600_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('Kubernetes emulator through kubectl and client-node', () => {
  let emu: KubernetesEmulator;
  let dir: string;
  let startupMs: number;
  const kubeconfigs: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  /** Runs the real kubectl as `user` (a kubeconfig written in `before`), with an isolated HOME. */
  function kubectl(user: string, args: string[], stdin?: string, options: { killWhen?: (stdout: string) => boolean } = {}): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(kubectlPath(), ['--kubeconfig', kubeconfigs[user] ?? '', ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: dir } });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (options.killWhen?.(stdout)) child.kill('SIGTERM');
      });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(stdin ?? '');
    });
  }

  async function ok(user: string, args: string[], stdin?: string): Promise<string> {
    const run = await kubectl(user, args, stdin);
    assert.equal(run.code, 0, `kubectl ${args.join(' ')} failed: ${run.stderr}`);
    return run.stdout;
  }

  function client(user: string): k8s.KubeConfig {
    const kc = new k8s.KubeConfig();
    kc.loadFromString(emu.kubeconfig(tokens[user] ?? ''));
    return kc;
  }

  /** A raw HTTPS GET against the emulator (trusting its CA), for wire-level checks. */
  function raw(path: string, headers: Record<string, string> = {}, user = 'admin'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
    const url = new URL(emu.url);
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, ca: emu.caPem, headers: { Authorization: `Bearer ${tokens[user] ?? ''}`, ...headers } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => { body += d.toString(); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** The HTTP status and Status body of a client-node ApiException. */
  async function apiError(promise: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
    try {
      await promise;
    } catch (error) {
      const e = error as { code?: number; body?: unknown };
      assert.equal(typeof e.code, 'number', `not an ApiException: ${String(error)}`);
      return { code: e.code ?? 0, body: JSON.parse(String(e.body)) as Record<string, unknown> };
    }
    assert.fail('expected the call to fail');
  }

  async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) assert.fail(`condition not reached within ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 300)}`);
      await sleep(20);
    }
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kube-emu-'));
    const started = Date.now();
    emu = await startKubernetesEmulator({
      clusterId: 'c8f2d4e6a1b3c5d7e9f0a2b4c6d8e0f1a',
      seed: demoClusterSeed({ nodes: NODES, workloads: 'team-a-prod' }),
      bindings: [
        { user: 'admin', role: 'cluster-admin' },
        { user: 'viewer', role: 'view' },
        { group: 'payments-devs', role: 'edit', namespaces: ['payments'] },
      ],
      controllerDelayMs: 20,
    });
    startupMs = Date.now() - started;
    const inAnHour = new Date(Date.now() + HOUR_MS);
    tokens['admin'] = emu.issueToken({ user: 'admin' }, inAnHour);
    tokens['viewer'] = emu.issueToken({ user: 'viewer' }, inAnHour);
    tokens['dev'] = emu.issueToken({ user: 'dana', groups: ['payments-devs'] }, inAnHour);
    tokens['expired'] = emu.issueToken({ user: 'admin' }, new Date(Date.now() - 1000));
    for (const [user, token] of Object.entries(tokens)) {
      kubeconfigs[user] = join(dir, `${user}.kubeconfig`);
      await writeFile(kubeconfigs[user], emu.kubeconfig(token, { context: `${user}@ack` }), { mode: 0o600 });
    }
  });

  after(async () => {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts quickly on 127.0.0.1 with a CA-signed serving certificate and a complete kubeconfig', () => {
    assert.ok(startupMs < 1000, `startup took ${startupMs} ms`);
    assert.match(emu.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(emu.caPem, /^-----BEGIN CERTIFICATE-----/);
    const config = yaml.load(emu.kubeconfig('tok', { cluster: 'c1', user: 'u1', context: 'ctx1' })) as Record<string, unknown>;
    assert.equal(config['current-context'], 'ctx1');
    assert.deepEqual(config['users'], [{ name: 'u1', user: { token: 'tok' } }]);
    const cluster = (config['clusters'] as Array<{ name: string; cluster: Record<string, string> }>)[0];
    assert.equal(cluster?.name, 'c1');
    assert.equal(cluster?.cluster['server'], emu.url);
    assert.equal(Buffer.from(cluster?.cluster['certificate-authority-data'] ?? '', 'base64').toString(), emu.caPem);
  });

  it('kubectl get prints server-side tables, wide columns, all namespaces and selections', async () => {
    const pods = await ok('admin', ['get', 'pods', '-n', 'payments']);
    const header = pods.split('\n')[0] ?? '';
    assert.match(header, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    assert.match(pods, /checkout-api-7d9c8b6f5-x2k4q\s+0\/1\s+CrashLoopBackOff\s+14 \(\d+m\d*s? ago\)\s+\d+m/);
    assert.match(pods, /ledger-worker-5f7b9c6d48-w7rtx\s+0\/1\s+Pending\s+0/);

    const wide = await ok('admin', ['get', 'pods', '-n', 'payments', '-o', 'wide']);
    assert.match(wide.split('\n')[0] ?? '', /IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    assert.match(wide, /checkout-api-7d9c8b6f5-x2k4q .*10\.0\.1\.171\s+cn-hangzhou\.10\.0\.1\.45\s+<none>\s+<none>/);

    const all = await ok('admin', ['get', 'pods', '-A', '-l', 'app in (checkout-api,storefront)']);
    assert.match(all.split('\n')[0] ?? '', /^NAMESPACE\s+NAME/);
    assert.deepEqual(all.trim().split('\n').slice(1).map((l) => l.split(/\s+/).slice(0, 2).join('/')).sort(),
      ['payments/checkout-api-7d9c8b6f5-x2k4q', 'web/storefront-5b6d7c9f8-hk2vn']);

    const pending = await ok('admin', ['get', 'pods', '-A', '--field-selector', 'status.phase=Pending', '-o', 'name']);
    assert.equal(pending.trim(), 'pod/ledger-worker-5f7b9c6d48-w7rtx');

    const deployments = await ok('admin', ['get', 'deploy', '-A', '-o', 'wide']);
    assert.match(deployments, /kube-system\s+coredns\s+2\/2\s+2\s+2\s+\d+d\s+coredns\s+\S+coredns:\S+\s+k8s-app=kube-dns/);
    assert.match(deployments, /payments\s+checkout-api\s+0\/1\s+1\s+0/);

    const nodes = await ok('admin', ['get', 'nodes', '-o', 'wide']);
    assert.match(nodes, /cn-hangzhou\.10\.0\.1\.23\s+Ready\s+<none>\s+\d+d\s+v1\.34\.1-aliyun\.1\s+10\.0\.1\.23\s+<none>\s+Alibaba Cloud Linux/);
    assert.equal(nodes.trim().split('\n').length, 4);

    const services = await ok('admin', ['get', 'svc,ing', '-n', 'web']);
    assert.match(services, /service\/storefront\s+LoadBalancer\s+192\.168\.12\.40\s+47\.98\.214\.37\s+80:31380\/TCP/);
    assert.match(services, /ingress\.networking\.k8s\.io\/storefront\s+alb\s+shop\.team-a\.example\.com\s+\S+alb\.aliyuncsslb\.com\s+80, 443/);

    const batch = await ok('admin', ['get', 'cronjobs,jobs,pods', '-n', 'batch']);
    assert.match(batch, /job\.batch\/report-builder-28811520\s+Complete\s+1\/1\s+4m/);
    assert.match(batch, /pod\/report-builder-28811520-6xq9d\s+0\/1\s+Completed/);
  });

  it('kubectl get -o yaml and -o jsonpath show the stored objects', async () => {
    const pod = yaml.load(await ok('admin', ['get', 'pod', 'checkout-api-7d9c8b6f5-x2k4q', '-n', 'payments', '-o', 'yaml'])) as {
      status: { containerStatuses: Array<{ restartCount: number; lastState: { terminated: { reason: string; exitCode: number } }; state: { waiting: { reason: string } } }> };
      metadata: { ownerReferences: Array<{ kind: string; name: string }> };
    };
    const status = pod.status.containerStatuses[0];
    assert.equal(status?.restartCount, 14);
    assert.deepEqual([status?.lastState.terminated.reason, status?.lastState.terminated.exitCode, status?.state.waiting.reason], ['OOMKilled', 137, 'CrashLoopBackOff']);
    assert.deepEqual(pod.metadata.ownerReferences.map((r) => `${r.kind}/${r.name}`), ['ReplicaSet/checkout-api-7d9c8b6f5']);

    const password = await ok('admin', ['get', 'secret', 'checkout-api-db', '-n', 'payments', '-o', 'jsonpath={.data.password}']);
    assert.ok(Buffer.from(password, 'base64').toString().length > 8);
    const keys = await ok('admin', ['get', 'secret', 'checkout-api-db', '-n', 'payments', '-o', 'jsonpath={.type} {.data.username}']);
    assert.equal(keys, `Opaque ${Buffer.from('checkout_svc').toString('base64')}`);
    const zones = await ok('admin', ['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.labels.topology\\.kubernetes\\.io/zone},{.metadata.labels.alibabacloud\\.com/nodepool-id};{end}']);
    assert.equal(zones, 'cn-hangzhou-h,np7f3e2a1b;cn-hangzhou-i,;cn-hangzhou-j,;');
    const clusterIp = await ok('admin', ['get', 'svc', 'checkout-api', '-n', 'payments', '-o', 'jsonpath={.spec.clusterIP}']);
    assert.equal(clusterIp, '192.168.34.17');
  });

  it('kubectl describe pod shows container state and the events about it', async () => {
    const out = await ok('admin', ['describe', 'pod', 'checkout-api-7d9c8b6f5-x2k4q', '-n', 'payments']);
    assert.match(out, /Node:\s+cn-hangzhou\.10\.0\.1\.45\/10\.0\.1\.45/);
    assert.match(out, /Controlled By:\s+ReplicaSet\/checkout-api-7d9c8b6f5/);
    assert.match(out, /State:\s+Waiting\n\s+Reason:\s+CrashLoopBackOff/);
    assert.match(out, /Last State:\s+Terminated\n\s+Reason:\s+OOMKilled\n\s+Exit Code:\s+137/);
    assert.match(out, /Warning\s+BackOff\s+\S+ \(x287 over \d+m\)\s+kubelet\s+.*Back-off restarting failed container checkout-api/);
    assert.match(out, /Normal\s+Scheduled\s+\d+m\s+default-scheduler\s+Successfully assigned payments\/checkout-api-7d9c8b6f5-x2k4q/);

    const pending = await ok('admin', ['describe', 'pod', 'ledger-worker-5f7b9c6d48-w7rtx', '-n', 'payments']);
    assert.match(pending, /Warning\s+FailedScheduling\s+.*0\/3 nodes are available: 3 Insufficient memory/);
  });

  it('kubectl logs honours tail, previous and container, and refuses what the kubelet refuses', async () => {
    const tail = await ok('admin', ['logs', 'checkout-api-7d9c8b6f5-x2k4q', '-n', 'payments', '--tail=2']);
    assert.deepEqual(tail.trimEnd().split('\n'), ['\tat org.springframework.boot.SpringApplication.callRunner(SpringApplication.java:786)', 'Terminating due to java.lang.OutOfMemoryError: Java heap space']);
    const previous = await ok('admin', ['logs', 'checkout-api-7d9c8b6f5-x2k4q', '-n', 'payments', '-p', '-c', 'checkout-api']);
    assert.match(previous, /^java\.lang\.OutOfMemoryError: Java heap space$/m);
    assert.match(previous, /Starting CheckoutApplication v2\.14\.3/);
    const stamped = await ok('admin', ['logs', 'storefront-5b6d7c9f8-hk2vn', '-n', 'web', '--tail=1', '--timestamps']);
    assert.match(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \d+\.\d+\.\d+\.\d+ - - \[.*\] "GET /);

    const noPrevious = await kubectl('admin', ['logs', 'storefront-5b6d7c9f8-hk2vn', '-n', 'web', '--previous']);
    assert.equal(noPrevious.code, 1);
    assert.match(noPrevious.stderr, /previous terminated container "storefront" in pod "storefront-5b6d7c9f8-hk2vn" not found/);
    const badContainer = await kubectl('admin', ['logs', 'storefront-5b6d7c9f8-hk2vn', '-n', 'web', '-c', 'sidecar']);
    assert.match(badContainer.stderr, /container sidecar is not valid for pod storefront-5b6d7c9f8-hk2vn/);
    assert.equal(await ok('admin', ['logs', 'ledger-worker-5f7b9c6d48-w7rtx', '-n', 'payments']), '');
  });

  it('kubectl logs -f streams lines appended while it is connected', async () => {
    let appender: NodeJS.Timeout | undefined;
    try {
      const run = await kubectl('admin', ['logs', '-f', 'storefront-5b6d7c9f8-hk2vn', '-n', 'web', '--tail=1'], undefined, {
        killWhen: (out) => {
          appender ??= setInterval(() => emu.store.appendLog('web', 'storefront-5b6d7c9f8-hk2vn', 'storefront', `live request ${Date.now()}`), 30);
          return (out.match(/live request/g) ?? []).length >= 2;
        },
      });
      const lines = run.stdout.trim().split('\n');
      assert.match(lines[0] ?? '', /HTTP\/1\.1/);
      assert.ok(lines.length >= 3 && lines.slice(1).every((l) => l.startsWith('live request')), run.stdout);
    } finally {
      clearInterval(appender);
    }
    const follow = emu.record.filter((r) => r.subresource === 'log' && r.query.includes('follow=true'));
    assert.equal(follow.at(-1)?.status, 200);
  });

  it('kubectl apply creates, re-applies as a strategic merge patch, scales, rolls out and deletes', async () => {
    const manifest = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
  namespace: web
  labels: {app: hello}
spec:
  replicas: 2
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec:
      containers:
      - name: hello
        image: ${image}
        ports: [{containerPort: 8080, name: http}]
---
apiVersion: v1
kind: Service
metadata: {name: hello, namespace: web}
spec:
  selector: {app: hello}
  ports: [{port: 80, targetPort: http}]
`;
    assert.equal(await ok('admin', ['apply', '-f', '-'], manifest('nginx:1.27')), 'deployment.apps/hello created\nservice/hello created\n');
    assert.match(await ok('admin', ['rollout', 'status', 'deployment/hello', '-n', 'web', '--timeout=10s']), /deployment "hello" successfully rolled out/);
    const endpoints = await ok('admin', ['get', 'endpoints', 'hello', '-n', 'web', '-o', 'jsonpath={.subsets[0].ports[0].port} {.subsets[0].addresses[*].ip}']);
    assert.match(endpoints, /^8080 \d+\.\d+\.\d+\.\d+ \d+\.\d+\.\d+\.\d+$/);

    const mark = emu.record.length;
    assert.equal(await ok('admin', ['apply', '-f', '-'], manifest('nginx:1.28')), 'deployment.apps/hello configured\nservice/hello unchanged\n');
    const patch = emu.record.slice(mark).find((r) => r.method === 'PATCH');
    assert.deepEqual([patch?.path, patch?.verb, patch?.user, patch?.status], ['/apis/apps/v1/namespaces/web/deployments/hello', 'patch', 'admin', 200]);
    assert.match(await ok('admin', ['rollout', 'status', 'deployment/hello', '-n', 'web', '--timeout=10s']), /successfully rolled out/);
    const rs = await ok('admin', ['get', 'rs', '-n', 'web', '-l', 'app=hello', '-o', 'jsonpath={range .items[*]}{.spec.replicas}:{.spec.template.spec.containers[0].image};{end}']);
    assert.deepEqual(rs.split(';').filter((s) => s !== '').sort(), ['0:nginx:1.27', '2:nginx:1.28']);

    assert.equal(await ok('admin', ['scale', 'deployment/hello', '-n', 'web', '--replicas=4']), 'deployment.apps/hello scaled\n');
    const scale = emu.record.findLast((r) => r.subresource === 'scale');
    assert.deepEqual([scale?.method, scale?.path], ['PATCH', '/apis/apps/v1/namespaces/web/deployments/hello/scale']);
    assert.match(await ok('admin', ['rollout', 'status', 'deployment/hello', '-n', 'web', '--timeout=10s']), /successfully rolled out/);
    const ready = await ok('admin', ['get', 'deploy', 'hello', '-n', 'web', '-o', 'jsonpath={.status.readyReplicas}/{.status.updatedReplicas}/{.metadata.generation}']);
    assert.equal(ready, '4/4/3');
    assert.equal((await ok('admin', ['get', 'pods', '-n', 'web', '-l', 'app=hello', '--field-selector', 'status.phase=Running', '-o', 'name'])).trim().split('\n').length, 4);

    assert.equal(await ok('admin', ['delete', '-f', '-'], manifest('nginx:1.28')), 'deployment.apps "hello" deleted from web namespace\nservice "hello" deleted from web namespace\n');
    await until(() => emu.store.list('pods', 'web').filter((p) => p.metadata.labels?.['app'] === 'hello').length + emu.store.list('replicasets', 'web').filter((r) => r.metadata.name.startsWith('hello-')).length, (n) => n === 0);
    assert.equal(emu.store.get('endpoints', 'web', 'hello'), undefined);
  });

  it('kubectl create sends protobuf bodies that the emulator decodes', async () => {
    assert.equal(await ok('admin', ['create', 'deployment', 'echo', '-n', 'web', '--image=hashicorp/http-echo:1.0', '--replicas=0', '--port=5678']), 'deployment.apps/echo created\n');
    const echo = emu.store.get('deployments', 'web', 'echo') as { spec: { replicas: number; template: { spec: { containers: Array<{ image: string; ports: unknown[] }> } } } } | undefined;
    assert.equal(echo?.spec.replicas, 0);
    assert.deepEqual(echo?.spec.template.spec.containers[0]?.ports, [{ containerPort: 5678, protocol: 'TCP' }]);
    await ok('admin', ['create', 'secret', 'generic', 'api-key', '-n', 'web', '--from-literal=key=s3cr3t']);
    assert.equal(await ok('admin', ['get', 'secret', 'api-key', '-n', 'web', '-o', 'jsonpath={.data.key}']), Buffer.from('s3cr3t').toString('base64'));
    await ok('admin', ['delete', 'deployment/echo', 'secret/api-key', '-n', 'web']);
  });

  it('kubectl auth can-i evaluates the bindings, and api-resources, version and explain work', async () => {
    const canI = async (user: string, ...args: string[]): Promise<string> => (await kubectl(user, ['auth', 'can-i', ...args])).stdout.trim();
    assert.equal(await canI('viewer', 'list', 'pods', '-n', 'web'), 'yes');
    assert.equal(await canI('viewer', 'get', 'secrets', '-n', 'payments'), 'no');
    assert.equal(await canI('viewer', 'create', 'deployments', '-n', 'payments'), 'no');
    assert.equal(await canI('dev', 'create', 'deployments', '-n', 'payments'), 'yes');
    assert.equal(await canI('dev', 'get', 'secrets', '-n', 'payments'), 'yes');
    assert.equal(await canI('dev', 'get', 'pods', '-n', 'web'), 'no');
    assert.equal(await canI('dev', 'list', 'nodes'), 'no');
    assert.equal(await canI('admin', '*', '*'), 'yes');
    const list = await ok('dev', ['auth', 'can-i', '--list', '-n', 'payments']);
    assert.match(list, /^secrets\s+\[\]\s+\[\]\s+\[get list watch create delete deletecollection patch update\]$/m);
    assert.doesNotMatch(list, /^nodes/m);
    assert.match(await ok('dev', ['auth', 'whoami']), /Username\s+dana\nGroups\s+\[payments-devs system:authenticated\]/);

    const resources = await ok('admin', ['api-resources']);
    assert.match(resources, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(resources, /^nodes\s+no\s+v1\s+false\s+Node$/m);
    assert.match(resources, /^selfsubjectaccessreviews\s+authorization\.k8s\.io\/v1\s+false\s+SelfSubjectAccessReview$/m);

    const version = JSON.parse(await ok('admin', ['version', '-o', 'json'])) as { serverVersion: { gitVersion: string; minor: string } };
    assert.deepEqual([version.serverVersion.gitVersion, version.serverVersion.minor], ['v1.34.1-aliyun.1', '34']);

    const explain = await ok('admin', ['explain', 'deployments']);
    assert.match(explain, /KIND:\s+Deployment\nVERSION:\s+v1/);
    assert.match(explain, /Deployment enables declarative updates for Pods and ReplicaSets\./);
    assert.match(explain, /spec\s+<Object>/);
  });

  it('kubectl get -w prints changes until the request times out, and kubectl events lists events', async () => {
    const scaler = setTimeout(() => {
      const d = emu.store.get('deployments', 'web', 'storefront') as { spec: { replicas: number } } | undefined;
      if (d) emu.store.put({ ...d, spec: { ...d.spec, replicas: 2 } });
    }, 400);
    const run = await kubectl('admin', ['get', 'pods', '-n', 'web', '-w', '--request-timeout=2s']);
    clearTimeout(scaler);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^NAME\s+READY\s+STATUS/);
    assert.ok(lines.some((l) => /^storefront-5b6d7c9f8-(?!hk2vn)\S+\s+1\/1\s+Running/.test(l)), run.stdout);
    assert.equal(lines.filter((l) => l.startsWith('NAME')).length, 1);
    const watchRequest = emu.record.findLast((r) => r.verb === 'watch' && r.resource === 'pods');
    assert.match(watchRequest?.query ?? '', /watch=true/);

    const events = await ok('admin', ['events', '-n', 'payments']);
    assert.match(events.split('\n')[0] ?? '', /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    assert.match(events, /Warning\s+BackOff\s+Pod\/checkout-api-7d9c8b6f5-x2k4q\s+Back-off restarting failed container checkout-api in pod/);
    assert.match(events, /Warning\s+FailedScheduling\s+Pod\/ledger-worker-5f7b9c6d48-w7rtx\s+0\/3 nodes are available/);
    const warnings = await ok('admin', ['get', 'events', '-A', '--field-selector', 'type=Warning', '-o', 'jsonpath={.items[*].reason}']);
    assert.deepEqual(warnings.split(' ').sort(), ['BackOff', 'FailedScheduling']);
  });

  it('rejects expired tokens with 401 and denies like RBAC with the real 403 messages', async () => {
    const expired = await kubectl('expired', ['get', 'pods']);
    assert.equal(expired.code, 1);
    assert.equal(expired.stderr.trim(), 'error: You must be logged in to the server (Unauthorized)');
    assert.ok(emu.record.some((r) => r.user === null && r.status === 401));

    const secrets = await kubectl('viewer', ['get', 'secrets', '-n', 'payments']);
    assert.equal(secrets.stderr.trim(), 'Error from server (Forbidden): secrets is forbidden: User "viewer" cannot list resource "secrets" in API group "" in the namespace "payments"');
    const secret = await kubectl('viewer', ['get', 'secret', 'checkout-api-db', '-n', 'payments']);
    assert.equal(secret.stderr.trim(), 'Error from server (Forbidden): secrets "checkout-api-db" is forbidden: User "viewer" cannot get resource "secrets" in API group "" in the namespace "payments"');
    const create = await kubectl('viewer', ['apply', '-f', '-'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nope, namespace: web}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: nginx}]}\n');
    assert.match(create.stderr, /deployments\.apps is forbidden: User "viewer" cannot create resource "deployments" in API group "apps" in the namespace "web"/);
    const nodes = await kubectl('dev', ['get', 'nodes']);
    assert.match(nodes.stderr, /nodes is forbidden: User "dana" cannot list resource "nodes" in API group "" at the cluster scope/);
    const logs = await kubectl('dev', ['logs', 'storefront-5b6d7c9f8-hk2vn', '-n', 'web']);
    assert.match(logs.stderr, /pods "storefront-5b6d7c9f8-hk2vn" is forbidden: User "dana" cannot get resource "pods" in API group "" in the namespace "web"/);
    const denied = emu.record.findLast((r) => r.status === 403);
    assert.deepEqual([denied?.user, denied?.verb, denied?.resource, denied?.namespace], ['dana', 'get', 'pods', 'web']);

    const missing = await kubectl('admin', ['get', 'deploy', 'nope', '-n', 'web']);
    assert.equal(missing.stderr.trim(), 'Error from server (NotFound): deployments.apps "nope" not found');
  });

  it('client-node lists, reads, creates, patches and reads logs', async () => {
    const kc = client('dev');
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const pods = await core.listNamespacedPod({ namespace: 'payments', labelSelector: 'tier=backend,app!=ledger-worker' });
    assert.deepEqual(pods.items.map((p) => p.metadata?.name), ['checkout-api-7d9c8b6f5-x2k4q']);
    assert.ok(pods.metadata?.resourceVersion);
    const pod = await core.readNamespacedPod({ name: 'checkout-api-7d9c8b6f5-x2k4q', namespace: 'payments' });
    assert.equal(pod.status?.podIP, '10.0.1.171');
    assert.ok(pod.metadata?.creationTimestamp instanceof Date);
    const log = await core.readNamespacedPodLog({ name: 'checkout-api-7d9c8b6f5-x2k4q', namespace: 'payments', container: 'checkout-api', previous: true, tailLines: 1 });
    assert.equal(log, 'Terminating due to java.lang.OutOfMemoryError: Java heap space\n');
    const limited = await core.readNamespacedPodLog({ name: 'checkout-api-7d9c8b6f5-x2k4q', namespace: 'payments', limitBytes: 10 });
    assert.equal(Buffer.byteLength(limited), 10);

    const cm = await core.createNamespacedConfigMap({ namespace: 'payments', body: { metadata: { name: 'feature-flags' }, data: { fastCheckout: 'true' } } });
    assert.ok(cm.metadata?.uid);
    const conflict = await apiError(core.createNamespacedConfigMap({ namespace: 'payments', body: { metadata: { name: 'feature-flags' } } }));
    assert.deepEqual(conflict, {
      code: 409,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'configmaps "feature-flags" already exists', reason: 'AlreadyExists', details: { name: 'feature-flags', kind: 'configmaps' }, code: 409 },
    });
    const stale = await apiError(core.replaceNamespacedConfigMap({ name: 'feature-flags', namespace: 'payments', body: { ...cm, metadata: { ...cm.metadata, resourceVersion: '1' }, data: {} } }));
    assert.equal(stale.code, 409);
    assert.equal(stale.body['reason'], 'Conflict');
    assert.match(String(stale.body['message']), /^Operation cannot be fulfilled on configmaps "feature-flags": the object has been modified/);
    const notFound = await apiError(apps.readNamespacedDeployment({ name: 'ghost', namespace: 'payments' }));
    assert.deepEqual(notFound.body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'deployments.apps "ghost" not found', reason: 'NotFound',
      details: { name: 'ghost', group: 'apps', kind: 'deployments' }, code: 404,
    });
    const invalid = await apiError(core.createNamespacedConfigMap({ namespace: 'payments', body: { metadata: {} } }));
    assert.equal(invalid.code, 422);
    assert.equal(invalid.body['message'], 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required');
    const badSelector = await apiError(core.listNamespacedPod({ namespace: 'payments', labelSelector: 'app in (a' }));
    assert.deepEqual([badSelector.code, badSelector.body['reason']], [400, 'BadRequest']);

    const patched = await apps.patchNamespacedDeployment(
      { name: 'checkout-api', namespace: 'payments', body: { metadata: { labels: { owner: 'payments-team' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    assert.equal(patched.metadata?.labels?.['owner'], 'payments-team');
    assert.equal(patched.metadata?.generation, 4);
    const jsonPatched = await core.patchNamespacedConfigMap(
      { name: 'feature-flags', namespace: 'payments', body: [{ op: 'add', path: '/data/region', value: 'cn-hangzhou' }] },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    assert.deepEqual(jsonPatched.data, { fastCheckout: 'true', region: 'cn-hangzhou' });
    const scale = await apps.readNamespacedDeploymentScale({ name: 'checkout-api', namespace: 'payments' });
    assert.deepEqual([scale.kind, scale.apiVersion, scale.spec?.replicas, scale.status?.selector], ['Scale', 'autoscaling/v1', 1, 'app=checkout-api,tier=backend']);
    const staleScale = await apiError(apps.replaceNamespacedDeploymentScale({ name: 'checkout-api', namespace: 'payments', body: { ...scale, metadata: { ...scale.metadata, resourceVersion: '5' }, spec: { replicas: 3 } } }));
    assert.deepEqual([staleScale.code, staleScale.body['reason']], [409, 'Conflict']);
    const status = await apps.readNamespacedDeploymentStatus({ name: 'checkout-api', namespace: 'payments' });
    assert.deepEqual([status.status?.replicas, status.status?.unavailableReplicas, status.status?.conditions?.[0]?.reason], [1, 1, 'MinimumReplicasUnavailable']);
    await core.deleteNamespacedConfigMap({ name: 'feature-flags', namespace: 'payments' });
  });

  it('client-node KubernetesObjectApi, paging, watch and delete collection', async () => {
    const kc = client('admin');
    const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    const read = await objects.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'storefront', namespace: 'web' } });
    assert.equal((read as k8s.V1Deployment).spec?.template.spec?.containers[0]?.image, 'registry.cn-hangzhou.aliyuncs.com/team-a/storefront:v5.2.1');
    const created = await objects.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'webhook', namespace: 'web' }, stringData: { token: 'abc' } } as k8s.V1Secret);
    assert.deepEqual((created as k8s.V1Secret).data, { token: Buffer.from('abc').toString('base64') });
    const patched = await objects.patch({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'webhook', namespace: 'web', labels: { rotated: 'yes' } } },
      undefined, undefined, undefined, undefined, k8s.PatchStrategy.StrategicMergePatch);
    assert.equal(patched.metadata?.labels?.['rotated'], 'yes');

    const core = kc.makeApiClient(k8s.CoreV1Api);
    const first = await core.listPodForAllNamespaces({ limit: 3 });
    assert.equal(first.items.length, 3);
    assert.ok(first.metadata?._continue);
    const rest = await core.listPodForAllNamespaces({ limit: 100, _continue: first.metadata?._continue });
    const total = (await core.listPodForAllNamespaces()).items.length;
    assert.equal(first.items.length + rest.items.length, total);
    assert.equal(first.metadata?.remainingItemCount, total - 3);

    const before = emu.store.resourceVersion();
    const seen: string[] = [];
    const watch = await new k8s.Watch(kc).watch('/api/v1/namespaces/web/configmaps', { labelSelector: 'batch=1' },
      (type, obj: k8s.V1ConfigMap) => seen.push(`${type} ${obj.metadata?.name}`), () => undefined);
    for (const name of ['a', 'b', 'c']) await core.createNamespacedConfigMap({ namespace: 'web', body: { metadata: { name: `cm-${name}`, labels: { batch: '1' } } } });
    await core.createNamespacedConfigMap({ namespace: 'web', body: { metadata: { name: 'cm-other' } } });
    await core.patchNamespacedConfigMap({ name: 'cm-b', namespace: 'web', body: { metadata: { labels: { batch: null } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    const deleted = await core.deleteCollectionNamespacedConfigMap({ namespace: 'web', labelSelector: 'batch=1' });
    assert.equal(deleted.kind, 'ConfigMapList');
    await until(() => seen.length, (n) => n >= 6);
    watch.abort();
    assert.deepEqual(seen, ['ADDED cm-a', 'ADDED cm-b', 'ADDED cm-c', 'DELETED cm-b', 'DELETED cm-a', 'DELETED cm-c']);
    assert.deepEqual(emu.store.list('configmaps', 'web').map((c) => c.metadata.name), ['cm-b', 'cm-other']);
    const replay = await raw(`/api/v1/namespaces/web/configmaps?watch=true&resourceVersion=${before}&timeoutSeconds=1&labelSelector=batch%3D1`);
    const replayed = replay.body.trim().split('\n').map((line) => JSON.parse(line) as { type: string; object: { metadata: { name: string } } });
    assert.deepEqual(replayed.map((e) => `${e.type} ${e.object.metadata.name}`), seen);

    const out = new PassThrough();
    let followed = '';
    out.on('data', (d: Buffer) => { followed += d.toString(); });
    const stream = await new k8s.Log(kc).log('payments', 'checkout-api-7d9c8b6f5-x2k4q', 'checkout-api', out, { follow: true, tailLines: 1 });
    await until(() => followed, (t) => t.includes('Terminating'));
    emu.store.appendLog('payments', 'checkout-api-7d9c8b6f5-x2k4q', 'checkout-api', 'restarted by test');
    await until(() => followed, (t) => t.endsWith('restarted by test\n'));
    stream.abort();
  });

  it('serves Table and discovery documents with the real shapes', async () => {
    const table = await raw('/api/v1/namespaces/payments/pods?labelSelector=app%3Dcheckout-api', { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    const body = JSON.parse(table.body) as { kind: string; columnDefinitions: Array<{ name: string; priority: number }>; rows: Array<{ cells: unknown[]; object: { kind: string; metadata: { name: string } } }> };
    assert.equal(body.kind, 'Table');
    assert.deepEqual(body.columnDefinitions.map((c) => `${c.name}:${c.priority}`),
      ['Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1']);
    assert.deepEqual(body.rows[0]?.cells.slice(0, 3), ['checkout-api-7d9c8b6f5-x2k4q', '0/1', 'CrashLoopBackOff']);
    assert.deepEqual([body.rows[0]?.object.kind, body.rows[0]?.object.metadata.name], ['PartialObjectMetadata', 'checkout-api-7d9c8b6f5-x2k4q']);
    const full = JSON.parse((await raw('/apis/apps/v1/deployments?includeObject=Object', { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })).body) as { columnDefinitions: Array<{ name: string }>; rows: Array<{ object: { kind: string } }> };
    assert.deepEqual(full.columnDefinitions.map((c) => c.name), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
    assert.equal(full.rows[0]?.object.kind, 'Deployment');

    const aggregated = await raw('/apis', { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    assert.equal(aggregated.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const legacy = JSON.parse((await raw('/apis/apps/v1')).body) as { resources: Array<{ name: string; kind: string; group?: string }> };
    assert.deepEqual(legacy.resources.find((r) => r.name === 'deployments/scale'), { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    assert.deepEqual(JSON.parse((await raw('/healthz')).body === 'ok' ? '{}' : 'null'), {});
    assert.equal((await raw('/metrics')).status, 404);
    const metrics = await raw('/metrics', {}, 'viewer');
    assert.deepEqual([metrics.status, (JSON.parse(metrics.body) as { message: string }).message], [403, 'forbidden: User "viewer" cannot get path "/metrics"']);
    const anonymous = await raw('/version', { Authorization: '' });
    assert.deepEqual([anonymous.status, JSON.parse(anonymous.body)], [401, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }]);
  });

  it('injects latency, HTTP status and connection resets, counted and filtered by path', async () => {
    const core = client('admin').makeApiClient(k8s.CoreV1Api);
    emu.faults.add({ kind: 'status', status: 503, times: 1, path: /\/namespaces\/web\/services$/ });
    const unavailable = await apiError(core.listNamespacedService({ namespace: 'web' }));
    assert.deepEqual([unavailable.code, unavailable.body['reason']], [503, 'ServiceUnavailable']);
    assert.equal((await core.listNamespacedService({ namespace: 'web' })).items.length > 0, true);

    emu.faults.add({ kind: 'latency', ms: 300, times: 1 });
    const started = Date.now();
    await core.readNamespace({ name: 'web' });
    assert.ok(Date.now() - started >= 300);

    emu.faults.add({ kind: 'reset', path: /\/namespaces\/batch$/ });
    await assert.rejects(core.readNamespace({ name: 'batch' }));
    assert.equal((await core.readNamespace({ name: 'web' })).metadata?.name, 'web');
    assert.equal(emu.record.findLast((r) => r.path === '/api/v1/namespaces/batch')?.status, 0);
    emu.faults.clear();
    assert.equal((await core.readNamespace({ name: 'batch' })).status?.phase, 'Active');
  });

  it('controllers leave seeded broken pods alone, run new pods, collect garbage and finalize namespaces', async () => {
    await sleep(100);
    const checkout = emu.store.get('pods', 'payments', 'checkout-api-7d9c8b6f5-x2k4q') as { status: { containerStatuses: Array<{ state: { waiting?: unknown } }> } } | undefined;
    assert.ok(checkout?.status.containerStatuses[0]?.state.waiting);
    assert.equal((emu.store.get('pods', 'payments', 'ledger-worker-5f7b9c6d48-w7rtx') as { status: { phase: string } } | undefined)?.status.phase, 'Pending');
    assert.equal(emu.store.list('pods', 'payments').length, 2);

    await ok('admin', ['create', 'namespace', 'scratch']);
    await ok('admin', ['create', 'job', 'once', '-n', 'scratch', '--image=busybox:1.36', '--', 'true']);
    const job = await until(() => kubectl('admin', ['get', 'job', 'once', '-n', 'scratch']), (r) => /Complete\s+1\/1/.test(r.stdout));
    assert.match(job.stdout, /once\s+Complete\s+1\/1/);
    const events = await ok('admin', ['get', 'events', '-n', 'scratch', '-o', 'jsonpath={range .items[*]}{.reason};{end}']);
    for (const reason of ['SuccessfulCreate', 'Scheduled', 'Pulled', 'Created', 'Started', 'Completed']) assert.ok(events.includes(`${reason};`), events);

    assert.equal(await ok('admin', ['delete', 'namespace', 'scratch']), 'namespace "scratch" deleted\n');
    assert.equal(emu.store.get('namespaces', undefined, 'scratch'), undefined);
    assert.equal(emu.store.list('jobs', 'scratch').length + emu.store.list('pods', 'scratch').length, 0);
  });

  it('demoClusterSeed builds the team-b-data and minimal clusters, also over legacy discovery', async () => {
    const teamB = await startKubernetesEmulator({
      clusterId: 'cb', seed: demoClusterSeed({ nodes: NODES.slice(0, 2), workloads: 'team-b-data' }), bindings: [{ user: 'ops', role: 'admin' }], aggregatedDiscovery: false,
    });
    try {
      const kc = new k8s.KubeConfig();
      kc.loadFromString(teamB.kubeconfig(teamB.issueToken({ user: 'ops' }, new Date(Date.now() + HOUR_MS))));
      const core = kc.makeApiClient(k8s.CoreV1Api);
      const llm = await core.readNamespacedPod({ name: 'llm-serving-6f5d8c7b9-p4w8z', namespace: 'inference' });
      assert.equal(llm.status?.containerStatuses?.[0]?.state?.waiting?.reason, 'CrashLoopBackOff');
      assert.match(await core.readNamespacedPodLog({ name: 'llm-serving-6f5d8c7b9-p4w8z', namespace: 'inference' }), /CUDA error: GPU 0 unavailable/);
      const svc = await core.readNamespacedService({ name: 'llm-serving', namespace: 'inference' });
      assert.deepEqual([svc.spec?.type, svc.spec?.clusterIP], ['LoadBalancer', '192.168.80.21']);
      const spark = await core.readNamespacedPod({ name: 'spark-driver-etl-0', namespace: 'analytics' });
      assert.equal(spark.status?.phase, 'Running');
      const ingress = await kc.makeApiClient(k8s.NetworkingV1Api).readNamespacedIngress({ name: 'llm-serving', namespace: 'inference' });
      assert.equal(ingress.spec?.rules?.[0]?.host, 'llm.team-b.example.com');
      const warnings = await core.listNamespacedEvent({ namespace: 'inference', fieldSelector: 'type=Warning' });
      assert.ok(warnings.items.some((e) => e.reason === 'BackOff'));
      assert.equal((await core.listNamespacedSecret({ namespace: 'inference' })).items[0]?.type, 'Opaque');
      const forbidden = await apiError(core.listNode());
      assert.equal(forbidden.body['message'], 'nodes is forbidden: User "ops" cannot list resource "nodes" in API group "" at the cluster scope');

      const config = join(dir, 'team-b.kubeconfig');
      await writeFile(config, teamB.kubeconfig(teamB.issueToken({ user: 'ops' }, new Date(Date.now() + HOUR_MS))), { mode: 0o600 });
      kubeconfigs['team-b'] = config;
      const sts = await ok('team-b', ['get', 'statefulsets', '-n', 'analytics']);
      assert.match(sts, /spark-driver-etl\s+1\/1/);
      assert.ok(teamB.record.some((r) => r.path === '/apis/apps/v1'), 'kubectl fell back to per-group discovery');
    } finally {
      await teamB.close();
    }

    const minimal = demoClusterSeed({ nodes: NODES.slice(0, 1), workloads: 'minimal' });
    const namespaces = minimal.objects.filter((o) => (o as { kind: string }).kind === 'Namespace').map((o) => (o as { metadata: { name: string } }).metadata.name);
    assert.deepEqual(namespaces.sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    assert.ok(minimal.objects.some((o) => (o as { metadata: { name: string } }).metadata.name === 'coredns-6c8f9b7d4-qz7lm'));
  });
});
