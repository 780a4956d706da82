import { atLeast, type AccessLevel } from './access-level.js';
import { assertCpLocalPaths, assertFlagAllowed, flagLabel, readsStdin } from './flag-rules.js';
import { enabled, flagTableFor, flagTerminator, isFlagWord, scanFlags } from './flag-scan.js';
import { adminOnlyFlags } from './flags.js';
import { outputOf, type OutputFormat } from './output-format.js';
import { own } from './own.js';
import { KubectlRefusal } from './refusal.js';
import { allowedVerbsAt, resolveVerb } from './resolve-verb.js';
import { manifestMayHoldSecrets, namesSecretResource } from './secret-resources.js';
import { secretValuesExposure } from './secret-policy.js';
import { tokenizeCommand } from './tokenize.js';

export type { OutputFormat } from './output-format.js';

export interface GuardedCommand {
  /** What the runner passes to kubectl after its own --kubeconfig. */
  args: string[];
  verb: string;
  subcommand?: string;
  requiredLevel: AccessLevel;
  output: OutputFormat;
  /** The command may print Secret objects (any spelling of the resource, or a Secret in the stdin manifest). */
  mayReadSecrets: boolean;
  /** Runs until stopped (-w, logs -f, rollout status); bounded by the runner's timeout. */
  streaming: boolean;
  /** `-f -`: the runner pipes `stdin` to kubectl. */
  readsStdin: boolean;
}

const MAX_STDIN_BYTES = 1024 * 1024;

/**
 * Decides whether one kubectl command may run at the caller's access level, and how the runner should
 * treat it. Throws KubectlRefusal, whose message names the rule and the alternative.
 */
export function guardKubectl(command: string, options: { level: AccessLevel; stdin?: string }): GuardedCommand {
  const { level, stdin } = options;
  const tokens = tokenizeCommand(command);
  const words = tokens[0] === 'kubectl' ? tokens.slice(1) : tokens;
  const target = resolveVerb(words, level);
  assertLevel(target.level, level, `kubectl ${target.label}`, target.subcommandRule?.note);

  const rest = words.slice(1);
  const table = flagTableFor(target.rule);
  const terminator = target.rule.containerCommand ? flagTerminator(rest, table) : -1;
  const kubectlWords = terminator < 0 ? rest : rest.slice(0, terminator);
  const uses = scanFlags(kubectlWords, table);

  const ownFlags = [...(target.rule.ownFlags ?? []), ...(target.subcommandRule?.ownFlags ?? [])];
  const hint = target.rule.containerCommand ? ' If this belongs to the container command, put it after --.' : '';
  for (const use of uses) assertFlagAllowed(use, ownFlags, hint);
  const stdinRead = readsStdin(uses);
  const { output, templated } = outputOf(uses, target.subcommandRule?.defaultOutput ?? 'default');
  if (target.verb === 'cp') assertCpLocalPaths(kubectlWords);

  const adminFlags = uses.filter((use) => own(adminOnlyFlags, use.name) !== undefined && enabled(use));
  for (const use of adminFlags) assertLevel('admin', level, flagLabel(use), own(adminOnlyFlags, use.name));
  assertStdin(stdinRead, stdin);

  const mayReadSecrets =
    target.rule.printsObjects &&
    (kubectlWords.some((word) => !isFlagWord(word) && namesSecretResource(word)) || (stdinRead && manifestMayHoldSecrets(stdin ?? '')));
  const watching = uses.some((use) => (use.name === 'watch' || use.name === 'watch-only') && enabled(use));
  const exposure = secretValuesExposure(target.verb, uses, { mayReadSecrets, templated, watching });
  if (exposure && !atLeast(level, 'admin')) throw exposure;

  const following = target.verb === 'logs' && uses.some((use) => use.name === 'follow' && enabled(use));
  const statusWatch = target.subcommandRule?.streams === true && !uses.some((use) => use.name === 'watch' && !enabled(use));
  return {
    args: words,
    verb: target.verb,
    ...(target.subcommand !== undefined ? { subcommand: target.subcommand } : {}),
    requiredLevel: adminFlags.length > 0 || exposure ? 'admin' : target.level,
    output,
    mayReadSecrets,
    streaming: watching || following || statusWatch,
    readsStdin: stdinRead,
  };
}

function assertLevel(required: AccessLevel, level: AccessLevel, what: string, why: string | undefined): void {
  if (atLeast(level, required)) return;
  throw new KubectlRefusal(
    'access-level',
    `${what} needs access level ${required}${why ? ` (${why})` : ''}; this call has ${level}`,
    `Stay within what ${level} allows (${allowedVerbsAt(level).join(', ')}), or use a session granted ${required}.`,
  );
}

function assertStdin(read: boolean, stdin: string | undefined): void {
  const given = stdin !== undefined && stdin !== '';
  if (read && !given) {
    throw new KubectlRefusal('stdin-missing', '-f - reads a manifest from stdin, but no stdin was given', 'Put the manifest (YAML or JSON) in the stdin argument.');
  }
  if (!read && given) {
    throw new KubectlRefusal('stdin-unused', 'stdin was given but the command does not read it', 'Add -f - (apply, create, replace, delete, …) to pass it as the manifest, or leave stdin out.');
  }
  if (given && Buffer.byteLength(stdin) > MAX_STDIN_BYTES) {
    throw new KubectlRefusal('too-long', 'stdin is larger than 1 MiB', 'Split the manifest and apply it in several calls.');
  }
}
