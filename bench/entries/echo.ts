/**
 * Bench child: a plain Express JSON echo, the "physical limit" of an Express JSON route. Same express
 * package as the server, same app settings (no x-powered-by, no ETag) and body parser, no MCP.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { runChild } from './ipc.js';

export interface EchoInfo {
  url: string;
}

runChild<EchoInfo>(async () => {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.post('/echo', express.json({ limit: 1024 * 1024 }), (req, res) => {
    res.json(req.body);
  });
  const http = createServer(app);
  http.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    info: { url: `http://127.0.0.1:${port}/echo` },
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
});
