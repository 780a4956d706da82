/** How much a kubectl call may do, from least to most powerful. */
export const accessLevels = ['read-only', 'read-write', 'admin'] as const;
export type AccessLevel = (typeof accessLevels)[number];

export function atLeast(level: AccessLevel, required: AccessLevel): boolean {
  return accessLevels.indexOf(level) >= accessLevels.indexOf(required);
}

/** The least powerful of the given levels; read-only when none is given (fail closed). */
export function narrowest(...levels: AccessLevel[]): AccessLevel {
  if (levels.length === 0) return 'read-only';
  return levels.reduce((narrow, level) => (atLeast(narrow, level) ? level : narrow));
}
