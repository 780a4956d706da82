// Bearer tokens: opaque random strings bound to a subject and an expiry.
import { randomBytes } from 'node:crypto';
import type { KubeSubject } from './rbac.js';

interface Issued {
  readonly subject: KubeSubject;
  readonly expiresAt: number;
}

export class Tokens {
  private readonly issued = new Map<string, Issued>();

  issue(subject: KubeSubject, expiresAt: Date): string {
    if (subject.user === '') throw new Error('kubernetes emulator: a token subject needs a user name');
    const token = `kube-emu.${randomBytes(24).toString('base64url')}`;
    this.issued.set(token, { subject: { user: subject.user, groups: [...(subject.groups ?? [])] }, expiresAt: expiresAt.getTime() });
    return token;
  }

  /** The subject of a valid, unexpired token from an Authorization header value. */
  authenticate(authorization: string | undefined, now = Date.now()): KubeSubject | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const found = match === null ? undefined : this.issued.get(match[1] ?? '');
    if (found === undefined || now >= found.expiresAt) return undefined;
    return found.subject;
  }
}
