import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPrincipal {
  name: string;
  token: string;
  read_only?: boolean;
  tools?: string[];
  kubectl_access?: 'read-only' | 'read-write' | 'admin';
}

/** Writes an MCP_TOKENS_FILE for these principals (tokens stored as SHA-256) and returns its path. */
export function writeTokensFile(principals: readonly TestPrincipal[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ack-mcp-tokens-')), 'tokens.json');
  const entries = principals.map(({ token, ...rest }) => ({ ...rest, token_sha256: createHash('sha256').update(token).digest('hex') }));
  writeFileSync(path, JSON.stringify({ principals: entries }), { mode: 0o600 });
  return path;
}
