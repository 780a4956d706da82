{{/*
Chart name, truncated to the 63 characters of a DNS label.
*/}}
{{- define "ack-mcp-server.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's resources: <release>-<chart>, or <release> when it already contains the chart name.
*/}}
{{- define "ack-mcp-server.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ack-mcp-server.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every resource.
*/}}
{{- define "ack-mcp-server.labels" -}}
helm.sh/chart: {{ include "ack-mcp-server.chart" . }}
{{ include "ack-mcp-server.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ack-mcp-server
{{- end }}

{{/*
Selector labels of the server pods (the helm test pod deliberately does not match them).
*/}}
{{- define "ack-mcp-server.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ack-mcp-server.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels of the helm test pod: same instance, another name, so that neither the Service nor the
NetworkPolicy's pod selector picks it up.
*/}}
{{- define "ack-mcp-server.testSelectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-test" (include "ack-mcp-server.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: helm-test
{{- end }}

{{- define "ack-mcp-server.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ack-mcp-server.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "ack-mcp-server.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion }}
{{- if .Values.image.digest }}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/*
Whether the pod mounts the Kubernetes API token: in-cluster mode needs it; otherwise it stays off.
*/}}
{{- define "ack-mcp-server.automountToken" -}}
{{- if kindIs "bool" .Values.serviceAccount.automountToken }}
{{- .Values.serviceAccount.automountToken }}
{{- else }}
{{- eq .Values.kubernetes.mode "in-cluster" }}
{{- end }}
{{- end }}

{{/*
Where the OIDC token of RRSA manual mode is mounted (the path ack-pod-identity-webhook uses too).
*/}}
{{- define "ack-mcp-server.rrsaTokenDir" -}}
/var/run/secrets/ack.alibabacloud.com/rrsa-tokens
{{- end }}

{{- define "ack-mcp-server.tokensFileDir" -}}
/etc/ack-mcp-server/auth
{{- end }}

{{/*
Authentication: where the bearer token and the tokens file come from. Returns a dict (as YAML):
secretName, createSecret, tokenKey, tokensFileKey, generated.
*/}}
{{- define "ack-mcp-server.auth" -}}
{{- $auth := .Values.auth }}
{{- $existing := $auth.existingSecret }}
{{- if $existing.name }}
{{- if or $auth.token $auth.principals }}
{{- fail "auth.existingSecret.name cannot be combined with auth.token or auth.principals: keep every token in one Secret." }}
{{- end }}
{{- if not (or $existing.tokenKey $existing.tokensFileKey) }}
{{- fail "auth.existingSecret.name needs auth.existingSecret.tokenKey and/or auth.existingSecret.tokensFileKey: the server never runs without authentication." }}
{{- end }}
secretName: {{ $existing.name }}
createSecret: false
tokenKey: {{ $existing.tokenKey | quote }}
tokensFileKey: {{ $existing.tokensFileKey | quote }}
generated: false
{{- else }}
secretName: {{ include "ack-mcp-server.fullname" . }}
createSecret: true
tokenKey: {{ if or $auth.token (not $auth.principals) }}"token"{{ else }}""{{ end }}
tokensFileKey: {{ if $auth.principals }}"tokens.json"{{ else }}""{{ end }}
generated: {{ not (or $auth.token $auth.principals) }}
{{- end }}
{{- end }}

{{/*
Host names accepted by the server (MCP_ALLOWED_HOSTS): the Service's DNS names, every ingress
host and server.allowedHosts.
*/}}
{{- define "ack-mcp-server.allowedHosts" -}}
{{- $fullname := include "ack-mcp-server.fullname" . }}
{{- $ns := .Release.Namespace }}
{{- $hosts := list $fullname (printf "%s.%s" $fullname $ns) (printf "%s.%s.svc" $fullname $ns) (printf "%s.%s.svc.%s" $fullname $ns .Values.server.clusterDomain) }}
{{- if .Values.ingress.enabled }}
{{- range .Values.ingress.hosts }}
{{- $hosts = append $hosts . }}
{{- end }}
{{- end }}
{{- range .Values.server.allowedHosts }}
{{- $hosts = append $hosts . }}
{{- end }}
{{- $hosts | uniq | join "," }}
{{- end }}

{{/*
Seconds the kubelet waits after SIGTERM: it must outlast the preStop sleep and the server's drain.
*/}}
{{- define "ack-mcp-server.terminationGracePeriodSeconds" -}}
{{- $drain := add (int .Values.server.shutdownGraceSeconds) (int .Values.server.preStopSleepSeconds) }}
{{- if kindIs "invalid" .Values.server.terminationGracePeriodSeconds }}
{{- add $drain (int .Values.server.terminationGraceMarginSeconds) }}
{{- else }}
{{- $grace := int .Values.server.terminationGracePeriodSeconds }}
{{- if le $grace $drain }}
{{- fail (printf "server.terminationGracePeriodSeconds (%d) must be longer than the drain: server.shutdownGraceSeconds (%d) + server.preStopSleepSeconds (%d) = %d seconds, or the kubelet kills calls still in flight. Raise it, or leave it null to compute %d." $grace (int .Values.server.shutdownGraceSeconds) (int .Values.server.preStopSleepSeconds) $drain (add $drain (int .Values.server.terminationGraceMarginSeconds))) }}
{{- end }}
{{- $grace }}
{{- end }}
{{- end }}

{{/*
Checks of value combinations the schema cannot express; included by the Deployment.
*/}}
{{- define "ack-mcp-server.validate" -}}
{{- if and (eq .Values.kubernetes.mode "in-cluster") (not .Values.kubernetes.inClusterId) }}
{{- fail "kubernetes.inClusterId is required when kubernetes.mode is in-cluster: the ACK cluster id of this cluster (c + 32 lowercase letters or digits), so that calls for other clusters are refused." }}
{{- end }}
{{- if and (eq .Values.kubernetes.mode "in-cluster") (eq (include "ack-mcp-server.automountToken" .) "false") }}
{{- fail "serviceAccount.automountToken cannot be false when kubernetes.mode is in-cluster: the server reaches the cluster with the pod's ServiceAccount token." }}
{{- end }}
{{- if and (eq .Values.rrsa.mode "webhook") (not .Values.rrsa.roleName) }}
{{- fail "rrsa.roleName is required when rrsa.mode is webhook (the RAM role name for the annotation pod-identity.alibabacloud.com/role-name)." }}
{{- end }}
{{- if and (eq .Values.rrsa.mode "webhook") (not .Values.serviceAccount.create) }}
{{- fail "rrsa.mode webhook annotates the chart's ServiceAccount: set serviceAccount.create true, or annotate your own ServiceAccount and use rrsa.mode none." }}
{{- end }}
{{- if and (eq .Values.rrsa.mode "manual") (not (and .Values.rrsa.roleArn .Values.rrsa.oidcProviderArn)) }}
{{- fail "rrsa.roleArn and rrsa.oidcProviderArn are required when rrsa.mode is manual." }}
{{- end }}
{{- if and .Values.rrsa.stsVpcEndpoint (not .Values.rrsa.stsRegion) }}
{{- fail "rrsa.stsVpcEndpoint needs rrsa.stsRegion (the STS VPC endpoint is regional)." }}
{{- end }}
{{- if and .Values.serviceMonitor.enabled (not .Values.server.metricsEnabled) }}
{{- fail "serviceMonitor.enabled needs server.metricsEnabled: there is nothing to scrape otherwise." }}
{{- end }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- fail "autoscaling.minReplicas cannot exceed autoscaling.maxReplicas." }}
{{- end }}
{{- if and .Values.ingress.enabled (not .Values.ingress.hosts) }}
{{- fail "ingress.enabled needs at least one host in ingress.hosts (each is also added to MCP_ALLOWED_HOSTS)." }}
{{- end }}
{{- if and (gt (int .Values.server.preStopSleepSeconds) 0) (semverCompare "<1.30.0-0" .Capabilities.KubeVersion.Version) }}
{{- fail "server.preStopSleepSeconds needs Kubernetes >= 1.30 (the preStop sleep action); set it to 0 on older clusters." }}
{{- end }}
{{- $derived := list "MCP_HOST" "MCP_PORT" "MCP_AUTH_TOKEN" "MCP_TOKENS_FILE" "MCP_ALLOW_UNAUTHENTICATED" "MCP_ALLOWED_HOSTS" "MCP_SHUTDOWN_GRACE_SECONDS" "MCP_TRANSPORT" "MCP_METRICS_ENABLED" "ALIBABA_CLOUD_CREDENTIAL_SOURCE" "KUBERNETES_MODE" "KUBERNETES_IN_CLUSTER_ID" "KUBECTL_ACCESS_LEVEL" "KUBECTL_WORK_DIR" }}
{{- range $key, $_ := .Values.config }}
{{- if or (has $key $derived) (hasPrefix "ALIBABA_CLOUD_ACCESS_KEY" $key) }}
{{- fail (printf "config.%s is not accepted: the chart derives it from its own values, or it is a secret (see values.yaml)." $key) }}
{{- end }}
{{- end }}
{{- $_ := include "ack-mcp-server.auth" . }}
{{- $_ := include "ack-mcp-server.terminationGracePeriodSeconds" . }}
{{- end }}
