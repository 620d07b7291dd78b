import { createHmac } from 'node:crypto';

/**
 * X-Twilio-Signature as Twilio computes it for webhooks: HMAC-SHA1, keyed with the account's auth
 * token, over the full URL followed by every POST parameter as name+value, sorted by name; base64.
 * (For a GET, the parameters are in the URL's query string and nothing is appended.) Repeated
 * parameters would each be appended; recording callbacks have none.
 */
export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}
