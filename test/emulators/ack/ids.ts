// Identifier generators shaped like the ones Alibaba Cloud hands out.
import { randomBytes, randomUUID } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MIXED_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Uniformly random string over `alphabet` (rejection sampling, so no modulo bias). */
function randomFrom(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export const randomHex = (length: number): string => randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
export const randomLowerAlnum = (length: number): string => randomFrom(LOWER_ALNUM, length);

/** ECS-style ids carry a region prefix (bp1 = Hangzhou, 2ze = Beijing, uf6 = Shanghai, ...). */
const REGION_PREFIX: Record<string, string> = {
  'cn-hangzhou': 'bp1',
  'cn-beijing': '2ze',
  'cn-shanghai': 'uf6',
  'cn-shenzhen': 'wz9',
  'cn-zhangjiakou': '8vb',
  'cn-hongkong': 'j6c',
  'ap-southeast-1': 't4n',
};
const regionPrefix = (regionId: string): string => REGION_PREFIX[regionId] ?? 'gw8';
const ecsStyle = (kind: string, regionId: string, length: number): string => {
  const prefix = regionPrefix(regionId);
  return `${kind}-${prefix}${randomLowerAlnum(length - prefix.length)}`;
};

/** `c` + 32 lowercase hex, e.g. c3fb96524f9274b4495df0f12a6b5b2e1. */
export const newClusterId = (): string => `c${randomHex(32)}`;
/** `np` + 32 lowercase hex. */
export const newNodepoolId = (): string => `np${randomHex(32)}`;
/** `i-` + 20 lowercase alphanumerics, region prefixed. */
export const newInstanceId = (regionId: string): string => ecsStyle('i', regionId, 20);
export const newVpcId = (regionId: string): string => ecsStyle('vpc', regionId, 20);
export const newVswitchId = (regionId: string): string => ecsStyle('vsw', regionId, 20);
export const newSecurityGroupId = (regionId: string): string => ecsStyle('sg', regionId, 20);
export const newLoadBalancerId = (regionId: string): string => ecsStyle('lb', regionId, 20);
export const newScalingGroupId = (regionId: string): string => ecsStyle('asg', regionId, 20);
/** `T-` + 24 lowercase hex, e.g. T-5faa48fb31b6b8078d000006. */
export const newTaskId = (): string => `T-${randomHex(24)}`;
/** 32 lowercase hex. */
export const newDiagnosisId = (): string => randomHex(32);
/** Upper-case UUID, the format of `x-acs-request-id`. */
export const newRequestId = (): string => randomUUID().toUpperCase();
export const newResourceGroupId = (): string => `rg-acf${randomLowerAlnum(12)}`;

/** Long-lived AccessKey pair: `LTAI5t` + 18 mixed alphanumerics, secret 30 characters. */
export const newAccessKeyId = (): string => `LTAI5t${randomFrom(MIXED_ALNUM, 18)}`;
export const newAccessKeySecret = (): string => randomFrom(MIXED_ALNUM, 30);
/** STS triple: the AccessKey id starts with `STS.`, the token is a long opaque base64 string. */
export const newStsAccessKeyId = (): string => `STS.NT${randomFrom(MIXED_ALNUM, 23)}`;
export const newSecurityToken = (): string => `CAIS${randomBytes(180).toString('base64')}`;
/** 16-digit Alibaba Cloud account id (uid). */
export const newAccountId = (): string => `1${String(randomBytes(8).readBigUInt64BE() % 10n ** 15n).padStart(15, '0')}`;
