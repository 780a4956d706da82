import { parser } from '@prometheus-io/lezer-promql';

export interface PromqlSyntaxError {
  /** 0-based offset of the first error. */
  offset: number;
  line: number;
  column: number;
  message: string;
}

/**
 * Parses PromQL with Prometheus' own grammar (the one its web UI uses) and reports the first syntax
 * error, so a typo is answered at once with its position instead of a round trip to the backend.
 */
export function checkPromqlSyntax(query: string): PromqlSyntaxError | undefined {
  const tree = parser.parse(query);
  let offset: number | undefined;
  tree.iterate({
    enter(node) {
      if (offset !== undefined) return false;
      if (node.type.isError) {
        offset = node.from;
        return false;
      }
      return undefined;
    },
  });
  if (offset === undefined) return undefined;
  const before = query.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { offset, line, column, message: describe(query, offset) };
}

function describe(query: string, offset: number): string {
  const rest = query.slice(offset);
  if (rest.length === 0) return 'unexpected end of query (an unclosed bracket or a missing operand?)';
  // The grammar knows every PromQL function; a name it does not know followed by "(" fails right at the "(".
  const name = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(query.slice(0, offset))?.[1];
  if (rest.startsWith('(') && name) return `unknown function "${name}"`;
  return `unexpected ${JSON.stringify(rest.slice(0, 20))}`;
}
