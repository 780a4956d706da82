import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import yaml from 'js-yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { configSchema, loadConfig } from '../src/config.js';
import { Authenticator } from '../src/http/authenticator.js';
import { hostValidation } from '../src/http/request-guards.js';
import { helmPath } from './helpers/binaries.js';

// The Helm chart, rendered by the real helm 4 binary (offline, in a throw-away HELM_* home): lint,
// Kubernetes schema validation of every object, the security and wiring contracts of each CI values
// file, and the failures that protect operators from unsafe values.

const CHART = fileURLToPath(new URL('../helm/ack-mcp-server/', import.meta.url));
const RELEASE = 'mcp';
const NAMESPACE = 'tools';
const FULLNAME = `${RELEASE}-ack-mcp-server`;
const PROFILES = ['default', 'multi-tenant', 'in-cluster-rrsa', 'everything'] as const;
type Profile = (typeof PROFILES)[number];

/** Settings the chart derives from its own values; the free-form `config` map may not set them. */
const CHART_DERIVED = [
  'MCP_HOST', 'MCP_PORT', 'MCP_AUTH_TOKEN', 'MCP_TOKENS_FILE', 'MCP_ALLOW_UNAUTHENTICATED', 'MCP_ALLOWED_HOSTS',
  'MCP_SHUTDOWN_GRACE_SECONDS', 'MCP_TRANSPORT', 'MCP_METRICS_ENABLED', 'ALIBABA_CLOUD_CREDENTIAL_SOURCE',
  'KUBERNETES_MODE', 'KUBERNETES_IN_CLUSTER_ID', 'KUBECTL_ACCESS_LEVEL', 'KUBECTL_WORK_DIR',
];
/** Not server settings, but read by the default credential chain of @alicloud/credentials (RRSA). */
const RRSA_ENV = [
  'ALIBABA_CLOUD_ROLE_ARN', 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN', 'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
  'ALIBABA_CLOUD_ROLE_SESSION_NAME', 'ALIBABA_CLOUD_STS_REGION', 'ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED',
];
/** Other documented non-setting variables the CI values pass through extraEnv. */
const DOCUMENTED_EXTRA_ENV = ['OTEL_EXPORTER_OTLP_HEADERS'];
const SETTINGS = new Set(Object.keys(configSchema.shape));

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}
/** Rendered manifests are walked as plain JSON. */
type Json = any;

type ModelClass = new (data: never) => { validate(): void };
const VALIDATORS: Record<string, ModelClass> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/Secret': Secret,
  'v1/ConfigMap': ConfigMap,
  'v1/Pod': Pod,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

let home: string;

function helm(args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    // No cluster: `lookup` finds nothing and nothing is contacted.
    KUBECONFIG: join(home, 'no-kubeconfig'),
  };
  return new Promise((resolve) => {
    execFile(helmPath(), args, { env, encoding: 'utf8', timeout: 15_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ ok: !error, stdout, stderr });
    });
  });
}

const valuesFile = (profile: Profile) => join(CHART, 'ci', `${profile}-values.yaml`);
const template = (...args: string[]) => helm(['template', RELEASE, CHART, '--namespace', NAMESPACE, ...args]);

function parse(manifest: string): K8sObject[] {
  return yaml.loadAll(manifest).filter((doc): doc is K8sObject => doc !== null && typeof doc === 'object');
}

function only(objects: K8sObject[], kind: string): Json {
  const found = objects.filter((o) => o.kind === kind);
  assert.equal(found.length, 1, `expected exactly one ${kind}, got ${found.length}`);
  return found[0];
}
const maybe = (objects: K8sObject[], kind: string): Json => objects.find((o) => o.kind === kind);

const rendered = new Map<Profile, K8sObject[]>();
const lints = new Map<Profile, { ok: boolean; stdout: string; stderr: string }>();

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'ack-mcp-helm-'));
  const runs = await Promise.all(
    PROFILES.map(async (profile) => {
      const [lint, render] = await Promise.all([helm(['lint', '--strict', CHART, '-f', valuesFile(profile)]), template('-f', valuesFile(profile))]);
      return { profile, lint, render };
    }),
  );
  for (const { profile, lint, render } of runs) {
    lints.set(profile, lint);
    assert.ok(render.ok, `helm template with ci/${profile}-values.yaml failed:\n${render.stderr}`);
    rendered.set(profile, parse(render.stdout));
  }
});

after(() => rmSync(home, { recursive: true, force: true }));

function objectsOf(profile: Profile): K8sObject[] {
  const objects = rendered.get(profile);
  assert.ok(objects, `ci/${profile}-values.yaml was not rendered`);
  return objects;
}

/** The settings the server sees: the ConfigMap plus the token of the chart's Secret, if any. */
function serverEnvironment(objects: K8sObject[]): Record<string, string> {
  const env: Record<string, string> = { ...only(objects, 'ConfigMap').data };
  const container = only(objects, 'Deployment').spec.template.spec.containers[0];
  const tokenRef = (container.env ?? []).find((e: Json) => e.name === 'MCP_AUTH_TOKEN')?.valueFrom?.secretKeyRef;
  const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === tokenRef?.name) as Json;
  if (tokenRef && secret) env.MCP_AUTH_TOKEN = Buffer.from(secret.data[tokenRef.key], 'base64').toString('utf8');
  return env;
}

describe('helm chart', () => {
  for (const profile of PROFILES) {
    describe(`ci/${profile}-values.yaml`, () => {
      it('passes helm lint --strict', () => {
        const lint = lints.get(profile);
        assert.ok(lint?.ok, `helm lint --strict failed:\n${lint?.stdout}\n${lint?.stderr}`);
        assert.match(lint.stdout, /0 chart\(s\) failed/);
      });

      it('renders only objects that validate against their Kubernetes schema', () => {
        const objects = objectsOf(profile);
        assert.ok(objects.length >= 5);
        for (const object of objects) {
          const key = `${object.apiVersion}/${object.kind}`;
          const Model = VALIDATORS[key];
          assert.ok(Model, `no schema validator for ${key} (${object.metadata?.name}): add one before rendering this kind`);
          assert.doesNotThrow(() => new Model(object as never).validate(), `${key} ${object.metadata.name} is invalid`);
          if (object.kind !== 'ClusterRoleBinding') assert.equal(object.metadata.namespace, NAMESPACE, `${key} has no namespace`);
        }
      });

      it('runs the server and the test hook under the restricted security context', () => {
        const objects = objectsOf(profile);
        const pods: Json[] = [only(objects, 'Deployment').spec.template.spec];
        const hook = maybe(objects, 'Pod');
        assert.ok(hook, 'the helm test pod is rendered');
        assert.equal(hook.metadata.annotations['helm.sh/hook'], 'test');
        pods.push(hook.spec);
        for (const pod of pods) {
          assert.equal(pod.securityContext.runAsNonRoot, true);
          assert.equal(pod.securityContext.runAsUser, 1000);
          assert.equal(pod.securityContext.runAsGroup, 1000);
          assert.equal(pod.securityContext.fsGroup, 1000);
          assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
          for (const container of pod.containers) {
            assert.equal(container.securityContext.allowPrivilegeEscalation, false);
            assert.equal(container.securityContext.readOnlyRootFilesystem, true);
            assert.deepEqual(container.securityContext.capabilities.drop, ['ALL']);
            assert.ok(container.resources?.requests && container.resources?.limits, `${container.name} has requests and limits`);
          }
        }
        assert.equal(hook.spec.containers[0].image, pods[0].containers[0].image, 'the test pod uses the server image');
        assert.deepEqual(hook.spec.containers[0].command, ['node', '-e']);
        assert.match(hook.spec.containers[0].args[0], /\/readyz/);
        assert.match(hook.spec.containers[0].args[0], /status !== 401/);
      });

      it('probes /healthz and /readyz on the http port the server listens on', () => {
        const objects = objectsOf(profile);
        const container = only(objects, 'Deployment').spec.template.spec.containers[0];
        const port = container.ports.find((p: Json) => p.name === 'http');
        assert.equal(String(port.containerPort), only(objects, 'ConfigMap').data.MCP_PORT);
        assert.deepEqual(container.livenessProbe.httpGet, { path: '/healthz', port: 'http' });
        assert.deepEqual(container.readinessProbe.httpGet, { path: '/readyz', port: 'http' });
        assert.deepEqual(container.startupProbe.httpGet, { path: '/healthz', port: 'http' });
        const service = only(objects, 'Service');
        assert.equal(service.spec.type, 'ClusterIP');
        assert.deepEqual(service.spec.ports.map((p: Json) => [p.name, p.targetPort]), [['http', 'http']]);
      });

      it('writes only to an emptyDir at /tmp that holds KUBECTL_WORK_DIR', () => {
        const objects = objectsOf(profile);
        const pod = only(objects, 'Deployment').spec.template.spec;
        const mount = pod.containers[0].volumeMounts.find((m: Json) => m.mountPath === '/tmp');
        assert.ok(mount, '/tmp is mounted');
        const volume = pod.volumes.find((v: Json) => v.name === mount.name);
        assert.ok(volume.emptyDir?.sizeLimit, '/tmp is an emptyDir with a sizeLimit');
        assert.match(only(objects, 'ConfigMap').data.KUBECTL_WORK_DIR, /^\/tmp\/./);
      });

      it('gives the kubelet longer than the drain before it kills the server', () => {
        const objects = objectsOf(profile);
        const pod = only(objects, 'Deployment').spec.template.spec;
        const drain = Number(only(objects, 'ConfigMap').data.MCP_SHUTDOWN_GRACE_SECONDS);
        const preStop = pod.containers[0].lifecycle?.preStop?.sleep?.seconds ?? 0;
        assert.ok(pod.terminationGracePeriodSeconds > drain + preStop, `grace ${pod.terminationGracePeriodSeconds} <= drain ${drain} + preStop ${preStop}`);
      });

      it('takes tokens only from a Secret, never from the ConfigMap or a literal env value', () => {
        const objects = objectsOf(profile);
        const configMap = only(objects, 'ConfigMap');
        for (const key of Object.keys(configMap.data)) {
          assert.ok(key !== 'MCP_AUTH_TOKEN' && !key.startsWith('ALIBABA_CLOUD_ACCESS_KEY') && key !== 'ALIBABA_CLOUD_SECURITY_TOKEN', `${key} in the ConfigMap`);
        }
        const pod = only(objects, 'Deployment').spec.template.spec;
        const env: Json[] = pod.containers[0].env ?? [];
        const token = env.find((e) => e.name === 'MCP_AUTH_TOKEN');
        const tokensFile = configMap.data.MCP_TOKENS_FILE as string | undefined;
        assert.ok(token || tokensFile, 'some authentication is configured');
        if (token) {
          assert.equal(token.value, undefined, 'MCP_AUTH_TOKEN is not a literal');
          assert.ok(token.valueFrom.secretKeyRef.name && token.valueFrom.secretKeyRef.key);
        }
        if (tokensFile) {
          const mount = pod.containers[0].volumeMounts.find((m: Json) => tokensFile.startsWith(`${m.mountPath}/`));
          assert.ok(mount?.readOnly, 'the tokens file is mounted read-only');
          const volume = pod.volumes.find((v: Json) => v.name === mount.name);
          assert.ok(volume.secret?.secretName, 'the tokens file comes from a Secret');
        }
        for (const entry of env) {
          if (/TOKEN$|SECRET|ACCESS_KEY|PASSWORD|HEADERS$/.test(entry.name)) assert.equal(entry.value, undefined, `${entry.name} is a literal`);
        }
      });

      it('renders only server settings (and RRSA variables) into the ConfigMap and env', () => {
        const objects = objectsOf(profile);
        for (const key of Object.keys(only(objects, 'ConfigMap').data)) {
          assert.ok(SETTINGS.has(key) || RRSA_ENV.includes(key), `ConfigMap key ${key} is not a server setting`);
        }
        for (const { name } of only(objects, 'Deployment').spec.template.spec.containers[0].env ?? []) {
          assert.ok(SETTINGS.has(name) || RRSA_ENV.includes(name) || DOCUMENTED_EXTRA_ENV.includes(name), `env ${name} is not a server setting`);
        }
      });

      it('renders settings that the server accepts, with its tokens file', () => {
        const objects = objectsOf(profile);
        const env = serverEnvironment(objects);
        let tokensDir: string | undefined;
        const secret = objects.find((o) => o.kind === 'Secret') as Json;
        if (env.MCP_TOKENS_FILE && secret?.data?.['tokens.json']) {
          tokensDir = mkdtempSync(join(home, 'tokens-'));
          env.MCP_TOKENS_FILE = join(tokensDir, 'tokens.json');
          writeFileSync(env.MCP_TOKENS_FILE, Buffer.from(secret.data['tokens.json'], 'base64'));
        }
        const config = loadConfig(env);
        assert.equal(config.MCP_HOST, '0.0.0.0');
        assert.equal(config.MCP_TRANSPORT, 'http');
        if (tokensDir) {
          const authenticator = Authenticator.fromConfig(config);
          assert.ok(authenticator.enabled);
          assert.ok(authenticator.principals.length >= 2, 'the principals of the tokens file load');
        }
      });

      it('accepts the Service DNS names and every ingress host as Host', () => {
        const objects = objectsOf(profile);
        const config = loadConfig(serverEnvironment(objects));
        const service = only(objects, 'Service');
        const port = service.spec.ports[0].port;
        const names = [FULLNAME, `${FULLNAME}.${NAMESPACE}`, `${FULLNAME}.${NAMESPACE}.svc`, `${FULLNAME}.${NAMESPACE}.svc.cluster.local`];
        assert.equal(service.metadata.name, FULLNAME);
        const ingress = maybe(objects, 'Ingress');
        const hosts = [...names, ...(ingress?.spec.rules ?? []).map((r: Json) => r.host)];
        for (const host of hosts) assert.ok(config.MCP_ALLOWED_HOSTS.includes(host), `${host} missing from MCP_ALLOWED_HOSTS`);
        const guard = hostValidation(config.MCP_ALLOWED_HOSTS, false);
        for (const host of [...hosts, `${names[2]}:${port}`]) {
          let passed = false;
          const refuse = () => assert.fail(`Host ${host} refused`);
          guard({ headers: { host } } as never, { status: refuse, setHeader: refuse } as never, () => (passed = true));
          assert.ok(passed, `Host ${host} passes the server's Host check`);
        }
      });
    });
  }

  describe('profiles', () => {
    it('multi-tenant: headers credentials, HPA-owned replicas, PDB, streaming ingress of /mcp only, NetworkPolicy', () => {
      const objects = objectsOf('multi-tenant');
      const configMap = only(objects, 'ConfigMap');
      assert.equal(configMap.data.ALIBABA_CLOUD_CREDENTIAL_SOURCE, 'headers');
      assert.equal(configMap.data.KUBERNETES_MODE, 'ack');
      const deployment = only(objects, 'Deployment');
      assert.equal(deployment.spec.replicas, undefined, 'the HPA owns the replica count');
      const hpa = only(objects, 'HorizontalPodAutoscaler');
      assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
      assert.ok(hpa.spec.minReplicas >= 3);
      assert.ok(hpa.spec.metrics.some((m: Json) => m.resource?.name === 'cpu'));
      assert.deepEqual(only(objects, 'PodDisruptionBudget').spec.selector.matchLabels, deployment.spec.selector.matchLabels);
      const ingress = only(objects, 'Ingress');
      const annotations = ingress.metadata.annotations;
      assert.equal(annotations['nginx.ingress.kubernetes.io/proxy-buffering'], 'off');
      assert.equal(annotations['nginx.ingress.kubernetes.io/proxy-request-buffering'], 'off');
      assert.ok(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']) >= 3600);
      assert.ok(Number(annotations['nginx.ingress.kubernetes.io/proxy-send-timeout']) >= 3600);
      assert.ok(ingress.spec.tls[0].hosts.includes(ingress.spec.rules[0].host));
      const paths = ingress.spec.rules.flatMap((r: Json) => r.http.paths);
      assert.ok(paths.length > 0);
      for (const path of paths) {
        assert.equal(path.path, '/mcp');
        assert.equal(path.pathType, 'Prefix');
        assert.equal(path.backend.service.port.name, 'http');
      }
      const policy = only(objects, 'NetworkPolicy');
      assert.deepEqual(policy.spec.policyTypes, ['Ingress', 'Egress']);
      assert.ok(policy.spec.egress.some((rule: Json) => rule.ports.some((p: Json) => p.port === 53)), 'DNS egress');
      assert.ok(policy.spec.egress.some((rule: Json) => rule.ports.some((p: Json) => p.port === 443)), 'HTTPS egress');
      // The tokens file comes from the operator's own Secret: the chart renders none.
      assert.equal(maybe(objects, 'Secret'), undefined);
      const tokens = deployment.spec.template.spec.volumes.find((v: Json) => v.name === 'tokens-file');
      assert.equal(tokens.secret.secretName, 'ack-mcp-tokens');
      assert.equal(deployment.spec.template.spec.automountServiceAccountToken, false);
    });

    it('in-cluster-rrsa: default credentials through the RRSA webhook, in-cluster mode bound to view', () => {
      const objects = objectsOf('in-cluster-rrsa');
      const configMap = only(objects, 'ConfigMap');
      assert.equal(configMap.data.ALIBABA_CLOUD_CREDENTIAL_SOURCE, 'default');
      assert.equal(configMap.data.KUBERNETES_MODE, 'in-cluster');
      assert.match(configMap.data.KUBERNETES_IN_CLUSTER_ID, /^c[a-z0-9]{32}$/);
      const deployment = only(objects, 'Deployment');
      assert.equal(deployment.spec.replicas, 1);
      const pod = deployment.spec.template.spec;
      assert.equal(pod.automountServiceAccountToken, true);
      const account = only(objects, 'ServiceAccount');
      assert.equal(pod.serviceAccountName, account.metadata.name);
      assert.ok(account.metadata.annotations['pod-identity.alibabacloud.com/role-name']);
      // The webhook injects the RRSA variables and token; the chart sets none of them itself.
      for (const key of RRSA_ENV) assert.equal(configMap.data[key], undefined, `${key} set by the chart in webhook mode`);
      const binding = only(objects, 'ClusterRoleBinding');
      assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
      assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: account.metadata.name, namespace: NAMESPACE }]);
    });

    it('everything: every optional object, RRSA manual mode wired to the projected token', () => {
      const objects = objectsOf('everything');
      const kinds = new Set(objects.map((o) => o.kind));
      for (const kind of [
        'Deployment', 'Service', 'ServiceAccount', 'Secret', 'ConfigMap', 'Ingress', 'HorizontalPodAutoscaler',
        'PodDisruptionBudget', 'NetworkPolicy', 'ServiceMonitor', 'ClusterRoleBinding', 'Pod',
      ]) {
        assert.ok(kinds.has(kind), `${kind} is rendered`);
      }
      const configMap = only(objects, 'ConfigMap');
      const pod = only(objects, 'Deployment').spec.template.spec;
      const volume = pod.volumes.find((v: Json) => v.projected?.sources?.some((s: Json) => s.serviceAccountToken));
      assert.ok(volume, 'a projected service account token volume');
      const source = volume.projected.sources.find((s: Json) => s.serviceAccountToken).serviceAccountToken;
      assert.equal(source.audience, 'sts.aliyuncs.com');
      assert.equal(source.expirationSeconds, 3600);
      const mount = pod.containers[0].volumeMounts.find((m: Json) => m.name === volume.name);
      assert.ok(mount.readOnly);
      assert.match(mount.mountPath, /^\/var\/run\/secrets\//);
      assert.equal(configMap.data.ALIBABA_CLOUD_OIDC_TOKEN_FILE, `${mount.mountPath}/${source.path}`);
      assert.match(configMap.data.ALIBABA_CLOUD_ROLE_ARN, /^acs:ram::\d+:role\//);
      assert.match(configMap.data.ALIBABA_CLOUD_OIDC_PROVIDER_ARN, /^acs:ram::\d+:oidc-provider\//);
      const monitor = only(objects, 'ServiceMonitor');
      assert.deepEqual(
        monitor.spec.endpoints.map((e: Json) => [e.port, e.path]),
        [['http', '/metrics']],
      );
      assert.deepEqual(monitor.spec.selector.matchLabels, only(objects, 'Service').spec.selector);
      const ingress = only(objects, 'Ingress');
      assert.equal(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'], '1800', 'user annotations win');
      assert.equal(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-body-size'], configMap.data.MCP_MAX_BODY_BYTES, 'the ingress passes bodies the server accepts');
      assert.ok(ingress.spec.rules.every((r: Json) => r.http.paths.every((p: Json) => p.path === '/mcp')), 'no /metrics on the ingress');
      for (const constraint of pod.topologySpreadConstraints) assert.ok(constraint.labelSelector, 'spread constraints select the pods');
      assert.equal(pod.containers[0].lifecycle.preStop.sleep.seconds, 5);
    });

    it('default: generates a 48-character token into a Secret and mounts no API token', () => {
      const objects = objectsOf('default');
      const secret = only(objects, 'Secret');
      const token = Buffer.from(secret.data.token, 'base64').toString('utf8');
      assert.match(token, /^[A-Za-z0-9]{48}$/);
      const pod = only(objects, 'Deployment').spec.template.spec;
      const ref = pod.containers[0].env.find((e: Json) => e.name === 'MCP_AUTH_TOKEN').valueFrom.secretKeyRef;
      assert.deepEqual(ref, { name: secret.metadata.name, key: 'token' });
      assert.equal(pod.automountServiceAccountToken, false);
      for (const kind of ['Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'ServiceMonitor', 'ClusterRoleBinding']) {
        assert.equal(maybe(objects, kind), undefined, `${kind} is off by default`);
      }
    });
  });

  describe('documentation', () => {
    it('the chart README documents every value', () => {
      const readme = readFileSync(join(CHART, 'README.md'), 'utf8');
      const values = yaml.load(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Record<string, unknown>;
      const missing: string[] = [];
      const walk = (node: unknown, path: string[]) => {
        const documented = path.some((_, i) => readme.includes(`| \`${path.slice(0, i + 1).join('.')}\` |`));
        if (node && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length > 0 && !documented) {
          for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
        } else if (!documented) {
          missing.push(path.join('.'));
        }
      };
      walk(values, []);
      assert.deepEqual(missing, [], 'values missing from the README values table');
    });

    it('NOTES say how to read the generated token and, for the RRSA webhook, which label the namespace needs', async () => {
      const [plain, rrsa] = await Promise.all(
        (['default', 'in-cluster-rrsa'] as const).map((profile) =>
          helm(['install', RELEASE, CHART, '--namespace', NAMESPACE, '--dry-run=client', '-f', valuesFile(profile)]),
        ),
      );
      assert.ok(plain?.ok && rrsa?.ok, `${plain?.stderr}${rrsa?.stderr}`);
      assert.match(plain.stdout, new RegExp(`kubectl -n ${NAMESPACE} get secret ${FULLNAME} -o jsonpath='\\{\\.data\\.token\\}' \\| base64 -d`));
      assert.match(rrsa.stdout, new RegExp(`kubectl label namespace ${NAMESPACE} pod-identity\\.alibabacloud\\.com/injection=on`));
    });
  });

  describe('values.schema.json', () => {
    it('lets `config` set exactly the server settings the chart does not derive', () => {
      const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8'));
      const allowed: string[] = schema.properties.config.propertyNames.enum;
      for (const key of allowed) assert.ok(SETTINGS.has(key), `config allows ${key}, which is not a server setting`);
      for (const key of allowed) assert.ok(!CHART_DERIVED.includes(key), `config allows ${key}, which the chart derives`);
      for (const key of SETTINGS) {
        assert.ok(
          allowed.includes(key) || CHART_DERIVED.includes(key),
          `server setting ${key} is neither in values.schema.json config.propertyNames nor derived by the chart: add it to one of them`,
        );
      }
    });
  });

  describe('refuses unsafe values', () => {
    const cases: Array<{ name: string; args: string[]; message: RegExp }> = [
      { name: 'an unknown credential source', args: ['--set', 'server.credentialSource=env'], message: /\/server\/credentialSource.*one of 'headers', 'default', 'headers-or-default'/ },
      { name: 'an unknown top-level key', args: ['--set', 'replicas=3'], message: /additional properties 'replicas' not allowed/ },
      { name: 'MCP_AUTH_TOKEN in the settings map', args: ['--set', 'config.MCP_AUTH_TOKEN=abcdefghijklmnop0123'], message: /\/config\/MCP_AUTH_TOKEN/ },
      { name: 'an access key in the settings map', args: ['--set', 'config.ALIBABA_CLOUD_ACCESS_KEY_SECRET=x'], message: /\/config\/ALIBABA_CLOUD_ACCESS_KEY_SECRET/ },
      { name: 'a setting the chart derives, in the settings map', args: ['--set', 'config.MCP_HOST=127.0.0.1'], message: /invalid propertyName 'MCP_HOST'/ },
      { name: 'a bad kubectl access level', args: ['--set', 'kubernetes.kubectlAccessLevel=root'], message: /\/kubernetes\/kubectlAccessLevel/ },
      { name: 'in-cluster mode without a cluster id', args: ['--set', 'kubernetes.mode=in-cluster'], message: /kubernetes\.inClusterId is required when kubernetes\.mode is in-cluster/ },
      { name: 'a termination grace not longer than the drain', args: ['--set', 'server.terminationGracePeriodSeconds=30'], message: /terminationGracePeriodSeconds \(30\) must be longer than the drain/ },
      { name: 'RRSA webhook mode without a role name', args: ['--set', 'rrsa.mode=webhook'], message: /rrsa\.roleName is required/ },
      { name: 'a token as a literal extra env value', args: ['--set', 'extraEnv[0].name=MCP_AUTH_TOKEN', '--set', 'extraEnv[0].value=abcdefghijklmnop0123'], message: /\/extraEnv\/0\/name/ },
      { name: 'an existing Secret without keys', args: ['--set', 'auth.existingSecret.name=mine'], message: /never runs without authentication/ },
    ];
    let results: Array<{ ok: boolean; stdout: string; stderr: string }>;
    before(async () => {
      results = await Promise.all(cases.map((c) => template(...c.args)));
    });
    cases.forEach((c, i) => {
      it(`fails on ${c.name}`, () => {
        const result = results[i];
        assert.ok(result && !result.ok, `helm template ${c.args.join(' ')} succeeded`);
        assert.match(result.stderr, c.message);
      });
    });
  });
});
