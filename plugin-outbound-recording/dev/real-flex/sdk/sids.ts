/** Well-formed Twilio SIDs for the fakes: a prefix and 32 hex digits, counted so each is new. */
let counter = 0;

export function newSid(prefix: string): string {
  counter += 1;
  return `${prefix}${counter.toString(16).padStart(32, '0')}`;
}
