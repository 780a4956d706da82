// Response shapes a client can ask for in Accept: plain JSON, a meta.k8s.io Table, or metadata only.
import type { IncludeObject } from './tables.js';

export type Shape = { readonly as: 'object' } | { readonly as: 'table'; readonly include: IncludeObject } | { readonly as: 'metadata' };

interface MediaType {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
}

function mediaTypes(accept: string | undefined): MediaType[] {
  return (accept ?? '').split(',').map((part) => {
    const [type = '', ...params] = part.split(';').map((s) => s.trim());
    return { type: type.toLowerCase(), params: new Map(params.map((p) => p.split('=').map((s) => s.trim()) as [string, string])) };
  });
}

export function shapeOf(accept: string | undefined, query: URLSearchParams): Shape {
  for (const media of mediaTypes(accept)) {
    if (media.type !== 'application/json' && media.type !== '*/*' && media.type !== 'application/*') continue;
    const as = media.params.get('as');
    if (as === undefined) return { as: 'object' };
    if (media.params.get('g') !== 'meta.k8s.io') continue;
    if (as === 'Table') {
      const include = query.get('includeObject');
      return { as: 'table', include: include === 'None' || include === 'Object' ? include : 'Metadata' };
    }
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return { as: 'metadata' };
  }
  return { as: 'object' };
}
