// A deterministic stand-in for SLS's text_to_promql: keyword templates over the metric names the
// Prometheus seed provides. "namespace X" / "in X namespace" narrows the series to that namespace.

interface Template {
  readonly keywords: RegExp;
  readonly promql: (ns: string) => string;
}

const nsLabel = (ns: string, extra = ''): string => {
  const labels = [ns === '' ? '' : `namespace="${ns}"`, extra].filter((l) => l !== '');
  return labels.length === 0 ? '' : `{${labels.join(',')}}`;
};

const TEMPLATES: readonly Template[] = [
  { keywords: /restart|crash|重启/i, promql: (ns) => `increase(kube_pod_container_status_restarts_total${nsLabel(ns)}[1h]) > 0` },
  { keywords: /pending|unschedul|调度/i, promql: (ns) => `kube_pod_status_phase${nsLabel(ns, 'phase="Pending"')} == 1` },
  { keywords: /\bnodes?\b.*(not ?ready|unhealthy|condition|down)|(not ?ready|unhealthy).*\bnodes?\b|节点/i, promql: () => 'kube_node_status_condition{condition="Ready",status="true"} == 0' },
  { keywords: /\bcpu\b/i, promql: (ns) => `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total${nsLabel(ns)}[5m]))` },
  { keywords: /memory|\bmem\b|\boom\b|内存/i, promql: (ns) => `sum by (namespace, pod) (container_memory_working_set_bytes${nsLabel(ns)})` },
  { keywords: /error|5xx|\b50\d\b|fail|错误/i, promql: () => 'sum by (code) (rate(apiserver_request_total{code=~"5.."}[5m]))' },
  { keywords: /apiserver|api server|request rate|qps/i, promql: () => 'sum by (verb) (rate(apiserver_request_total[5m]))' },
  { keywords: /\bdown\b|\bup\b|target|scrape/i, promql: () => 'up == 0' },
];

export function textToPromql(question: string): string {
  const ns = /\bnamespace[:\s]+["']?([a-z0-9][a-z0-9-]*)/i.exec(question)?.[1]
    ?? /\bin (?:the )?["']?([a-z0-9][a-z0-9-]*)["']? namespace/i.exec(question)?.[1]
    ?? '';
  const template = TEMPLATES.find((t) => t.keywords.test(question));
  return template ? template.promql(ns.toLowerCase()) : 'up';
}
