import type { RequestHandler } from 'express';
import { sendJsonError } from './json-error.js';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]', '::1'];

export function isLoopbackAddress(host: string): boolean {
  return LOOPBACK_HOSTS.includes(host) || host.startsWith('127.');
}

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1).toLowerCase();
  return hostHeader.replace(/:\d+$/, '').toLowerCase();
}

/**
 * DNS-rebinding protection. Loopback names are always accepted; others only when listed. A server
 * bound to a non-loopback address with no list accepts any Host (it sits behind a load balancer
 * and authenticates every request).
 */
export function hostValidation(allowedHosts: readonly string[], boundToLoopback: boolean): RequestHandler {
  const allowed = new Set([...LOOPBACK_HOSTS, ...allowedHosts.map((h) => h.toLowerCase())]);
  const enforce = boundToLoopback || allowedHosts.length > 0;
  return (req, res, next) => {
    if (!enforce) return next();
    const host = req.headers.host;
    if (host && (allowed.has(hostnameOf(host)) || allowed.has(host.toLowerCase()))) return next();
    sendJsonError(res, 403, -32000, `Forbidden: Host "${(host ?? '').slice(0, 100)}" is not allowed. Add it to MCP_ALLOWED_HOSTS.`);
  };
}

/** A browser Origin must be listed (or be a loopback page when the server itself is on loopback). */
export function originValidation(allowedOrigins: readonly string[], boundToLoopback: boolean): RequestHandler {
  const allowed = new Set(allowedOrigins.map((o) => o.toLowerCase().replace(/\/$/, '')));
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    const normalised = origin.toLowerCase().replace(/\/$/, '');
    if (allowed.has(normalised)) return next();
    if (boundToLoopback) {
      try {
        if (isLoopbackAddress(new URL(normalised).hostname)) return next();
      } catch {
        // fall through to the rejection
      }
    }
    sendJsonError(res, 403, -32000, `Forbidden: Origin "${origin.slice(0, 100)}" is not allowed. Add it to MCP_ALLOWED_ORIGINS.`);
  };
}
