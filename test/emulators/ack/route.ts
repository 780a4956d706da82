// What a route handler sees, and how a route's path template matches a raw request path.
import type { Account, Credential } from './model.js';
import type { Query } from './params.js';
import type { AckState } from './state.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Json = Record<string, unknown>;

export interface RequestContext {
  readonly state: AckState;
  readonly credential: Credential;
  readonly account: Account;
  /** Decoded path parameters named after the template placeholders. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Query;
  /** Parsed JSON body, or undefined for an empty body. */
  readonly body: unknown;
  readonly requestId: string;
}

export interface Route {
  readonly action: string;
  readonly method: Method;
  /** Path template such as `/clusters/{cluster}/nodepools/{nodepool}`. */
  readonly path: string;
  readonly handle: (ctx: RequestContext) => Json;
}

/** Matches a raw (percent-encoded) path against a template; returns decoded parameters or undefined. */
export function matchPath(template: string, rawPath: string): Record<string, string> | undefined {
  const want = template.split('/');
  const got = rawPath.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const pattern = want[i] ?? '';
    const segment = got[i] ?? '';
    const placeholder = /^\{(\w+)\}$/.exec(pattern);
    if (placeholder?.[1] === undefined) {
      if (pattern !== segment) return undefined;
      continue;
    }
    if (segment === '') return undefined;
    try {
      params[placeholder[1]] = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
  }
  return params;
}

/** Reads a path parameter that the route template guarantees. */
export function param(ctx: RequestContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route has no path parameter ${name}`);
  return value;
}
