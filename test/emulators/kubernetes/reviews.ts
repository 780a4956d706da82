// Self-reviews, answered from the bindings and never stored: SelfSubjectAccessReview (`kubectl auth can-i`),
// SelfSubjectRulesReview (`kubectl auth can-i --list`) and SelfSubjectReview (`kubectl auth whoami`).
import { jsonBody, type Exchange } from './exchange.js';
import { allowReason, type Authorizer, type KubeSubject } from './rbac.js';
import type { ResourceType } from './resources.js';
import { badRequest } from './status.js';

interface AccessReviewSpec {
  resourceAttributes?: { namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string };
  nonResourceAttributes?: { path?: string; verb?: string };
}

const DISCOVERY_URLS = ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'];

function groupsOf(subject: KubeSubject): string[] {
  return [...(subject.groups ?? []), 'system:authenticated'];
}

function accessReview(authorizer: Authorizer, subject: KubeSubject, spec: AccessReviewSpec): Record<string, unknown> {
  const res = spec.resourceAttributes;
  const non = spec.nonResourceAttributes;
  if (res === undefined && non === undefined) throw badRequest('SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
  const binding = authorizer.allows(subject, res !== undefined
    ? {
      resourceRequest: true, verb: res.verb ?? '', apiGroup: res.group ?? '', resource: res.resource ?? '', subresource: res.subresource ?? '',
      namespace: res.namespace ?? '', name: res.name ?? '', path: '',
    }
    : { resourceRequest: false, verb: non?.verb ?? '', apiGroup: '', resource: '', subresource: '', namespace: '', name: '', path: non?.path ?? '' });
  return binding === undefined ? { allowed: false } : { allowed: true, reason: allowReason(binding, subject) };
}

export function review(authorizer: Authorizer, ex: Exchange, type: ResourceType): void {
  const body = (jsonBody(ex) ?? {}) as { apiVersion?: string; kind?: string; spec?: Record<string, unknown> };
  const spec = body.spec ?? {};
  let status: Record<string, unknown>;
  switch (type.kind) {
    case 'SelfSubjectAccessReview':
      status = accessReview(authorizer, ex.subject, spec as AccessReviewSpec);
      break;
    case 'SelfSubjectRulesReview': {
      const namespace = typeof spec['namespace'] === 'string' ? spec['namespace'] : '';
      const rules = authorizer.rules(ex.subject, namespace);
      const superUser = rules.some((r) => r.verbs.includes('*') && r.resources.includes('*') && r.apiGroups.includes('*'));
      status = {
        resourceRules: rules.map((r) => ({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}) })),
        nonResourceRules: [
          ...(superUser ? [{ verbs: ['*'], nonResourceURLs: ['*'] }] : []),
          { verbs: ['get'], nonResourceURLs: DISCOVERY_URLS },
        ],
        incomplete: false,
      };
      break;
    }
    default:
      status = { userInfo: { username: ex.subject.user, groups: groupsOf(ex.subject) } };
  }
  ex.send(201, {
    kind: type.kind,
    apiVersion: `${type.group}/${type.version}`,
    metadata: { creationTimestamp: null },
    ...(type.kind === 'SelfSubjectReview' ? {} : { spec }),
    status,
  });
}
