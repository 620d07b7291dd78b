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

export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}

export function isSid(value: unknown, prefix: SidPrefix): value is string {
  return typeof value === 'string' && new RegExp(`^${prefix}[0-9a-f]{32}$`).test(value);
}

/** A secret shaped like a Twilio auth token / API key secret (32 characters). */
export function newSecret(): string {
  return randomBytes(16).toString('hex');
}
