#!/usr/bin/env node
// Project rules tsc cannot check: no TODO/FIXME/XXX left in shipped code, no console.* in src
// (use the redacting logger), and no stray .only in tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const problems = [];
for (const file of files('src')) {
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (/\b(TODO|FIXME|XXX)\b/.test(line)) problems.push(`${file}:${i + 1}: unfinished-work marker`);
    if (/\bconsole\.(log|info|warn|error|debug)\(/.test(line)) problems.push(`${file}:${i + 1}: console.* in src (use observability/logger)`);
  });
}
for (const file of files('test')) {
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (/\b(it|test|describe)\.only\(|\{ only: true \}/.test(line)) problems.push(`${file}:${i + 1}: focused test`);
  });
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('lint: ok');
