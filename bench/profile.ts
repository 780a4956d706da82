/**
 * Summarises a V8 `.cpuprofile`: time by layer (each sample charged to the innermost npm package or
 * project file on its stack, so Node's own HTTP/stream code counts for whoever called it), self time
 * by owner (package, project file, Node internals, GC) and by function. Used by
 * `npm run bench -- --profile` to show where the MCP server spends its CPU under load.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  byLayer: Array<{ layer: string; ms: number }>;
  byOwner: Array<{ owner: string; selfMs: number; inclusiveMs: number }>;
  byFunction: Array<{ fn: string; owner: string; selfMs: number }>;
}

/** `node_modules/@scope/pkg/…` → `@scope/pkg`; project files → `src/…`, `test/…`; Node internals → `node:…`. */
export function ownerOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName === '(garbage collector)') return '(gc)';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(program)') return '(program)';
    return '(native)';
  }
  if (url.startsWith('node:')) return 'node:' + (url.slice(5).split('/')[0] ?? '');
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  const project = url.match(/\/(src|test|bench)\/(.*)$/);
  if (project) return `${project[1]}/${project[2]}`;
  return url;
}

/** The layer a sample is charged to, or undefined to keep looking further up the stack. */
export function layerOf(owner: string): string | undefined {
  if (owner === '(gc)') return 'garbage collector';
  if (/^(@alicloud\/|@darabonba\/|httpx$)/.test(owner)) return 'Alibaba Cloud SDK (incl. its HTTP client)';
  if (owner.startsWith('@modelcontextprotocol/')) return 'MCP SDK (incl. Web Request/Response and streams it uses)';
  if (owner === 'zod') return 'zod';
  if (owner.startsWith('src/')) return 'project code (src/)';
  if (owner.startsWith('node:') || owner.startsWith('(')) return undefined;
  return 'Express and other npm packages (router, body-parser, …)';
}

export function summarizeProfile(file: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfByNode = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + dt);
  });

  const ownerSelf = new Map<string, number>();
  const ownerInclusive = new Map<string, number>();
  const fnSelf = new Map<string, { owner: string; selfMs: number }>();
  const layers = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  const stackOf = (id: number) => {
    const frames: ProfileNode['callFrame'][] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame) frames.push(frame);
    }
    return frames;
  };
  for (const [id, ms] of selfByNode) {
    const node = byId.get(id);
    if (!node) continue;
    const stack = stackOf(id);
    // The profiler's own stop-and-serialise call lands in the window; it is not the server's work.
    if (stack.some((frame) => frame.url === 'node:inspector')) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const owner = ownerOf(url, functionName);
    totalMs += ms;
    if (owner === '(idle)') {
      idleMs += ms;
      continue;
    }
    ownerSelf.set(owner, (ownerSelf.get(owner) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|src|test|bench)\//, '$1/')}:${lineNumber + 1}` : ''}`.trim();
    const entry = fnSelf.get(fn) ?? { owner, selfMs: 0 };
    entry.selfMs += ms;
    fnSelf.set(fn, entry);
    // Inclusive: every owner on this sample's stack, once.
    const owners = stack.map((frame) => ownerOf(frame.url, frame.functionName));
    for (const o of new Set(owners)) ownerInclusive.set(o, (ownerInclusive.get(o) ?? 0) + ms);
    let layer: string | undefined;
    for (const o of owners) if ((layer = layerOf(o)) !== undefined) break;
    layer ??= 'Node HTTP server and event loop (no package on the stack)';
    layers.set(layer, (layers.get(layer) ?? 0) + ms);
  }
  return {
    totalMs,
    idleMs,
    byLayer: [...layers.entries()].map(([layer, ms]) => ({ layer, ms })).sort((a, b) => b.ms - a.ms),
    byOwner: [...ownerSelf.entries()]
      .map(([owner, selfMs]) => ({ owner, selfMs, inclusiveMs: ownerInclusive.get(owner) ?? selfMs }))
      .sort((a, b) => b.selfMs - a.selfMs),
    byFunction: [...fnSelf.entries()].map(([fn, v]) => ({ fn, ...v })).sort((a, b) => b.selfMs - a.selfMs),
  };
}

export function profileReport(summary: ProfileSummary, calls: number, top = 20): string {
  const busy = summary.totalMs - summary.idleMs;
  const pct = (ms: number) => `${((ms * 100) / busy).toFixed(1)}%`;
  const perCall = (ms: number) => `${((ms * 1000) / calls).toFixed(0)}`;
  const lines = [
    `Main thread: ${busy.toFixed(0)} ms busy, ${summary.idleMs.toFixed(0)} ms idle, ${calls} tool calls → ${perCall(busy)} µs busy per call ` +
      '(sampled wall time: on an oversubscribed machine it includes time descheduled inside a call, mostly in socket writes).',
    '',
    '| layer (innermost package on the stack) | share | µs/call |',
    '|---|--:|--:|',
    ...summary.byLayer.map((l) => `| ${l.layer} | ${pct(l.ms)} | ${perCall(l.ms)} |`),
    '',
    '| owner | self | self µs/call | inclusive |',
    '|---|--:|--:|--:|',
    ...summary.byOwner.slice(0, top).map((o) => `| ${o.owner} | ${pct(o.selfMs)} | ${perCall(o.selfMs)} | ${pct(o.inclusiveMs)} |`),
    '',
    '| function (self time) | owner | self | µs/call |',
    '|---|---|--:|--:|',
    ...summary.byFunction.slice(0, top).map((f) => `| \`${f.fn}\` | ${f.owner} | ${pct(f.selfMs)} | ${perCall(f.selfMs)} |`),
  ];
  return lines.join('\n');
}
