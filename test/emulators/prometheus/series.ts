// What the real Prometheus is filled with: one seed per series, sampled on a fixed time grid.

export interface SeriesSeed {
  readonly metric: string;
  /** Must include `cluster_id`: the backend restricts every answer by it. */
  readonly labels: Readonly<Record<string, string>>;
  readonly type: 'counter' | 'gauge';
  readonly help?: string;
  /** Value at time t (epoch seconds). NaN means "no sample at t" (e.g. the pod did not exist yet). */
  value(t: number): number;
}

export const CLUSTER_LABEL = 'cluster_id';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Throws on seeds Prometheus would reject or the backend could not restrict; these are test bugs. */
export function validateSeeds(series: readonly SeriesSeed[]): void {
  const types = new Map<string, SeriesSeed['type']>();
  for (const seed of series) {
    const where = `series ${seed.metric}${JSON.stringify(seed.labels)}`;
    if (!METRIC_NAME.test(seed.metric)) throw new TypeError(`${where}: invalid metric name`);
    if (seed.type === 'counter' && !seed.metric.endsWith('_total')) throw new TypeError(`${where}: a counter's name must end in _total`);
    for (const name of Object.keys(seed.labels)) {
      if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new TypeError(`${where}: invalid label name ${name}`);
    }
    if (!seed.labels[CLUSTER_LABEL]) throw new TypeError(`${where}: the ${CLUSTER_LABEL} label is required`);
    const known = types.get(seed.metric);
    if (known !== undefined && known !== seed.type) throw new TypeError(`${where}: declared both ${known} and ${seed.type}`);
    types.set(seed.metric, seed.type);
  }
}
