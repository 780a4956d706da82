/**
 * Bench child: the whole emulated cloud (ACK, Kubernetes, SLS, ARMS and a real Prometheus when the
 * binaries are installed) on 127.0.0.1, as `startCloud({ prometheus: true })` builds it for the tests,
 * with constant-cost bookkeeping so that long runs do not grow the emulators' call logs.
 */
import { ArmsCallLog, type ArmsCallRecord } from '../../test/emulators/arms/record.js';
import { startCloud } from '../../test/emulators/cloud.js';
import { SlsCallLog, type SlsCallRecord } from '../../test/emulators/sls/record.js';
import { makeEmulatorBookkeepingConstant } from './emulator-bookkeeping.js';
import { runChild } from './ipc.js';

export interface CloudInfo {
  /** `127.0.0.1:PORT` of the ACK OpenAPI emulator. */
  ackEndpoint: string;
  /** `localhost:PORT`: the SLS SDK sends to `{project}.localhost:PORT` (needs installLocalDns()). */
  slsEndpoint: string;
  /** `127.0.0.1:PORT` of the ARMS OpenAPI emulator (GetPrometheusInstance and the instances' Prometheus API). */
  armsEndpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** team-a's first cluster (team-a-prod-hz): SLS project `k8s-log-<id>` and an ARMS Prometheus instance. */
  clusterId: string;
  regionId: string;
  /** Why PromQL cannot be answered (no Prometheus binaries…); undefined when Prometheus runs. */
  prometheusUnavailable?: string;
}

/** The SLS and ARMS emulators log every request for the tests; the bench only numbers them. */
function makeObservabilityBookkeepingConstant(): void {
  const sls = new WeakMap<SlsCallLog, number>();
  SlsCallLog.prototype.append = function append(this: SlsCallLog, entry: Omit<SlsCallRecord, 'seq'>): SlsCallRecord {
    const seq = (sls.get(this) ?? 0) + 1;
    sls.set(this, seq);
    return { seq, ...entry };
  };
  const arms = new WeakMap<ArmsCallLog, number>();
  ArmsCallLog.prototype.append = function append(this: ArmsCallLog, entry: Omit<ArmsCallRecord, 'seq'>): ArmsCallRecord {
    const seq = (arms.get(this) ?? 0) + 1;
    arms.set(this, seq);
    return { seq, ...entry };
  };
}

runChild<CloudInfo>(async () => {
  makeEmulatorBookkeepingConstant();
  makeObservabilityBookkeepingConstant();
  const cloud = await startCloud({ prometheus: true });
  try {
    const account = cloud.ack.accounts[0];
    const credential = account?.credentials[0];
    const clusterId = account?.clusterIds[0];
    const cluster = clusterId ? cloud.ack.state.cluster(clusterId) : undefined;
    if (!credential || !clusterId || !cluster) throw new Error('the default cloud seed has no account with a credential and a cluster');
    const unavailable = cloud.prometheus.unavailable;
    return {
      info: {
        ackEndpoint: cloud.ack.endpoint,
        slsEndpoint: cloud.sls.endpoint,
        armsEndpoint: cloud.arms.endpoint,
        accessKeyId: credential.accessKeyId,
        accessKeySecret: credential.accessKeySecret,
        ...(credential.securityToken ? { securityToken: credential.securityToken } : {}),
        clusterId,
        regionId: cluster.regionId,
        ...(unavailable === undefined ? {} : { prometheusUnavailable: unavailable }),
      },
      close: () => cloud.close(),
    };
  } catch (error) {
    await cloud.close();
    throw error;
  }
});
