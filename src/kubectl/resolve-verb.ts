import { atLeast, type AccessLevel } from './access-level.js';
import { isFlagWord } from './flag-scan.js';
import { own } from './own.js';
import { KubectlRefusal, shown } from './refusal.js';
import { forbiddenVerbs, verbs, type SubcommandRule, type VerbRule } from './verbs.js';

export interface ResolvedVerb {
  verb: string;
  rule: VerbRule;
  subcommand?: string;
  subcommandRule?: SubcommandRule;
  /** The level the verb (and subcommand) needs before any flag is considered. */
  level: AccessLevel;
  /** `kubectl rollout status`, for messages. */
  label: string;
}

export function allowedVerbsAt(level: AccessLevel): string[] {
  return Object.entries(verbs)
    .filter(([, rule]) => atLeast(level, rule.level) || Object.values(rule.subcommands ?? {}).some((sub) => atLeast(level, sub.level)))
    .map(([verb]) => verb);
}

/**
 * Finds the verb (the first word) and its subcommand. A subcommand must come right after its verb:
 * kubectl (cobra) would otherwise pick it out from among the flags, and which word it picks depends on
 * which flags take values.
 */
export function resolveVerb(words: string[], level: AccessLevel): ResolvedVerb {
  const verb = words[0];
  if (verb === undefined) {
    throw new KubectlRefusal('verb-first', 'The command is empty', 'Give the arguments after kubectl, for example: get pods -n default.');
  }
  if (verb.startsWith('-')) {
    throw new KubectlRefusal(
      'verb-first',
      'The command must start with the kubectl verb, with no flags before it',
      'Write the verb first, for example: get pods -n demo (not -n demo get pods).',
    );
  }
  const forbidden = own(forbiddenVerbs, verb);
  if (forbidden) throw new KubectlRefusal('forbidden-verb', `kubectl ${verb} is refused at every access level: ${forbidden.why}`, forbidden.instead);
  const rule = own(verbs, verb);
  if (!rule) {
    throw new KubectlRefusal(
      'unknown-verb',
      `${shown(verb, 'The first word')} is not an allowed kubectl verb`,
      `Allowed at ${level}: ${allowedVerbsAt(level).join(', ')}.`,
    );
  }
  if (!rule.subcommands) return { verb, rule, level: rule.level, label: verb };
  return withSubcommand(verb, rule, rule.subcommands, words.slice(1));
}

function withSubcommand(verb: string, rule: VerbRule, subcommands: Readonly<Record<string, SubcommandRule>>, rest: string[]): ResolvedVerb {
  const names = Object.keys(subcommands);
  const canonical = (word: string): string | undefined => {
    const name = own(rule.subcommandAliases, word) ?? word;
    return own(subcommands, name) ? name : undefined;
  };
  const first = rest[0];
  const placeFirst = `Put the subcommand right after the verb, for example: ${verb} ${names[0]} … (subcommands: ${names.join(', ')}).`;

  if (first === undefined || isFlagWord(first) || first === '-' || first === '--') {
    if (rule.subcommandRequired) throw new KubectlRefusal('verb-first', `kubectl ${verb} needs a subcommand right after it`, placeFirst);
    if (rest.some((word) => canonical(word) !== undefined)) {
      throw new KubectlRefusal('verb-first', `A subcommand of kubectl ${verb} must come right after it, before any flag`, placeFirst);
    }
    return { verb, rule, level: rule.level, label: verb };
  }

  const subcommand = canonical(first);
  if (subcommand === undefined) {
    throw new KubectlRefusal(
      'unknown-subcommand',
      `${shown(first, 'The word after the verb')} is not an allowed subcommand of kubectl ${verb}`,
      `Use one of: ${names.filter((name) => !subcommands[name]!.forbidden).join(', ')}.`,
    );
  }
  const subcommandRule = subcommands[subcommand]!;
  const label = `${verb} ${subcommand}`;
  if (subcommandRule.forbidden) {
    throw new KubectlRefusal('forbidden-verb', `kubectl ${label} is refused at every access level: ${subcommandRule.forbidden.why}`, subcommandRule.forbidden.instead);
  }
  return { verb, rule, subcommand, subcommandRule, level: subcommandRule.level, label };
}
