// Parser for the search part of an SLS query (before the first `|`):
//
//   expr    := or
//   or      := and ('or' and)*
//   and     := not (['and'] not)*          adjacent terms are ANDed, as in SLS
//   not     := 'not' not | primary
//   primary := '(' expr ')' | '*' | "phrase" | word | word* | key ':' value | key op number
//   key     := word | "quoted key"
//   value   := "phrase" | raw | raw* | *    raw runs to whitespace or a parenthesis
//   op      := > | >= | < | <= | =
//
// and/or/not are case-insensitive. Keys may contain dots (objectRef.resource).

export type SearchNode =
  | { readonly type: 'all' }
  | { readonly type: 'and' | 'or'; readonly left: SearchNode; readonly right: SearchNode }
  | { readonly type: 'not'; readonly operand: SearchNode }
  | { readonly type: 'field'; readonly key: string; readonly value: string; readonly mode: 'match' | 'prefix' | 'exists' }
  | { readonly type: 'compare'; readonly key: string; readonly op: '>' | '>=' | '<' | '<=' | '='; readonly value: number }
  | { readonly type: 'text'; readonly value: string };

export class SearchSyntaxError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at position ${position}`);
    this.name = 'SearchSyntaxError';
  }
}

const WORD_STOP = /[\s()":<>=]/;
const RAW_STOP = /[\s()]/;

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parse(): SearchNode {
    this.skipSpace();
    if (this.atEnd()) return { type: 'all' };
    const node = this.parseOr();
    this.skipSpace();
    if (!this.atEnd()) throw new SearchSyntaxError(`unexpected ${JSON.stringify(this.text[this.pos])}`, this.pos);
    return node;
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  private skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.pos] ?? '')) this.pos += 1;
  }

  /** Consumes `keyword` (case-insensitive) when it stands alone at the cursor. */
  private keyword(keyword: string): boolean {
    this.skipSpace();
    const end = this.pos + keyword.length;
    if (this.text.slice(this.pos, end).toLowerCase() !== keyword) return false;
    const next = this.text[end];
    if (next !== undefined && !/[\s("]/.test(next)) return false;
    this.pos = end;
    return true;
  }

  private parseOr(): SearchNode {
    let left = this.parseAnd();
    while (this.keyword('or')) left = { type: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): SearchNode {
    let left = this.parseNot();
    for (;;) {
      this.skipSpace();
      if (this.atEnd() || this.text[this.pos] === ')') return left;
      const save = this.pos;
      if (this.keyword('or')) {
        this.pos = save;
        return left;
      }
      this.keyword('and');
      left = { type: 'and', left, right: this.parseNot() };
    }
  }

  private parseNot(): SearchNode {
    if (this.keyword('not')) return { type: 'not', operand: this.parseNot() };
    return this.parsePrimary();
  }

  private quoted(): string {
    const start = this.pos;
    this.pos += 1;
    let value = '';
    while (!this.atEnd()) {
      const c = this.text[this.pos] ?? '';
      if (c === '\\' && this.pos + 1 < this.text.length) {
        value += this.text[this.pos + 1];
        this.pos += 2;
      } else if (c === '"') {
        this.pos += 1;
        return value;
      } else {
        value += c;
        this.pos += 1;
      }
    }
    throw new SearchSyntaxError('unterminated quoted string', start);
  }

  private run(stop: RegExp): string {
    const start = this.pos;
    while (!this.atEnd() && !stop.test(this.text[this.pos] ?? '')) this.pos += 1;
    return this.text.slice(start, this.pos);
  }

  private parsePrimary(): SearchNode {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined) throw new SearchSyntaxError('unexpected end of query', this.pos);
    if (c === '(') {
      this.pos += 1;
      const inner = this.parseOr();
      this.skipSpace();
      if (this.text[this.pos] !== ')') throw new SearchSyntaxError('missing )', this.pos);
      this.pos += 1;
      return inner;
    }
    const start = this.pos;
    const phrase = c === '"';
    const word = phrase ? this.quoted() : this.run(WORD_STOP);
    if (!phrase && word === '') throw new SearchSyntaxError(`unexpected ${JSON.stringify(c)}`, start);
    if (!phrase && ['and', 'or', 'not'].includes(word.toLowerCase())) throw new SearchSyntaxError(`unexpected keyword ${word}`, start);
    const afterWord = this.pos;
    this.skipSpace();
    const next = this.text[this.pos];
    if (next === ':') {
      this.pos += 1;
      this.skipSpace();
      if (this.text[this.pos] === '"') return { type: 'field', key: word, value: this.quoted(), mode: 'match' };
      const valueStart = this.pos;
      const raw = this.run(RAW_STOP);
      if (raw === '') throw new SearchSyntaxError(`missing value after ${word}:`, valueStart);
      if (raw === '*') return { type: 'field', key: word, value: '', mode: 'exists' };
      if (raw.endsWith('*')) return { type: 'field', key: word, value: raw.slice(0, -1), mode: 'prefix' };
      return { type: 'field', key: word, value: raw, mode: 'match' };
    }
    if (next === '>' || next === '<' || next === '=') {
      const op = this.text.startsWith('>=', this.pos) || this.text.startsWith('<=', this.pos) ? this.text.slice(this.pos, this.pos + 2) : next;
      this.pos += op.length;
      this.skipSpace();
      const numberStart = this.pos;
      const raw = this.run(RAW_STOP);
      const value = Number(raw);
      if (raw === '' || Number.isNaN(value)) throw new SearchSyntaxError(`expected a number after ${word} ${op}`, numberStart);
      return { type: 'compare', key: word, op: op as '>' | '>=' | '<' | '<=' | '=', value };
    }
    this.pos = afterWord;
    if (phrase) return { type: 'text', value: word };
    if (word === '*') return { type: 'all' };
    return { type: 'text', value: word.endsWith('*') ? word.slice(0, -1) : word };
  }
}

export function parseSearch(text: string): SearchNode {
  return new Parser(text).parse();
}
