import { requireBearerAuth } from '@modelcontextprotocol/express';
import { OAuthError, OAuthErrorCode } from '@modelcontextprotocol/server';
import type { RequestHandler } from 'express';
import type { Authenticator } from './authenticator.js';
import type { Principal } from './principal.js';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Static tokens never expire by themselves; the SDK verifier needs an expiry, so report one an hour ahead. */
const VALIDITY_SECONDS = 3600;

/**
 * Establishes the principal from `Authorization: Bearer <token>` with the SDK's bearer middleware:
 * 401 with a `WWW-Authenticate: Bearer` challenge and a JSON body otherwise.
 */
export function bearerAuth(authenticator: Authenticator): RequestHandler {
  if (!authenticator.enabled) {
    return (req, _res, next) => {
      req.principal = authenticator.anonymous;
      next();
    };
  }
  const verify = requireBearerAuth({
    verifier: {
      async verifyAccessToken(token) {
        const principal = authenticator.authenticate(token);
        if (!principal) throw new OAuthError(OAuthErrorCode.InvalidToken, 'The bearer token is not valid.');
        return {
          token: '[redacted]',
          clientId: principal.name,
          scopes: [],
          expiresAt: Math.floor(Date.now() / 1000) + VALIDITY_SECONDS,
          extra: { principal },
        };
      },
    },
  });
  return (req, res, next) =>
    verify(req, res, (error?: unknown) => {
      if (error) return next(error);
      req.principal = req.auth?.extra?.['principal'] as Principal;
      next();
    });
}
