/**
 * The baseline: DescribeClusterNodePools made directly with @alicloud/cs20151215 against the emulator,
 * with the same credentials and client settings the server uses (src/aliyun/clients.ts), one client
 * reused for every call, as the server's client cache does.
 */
import CsModule from '@alicloud/cs20151215';
import * as $Cs from '@alicloud/cs20151215';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import type { EmulatorInfo } from './entries/emulator.js';
import type { Call } from './load.js';

// Under Node's ESM loader the CommonJS default export is module.exports, whose `default` is the class.
const CsClient = CsModule.default;

export function sdkCall(emulator: EmulatorInfo, timeoutMs: number, region = 'cn-hangzhou'): Call {
  const client = new CsClient(
    new $OpenApiUtil.Config({
      regionId: region,
      protocol: 'http',
      endpoint: emulator.endpoint,
      readTimeout: timeoutMs,
      connectTimeout: timeoutMs,
      userAgent: 'ack-mcp-server-bench',
      accessKeyId: emulator.accessKeyId,
      accessKeySecret: emulator.accessKeySecret,
      ...(emulator.securityToken ? { securityToken: emulator.securityToken } : {}),
    }),
  );
  return async () => {
    const response = await client.describeClusterNodePools(emulator.clusterId, new $Cs.DescribeClusterNodePoolsRequest({}));
    if (!response.body?.nodepools?.length) throw new Error('DescribeClusterNodePools returned no node pools');
  };
}
