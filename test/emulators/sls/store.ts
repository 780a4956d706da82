// The projects the emulator serves: each belongs to one account and holds logstores (rows) and metric stores.
import type { LogRow, SlsProjectSeed } from './model.js';

export interface StoredProject {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly description: string;
  /** Unix seconds. */
  readonly createTime: number;
  readonly logstores: Map<string, LogRow[]>;
  readonly metricstores: Map<string, { readonly clusterId: string }>;
}

/** The fields SLS always adds to a log, in addition to the ones a row carries. */
export const RESERVED_FIELDS: readonly string[] = ['__time__', '__source__', '__topic__'];

export class SlsStore {
  private readonly projects = new Map<string, StoredProject>();

  constructor(seeds: readonly SlsProjectSeed[], now = Date.now()) {
    for (const seed of seeds) {
      if (this.projects.has(seed.name)) throw new Error(`startSlsEmulator: duplicate project ${seed.name}`);
      const logstores = new Map(Object.entries(seed.logstores).map(([name, rows]) => [name, rows.map((row) => ({ ...row }))]));
      const metricstores = new Map(Object.entries(seed.metricstores ?? {}).map(([name, m]) => [name, { clusterId: m.clusterId }]));
      for (const name of metricstores.keys()) {
        if (logstores.has(name)) throw new Error(`startSlsEmulator: ${seed.name}/${name} is both a logstore and a metric store`);
      }
      this.projects.set(seed.name, {
        name: seed.name,
        accountId: seed.accountId,
        region: seed.region,
        description: seed.description ?? '',
        createTime: Math.floor(now / 1000) - 90 * 86_400,
        logstores,
        metricstores,
      });
    }
  }

  project(name: string): StoredProject | undefined {
    return this.projects.get(name);
  }

  projectsOf(accountId: string): StoredProject[] {
    return [...this.projects.values()].filter((p) => p.accountId === accountId).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The live rows of a logstore; throws for an unknown one (a test bug, not an API error). */
  rows(project: string, logstore: string): LogRow[] {
    const rows = this.projects.get(project)?.logstores.get(logstore);
    if (rows === undefined) throw new Error(`SLS emulator: no logstore ${project}/${logstore}`);
    return rows;
  }

  addRows(project: string, logstore: string, rows: readonly LogRow[]): void {
    const target = this.rows(project, logstore);
    for (const row of rows) {
      if (!Number.isInteger(row.__time__)) throw new Error(`SLS emulator: __time__ must be integer unix seconds, got ${String(row.__time__)}`);
      target.push({ ...row });
    }
  }
}

/** Every field name used by the rows (the logstore's "index"), reserved fields first, then in order of first use. */
export function fieldNames(rows: readonly LogRow[]): string[] {
  const names = new Set<string>(RESERVED_FIELDS);
  for (const row of rows) for (const key of Object.keys(row)) names.add(key);
  return [...names];
}
