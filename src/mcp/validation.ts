import type { z } from 'zod';

/** `instance_ids[0]`, `target.namespace`: how a model names a field. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** One line per problem, each naming the field and the rule it broke. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const field = fieldPath(issue.path) || '(arguments)';
    const missing = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined;
    return `- ${field}: ${missing ? `is required (${issue.expected})` : issue.message}`;
  });
}

/** Arguments the tool does not declare: usually a misspelt name, so they are refused rather than ignored. */
export function unknownArguments(args: unknown, declared: readonly string[]): string[] {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return [];
  return Object.keys(args).filter((key) => !declared.includes(key));
}
