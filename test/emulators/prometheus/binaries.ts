// Where the prometheus and promtool binaries are: $PROMETHEUS_BIN / $PROMTOOL_BIN, else $PATH, else /usr/bin
// (Debian's `prometheus` package).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function locate(name: string, envVar: string): string | { missing: string } {
  const configured = process.env[envVar];
  if (configured) return isExecutable(configured) ? configured : { missing: `${envVar}=${configured} is not an executable file` };
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), '/usr/bin'];
  const found = dirs.map((dir) => join(dir, name)).find(isExecutable);
  return found ?? { missing: `${name} is not installed (not on PATH, not in /usr/bin, ${envVar} unset; Debian/Ubuntu: apt-get install prometheus)` };
}

export function prometheusBinaries(): { prometheus: string; promtool: string } | { missing: string } {
  const prometheus = locate('prometheus', 'PROMETHEUS_BIN');
  const promtool = locate('promtool', 'PROMTOOL_BIN');
  if (typeof prometheus !== 'string') return prometheus;
  if (typeof promtool !== 'string') return promtool;
  return { prometheus, promtool };
}
