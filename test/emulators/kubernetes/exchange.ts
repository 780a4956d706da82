// One request as the handlers see it, and the ways to answer it: a whole body or a stream.
import { decodeProtobuf, PROTOBUF } from './protobuf.js';
import type { KubeSubject } from './rbac.js';
import type { RequestInfo } from './request-info.js';

export interface Stream {
  write(chunk: string): void;
  end(): void;
  /** Aborted when the client goes away or the emulator closes. */
  readonly closed: AbortSignal;
}

export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly info: RequestInfo;
  readonly subject: KubeSubject;
  header(name: string): string | undefined;
  /** Sends a complete response: JSON for objects, text for strings. */
  send(status: number, body: unknown, contentType?: string): void;
  /** Starts a 200 response whose body is written piecewise (watches, followed logs). */
  open(contentType: string): Stream;
}

/** The request body as JSON: parsed, or decoded from the protobuf kubectl's typed clients send. */
export function jsonBody(exchange: Exchange): unknown {
  if ((exchange.header('content-type') ?? '').startsWith(PROTOBUF)) return exchange.body.length === 0 ? undefined : decodeProtobuf(exchange.body);
  const text = exchange.body.toString('utf8');
  if (text.trim() === '') return undefined;
  return JSON.parse(text);
}
