/**
 * Whether a resource argument names Secrets in any spelling kubectl accepts: `secret`, `Secrets`,
 * `secret/name`, `secrets.v1.`, `secret.v1`, or one entry of a comma list such as `secret,configmap`.
 */
export function namesSecretResource(token: string): boolean {
  return token
    .toLowerCase()
    .split(',')
    .some((entry) => {
      const type = entry.split('/')[0]!.split('.')[0]!;
      return type === 'secret' || type === 'secrets';
    });
}

/**
 * Whether a manifest read from stdin may describe a Secret. Any mention of "secret" counts, and so do
 * YAML/JSON escapes and line continuations, which could spell the kind without the plain word.
 */
export function manifestMayHoldSecrets(manifest: string): boolean {
  return /secret/i.test(manifest) || /\\(?:[xuU]|\r?\n)/.test(manifest);
}
