/**
 * The ACK emulator's call log keeps every request for the tests' assertions. Over tens of thousands
 * of bench calls that memory would grow and slow the rows measured later, so the bench numbers the
 * records without keeping them.
 */
import { CallLog, type CallRecord } from '../../test/emulators/ack/record.js';

export function makeEmulatorBookkeepingConstant(): void {
  const counts = new WeakMap<CallLog, number>();
  CallLog.prototype.append = function append(this: CallLog, entry: Omit<CallRecord, 'seq'>): CallRecord {
    const seq = (counts.get(this) ?? 0) + 1;
    counts.set(this, seq);
    return { seq, ...entry };
  };
}
