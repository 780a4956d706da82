// Test-only: resolve `localhost`, `*.localhost` and `*.127.0.0.1` to 127.0.0.1. The SLS SDK puts the
// project in the Host (`{project}.{endpoint}`), and such names do not resolve on a normal machine
// (aliyun-wire-formats.md §2.2). Node's net and fetch call dns.lookup at connect time, so patching it
// in this process is enough. Never load this in production code.
import dns from 'node:dns';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

let installed = false;

export function isLocalName(host: unknown): boolean {
  return typeof host === 'string' && (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.127.0.0.1'));
}

/** Patches dns.lookup once for this process. */
export function installLocalDns(): void {
  if (installed) return;
  installed = true;
  const original = dns.lookup.bind(dns) as (...args: unknown[]) => void;
  const patched = (hostname: string, options: unknown, callback?: unknown): void => {
    let cb = callback as LookupCallback | undefined;
    let opts: { all?: boolean; family?: number } = {};
    if (typeof options === 'function') cb = options as LookupCallback;
    else if (typeof options === 'number') opts = { family: options };
    else if (options && typeof options === 'object') opts = options as typeof opts;
    if (isLocalName(hostname) && cb) {
      const done = cb;
      if (opts.all) process.nextTick(() => done(null, [{ address: '127.0.0.1', family: 4 }]));
      else process.nextTick(() => done(null, '127.0.0.1', 4));
      return;
    }
    original(hostname, options, callback);
  };
  (dns as { lookup: unknown }).lookup = patched;
}
