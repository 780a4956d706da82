const ANSWER_MARKER = '------answer------';
const SECTION = /^-{6}[a-z_]+-{6}$/m;

/**
 * The useful part of an SLS CallAiTools answer: everything after the `------answer------` line
 * (earlier sections carry request metadata), up to any later section, without code fences.
 */
export function answerOf(text: string): string {
  const at = text.indexOf(ANSWER_MARKER);
  let answer = at < 0 ? text : text.slice(at + ANSWER_MARKER.length);
  const next = SECTION.exec(answer);
  if (next) answer = answer.slice(0, next.index);
  return answer.trim().replace(/^```[a-z]*\n([\s\S]*?)\n```$/i, '$1').trim();
}

/** The prompt prefix SLS's AI tools expect: they resolve relative times against it. */
export function withCurrentTime(question: string, now = new Date()): string {
  const stamp = now.toISOString().replace('T', ' ').slice(0, 19);
  return `当前时间: ${stamp} (UTC), 问题:${question}`;
}
