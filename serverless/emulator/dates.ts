/**
 * The two date formats Twilio uses: the 2010-04-01 API answers RFC 2822 dates
 * ("Tue, 10 Aug 2010 08:02:17 +0000"), TaskRouter v1 answers ISO 8601 without milliseconds
 * ("2014-05-14T18:50:02Z"). The twilio library parses each with its own deserializer, so the
 * shapes matter.
 */
export function rfc2822(date: Date): string {
  // toUTCString() gives "Tue, 10 Aug 2010 08:02:17 GMT"; Twilio writes the zone as "+0000".
  return date.toUTCString().replace(/GMT$/, '+0000');
}

export function iso8601(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function rfc2822OrNull(date: Date | null): string | null {
  return date === null ? null : rfc2822(date);
}

export function wholeSecondsBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));
}
