import { randomBytes } from 'node:crypto';

/**
 * Twilio SIDs are two letters naming the resource type followed by 32 lowercase hex digits.
 * Code under test often validates that shape (e.g. `/^CA[0-9a-f]{32}$/`), so fakes must match it.
 */
export type SidPrefix =
  | 'AC' // account
  | 'SK' // API key
  | 'CA' // call
  | 'CF' // conference
  | 'RE' // recording
  | 'WS' // TaskRouter workspace
  | 'WT' // task
  | 'WR' // reservation
  | 'WK' // worker
  | 'WQ' // task queue
  | 'WW' // workflow
  | 'WA' // activity
  | 'TC' // task channel
  | 'GO' // Flex instance
  | 'FU' // Flex user
  | 'KD' // Flex Interaction
  | 'UO' // Flex Interaction channel
  | 'UT'; // Flex Interaction channel participant

/**
 * Random bytes drawn a page at a time: a SID per call, task, recording and event is thousands in a burst, and
 * one `randomBytes` call each was a measurable share of the emulator's CPU (a syscall per SID).
 */
const POOL_BYTES = 4096;
let pool = randomBytes(POOL_BYTES);
let poolOffset = 0;

function random16(): string {
  if (poolOffset + 16 > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + 16);
  poolOffset += 16;
  return hex;
}

export function newSid(prefix: SidPrefix): string {
  return prefix + random16();
}

export function isSid(value: unknown, prefix: SidPrefix): value is string {
  return typeof value === 'string' && new RegExp(`^${prefix}[0-9a-f]{32}$`).test(value);
}

/** A secret shaped like a Twilio auth token / API key secret (32 characters). */
export function newSecret(): string {
  return randomBytes(16).toString('hex');
}
