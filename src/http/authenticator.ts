import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { credentialSources, type Config } from '../config.js';
import { accessLevels } from '../kubectl/access-level.js';
import type { Principal } from './principal.js';

const tokensFileSchema = z.object({
  principals: z
    .array(
      z
        .object({
          name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 letters, digits, ".", "_" or "-"'),
          token_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the lowercase hex SHA-256 of the token'),
          read_only: z.boolean().default(false),
          tools: z.array(z.string()).optional(),
          credential_source: z.enum(credentialSources).optional(),
          kubectl_access: z.enum(accessLevels).optional(),
        })
        .strict(),
    )
    .min(1, 'must list at least one principal'),
});

interface Entry {
  hash: Buffer;
  principal: Principal;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Who may call this server: a shared MCP_AUTH_TOKEN and/or the principals of MCP_TOKENS_FILE. */
export class Authenticator {
  private constructor(
    private readonly entries: Entry[],
    readonly anonymous: Principal | undefined,
  ) {}

  static fromConfig(config: Config): Authenticator {
    const entries: Entry[] = [];
    if (config.MCP_AUTH_TOKEN) {
      entries.push({
        hash: sha256(config.MCP_AUTH_TOKEN),
        principal: { name: 'default', readOnly: false, tools: undefined, credentialSource: config.ALIBABA_CLOUD_CREDENTIAL_SOURCE },
      });
    }
    if (config.MCP_TOKENS_FILE) entries.push(...loadTokensFile(config.MCP_TOKENS_FILE, config));
    const names = entries.map((e) => e.principal.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw new Error(`MCP_TOKENS_FILE: principal name "${duplicate}" is used twice`);
    const anonymous: Principal | undefined =
      entries.length === 0
        ? { name: 'anonymous', readOnly: false, tools: undefined, credentialSource: config.ALIBABA_CLOUD_CREDENTIAL_SOURCE }
        : undefined;
    return new Authenticator(entries, anonymous);
  }

  get enabled(): boolean {
    return this.entries.length > 0;
  }

  get principals(): Principal[] {
    return this.entries.map((e) => e.principal);
  }

  /** Compares the token's hash with every entry in constant time; never short-circuits on a match. */
  authenticate(token: string): Principal | undefined {
    const hash = sha256(token);
    let found: Principal | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(hash, entry.hash)) found ??= entry.principal;
    }
    return found;
  }
}

function loadTokensFile(path: string, config: Config): Entry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`MCP_TOKENS_FILE: cannot read ${path} as JSON: ${(error as Error).message}`);
  }
  const parsed = tokensFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`MCP_TOKENS_FILE: ${path} is invalid:\n${problems}`);
  }
  return parsed.data.principals.map((p) => ({
    hash: Buffer.from(p.token_sha256, 'hex'),
    principal: {
      name: p.name,
      readOnly: p.read_only,
      tools: p.tools,
      credentialSource: p.credential_source ?? config.ALIBABA_CLOUD_CREDENTIAL_SOURCE,
      ...(p.kubectl_access ? { kubectlAccess: p.kubectl_access } : {}),
    },
  }));
}
