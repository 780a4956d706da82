// OpenAPI v3, enough for kubectl: `kubectl explain` reads each kind's schema (top-level fields only here),
// and kubectl's field-validation check looks for a PATCH operation of the kind that takes `fieldValidation`
// (found: validation is left to the server, no v2 document needed). The PATCH request body deliberately
// omits strategic-merge-patch+json: with this shallow schema kubectl would compute patches without merge
// keys, so it falls back to its compiled-in types, as with an API server that serves no OpenAPI.
import { createHash } from 'node:crypto';
import { apiVersionOf, groupVersions, type ResourceType } from './resources.js';

const DESCRIPTIONS: Record<string, string> = {
  ConfigMap: 'ConfigMap holds configuration data for pods to consume.',
  Endpoints: 'Endpoints is a collection of endpoints that implement the actual service.',
  Event: 'Event is a report of an event somewhere in the cluster. Events have a limited retention time and triggers and messages may evolve with time.',
  Namespace: 'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
  Node: 'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).',
  Pod: 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.',
  Secret: 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.',
  ServiceAccount: 'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets',
  Service: 'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
  DaemonSet: 'DaemonSet represents the configuration of a daemon set.',
  Deployment: 'Deployment enables declarative updates for Pods and ReplicaSets.',
  ReplicaSet: 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
  StatefulSet: 'StatefulSet represents a set of pods with consistent identities.',
  CronJob: 'CronJob represents the configuration of a single cron job.',
  Job: 'Job represents the configuration of a single job.',
  Ingress: 'Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend.',
  SelfSubjectReview: 'SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request.',
  SelfSubjectAccessReview: 'SelfSubjectAccessReview checks whether or the current user can perform an action.',
  SelfSubjectRulesReview: 'SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace.',
};

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

const objectMetaSchema = {
  description: 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
  type: 'object',
  properties: {
    name: { description: 'Name must be unique within a namespace.', type: 'string' },
    generateName: { description: 'GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.', type: 'string' },
    namespace: { description: 'Namespace defines the space within which each name must be unique.', type: 'string' },
    labels: { description: 'Map of string keys and values that can be used to organize and categorize (scope and select) objects.', type: 'object', additionalProperties: { type: 'string', default: '' } },
    annotations: { description: 'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.', type: 'object', additionalProperties: { type: 'string', default: '' } },
    uid: { description: 'UID is the unique in time and space value for this object.', type: 'string' },
    resourceVersion: { description: 'An opaque value that represents the internal version of this object.', type: 'string' },
    generation: { description: 'A sequence number representing a specific generation of the desired state.', type: 'integer', format: 'int64' },
    creationTimestamp: { description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', type: 'string', format: 'date-time' },
    deletionTimestamp: { description: 'DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted.', type: 'string', format: 'date-time' },
    finalizers: { description: 'Must be empty before the object is deleted from the registry.', type: 'array', items: { type: 'string', default: '' } },
    ownerReferences: { description: 'List of objects depended by this object.', type: 'array', items: { type: 'object' } },
  },
};

const schemaPrefix = (r: ResourceType): string => {
  if (r.group === '') return 'io.k8s.api.core.v1';
  const short = r.group.replace(/\.k8s\.io$/, '');
  return `io.k8s.api.${short}.${r.version}`;
};

function kindSchema(r: ResourceType): Record<string, unknown> {
  const noun = r.kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return {
    description: DESCRIPTIONS[r.kind] ?? r.kind,
    type: 'object',
    properties: {
      apiVersion: { description: 'APIVersion defines the versioned schema of this representation of an object.', type: 'string' },
      kind: { description: 'Kind is a string value representing the REST resource this object represents.', type: 'string' },
      metadata: { description: "Standard object's metadata.", default: {}, allOf: [{ $ref: `#/components/schemas/${OBJECT_META}` }] },
      ...(r.kind === 'ConfigMap' || r.kind === 'Secret' ? {
        data: { description: `Data contains the ${noun} data.`, type: 'object', additionalProperties: { type: 'string', default: '' } },
      } : r.kind === 'Event' || r.kind === 'Endpoints' || r.kind === 'ServiceAccount' ? {} : {
        spec: { description: `Specification of the desired behavior of the ${noun}.`, type: 'object' },
        ...(r.virtual || r.statusSubresource ? { status: { description: `Most recently observed status of the ${noun}.`, type: 'object' } } : {}),
      }),
    },
    'x-kubernetes-group-version-kind': [{ group: r.group, kind: r.kind, version: r.version }],
  };
}

function operation(r: ResourceType, action: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    description: `${action} ${r.kind}`,
    operationId: `${action}${r.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
    responses: { 200: { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaPrefix(r)}.${r.kind}` } } } } },
    ...extra,
  };
}

const queryParam = (name: string): Record<string, unknown> => ({ name, in: 'query', description: name, schema: { type: 'string', uniqueItems: true } });
const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'].map(queryParam);

function paths(r: ResourceType): Record<string, unknown> {
  const base = `/${r.group === '' ? 'api' : `apis/${r.group}`}/${r.version}`;
  const collection = r.namespaced ? `${base}/namespaces/{namespace}/${r.plural}` : `${base}/${r.plural}`;
  if (r.virtual) return { [collection]: { post: operation(r, 'post', { parameters: WRITE_PARAMS }) } };
  const body = (types: string[]): Record<string, unknown> => ({ requestBody: { content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'object' } }])), required: true } });
  return {
    [collection]: {
      get: operation(r, 'list'),
      post: operation(r, 'post', { parameters: WRITE_PARAMS, ...body(['*/*']) }),
    },
    [`${collection}/{name}`]: {
      get: operation(r, 'get'),
      put: operation(r, 'put', { parameters: WRITE_PARAMS, ...body(['*/*']) }),
      patch: operation(r, 'patch', {
        parameters: [...WRITE_PARAMS, queryParam('force')],
        ...body(['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']),
      }),
      delete: operation(r, 'delete'),
    },
  };
}

interface Document {
  readonly path: string;
  readonly body: string;
  readonly hash: string;
}

function documents(version: string): Document[] {
  return groupVersions().map((gv) => {
    const schemas: Record<string, unknown> = { [OBJECT_META]: objectMetaSchema };
    for (const r of gv.resources) schemas[`${schemaPrefix(r)}.${r.kind}`] = kindSchema(r);
    const doc = {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version },
      paths: Object.assign({}, ...gv.resources.map(paths)) as Record<string, unknown>,
      components: { schemas },
    };
    const body = JSON.stringify(doc);
    const path = gv.group === '' ? `api/${gv.version}` : `apis/${apiVersionOf(gv)}`;
    return { path, body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() };
  });
}

/** Serves /openapi/v3 and /openapi/v3/{api/v1|apis/group/version}; undefined for other paths. */
export class OpenApi {
  private readonly docs: Document[];

  constructor(version: string) {
    this.docs = documents(version);
  }

  root(): Record<string, unknown> {
    return { paths: Object.fromEntries(this.docs.map((d) => [d.path, { serverRelativeURL: `/openapi/v3/${d.path}?hash=${d.hash}` }])) };
  }

  document(path: string): string | undefined {
    return this.docs.find((d) => `/openapi/v3/${d.path}` === path)?.body;
  }
}
