/** Bench child: the ACK OpenAPI emulator on 127.0.0.1, with constant-cost bookkeeping. */
import { startAckEmulator } from '../../test/emulators/ack/index.js';
import { makeEmulatorBookkeepingConstant } from './emulator-bookkeeping.js';
import { runChild } from './ipc.js';

export interface EmulatorInfo {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  clusterId: string;
}

runChild<EmulatorInfo>(async () => {
  makeEmulatorBookkeepingConstant();
  const emulator = await startAckEmulator();
  const account = emulator.accounts[0];
  const credential = account?.credentials[0];
  const clusterId = account?.clusterIds[0];
  if (!credential || !clusterId) throw new Error('the default emulator seed has no account with a credential and a cluster');
  return {
    info: {
      endpoint: emulator.endpoint,
      accessKeyId: credential.accessKeyId,
      accessKeySecret: credential.accessKeySecret,
      ...(credential.securityToken ? { securityToken: credential.securityToken } : {}),
      clusterId,
    },
    close: () => emulator.close(),
  };
});
