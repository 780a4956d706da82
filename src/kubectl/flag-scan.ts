import { commonShortFlags, valueFlags, type ShortFlag } from './flags.js';
import { own } from './own.js';
import type { VerbRule } from './verbs.js';

/** One flag as kubectl's flag parser (spf13/pflag) would read it. */
export interface FlagUse {
  /** Long name, normalised (`_` → `-`, lower case); for an unknown short letter, `-x`. */
  name: string;
  /** How it was written, without its value: safe to show. */
  spelling: string;
  /** The value given, or undefined when there was none (a boolean, or a value flag at the end). */
  value: string | undefined;
}

export interface FlagTable {
  short(letter: string): ShortFlag | undefined;
  takesValue(name: string): boolean;
}

export function flagTableFor(rule: VerbRule): FlagTable {
  return {
    short: (letter) => own(rule.shortFlags, letter) ?? own(commonShortFlags, letter),
    takesValue: (name) => valueFlags.has(name) || (rule.valueFlags?.includes(name) ?? false),
  };
}

/** kubectl normalises `_` to `-` in flag names; lower case and extra dashes are accepted here so that no variant slips through. */
export function normaliseFlagName(name: string): string {
  return name.toLowerCase().replaceAll('_', '-').replace(/^-+/, '');
}

/** Whether the word is read as a flag: starts with `-`, other than `-` (stdin) and the `--` terminator. */
export function isFlagWord(word: string): boolean {
  return word.startsWith('-') && word !== '-' && word !== '--';
}

/** A boolean flag is on unless its value is one of Go's spellings of false. */
export function enabled(use: FlagUse): boolean {
  return use.value === undefined || !['false', 'False', 'FALSE', 'f', 'F', '0'].includes(use.value);
}

/**
 * Reads the flag word at `words[i]` as pflag does: `--name=value`, `--name value`, `--name`, and short
 * bundles such as `-As https://x`, `-shttps://x`, `-s=https://x`. Returns the flags and the index of the
 * next word kubectl would read.
 */
export function readFlagWord(words: string[], i: number, table: FlagTable): { uses: FlagUse[]; next: number } {
  const word = words[i]!;
  if (word.startsWith('--')) {
    const body = word.slice(2);
    const eq = body.indexOf('=');
    const name = normaliseFlagName(eq < 0 ? body : body.slice(0, eq));
    const spelling = `--${name}`;
    if (eq >= 0) return { uses: [{ name, spelling, value: body.slice(eq + 1) }], next: i + 1 };
    if (table.takesValue(name) && i + 1 < words.length) return { uses: [{ name, spelling, value: words[i + 1] }], next: i + 2 };
    return { uses: [{ name, spelling, value: undefined }], next: i + 1 };
  }

  const uses: FlagUse[] = [];
  let letters = word.slice(1);
  while (letters.length > 0) {
    const letter = letters[0]!;
    const flag = table.short(letter);
    const name = flag?.name ?? `-${letter}`;
    const spelling = `-${letter}`;
    if (letters.length > 2 && letters[1] === '=') return { uses: [...uses, { name, spelling, value: letters.slice(2) }], next: i + 1 };
    if (!flag?.takesValue) {
      // Unknown letters are read as booleans so that the rest of the bundle is still checked.
      uses.push({ name, spelling, value: undefined });
      letters = letters.slice(1);
      continue;
    }
    if (letters.length > 1) return { uses: [...uses, { name, spelling, value: letters.slice(1) }], next: i + 1 };
    if (i + 1 < words.length) return { uses: [...uses, { name, spelling, value: words[i + 1] }], next: i + 2 };
    return { uses: [...uses, { name, spelling, value: undefined }], next: i + 1 };
  }
  return { uses, next: i + 1 };
}

/** Index of the `--` that ends kubectl's flags, following pflag (a value flag swallows a following `--`); -1 when there is none. */
export function flagTerminator(words: string[], table: FlagTable): number {
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    if (word === '--') return i;
    i = isFlagWord(word) ? readFlagWord(words, i, table).next : i + 1;
  }
  return -1;
}

/**
 * Every flag in the words, reading each flag-like word even when pflag would take it as the previous
 * flag's value: a superset of what kubectl sees, so a refused flag cannot hide behind a value.
 */
export function scanFlags(words: string[], table: FlagTable): FlagUse[] {
  return words.flatMap((word, i) => (isFlagWord(word) ? readFlagWord(words, i, table).uses : []));
}
