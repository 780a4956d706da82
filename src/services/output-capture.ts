/**
 * Collects a stream's bytes up to a cap: beyond it, the first part and the last part are kept and the
 * middle is dropped, so an agent sees both how output began and how it ended.
 */
export class OutputCapture {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private total = 0;
  private readonly headCap: number;
  private readonly tailCap: number;

  constructor(maxBytes: number) {
    this.headCap = Math.floor(maxBytes * 0.6);
    this.tailCap = maxBytes - this.headCap;
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.headBytes < this.headCap) {
      const take = Math.min(chunk.length, this.headCap - this.headBytes);
      this.head.push(chunk.subarray(0, take));
      this.headBytes += take;
      chunk = chunk.subarray(take);
      if (chunk.length === 0) return;
    }
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes - (this.tail[0]?.length ?? 0) >= this.tailCap) {
      this.tailBytes -= this.tail.shift()?.length ?? 0;
    }
  }

  /** `text` cut to `maxBytes` the same way, for output that had to be read whole first. */
  static cap(text: string, maxBytes: number): { text: string; truncated: boolean } {
    const capture = new OutputCapture(maxBytes);
    capture.push(Buffer.from(text, 'utf8'));
    return { text: capture.text(), truncated: capture.truncated };
  }

  get truncated(): boolean {
    return this.total > this.headCap + this.tailCap;
  }

  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tailBuffer = Buffer.concat(this.tail);
    if (!this.truncated) return head + tailBuffer.toString('utf8');
    const tail = tailBuffer.subarray(tailBuffer.length - this.tailCap).toString('utf8');
    const omitted = this.total - this.headCap - this.tailCap;
    return `${head}\n… [${omitted} bytes omitted: narrow the command, e.g. with a selector, --tail or -o name] …\n${tail}`;
  }
}
