import yaml from 'js-yaml';
import { parseJsonStream } from './json-stream.js';

export interface MaskResult {
  text: string;
  /** How many Secret objects had their values replaced. */
  maskedSecrets: number;
  /** The output could not be parsed but names a Secret, so `text` is an explanation instead of the output. */
  withheld: boolean;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** `kind: Secret`, `"kind": "Secret"`, and the escaped form inside a last-applied annotation string. */
const SECRET_KIND = /\bkind\\?["']?\s*:\s*\\?["']?Secret(?:List)?\b/;

/**
 * Replaces the values of every Secret in kubectl's json or yaml output (single objects, Lists, watch
 * streams, multi-document yaml, at any depth) with `<masked: N bytes>`, and the last-applied annotation,
 * which repeats them in clear. Secrets are found by kind, not by how the command spelled the resource.
 */
export function maskSecretValues(text: string, format: 'json' | 'yaml'): MaskResult {
  const documents = format === 'json' ? parseJsonStream(text) : parseYaml(text);
  if (documents === undefined) {
    if (!SECRET_KIND.test(text)) return { text, maskedSecrets: 0, withheld: false };
    return {
      text:
        `Output withheld: it includes a Secret whose values could not be verified as masked (the output is not valid ${format}, ` +
        'for example because it was cut short). Ask for less (one object, -o name) or use describe, which shows only sizes.',
      maskedSecrets: 0,
      withheld: true,
    };
  }
  const maskedSecrets = documents.reduce<number>((count, document) => count + maskSecretsIn(document), 0);
  if (maskedSecrets === 0) return { text, maskedSecrets, withheld: false };
  return { text: serialise(documents, format), maskedSecrets, withheld: false };
}

function parseYaml(text: string): unknown[] | undefined {
  try {
    return yaml.loadAll(text, undefined, { schema: yaml.CORE_SCHEMA }).filter((document) => document !== null && document !== undefined);
  } catch {
    return undefined;
  }
}

function serialise(documents: unknown[], format: 'json' | 'yaml'): string {
  if (format === 'json') return `${documents.map((document) => JSON.stringify(document, null, 4)).join('\n')}\n`;
  return documents.map((document) => yaml.dump(document, { lineWidth: -1, noRefs: true, schema: yaml.CORE_SCHEMA })).join('---\n');
}

/** Masks every Secret inside `root`, walking iteratively so that deep nesting cannot exhaust the stack. */
function maskSecretsIn(root: unknown): number {
  let masked = 0;
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
      continue;
    }
    if (!isRecord(value)) continue;
    if (isSecret(value)) {
      maskSecret(value);
      masked += 1;
    }
    if (value.kind === 'SecretList' && Array.isArray(value.items)) {
      // The API leaves kind out of a typed list's items.
      for (const item of value.items) {
        if (isRecord(item) && item.kind === undefined) {
          maskSecret(item);
          masked += 1;
        }
      }
    }
    for (const child of Object.values(value)) pending.push(child);
  }
  return masked;
}

/**
 * A Secret by kind, or an object whose kind is missing but that carries data: yaml output sorts `data`
 * before `kind`, so output cut short can hold a Secret's values without its kind.
 */
function isSecret(object: Record<string, unknown>): boolean {
  if (object.kind === 'Secret') return true;
  return object.kind === undefined && typeof object.apiVersion === 'string' && ('data' in object || 'stringData' in object);
}

function maskSecret(secret: Record<string, unknown>): void {
  if ('data' in secret) secret.data = maskValues(secret.data, (value) => Buffer.from(value, 'base64').length);
  if ('stringData' in secret) secret.stringData = maskValues(secret.stringData, (value) => Buffer.byteLength(value, 'utf8'));
  const metadata = secret.metadata;
  if (isRecord(metadata) && isRecord(metadata.annotations) && LAST_APPLIED in metadata.annotations) {
    metadata.annotations[LAST_APPLIED] = '<masked: repeats the Secret values>';
  }
}

function maskValues(values: unknown, size: (value: string) => number): unknown {
  if (values === null || values === undefined) return values;
  if (!isRecord(values)) return '<masked>';
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, typeof value === 'string' ? `<masked: ${size(value)} bytes>` : '<masked>']),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
