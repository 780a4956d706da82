import type { AccessLevel } from './access-level.js';
import { verbs } from './verbs.js';

/** The commands an access level adds to the level below it, from the verb table (for tool descriptions). */
export function commandsAddedAt(level: AccessLevel): string[] {
  const names: string[] = [];
  for (const [verb, rule] of Object.entries(verbs)) {
    if (rule.level === level && !rule.subcommandRequired) names.push(verb);
    for (const [sub, subRule] of Object.entries(rule.subcommands ?? {})) {
      const differs = subRule.level !== rule.level || rule.subcommandRequired;
      if (subRule.level === level && differs && !subRule.forbidden) names.push(`${verb} ${sub}`);
    }
  }
  return names;
}
