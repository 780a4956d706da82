// The request log: one entry per request, rejected ones included, added when the response status is known.

export interface KubeRequestRecord {
  time: number;
  method: string;
  path: string;
  query: string;
  user: string | null;
  verb: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** HTTP status sent; 0 when the connection was reset without a response. */
  status: number;
}
