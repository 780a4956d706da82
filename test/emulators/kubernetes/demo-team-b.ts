// team-b-data: a data team. analytics runs a Spark driver StatefulSet; inference/llm-serving crash-loops
// because its GPU is unavailable, behind a LoadBalancer and an Ingress.
import { randomUUID } from 'node:crypto';
import { DAY, deploymentObjects, HOUR, MINUTE, podObject, type DemoNode, type SeedBuilder } from './demo-builders.js';
import { podIpOn } from './demo-system.js';

const REGISTRY = 'registry.cn-beijing.aliyuncs.com/team-b';

function llmLogs(startedAt: Date): string[] {
  const t = (seconds: number): string => new Date(startedAt.getTime() + seconds * 1000).toISOString().replace(/\.\d+Z$/, '');
  return [
    `INFO ${t(0)} [server.py:88] Starting llm-serving v3.1.0 (model=qwen2.5-7b-instruct, dtype=bfloat16)`,
    `INFO ${t(1)} [server.py:102] Loading tokenizer from /models/qwen2.5-7b-instruct`,
    `INFO ${t(3)} [engine.py:214] Initializing CUDA context on device cuda:0`,
    'Traceback (most recent call last):',
    '  File "/app/server.py", line 131, in <module>',
    '    engine = LLMEngine.from_pretrained(args.model, device="cuda:0")',
    '  File "/app/engine.py", line 219, in from_pretrained',
    '    torch.cuda.set_device(device)',
    'RuntimeError: CUDA error: GPU 0 unavailable (cudaErrorDevicesUnavailable: all CUDA-capable devices are busy or unavailable)',
    'CUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below might be incorrect.',
    `ERROR ${t(4)} [server.py:140] Fatal: CUDA error: GPU 0 unavailable; exiting with code 1`,
  ];
}

function sparkLogs(now: number): string[] {
  const t = (ago: number): string => new Date(now - ago).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
  return [
    `${t(600_000)} INFO SparkContext: Running Spark version 3.5.1`,
    `${t(598_000)} INFO SparkContext: Submitted application: etl-daily-events`,
    `${t(590_000)} INFO KubernetesClusterSchedulerBackend: SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8`,
    `${t(300_000)} INFO DAGScheduler: Job 42 finished: parquet at EventsEtl.scala:77, took 271.904 s`,
    `${t(120_000)} WARN TaskSetManager: Lost task 17.0 in stage 88.0 (TID 9121) (10.0.2.113 executor 3): FetchFailed(BlockManagerId(2, 10.0.2.114, 7079, None), shuffleId=12)`,
    `${t(60_000)} INFO DAGScheduler: Resubmitting ShuffleMapStage 87 (parquet at EventsEtl.scala:77) due to fetch failure`,
    `${t(10_000)} INFO BlockManagerInfo: Removed broadcast_131_piece0 on spark-driver-etl-0.spark-driver-etl.analytics.svc:7079 in memory (size: 38.2 KiB, free: 2.1 GiB)`,
  ];
}

export function teamBObjects(b: SeedBuilder, nodes: DemoNode[]): void {
  const [n1, n2 = n1] = nodes;
  if (n1 === undefined || n2 === undefined) return;
  const gpuNode = nodes.find((n) => /\.gn/.test(n.instanceType)) ?? n2;
  for (const [ns, age] of [['analytics', 40 * DAY], ['inference', 18 * DAY]] as const) b.namespace(ns, age, { team: 'team-b' });

  // analytics/spark-driver-etl
  const sparkLabels = { app: 'spark-driver-etl' };
  const spark = {
    name: 'spark-driver',
    image: `${REGISTRY}/spark-etl:3.5.1-r7`,
    args: ['driver', '--class', 'com.teamb.etl.EventsEtl'],
    ports: [{ containerPort: 7078, name: 'driver-rpc', protocol: 'TCP' }, { containerPort: 7079, name: 'blockmanager', protocol: 'TCP' }, { containerPort: 4040, name: 'spark-ui', protocol: 'TCP' }],
    resources: { limits: { cpu: '2', memory: '6Gi' }, requests: { cpu: '2', memory: '6Gi' } },
  };
  const revision = 'spark-driver-etl-7b8d9c6f5d';
  const sts = b.add({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'spark-driver-etl', namespace: 'analytics', uid: randomUUID(), creationTimestamp: b.ago(40 * DAY), generation: 3, labels: sparkLabels },
    spec: {
      replicas: 1,
      selector: { matchLabels: sparkLabels },
      serviceName: 'spark-driver-etl',
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      template: { metadata: { labels: sparkLabels }, spec: { containers: [spark], restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {} } },
    },
    status: {
      observedGeneration: 3, replicas: 1, readyReplicas: 1, currentReplicas: 1, updatedReplicas: 1, availableReplicas: 1,
      currentRevision: revision, updateRevision: revision, collisionCount: 0,
    },
  });
  podObject(b, {
    namespace: 'analytics', name: 'spark-driver-etl-0', containers: [spark], owner: sts, nodeName: n1.name, hostIp: n1.internalIp, podIp: podIpOn(n1, 112),
    labels: { ...sparkLabels, 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': 'spark-driver-etl-0' },
    createdAgo: 5 * DAY, state: { phase: 'Running', restarts: 1 },
  });
  b.log('analytics', 'spark-driver-etl-0', 'spark-driver', sparkLogs(b.now));
  b.service({
    namespace: 'analytics', name: 'spark-driver-etl', clusterIP: 'None', selector: sparkLabels, createdAgo: 40 * DAY,
    ports: [{ name: 'driver-rpc', port: 7078, protocol: 'TCP', targetPort: 7078 }, { name: 'blockmanager', port: 7079, protocol: 'TCP', targetPort: 7079 }],
  });
  b.secret('analytics', 'oss-credentials', 'Opaque', { 'access-key-id': 'LTAI5tExampleKeyId0001', 'access-key-secret': 'ExampleSecretValueForTests0001' }, 40 * DAY);

  // inference/llm-serving
  const llmLabels = { app: 'llm-serving' };
  const llm = {
    name: 'llm-serving',
    image: `${REGISTRY}/llm-serving:v3.1.0-cu124`,
    ports: [{ containerPort: 8000, name: 'http', protocol: 'TCP' }],
    env: [{ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'token' } } }],
    resources: { limits: { cpu: '8', memory: '28Gi', 'nvidia.com/gpu': '1' }, requests: { cpu: '4', memory: '24Gi', 'nvidia.com/gpu': '1' } },
    readinessProbe: { httpGet: { path: '/v1/health', port: 8000, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 3 },
  };
  const { replicaSet } = deploymentObjects(b, {
    namespace: 'inference', name: 'llm-serving', hash: '6f5d8c7b9', replicas: 1, labels: llmLabels, containers: [llm],
    createdAgo: 18 * DAY, rolledOutAgo: 26 * HOUR, revision: 6, ready: 0,
  });
  const llmPod = podObject(b, {
    namespace: 'inference', name: 'llm-serving-6f5d8c7b9-p4w8z', labels: { ...llmLabels, 'pod-template-hash': '6f5d8c7b9' }, containers: [llm], owner: replicaSet,
    nodeName: gpuNode.name, hostIp: gpuNode.internalIp, podIp: podIpOn(gpuNode, 47), createdAgo: 26 * HOUR,
    state: { phase: 'CrashLoopBackOff', restarts: 212, lastReason: 'Error', exitCode: 1, lastStartedAgo: 4 * MINUTE + 12_000, lastFinishedAgo: 4 * MINUTE + 7000 },
  });
  const started = new Date(b.now - 4 * MINUTE - 12_000);
  b.log('inference', 'llm-serving-6f5d8c7b9-p4w8z', 'llm-serving', llmLogs(started), llmLogs(new Date(started.getTime() - 5 * MINUTE - 10_000)));
  b.service({
    namespace: 'inference', name: 'llm-serving', clusterIP: '192.168.80.21', type: 'LoadBalancer', selector: llmLabels, createdAgo: 18 * DAY, lbIp: '39.105.77.142',
    annotations: { 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type': 'intranet' },
    ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8000, nodePort: 30821 }],
  });
  b.add({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'llm-serving', namespace: 'inference', uid: randomUUID(), creationTimestamp: b.ago(18 * DAY), generation: 1, annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '300' } },
    spec: {
      ingressClassName: 'nginx',
      rules: [{ host: 'llm.team-b.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'llm-serving', port: { number: 80 } } } }] } }],
    },
    status: { loadBalancer: { ingress: [{ ip: '39.105.77.143' }] } },
  });
  b.secret('inference', 'hf-token', 'Opaque', { token: 'hf_exampleTokenForTests0000000000000' }, 18 * DAY);
  const kubelet = { component: 'kubelet', host: gpuNode.name, fieldPath: 'spec.containers{llm-serving}' };
  const uid = (llmPod['metadata'] as { uid: string }).uid;
  b.event(llmPod, { ...kubelet, type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container llm-serving in pod llm-serving-6f5d8c7b9-p4w8z_inference(${uid})`, count: 4891, firstAgo: 25 * HOUR, lastAgo: 51_000 });
  b.event(llmPod, { ...kubelet, type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: Get "http://' + podIpOn(gpuNode, 47) + ':8000/v1/health": dial tcp ' + podIpOn(gpuNode, 47) + ':8000: connect: connection refused', count: 96, firstAgo: 25 * HOUR, lastAgo: 4 * MINUTE + 8000 });
  b.event(llmPod, { ...kubelet, type: 'Normal', reason: 'Pulled', message: `Container image "${llm.image}" already present on machine`, count: 213, firstAgo: 26 * HOUR, lastAgo: 4 * MINUTE + 13_000 });
  b.event(llmPod, { ...kubelet, type: 'Normal', reason: 'Started', message: 'Started container llm-serving', count: 213, firstAgo: 26 * HOUR, lastAgo: 4 * MINUTE + 12_000 });
}
