// Restricts PromQL to one cluster the way prom-label-proxy does: every vector selector (inside matrix
// selectors, subqueries, aggregations, binary operands, function arguments) gets the matcher
// cluster_id="<id>", replacing any cluster_id matcher the caller wrote. Matchers are ANDed, so a
// caller can never widen the selection past the cluster.
import { parser } from '@prometheus-io/lezer-promql';
import { CLUSTER_LABEL } from './series.js';

const MATCHER_NODES = new Set(['UnquotedLabelMatcher', 'QuotedLabelMatcher', 'QuotedLabelName']);

/** The value of a PromQL string literal ("…", '…' or `…`); the raw text when it cannot be decoded. */
function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  if (literal.startsWith('`')) return body;
  try {
    return JSON.parse(`"${literal.startsWith("'") ? body.replace(/\\'/g, "'").replace(/"/g, '\\"') : body}"`) as string;
  } catch {
    return body;
  }
}

interface Edit {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** `expr` with the cluster matcher in every selector, or undefined when the grammar cannot parse it. */
export function restrictExpression(expr: string, clusterId: string): string | undefined {
  const edits: Edit[] = [];
  let broken = false;
  const clusterMatcher = `${CLUSTER_LABEL}=${JSON.stringify(clusterId)}`;
  parser.parse(expr).iterate({
    enter(ref) {
      if (ref.type.isError) broken = true;
      if (ref.name !== 'VectorSelector') return undefined;
      const node = ref.node;
      const name = node.getChild('Identifier');
      const kept: string[] = [];
      for (let matcher = node.getChild('LabelMatchers')?.firstChild ?? null; matcher; matcher = matcher.nextSibling) {
        if (!MATCHER_NODES.has(matcher.name)) continue;
        const labelNode = matcher.name === 'UnquotedLabelMatcher' ? matcher.getChild('LabelName') : matcher.name === 'QuotedLabelMatcher' ? matcher.getChild('QuotedLabelName') : null;
        const labelText = labelNode ? expr.slice(labelNode.from, labelNode.to) : '';
        const label = matcher.name === 'QuotedLabelMatcher' ? unquote(labelText) : labelText;
        if (label !== CLUSTER_LABEL) kept.push(expr.slice(matcher.from, matcher.to));
      }
      kept.push(clusterMatcher);
      edits.push({ from: node.from, to: node.to, text: `${name ? expr.slice(name.from, name.to) : ''}{${kept.join(', ')}}` });
      // Children are still visited: an error node inside the selector must mark the expression broken.
      return undefined;
    },
  });
  if (broken) return undefined;
  let result = expr;
  for (const edit of edits.reverse()) result = result.slice(0, edit.from) + edit.text + result.slice(edit.to);
  return result;
}

export interface RestrictedParams {
  readonly params: URLSearchParams;
  /** Whether some expression could not be parsed and went to Prometheus unchanged. */
  readonly unparsed: boolean;
}

/**
 * The request parameters with `query` and every `match[]` restricted to the cluster. `labels` and
 * `label/<name>/values` without match[] get match[]={cluster_id="<id>"}.
 */
export function restrictParams(endpoint: string, params: URLSearchParams, clusterId: string): RestrictedParams {
  const out = new URLSearchParams();
  let unparsed = false;
  const restrict = (expr: string): string => {
    const restricted = restrictExpression(expr, clusterId);
    if (restricted === undefined) unparsed = true;
    return restricted ?? expr;
  };
  for (const [key, value] of params) out.append(key, key === 'query' || key === 'match[]' ? restrict(value) : value);
  if ((endpoint === 'labels' || endpoint.startsWith('label/')) && !params.has('match[]')) {
    out.append('match[]', `{${CLUSTER_LABEL}=${JSON.stringify(clusterId)}}`);
  }
  return { params: out, unparsed };
}
