/**
 * ESM ↔ CommonJS interop for the Alibaba Cloud SDKs: under Node's ESM loader their default
 * export is `module.exports`, whose own `default` is the class.
 */
import CsModule from '@alicloud/cs20151215';
import CredentialsModule from '@alicloud/credentials';

export const CsClient = CsModule.default;
export type CsClient = InstanceType<typeof CsClient>;

export const CredentialClient = CredentialsModule.default;
export type CredentialClient = InstanceType<typeof CredentialClient>;

export * as $Cs from '@alicloud/cs20151215';
