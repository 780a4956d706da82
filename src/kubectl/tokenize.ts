import { KubectlRefusal } from './refusal.js';

const MAX_COMMAND_LENGTH = 4096;
const MAX_TOKENS = 128;
/** C0 and C1 controls (newline, carriage return, tab, NUL, escape, …) and the Unicode line and paragraph separators. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** A whole word made of shell operator characters: ; && || | & > >> < 2> 2>&1 |& &> ( ) … */
const SHELL_OPERATOR = /^[0-9]*[;&|<>()]+[&0-9-]*$/;
/** Inside double quotes a backslash only escapes these, as in POSIX sh. */
const DOUBLE_QUOTE_ESCAPABLE = new Set(['"', '\\', '$', '`']);

/**
 * Splits the arguments of one kubectl command the way a POSIX shell splits words, and does nothing else:
 * no variable, command, tilde or glob expansion, so `$(…)`, backticks, `*` and `~` reach kubectl as text.
 * A bare shell operator is refused because there is no shell to give it a meaning.
 */
export function tokenizeCommand(command: string): string[] {
  if (command.length > MAX_COMMAND_LENGTH) throw tooLong(`The command is longer than ${MAX_COMMAND_LENGTH} characters`);
  if (CONTROL_CHARACTER.test(command)) {
    throw new KubectlRefusal(
      'control-characters',
      'The command contains a newline, carriage return, tab, NUL or another control character',
      'Write one kubectl command on a single line separated by spaces; pass manifests through stdin with -f -.',
    );
  }

  const tokens: string[] = [];
  let word: string | undefined;
  let quoted = false;
  const endWord = (): void => {
    if (word === undefined) return;
    if (!quoted && SHELL_OPERATOR.test(word)) throw shellOperator(word);
    if (tokens.length === MAX_TOKENS) throw tooLong(`The command has more than ${MAX_TOKENS} words`);
    tokens.push(word);
    word = undefined;
    quoted = false;
  };

  let i = 0;
  while (i < command.length) {
    const c = command[i]!;
    if (c === ' ') {
      endWord();
      i += 1;
      continue;
    }
    word ??= '';
    if (c === "'") {
      const close = command.indexOf("'", i + 1);
      if (close < 0) throw unbalanced('an unclosed single quote');
      word += command.slice(i + 1, close);
      quoted = true;
      i = close + 1;
    } else if (c === '"') {
      const [text, next] = readDoubleQuoted(command, i + 1);
      word += text;
      quoted = true;
      i = next;
    } else if (c === '\\') {
      if (i + 1 >= command.length) throw unbalanced('a backslash with nothing after it');
      word += command[i + 1];
      quoted = true;
      i += 2;
    } else {
      word += c;
      i += 1;
    }
  }
  endWord();
  return tokens;
}

/** Reads a double-quoted string that starts at `start` (just after the quote); returns its text and the index after the closing quote. */
function readDoubleQuoted(command: string, start: number): [string, number] {
  let text = '';
  for (let i = start; i < command.length; i += 1) {
    const c = command[i]!;
    if (c === '"') return [text, i + 1];
    const next = command[i + 1];
    if (c === '\\' && next !== undefined && DOUBLE_QUOTE_ESCAPABLE.has(next)) {
      text += next;
      i += 1;
    } else {
      text += c;
    }
  }
  throw unbalanced('an unclosed double quote');
}

function unbalanced(what: string): KubectlRefusal {
  return new KubectlRefusal('unbalanced-quote', `The command has ${what}`, `Close every ' and " you open, or escape a literal quote with a backslash.`);
}

function tooLong(what: string): KubectlRefusal {
  return new KubectlRefusal('too-long', what, 'Pass large content such as manifests through stdin with -f -, or split the work into several calls.');
}

function shellOperator(operator: string): KubectlRefusal {
  return new KubectlRefusal(
    'no-shell',
    `'${operator}' is a shell operator, but kubectl runs without a shell`,
    'Run one command per call; filter output with -o jsonpath=… or a label selector (-l) instead of a pipe, and quote the character if kubectl itself should receive it.',
  );
}
