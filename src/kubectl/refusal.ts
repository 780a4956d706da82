/** Every reason a kubectl command can be refused; the id appears in the message as "(rule: id)". */
export type RefusalRule =
  | 'control-characters'
  | 'unbalanced-quote'
  | 'too-long'
  | 'no-shell'
  | 'verb-first'
  | 'unknown-verb'
  | 'forbidden-verb'
  | 'unknown-subcommand'
  | 'access-level'
  | 'forbidden-flag'
  | 'output-format'
  | 'filename-url'
  | 'filename-path'
  | 'stdin-missing'
  | 'stdin-unused'
  | 'secret-values';

/**
 * A kubectl command the policy will not run. The message says what was refused, names the rule and
 * says what to do instead; it never repeats a flag's value, which may be a credential.
 */
export class KubectlRefusal extends Error {
  override name = 'KubectlRefusal';
  readonly rule: RefusalRule;

  constructor(rule: RefusalRule, refused: string, instead: string) {
    super(`${refused} (rule: ${rule}). ${instead}`);
    this.rule = rule;
  }
}

/**
 * The word itself when it reads like a command or format name and is safe to repeat in a message,
 * otherwise a neutral description: a mistyped credential must not be echoed back.
 */
export function shown(word: string, otherwise: string): string {
  return /^[a-z][a-z0-9-]{0,23}$/.test(word) ? `'${word}'` : otherwise;
}
