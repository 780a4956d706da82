/**
 * Parses kubectl's JSON output: one value, or several objects back to back as `get -w -o json` prints
 * them. Undefined when the text is not JSON (for example, cut short).
 */
export function parseJsonStream(text: string): unknown[] | undefined {
  const values: unknown[] = [];
  let i = skipWhitespace(text, 0);
  while (i < text.length) {
    const open = text[i];
    const end = open === '{' || open === '[' ? closingIndex(text, i) : text.length;
    if (end === undefined) return undefined;
    try {
      values.push(JSON.parse(text.slice(i, end)));
    } catch {
      return undefined;
    }
    i = skipWhitespace(text, end);
  }
  return values;
}

/** The index just after the bracket that closes the object or array opening at `start`. */
function closingIndex(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      depth += 1;
    } else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i += 1;
  return i;
}
