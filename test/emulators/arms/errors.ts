// OpenAPI (RPC) errors as the POP gateway returns them: HTTP status + JSON {RequestId, HostId, Code,
// Message, Recommend}; openapi-core reads Code, Message, RequestId and AccessDeniedDetail.

export class ArmsApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra top-level fields, e.g. AccessDeniedDetail. */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ArmsApiError';
  }

  body(requestId: string, regionId: string | undefined): Record<string, unknown> {
    return {
      RequestId: requestId,
      HostId: `arms.${regionId ?? 'cn-hangzhou'}.aliyuncs.com`,
      Code: this.code,
      Message: this.message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(this.code)}&product=ARMS&requestId=${requestId}`,
      ...this.extra,
    };
  }
}

/** The gateway's answer for a required parameter that is absent. */
export const missingParameter = (name: string): ArmsApiError => new ArmsApiError(400, `Missing${name}`, `${name} is mandatory for this action.`);
