/**
 * ESM ↔ CommonJS interop for the Alibaba Cloud SDKs: under Node's ESM loader their default
 * export is `module.exports`, whose own `default` is the class.
 */
import CsModule from '@alicloud/cs20151215';
import SlsModule from '@alicloud/sls20201230';
import CoreModule from '@alicloud/openapi-core';
import CredentialsModule from '@alicloud/credentials';

export const CsClient = CsModule.default;
export type CsClient = InstanceType<typeof CsClient>;

export const SlsClient = SlsModule.default;
export type SlsClient = InstanceType<typeof SlsClient>;

/** The generic OpenAPI client (`callApi`), for products without a published SDK (ARMS). */
export const OpenApiClient = CoreModule.default;
export type OpenApiClient = InstanceType<typeof OpenApiClient>;

export const CredentialClient = CredentialsModule.default;
export type CredentialClient = InstanceType<typeof CredentialClient>;

export * as $Cs from '@alicloud/cs20151215';
export * as $Sls from '@alicloud/sls20201230';
