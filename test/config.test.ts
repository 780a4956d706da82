import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';
import { envExample, renderReadme } from '../scripts/docs.js';

describe('configuration', () => {
  it('has safe defaults: loopback, headers-only credentials, https', () => {
    const config = loadConfig({});
    assert.equal(config.MCP_HOST, '127.0.0.1');
    assert.equal(config.ALIBABA_CLOUD_CREDENTIAL_SOURCE, 'headers');
    assert.equal(config.ALIBABA_CLOUD_PROTOCOL, 'https');
    assert.equal(config.MCP_READ_ONLY, false);
  });

  it('names every bad variable and the rule it breaks', () => {
    assert.throws(
      () => loadConfig({ MCP_PORT: '70000', ALIBABA_CLOUD_CREDENTIAL_SOURCE: 'env', MCP_AUTH_TOKEN: 'short', ACK_CS_ENDPOINT: 'https://x' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        for (const name of ['MCP_PORT', 'ALIBABA_CLOUD_CREDENTIAL_SOURCE', 'MCP_AUTH_TOKEN', 'ACK_CS_ENDPOINT']) {
          assert.match(error.message, new RegExp(name));
        }
        assert.match(error.message, /at least 16 characters/);
        return true;
      },
    );
  });

  it('parses lists and booleans', () => {
    const config = loadConfig({ MCP_TOOLS: 'list_clusters, list_nodepools', MCP_READ_ONLY: 'true', MCP_ALLOWED_HOSTS: 'mcp.example.com' });
    assert.deepEqual(config.MCP_TOOLS, ['list_clusters', 'list_nodepools']);
    assert.equal(config.MCP_READ_ONLY, true);
    assert.deepEqual(config.MCP_ALLOWED_HOSTS, ['mcp.example.com']);
  });

  it('.env.example and the README tables are generated from the code (run `npm run docs` after a change)', () => {
    assert.equal(readFileSync('.env.example', 'utf8'), envExample(), '.env.example is stale');
    const readme = readFileSync('README.md', 'utf8');
    assert.equal(readme, renderReadme(readme), 'README configuration table or tool catalogue is stale');
  });
});
