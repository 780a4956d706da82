// The contract between the emulators that serve the Prometheus HTTP API (ARMS, SLS MetricStore) and
// the real Prometheus behind them. One Prometheus holds every cluster's series, each labelled
// `cluster_id`; the backend answers as if it held only the asked cluster's series.

export interface PrometheusAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface PrometheusBackend {
  /** Undefined when queries can be answered; otherwise why not (e.g. the prometheus binary is not installed). */
  readonly unavailable: string | undefined;
  /**
   * Runs one Prometheus HTTP API call, restricted to the series of `clusterId`.
   * `endpoint` is the part after `/api/v1/`: `query`, `query_range`, `series`, `labels` or `label/<name>/values`.
   */
  api(clusterId: string, endpoint: string, params: URLSearchParams): Promise<PrometheusAnswer>;
  close(): Promise<void>;
}
