/**
 * Redaction of secrets from anything that is logged or returned. Keys that name a secret are
 * replaced wholesale; string values are scrubbed of bearer tokens, Basic credentials and
 * registered secret values (the caller's AccessKey secret and STS token for this process).
 */
const SECRET_KEY = /secret|token|password|authorization|credential|kubeconfig|signature/i;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g;

const registered = new Set<string>();

/** Registers a secret value (length ≥ 8) that must never appear verbatim in logs or errors. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) {
    if (registered.size > 10_000) registered.clear();
    registered.add(value);
  }
}

export function redactString(text: string): string {
  let out = text.replace(BEARER, '$1 [REDACTED]');
  for (const secret of registered) {
    if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
  }
  return out;
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[…]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) };
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) && v !== undefined ? '[REDACTED]' : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** `LTAI5tAbCdEf1234` → `LTAI****1234`: enough to tell keys apart in an audit, not enough to use. */
export function maskAccessKeyId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  if (id.length <= 8) return '****';
  return `${id.slice(0, 4)}****${id.slice(-4)}`;
}
