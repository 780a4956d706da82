// team-a-prod: an e-commerce team. payments/checkout-api is OOM-crash-looping, payments/ledger-worker cannot
// be scheduled, web/storefront is healthy behind a LoadBalancer and an Ingress, batch runs a nightly report.
import { randomUUID } from 'node:crypto';
import { DAY, deploymentObjects, HOUR, MINUTE, podObject, type DemoNode, type SeedBuilder } from './demo-builders.js';
import { podIpOn } from './demo-system.js';

const REGISTRY = 'registry.cn-hangzhou.aliyuncs.com/team-a';

function checkoutLogs(startedAt: Date): string[] {
  const t = (seconds: number): string => new Date(startedAt.getTime() + seconds * 1000).toISOString().replace('Z', '+00:00');
  return [
    `${t(0)}  INFO 1 --- [           main] c.t.checkout.CheckoutApplication         : Starting CheckoutApplication v2.14.3 using Java 17.0.12 with PID 1`,
    `${t(1)}  INFO 1 --- [           main] c.t.checkout.CheckoutApplication         : The following 1 profile is active: "prod"`,
    `${t(4)}  INFO 1 --- [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat initialized with port 8080 (http)`,
    `${t(6)}  INFO 1 --- [           main] com.zaxxer.hikari.HikariDataSource       : HikariPool-1 - Start completed.`,
    `${t(9)}  INFO 1 --- [           main] c.t.checkout.cache.PriceCatalogLoader    : Loading price catalog into memory (2,418,203 SKUs)`,
    `${t(31)}  WARN 1 --- [           main] c.t.checkout.cache.PriceCatalogLoader    : Heap usage at 91% after loading 1,870,000 SKUs`,
    `${t(38)} ERROR 1 --- [           main] o.s.boot.SpringApplication               : Application run failed`,
    '',
    'java.lang.OutOfMemoryError: Java heap space',
    '\tat java.base/java.util.HashMap.resize(HashMap.java:702)',
    '\tat java.base/java.util.HashMap.putVal(HashMap.java:661)',
    '\tat java.base/java.util.HashMap.put(HashMap.java:610)',
    '\tat com.teama.checkout.cache.PriceCatalogLoader.load(PriceCatalogLoader.java:88)',
    '\tat com.teama.checkout.CheckoutApplication.run(CheckoutApplication.java:41)',
    '\tat org.springframework.boot.SpringApplication.callRunner(SpringApplication.java:786)',
    'Terminating due to java.lang.OutOfMemoryError: Java heap space',
  ];
}

function storefrontLogs(now: number): string[] {
  const paths = ['/', '/api/products?page=1', '/api/products?page=2', '/api/cart', '/static/app.8f3c1e.js', '/api/products/8812', '/healthz', '/api/checkout/quote'];
  const clients = ['10.0.1.57', '10.0.2.14', '10.0.3.88'];
  return Array.from({ length: 24 }, (_, i) => {
    const at = new Date(now - (24 - i) * 7000);
    const path = paths[i % paths.length] ?? '/';
    const status = path === '/api/checkout/quote' ? 502 : 200;
    const stamp = at.toUTCString().replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000');
    return `${clients[i % clients.length]} - - [${stamp}] "GET ${path} HTTP/1.1" ${status} ${status === 502 ? 157 : 1200 + i * 37} "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15" rt=0.0${10 + i}`;
  });
}

export function teamAObjects(b: SeedBuilder, nodes: DemoNode[]): void {
  const [n1, n2 = n1, n3 = n2] = nodes;
  if (n1 === undefined || n2 === undefined || n3 === undefined) return;
  for (const [ns, age] of [['payments', 30 * DAY], ['web', 30 * DAY], ['batch', 21 * DAY]] as const) b.namespace(ns, age, { team: 'team-a' });

  // payments/checkout-api: JVM heap (-Xmx768m) above the 512Mi limit, so the kernel OOM-kills it on load.
  const checkoutLabels = { app: 'checkout-api', tier: 'backend' };
  const checkout = {
    name: 'checkout-api',
    image: `${REGISTRY}/checkout-api:v2.14.3`,
    ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
    env: [
      { name: 'JAVA_OPTS', value: '-Xms256m -Xmx768m' },
      { name: 'SPRING_PROFILES_ACTIVE', value: 'prod' },
      { name: 'DB_USERNAME', valueFrom: { secretKeyRef: { name: 'checkout-api-db', key: 'username' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'checkout-api-db', key: 'password' } } },
    ],
    envFrom: [{ configMapRef: { name: 'checkout-api-config' } }],
    resources: { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } },
    livenessProbe: { httpGet: { path: '/actuator/health/liveness', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
  };
  const { deployment: checkoutDeploy, replicaSet: checkoutRs } = deploymentObjects(b, {
    namespace: 'payments', name: 'checkout-api', hash: '7d9c8b6f5', replicas: 1, labels: checkoutLabels, containers: [checkout],
    createdAgo: 12 * DAY, rolledOutAgo: 3 * DAY, revision: 4, ready: 0,
  });
  const checkoutPod = podObject(b, {
    namespace: 'payments', name: 'checkout-api-7d9c8b6f5-x2k4q', labels: { ...checkoutLabels, 'pod-template-hash': '7d9c8b6f5' }, containers: [checkout],
    owner: checkoutRs, nodeName: n2.name, hostIp: n2.internalIp, podIp: '10.0.1.171', createdAgo: 2 * HOUR + 14 * MINUTE,
    state: { phase: 'CrashLoopBackOff', restarts: 14, lastReason: 'OOMKilled', exitCode: 137, lastStartedAgo: 3 * MINUTE + 20_000, lastFinishedAgo: 2 * MINUTE + 41_000 },
  });
  const lastStart = new Date(b.now - 3 * MINUTE - 20_000);
  b.log('payments', 'checkout-api-7d9c8b6f5-x2k4q', 'checkout-api', checkoutLogs(lastStart), checkoutLogs(new Date(lastStart.getTime() - 5 * MINUTE - 40_000)));
  b.service({
    namespace: 'payments', name: 'checkout-api', clusterIP: '192.168.34.17', selector: checkoutLabels, createdAgo: 12 * DAY, labels: { app: 'checkout-api' },
    ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 8080 }],
  });
  b.configMap('payments', 'checkout-api-config', {
    'application.yaml': 'server:\n  port: 8080\ncatalog:\n  preload: true\n  source: oss://team-a-prod/catalog/latest.parquet\n',
    LOG_LEVEL: 'INFO',
    PAYMENT_GATEWAY_URL: 'https://pay-gw.internal.team-a.example.com',
  }, 12 * DAY);
  b.secret('payments', 'checkout-api-db', 'Opaque', { username: 'checkout_svc', password: 'Zt8#qLw2-prod-9vR' }, 12 * DAY);
  const kubelet = { component: 'kubelet', host: n2.name, fieldPath: 'spec.containers{checkout-api}' };
  b.event(checkoutPod, { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned payments/checkout-api-7d9c8b6f5-x2k4q to ${n2.name}`, count: 1, firstAgo: 2 * HOUR + 14 * MINUTE, lastAgo: 2 * HOUR + 14 * MINUTE, component: 'default-scheduler' });
  b.event(checkoutPod, { ...kubelet, type: 'Normal', reason: 'Pulled', message: `Container image "${checkout.image}" already present on machine`, count: 15, firstAgo: 2 * HOUR + 13 * MINUTE, lastAgo: 3 * MINUTE + 21_000 });
  b.event(checkoutPod, { ...kubelet, type: 'Normal', reason: 'Created', message: 'Created container: checkout-api', count: 15, firstAgo: 2 * HOUR + 13 * MINUTE, lastAgo: 3 * MINUTE + 21_000 });
  b.event(checkoutPod, { ...kubelet, type: 'Normal', reason: 'Started', message: 'Started container checkout-api', count: 15, firstAgo: 2 * HOUR + 13 * MINUTE, lastAgo: 3 * MINUTE + 20_000 });
  b.event(checkoutPod, {
    ...kubelet, type: 'Warning', reason: 'BackOff', count: 287, firstAgo: 2 * HOUR + 2 * MINUTE, lastAgo: 38_000,
    message: `Back-off restarting failed container checkout-api in pod checkout-api-7d9c8b6f5-x2k4q_payments(${String((checkoutPod['metadata'] as { uid: string }).uid)})`,
  });

  // payments/ledger-worker: asks for more memory than any node has left.
  const ledgerLabels = { app: 'ledger-worker', tier: 'backend' };
  const ledger = {
    name: 'ledger-worker',
    image: `${REGISTRY}/ledger-worker:v1.8.0`,
    resources: { limits: { memory: '24Gi' }, requests: { cpu: '2', memory: '24Gi' } },
  };
  const { replicaSet: ledgerRs } = deploymentObjects(b, {
    namespace: 'payments', name: 'ledger-worker', hash: '5f7b9c6d48', replicas: 1, labels: ledgerLabels, containers: [ledger],
    createdAgo: 47 * MINUTE, rolledOutAgo: 47 * MINUTE, revision: 1, ready: 0, stuck: true,
  });
  const unschedulable = `0/${nodes.length} nodes are available: ${nodes.length} Insufficient memory. preemption: 0/${nodes.length} nodes are available: ${nodes.length} No preemption victims found for incoming pod.`;
  const ledgerPod = podObject(b, {
    namespace: 'payments', name: 'ledger-worker-5f7b9c6d48-w7rtx', labels: { ...ledgerLabels, 'pod-template-hash': '5f7b9c6d48' }, containers: [ledger],
    owner: ledgerRs, createdAgo: 47 * MINUTE, state: { phase: 'Pending', message: unschedulable },
  });
  b.event(ledgerPod, { type: 'Warning', reason: 'FailedScheduling', message: unschedulable, count: 19, firstAgo: 47 * MINUTE, lastAgo: 2 * MINUTE + 5000, component: 'default-scheduler' });

  // web/storefront: healthy.
  const storeLabels = { app: 'storefront' };
  const storefront = {
    name: 'storefront',
    image: `${REGISTRY}/storefront:v5.2.1`,
    ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
    resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
    readinessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
  };
  const { replicaSet: storeRs } = deploymentObjects(b, {
    namespace: 'web', name: 'storefront', hash: '5b6d7c9f8', replicas: 1, labels: storeLabels, containers: [storefront],
    createdAgo: 30 * DAY, rolledOutAgo: 6 * DAY, revision: 9, ready: 1,
  });
  podObject(b, {
    namespace: 'web', name: 'storefront-5b6d7c9f8-hk2vn', labels: { ...storeLabels, 'pod-template-hash': '5b6d7c9f8' }, containers: [storefront],
    owner: storeRs, nodeName: n3.name, hostIp: n3.internalIp, podIp: podIpOn(n3, 23), createdAgo: 6 * DAY, state: { phase: 'Running' },
  });
  b.log('web', 'storefront-5b6d7c9f8-hk2vn', 'storefront', storefrontLogs(b.now));
  b.service({
    namespace: 'web', name: 'storefront', clusterIP: '192.168.12.40', type: 'LoadBalancer', selector: storeLabels, createdAgo: 30 * DAY, lbIp: '47.98.214.37',
    annotations: { 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec': 'slb.s1.small' },
    ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 31380 }],
  });
  b.secret('web', 'storefront-tls', 'kubernetes.io/tls', { 'tls.crt': '-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n', 'tls.key': '-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n' }, 30 * DAY);
  b.add({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'storefront', namespace: 'web', uid: randomUUID(), creationTimestamp: b.ago(30 * DAY), generation: 2 },
    spec: {
      ingressClassName: 'alb',
      rules: [{ host: 'shop.team-a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'storefront', port: { number: 80 } } } }] } }],
      tls: [{ hosts: ['shop.team-a.example.com'], secretName: 'storefront-tls' }],
    },
    status: { loadBalancer: { ingress: [{ hostname: 'alb-k3b5x9wq2m7d8c4f1a.cn-hangzhou.alb.aliyuncsslb.com' }] } },
  });

  // batch: a nightly report CronJob and its last (completed) Job.
  const reportContainer = { name: 'report-builder', image: `${REGISTRY}/report-builder:v0.9.4`, args: ['--date=yesterday', '--output=oss://team-a-prod/reports/'] };
  const cronJob = b.add({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report-builder', namespace: 'batch', uid: randomUUID(), creationTimestamp: b.ago(21 * DAY), generation: 1 },
    spec: {
      schedule: '0 0 * * *',
      concurrencyPolicy: 'Forbid',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: {}, spec: { backoffLimit: 2, template: { metadata: {}, spec: { containers: [reportContainer], restartPolicy: 'OnFailure' } } } },
    },
    status: { lastScheduleTime: b.ago(9 * HOUR), lastSuccessfulTime: b.ago(9 * HOUR - 4 * MINUTE) },
  });
  const jobUid = randomUUID();
  const jobLabels = { 'batch.kubernetes.io/controller-uid': jobUid, 'batch.kubernetes.io/job-name': 'report-builder-28811520', 'controller-uid': jobUid, 'job-name': 'report-builder-28811520' };
  const job = b.add({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'report-builder-28811520', namespace: 'batch', uid: jobUid, creationTimestamp: b.ago(9 * HOUR), generation: 1, labels: jobLabels,
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'report-builder', uid: (cronJob['metadata'] as { uid: string }).uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      backoffLimit: 2, completions: 1, parallelism: 1, completionMode: 'NonIndexed', suspend: false,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': jobUid } },
      template: { metadata: { labels: jobLabels }, spec: { containers: [reportContainer], restartPolicy: 'OnFailure' } },
    },
    status: {
      startTime: b.ago(9 * HOUR), completionTime: b.ago(9 * HOUR - 4 * MINUTE), succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {},
      conditions: [
        { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: b.ago(9 * HOUR - 4 * MINUTE), lastTransitionTime: b.ago(9 * HOUR - 4 * MINUTE), reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
        { type: 'Complete', status: 'True', lastProbeTime: b.ago(9 * HOUR - 4 * MINUTE), lastTransitionTime: b.ago(9 * HOUR - 4 * MINUTE), reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
      ],
    },
  });
  podObject(b, {
    namespace: 'batch', name: 'report-builder-28811520-6xq9d', labels: jobLabels, containers: [reportContainer], owner: job, restartPolicy: 'OnFailure',
    nodeName: n1.name, hostIp: n1.internalIp, podIp: podIpOn(n1, 61), createdAgo: 9 * HOUR,
    state: { phase: 'Succeeded', startedAgo: 9 * HOUR - 5000, finishedAgo: 9 * HOUR - 4 * MINUTE },
  });
  b.log('batch', 'report-builder-28811520-6xq9d', 'report-builder', [
    'report-builder v0.9.4 starting: date=yesterday',
    'reading orders from rds://orders-prod (partition 2024-10-11)',
    'aggregated 184,220 orders into 1,204 merchant reports',
    'uploaded 1,204 files to oss://team-a-prod/reports/2024-10-11/',
    'done in 3m51s',
  ]);
}
