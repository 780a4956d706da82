import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ClusterAccess } from '../src/services/cluster-access.js';
import { KubectlRunner } from '../src/services/kubectl-runner.js';
import { WorkDir } from '../src/services/work-dir.js';
import { registerSecret } from '../src/observability/redact.js';

// These tests stand a small shell script in for kubectl to observe what the runner does to the
// process (files, environment, process group); kubectl itself is exercised in kubectl.test.ts.
let root: string;
const access: ClusterAccess = {
  clusterId: 'c0123456789abcdef0123456789abcdef',
  key: 'fingerprint|c0123456789abcdef0123456789abcdef|public',
  kubeconfig: 'apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: runner-test-token-0123456789\n',
  server: 'https://127.0.0.1:1',
  expiresAt: Date.now() + 3_600_000,
};

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers signal 0; it is dead for our purpose.
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

function script(name: string, body: string): string {
  const path = join(root, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

function runner(path: string, options: { maxOutputBytes?: number; maxProcesses?: number; workDir?: WorkDir } = {}): KubectlRunner {
  return new KubectlRunner({
    path,
    maxOutputBytes: options.maxOutputBytes ?? 100_000,
    maxProcesses: options.maxProcesses ?? 4,
    workDir: options.workDir ?? new WorkDir(join(root, 'work')),
  });
}

const run = (r: KubectlRunner, extra: Partial<Parameters<KubectlRunner['run']>[0]> = {}) =>
  r.run({ access, verb: 'get', args: ['get', 'pods'], timeoutMs: 10_000, signal: new AbortController().signal, ...extra });

describe('kubectl runner', () => {
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'kubectl-runner-'));
    registerSecret('runner-test-token-0123456789'); // as the access providers do for every kubeconfig credential
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes the kubeconfig 0600 in a private 0700 directory and removes it when kubectl ends', async () => {
    const path = script('files.sh', 'stat -c "%a" "$2" "$(dirname "$2")"; cat "$2"; echo "$2"; echo "args: $*"');
    const result = await run(runner(path));
    const [fileMode, dirMode, ...rest] = result.stdout.trim().split('\n');
    assert.equal(fileMode, '600');
    assert.equal(dirMode, '700');
    assert.equal(result.exitCode, 0);
    const kubeconfigPath = rest.find((line) => line.endsWith('/kubeconfig'));
    assert.ok(kubeconfigPath, result.stdout);
    assert.equal(existsSync(kubeconfigPath), false, 'the per-invocation kubeconfig is removed');
    assert.match(result.stdout, /args: --kubeconfig \S+ --cache-dir \S+ get pods$/m);
    // The token kubectl got is never echoed back.
    assert.ok(!result.stdout.includes('runner-test-token-0123456789'));
    assert.match(result.stdout, /token: \[REDACTED\]/);
  });

  it('gives kubectl a minimal environment: none of the server’s credentials or settings', async () => {
    process.env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'] = 'server-secret-must-not-leak';
    try {
      const result = await run(runner(script('env.sh', 'env')));
      const names = result.stdout.trim().split('\n').map((line) => line.split('=')[0]).sort();
      const allowed = new Set(['HOME', 'KUBERC', 'LANG', 'PATH', 'PWD', 'SHLVL', 'OLDPWD', '_']); // the last four: set by sh itself
      for (const name of names) assert.ok(allowed.has(name ?? ''), `unexpected variable ${name}`);
      assert.ok(!result.stdout.includes('server-secret-must-not-leak'));
      assert.match(result.stdout, /^KUBERC=off$/m);
    } finally {
      delete process.env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'];
    }
  });

  it('kills the whole process group on timeout, keeps partial output and removes the files', async () => {
    const path = script('hang.sh', 'echo "kubeconfig $2"; sleep 30 & echo "child $!"; wait');
    const result = await run(runner(path), { timeoutMs: 500 });
    assert.equal(result.timedOut, true);
    assert.equal(result.exitCode, null);
    const child = Number(/child (\d+)/.exec(result.stdout)?.[1]);
    assert.ok(child > 0, result.stdout);
    // SIGKILL is immediate, but the orphan is reaped by init a moment later.
    const deadline = Date.now() + 5_000;
    while (isAlive(child) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(isAlive(child), false, 'the grandchild died with the group');
    const kubeconfigPath = /kubeconfig (\S+)/.exec(result.stdout)?.[1] ?? '';
    assert.equal(existsSync(kubeconfigPath), false);
  });

  it('stops when the call is cancelled', async () => {
    const controller = new AbortController();
    const pending = run(runner(script('wait.sh', 'echo ready; sleep 30')), { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const result = await pending;
    assert.equal(result.exitCode, null);
    assert.equal(result.timedOut, false);
    assert.match(result.stdout, /ready/);
  });

  it('caps output, keeping the head and the tail', async () => {
    const path = script('flood.sh', 'echo FIRST-LINE; i=0; while [ $i -lt 20000 ]; do echo "line $i of filler text"; i=$((i+1)); done; echo LAST-LINE');
    const result = await run(runner(path, { maxOutputBytes: 8192 }));
    assert.equal(result.truncated, true);
    assert.ok(result.stdout.startsWith('FIRST-LINE'));
    assert.ok(result.stdout.trimEnd().endsWith('LAST-LINE'));
    assert.match(result.stdout, /bytes omitted/);
    assert.ok(Buffer.byteLength(result.stdout) < 8192 + 200);
  });

  it('runs at most maxProcesses at once', async () => {
    const logFile = join(root, 'order.log');
    writeFileSync(logFile, '');
    const path = script('slot.sh', `echo start >> ${logFile}; sleep 0.2; echo end >> ${logFile}`);
    const r = runner(path, { maxProcesses: 1 });
    await Promise.all([run(r), run(r), run(r)]);
    assert.equal(readFileSync(logFile, 'utf8'), 'start\nend\nstart\nend\nstart\nend\n');
  });

  it('reports a missing binary clearly', async () => {
    const result = await run(runner(join(root, 'no-such-kubectl')));
    assert.equal(result.exitCode, null);
    assert.match(result.stderr, /could not start kubectl .*ENOENT.*KUBECTL_PATH/);
  });

  it('sweeps run directories of dead processes at start-up, and keeps its directory private', () => {
    const path = join(root, 'sweep');
    mkdirSync(join(path, 'run-999999999-abc'), { recursive: true });
    mkdirSync(join(path, `run-${process.pid}-def`));
    mkdirSync(join(path, `run-${process.ppid}-ghi`));
    writeFileSync(join(path, 'run-999999999-abc', 'kubeconfig'), 'stale');
    chmodSync(path, 0o755);
    const workDir = new WorkDir(path);
    assert.equal(statSync(path).mode & 0o777, 0o700);
    assert.equal(workDir.sweep(), 2);
    assert.equal(existsSync(join(path, 'run-999999999-abc')), false);
    assert.equal(existsSync(join(path, `run-${process.pid}-def`)), false, 'a previous process with our pid (container restart)');
    assert.equal(existsSync(join(path, `run-${process.ppid}-ghi`)), true, 'a live process keeps its directory');
  });

  it('prunes discovery caches that sit idle or exceed the count, least recently used first', async () => {
    const path = join(root, 'caches');
    const workDir = new WorkDir(path, { idleMs: 60 * 60_000, maxEntries: 3, everyMs: 60 * 60_000 });
    const now = Date.now();
    const ageMinutes = { fresh1: 1, fresh2: 2, fresh3: 3, fresh4: 4, idle: 120 };
    for (const [name, minutes] of Object.entries(ageMinutes)) {
      mkdirSync(join(path, 'cache', name, 'discovery'), { recursive: true });
      writeFileSync(join(path, 'cache', name, 'discovery', 'servergroups.json'), '{}');
      const at = new Date(now - minutes * 60_000);
      utimesSync(join(path, 'cache', name), at, at);
    }
    // Using a cache marks it as recently used, so the oldest-but-used one survives the count limit.
    workDir.cacheDir('fresh4');
    assert.equal(await workDir.pruneCaches(now + 1000), 2);
    assert.deepEqual(readdirSync(join(path, 'cache')).sort(), ['fresh1', 'fresh2', 'fresh4']);
    assert.equal(await workDir.pruneCaches(now + 1000), 0, 'nothing more to prune');
  });
});
