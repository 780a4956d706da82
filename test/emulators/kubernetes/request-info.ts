// Splits a request into authorizer attributes the way the API server's RequestInfoFactory does:
// /apis/{group}/{version}/namespaces/{ns}/{resource}/{name}/{subresource}, GET without a name is list or
// watch, DELETE without a name is deletecollection, and a list pinned by `metadata.name=` names its object.
import type { Attributes } from './rbac.js';
import { exactName, parseFieldSelector } from './selectors.js';

export interface RequestInfo extends Attributes {
  readonly apiPrefix: 'api' | 'apis' | '';
  readonly apiVersion: string;
}

const METHOD_VERBS: Record<string, string> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const nonResource: RequestInfo = {
    resourceRequest: false, verb: method.toLowerCase(), path, apiPrefix: '', apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '',
  };
  let parts = path.split('/').filter((p) => p !== '').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const prefix = parts[0];
  if (parts.length < 3 || (prefix !== 'api' && prefix !== 'apis')) return nonResource;
  parts = parts.slice(1);
  let apiGroup = '';
  if (prefix === 'apis') {
    if (parts.length < 3) return nonResource;
    apiGroup = parts[0] ?? '';
    parts = parts.slice(1);
  }
  const apiVersion = parts[0] ?? '';
  parts = parts.slice(1);
  let verb = METHOD_VERBS[method] ?? '';
  if (parts[0] === 'watch' && parts.length >= 2) {
    verb = 'watch';
    parts = parts.slice(1);
  }
  let namespace = '';
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1] ?? '';
    if (parts.length > 2 && parts[2] !== 'status' && parts[2] !== 'finalize') parts = parts.slice(2);
  }
  const resource = parts[0] ?? '';
  let name = parts[1] ?? '';
  const subresource = verb === 'watch' ? '' : parts[2] ?? '';
  if (name === '' && verb === 'get') {
    const watch = query.get('watch');
    verb = watch === 'true' || watch === '1' ? 'watch' : 'list';
    try {
      const pinned = exactName(parseFieldSelector(query.get('fieldSelector') ?? undefined));
      if (pinned !== undefined && pinned !== '' && !pinned.includes('/') && pinned !== '.' && pinned !== '..') name = pinned;
    } catch {
      // An unparsable selector is rejected later, by the handler.
    }
  }
  if (name === '' && verb === 'delete') verb = 'deletecollection';
  return { resourceRequest: true, verb, path, apiPrefix: prefix, apiGroup, apiVersion, namespace, resource, subresource, name };
}
