import type { FlagUse } from './flag-scan.js';
import { forbiddenFlagPrefixes, forbiddenFlags, maxVerbosity, type FlagRefusal } from './flags.js';
import { own } from './own.js';
import { KubectlRefusal } from './refusal.js';

/** `-s (--server)` for a short spelling, `--server` for a long one. */
export function flagLabel(use: FlagUse): string {
  return use.spelling === `--${use.name}` || use.name.startsWith('-') ? use.spelling : `${use.spelling} (--${use.name})`;
}

/**
 * Refuses flags that change the target, the identity or the credential files, read or write the MCP
 * server's filesystem, or raise the verbosity to where request headers are logged. `ownFlags` are local
 * flags of this command that merely share a refused global flag's name.
 */
export function assertFlagAllowed(use: FlagUse, ownFlags: readonly string[], hint: string): void {
  if (use.name === 'v' || use.name === 'vmodule') {
    assertVerbosity(use);
    return;
  }
  if (ownFlags.includes(use.name)) return;
  const refusal: FlagRefusal | undefined =
    own(forbiddenFlags, use.name) ?? forbiddenFlagPrefixes.find(([prefix]) => use.name.startsWith(prefix))?.[1];
  if (refusal) {
    throw new KubectlRefusal('forbidden-flag', `${flagLabel(use)} is refused at every access level: ${refusal.why}`, `${refusal.instead}${hint}`);
  }
}

function assertVerbosity(use: FlagUse): void {
  if (use.value === undefined) return;
  const levels = use.name === 'v' ? [use.value] : use.value.split(',').map((setting) => setting.slice(setting.lastIndexOf('=') + 1));
  if (levels.every((level) => /^\d{1,9}$/.test(level) && Number(level) <= maxVerbosity)) return;
  throw new KubectlRefusal(
    'forbidden-flag',
    `${flagLabel(use)} above ${maxVerbosity} (or not a plain number) is refused: verbosity 6 and higher logs request headers, including bearer tokens`,
    `Use -v=${maxVerbosity} or lower.`,
  );
}

/**
 * Whether the command reads a manifest from stdin (`-f -`). Any other filename is refused: a URL would
 * be fetched from the MCP server's network and a path read from its filesystem.
 */
export function readsStdin(uses: readonly FlagUse[]): boolean {
  let reads = false;
  for (const use of uses) {
    if (use.name !== 'filename') continue;
    if (use.value === '-') {
      reads = true;
    } else if (use.value !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(use.value)) {
      throw new KubectlRefusal(
        'filename-url',
        `${flagLabel(use)} with a URL is refused: the MCP server would fetch it from its own network`,
        'Fetch the manifest yourself and pass it with -f - and the manifest in stdin.',
      );
    } else {
      throw new KubectlRefusal(
        'filename-path',
        `${flagLabel(use)} with a file path is refused: it names a file on the MCP server's filesystem, not yours`,
        'Pass the manifest with -f - and put its content (YAML or JSON) in stdin.',
      );
    }
  }
  return reads;
}

/** `kubectl cp` copies to and from the MCP server's filesystem: keep the local side relative, inside the call's working directory. */
export function assertCpLocalPaths(arguments_: readonly string[]): void {
  for (const word of arguments_) {
    if (word.startsWith('-') || word.includes(':')) continue;
    if (word.startsWith('/') || word.split('/').includes('..')) {
      throw new KubectlRefusal(
        'filename-path',
        "kubectl cp with an absolute local path or '..' is refused: the local side is the MCP server's filesystem, not yours",
        'Use a relative file name (it stays in the call\'s scratch directory), or read a file in the container with exec -- cat <path>.',
      );
    }
  }
}
