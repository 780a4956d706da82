// Synchronous clean-up when the test process exits without closing its backends (a failed test, an
// uncaught error): hooks run newest first, so a server is killed before its directory is removed.
const hooks: Array<() => void> = [];
let installed = false;

/** Registers `hook`; the returned function unregisters it. */
export function atExit(hook: () => void): () => void {
  if (!installed) {
    installed = true;
    process.once('exit', () => {
      for (const each of [...hooks].reverse()) {
        try {
          each();
        } catch {
          // best effort: the process is going away
        }
      }
    });
  }
  hooks.push(hook);
  return () => {
    const index = hooks.indexOf(hook);
    if (index >= 0) hooks.splice(index, 1);
  };
}
