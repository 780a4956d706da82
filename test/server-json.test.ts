// server.json (the MCP registry entry) against the registry's published schema, and against the code:
// package.json ownership fields, the HTTP headers the server reads, the CLI flags and the settings.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { z } from 'zod';
import { configSchema, loadConfig } from '../src/config.js';
import { CREDENTIAL_HEADERS } from '../src/http/credential-headers.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string): unknown => JSON.parse(readFileSync(join(repo, path), 'utf8'));

interface Input {
  description?: string;
  isRequired?: boolean;
  isSecret?: boolean;
  default?: string;
  choices?: string[];
  value?: string;
  variables?: Record<string, Input>;
}
interface KeyValue extends Input {
  name: string;
}
interface Argument extends Input {
  type: 'positional' | 'named';
  name?: string;
  valueHint?: string;
}
interface Package {
  registryType: string;
  identifier: string;
  version?: string;
  registryBaseUrl?: string;
  runtimeHint?: string;
  transport: { type: string };
  packageArguments?: Argument[];
  runtimeArguments?: Argument[];
  environmentVariables?: KeyValue[];
}
interface Remote {
  type: string;
  url: string;
  headers?: KeyValue[];
  variables?: Record<string, Input>;
}
interface ServerJson {
  $schema: string;
  name: string;
  title?: string;
  description: string;
  version: string;
  repository?: { url: string; source: string };
  remotes?: Remote[];
  packages?: Package[];
}

const schema = read('test/data/server.schema.json') as { $id: string; $schema: string };
const server = read('server.json') as ServerJson;
const pkg = read('package.json') as { name: string; version: string; mcpName?: string; repository?: { url: string } | string };

function validator(): ValidateFunction {
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#', 'the schema is draft-07: use the default Ajv class');
  // Strict about unknown keywords; the schema legitimately puts `required` inside anyOf branches and
  // leaves `type` to sibling subschemas, which strictRequired / strictTypes would reject.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  ajv.addKeyword({ keyword: 'example', schemaType: ['string', 'number', 'boolean', 'object', 'array', 'null'] }); // an annotation the registry's generator emits
  addFormatsModule.default(ajv);
  return ajv.compile(schema);
}
const validate = validator();

function errorsOf(document: unknown): string {
  return validate(document) ? '' : JSON.stringify(validate.errors, null, 2);
}

function npmPackage(): Package {
  const found = server.packages?.filter((p) => p.registryType === 'npm') ?? [];
  assert.equal(found.length, 1, 'one npm package');
  return found[0]!;
}

function remote(): Remote {
  assert.equal(server.remotes?.length, 1, 'one remote');
  return server.remotes[0]!;
}

/** Environment variables that @alicloud/credentials (the default credential chain) reads, from its code. */
function credentialChainVariables(): Set<string> {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@alicloud/credentials'));
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : path.endsWith('.js') ? [path] : [];
    });
  const names = new Set<string>();
  for (const file of files(root)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/process\.env(?:\.|\[['"])(ALIBABA_CLOUD_[A-Z0-9_]+)/g)) names.add(m[1]!);
  }
  assert.ok(names.has('ALIBABA_CLOUD_ACCESS_KEY_ID'), `scan of ${root} found no credential variables`);
  return names;
}

/** `{name}` placeholders of a template. */
function placeholders(template: string): string[] {
  return [...template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
}

describe('server.json', () => {
  it('uses the registry schema saved in test/data (2025-12-11) and validates against it', () => {
    assert.equal(schema.$id, 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json');
    assert.equal(server.$schema, schema.$id);
    assert.equal(errorsOf(server), '');
  });

  it('is rejected by the same validator when broken (the validator is live)', () => {
    const broken = (mutate: (copy: ServerJson) => void): string => {
      const copy = structuredClone(server);
      mutate(copy);
      return errorsOf(copy);
    };
    assert.match(broken((c) => (c.remotes![0]!.type = 'bogus')), /streamable-http/);
    assert.match(broken((c) => delete (c as Partial<ServerJson>).name), /must have required property 'name'/);
    assert.match(broken((c) => (c.description = 'x'.repeat(101))), /must NOT have more than 100 characters/);
    assert.match(broken((c) => (c.packages![0]!.version = 'latest')), /must NOT be valid/);
    assert.match(broken((c) => (c.remotes![0]!.url = 'mcp.example.com/mcp/v1')), /must match pattern/);
  });

  it('agrees with package.json: mcpName (npm ownership check), version, repository, npm package', () => {
    assert.equal(server.name, pkg.mcpName, 'package.json mcpName must equal the server name (the registry checks it on npm)');
    assert.equal(server.version, pkg.version);
    const repoUrl = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    assert.equal(server.repository?.url, repoUrl?.replace(/^git\+/, '').replace(/\.git$/, ''));
    assert.equal(server.repository?.source, 'github');
    const npm = npmPackage();
    assert.equal(npm.identifier, pkg.name);
    assert.equal(npm.version, pkg.version);
    assert.equal(npm.registryBaseUrl ?? 'https://registry.npmjs.org', 'https://registry.npmjs.org');
    assert.equal(npm.transport.type, 'stdio');
  });

  it('names the OCI image at the package version, labelled with the server name', () => {
    const oci = server.packages?.filter((p) => p.registryType === 'oci') ?? [];
    for (const image of oci) {
      assert.equal(image.identifier, `ghcr.io/ack-mcp-server/ack-mcp-server:${pkg.version}`);
      assert.equal(image.version, undefined, 'OCI packages carry the version in the tag');
      assert.equal(image.transport.type, 'stdio');
    }
    const dockerfile = readFileSync(join(repo, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, new RegExp(`io\\.modelcontextprotocol\\.server\\.name="${server.name.replace(/[.]/g, '\\.')}"`), 'the registry verifies OCI ownership by this label');
  });

  it('declares exactly the headers the server reads, plus Authorization, with the secrets flagged', () => {
    const { headers = [], url, variables = {} } = remote();
    assert.equal(remote().type, 'streamable-http');
    assert.match(url, /\/mcp\/v1$/);
    assert.match(readFileSync(join(repo, 'src/http/app.ts'), 'utf8'), /['"]\/mcp\/v1['"]/, 'the server serves /mcp/v1');
    for (const name of placeholders(url)) assert.ok(variables[name], `URL variable {${name}} is not declared`);

    const byName = new Map(headers.map((h) => [h.name.toLowerCase(), h]));
    assert.equal(byName.size, headers.length, 'duplicate header');
    assert.deepEqual([...byName.keys()].sort(), ['authorization', ...Object.values(CREDENTIAL_HEADERS)].sort());

    const auth = byName.get('authorization')!;
    assert.equal(auth.isRequired, true);
    assert.equal(auth.isSecret, true);
    assert.match(auth.description ?? '', /Bearer <token>/);
    assert.match(auth.value ?? '', /^Bearer \{\w+\}$/);
    for (const name of placeholders(auth.value!)) assert.equal(auth.variables?.[name]?.isSecret, true, `{${name}} holds the token: secret`);

    const header = (key: keyof typeof CREDENTIAL_HEADERS) => byName.get(CREDENTIAL_HEADERS[key])!;
    assert.equal(header('accessKeyId').isRequired, true);
    assert.equal(header('accessKeySecret').isRequired, true);
    assert.equal(header('accessKeySecret').isSecret, true);
    assert.equal(header('securityToken').isSecret, true);
    assert.notEqual(header('securityToken').isRequired, true);
    assert.notEqual(header('region').isRequired, true);
  });

  it('starts the packages with a --transport stdio the CLI accepts', async () => {
    const args = (server.packages ?? []).flatMap((p) => p.packageArguments ?? []);
    assert.ok(args.length > 0);
    for (const p of server.packages ?? []) {
      assert.deepEqual(
        (p.packageArguments ?? []).map((a) => [a.type, a.name, a.value]),
        [['named', '--transport', 'stdio']],
        `${p.registryType}: packageArguments`,
      );
    }
    // The value must be one the config accepts, and the CLI must take the flag in both spellings a
    // client may render (`--flag value`, `--flag=value`). `--help` makes it exit before serving.
    assert.equal(loadConfig({ MCP_TRANSPORT: 'stdio' }).MCP_TRANSPORT, 'stdio');
    const cli = (argv: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'src/main.ts'), ...argv, '--help'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.once('exit', (code) => resolve({ code, out }));
      });
    const results = await Promise.all([cli(['--transport', 'stdio']), cli(['--transport=stdio'])]);
    for (const { code, out } of results) {
      assert.equal(code, 0, out);
      assert.match(out, /--transport/);
    }
  });

  it('names only environment variables the server or its credential chain reads, with defaults and choices from the config', () => {
    const chain = credentialChainVariables();
    const shape = configSchema.shape as Record<string, z.ZodType>;
    const defaults = loadConfig({}) as Record<string, unknown>;
    for (const p of server.packages ?? []) {
      for (const variable of p.environmentVariables ?? []) {
        const where = `${p.registryType} ${variable.name}`;
        const field = shape[variable.name];
        assert.ok(chain.has(variable.name) || field, `${where} is read neither by src/config.ts nor by the default credential chain`);
        if (/SECRET|TOKEN/.test(variable.name)) assert.equal(variable.isSecret, true, `${where} must be isSecret`);
        if (!field) continue;
        if (variable.default !== undefined) {
          assert.equal(variable.default, String(defaults[variable.name]), `${where}: default differs from src/config.ts`);
        }
        if (variable.choices) {
          for (const choice of variable.choices) assert.doesNotThrow(() => loadConfig({ [variable.name]: choice }), `${where}: ${choice}`);
          const inner = field instanceof z.ZodDefault ? field.unwrap() : field;
          if (inner instanceof z.ZodEnum) assert.deepEqual([...variable.choices].sort(), [...inner.options].map(String).sort(), `${where}: choices`);
        }
      }
    }
    const names = npmPackage().environmentVariables?.map((v) => v.name) ?? [];
    for (const needed of ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN', 'ALIBABA_CLOUD_REGION']) {
      assert.ok(names.includes(needed), `the npm package should document ${needed}`);
    }
  });
});
