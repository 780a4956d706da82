import { randomBytes } from 'node:crypto';

/** SLS request ids are 24 upper-case hex digits, e.g. `5B0A6B60BB6EE39764D458B5`. */
export const newRequestId = (): string => randomBytes(12).toString('hex').toUpperCase();
