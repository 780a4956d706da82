import type { Principal } from '../http/principal.js';
import { narrowest, type AccessLevel } from '../kubectl/access-level.js';
import type { AnyTool, OptionalFeature } from './tool.js';

/** Server-wide limits on what is exposed, from configuration. */
export interface ExposurePolicy {
  readOnly: boolean;
  /** Empty = every tool. */
  allowList: readonly string[];
  /** Most the kubectl tool may do for anyone (KUBECTL_ACCESS_LEVEL). */
  kubectlLevel: AccessLevel;
  /** Optional parts of the catalogue and whether they are on; a tool needing a feature that is off is hidden. */
  features: Readonly<Record<OptionalFeature, boolean>>;
}

/** The setting that switches each optional feature, for error messages. */
const featureSettings: Record<OptionalFeature, string> = { 'sls-ai-tools': 'SLS_AI_TOOLS_ENABLED' };

/** The kubectl level of a principal: the server's, narrowed by the principal's own and by read-only mode. */
export function kubectlLevelFor(server: ExposurePolicy, principal: Principal): AccessLevel {
  const readOnly = server.readOnly || principal.readOnly;
  return narrowest(server.kubectlLevel, principal.kubectlAccess ?? 'admin', readOnly ? 'read-only' : 'admin');
}

/**
 * The one place that decides which tools a principal sees, derived from each tool's own
 * annotations and name: read-only mode keeps tools annotated readOnlyHint, allow-lists keep names.
 */
export function toolsFor(all: readonly AnyTool[], server: ExposurePolicy, principal: Principal): AnyTool[] {
  return all.filter(
    (tool) =>
      (!(server.readOnly || principal.readOnly) || tool.annotations.readOnlyHint) &&
      (tool.requires === undefined || server.features[tool.requires]) &&
      (server.allowList.length === 0 || server.allowList.includes(tool.name)) &&
      (principal.tools === undefined || principal.tools.includes(tool.name)),
  );
}

/** Why a known tool is hidden from this principal, for a precise error. */
export function whyHidden(tool: AnyTool, server: ExposurePolicy, principal: Principal): string {
  if (tool.requires !== undefined && !server.features[tool.requires]) return `it is switched off (${featureSettings[tool.requires]}=false)`;
  if (!tool.annotations.readOnlyHint && server.readOnly) return 'the server runs in read-only mode';
  if (!tool.annotations.readOnlyHint && principal.readOnly) return `principal "${principal.name}" is read-only`;
  if (server.allowList.length > 0 && !server.allowList.includes(tool.name)) return 'it is not in the server allow-list (MCP_TOOLS)';
  return `principal "${principal.name}" is not allowed to use it`;
}

/** Names in an allow-list that match no tool: a configuration mistake worth stopping for. */
export function unknownToolNames(all: readonly AnyTool[], names: readonly string[]): string[] {
  const known = new Set(all.map((t) => t.name));
  return names.filter((name) => !known.has(name));
}
