import type { z } from 'zod';

/** `instance_ids[0]`, `target.namespace`: how a model names a field. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), root);
}

/** One line per problem, each naming the field and the rule it broke. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], args: unknown): string[] {
  return issues.map((issue) => {
    const field = fieldPath(issue.path) || '(arguments)';
    const missing = issue.code === 'invalid_type' && valueAt(args, issue.path) === undefined;
    return `- ${field}: ${missing ? `is required (${issue.expected})` : issue.message}`;
  });
}

/** Arguments the tool does not declare: usually a misspelt name, so they are refused rather than ignored. */
export function unknownArguments(args: unknown, declared: readonly string[]): string[] {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return [];
  return Object.keys(args).filter((key) => !declared.includes(key));
}
