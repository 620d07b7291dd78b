import { isLoopbackHttpUrl } from 'plugin-outbound-recording/contract';
import RequestClient from 'twilio/lib/base/RequestClient';

/** What counts as this machine is decided once, in the contract (re-exported here for the admin tools' imports). */
export { isLoopbackUrl } from 'plugin-outbound-recording/contract';

/**
 * Sends the twilio library's real, fully built requests (path, form body, Basic auth, headers) to a
 * Twilio emulator on this machine instead of Twilio's cloud. The library always builds
 * `https://<host>.twilio.com/...` and offers no host option, but it accepts an `httpClient`; this is
 * that seam. `https://api.twilio.com/2010-04-01/...` becomes `<base>/api.twilio.com/2010-04-01/...`,
 * so the emulator still knows which Twilio product was addressed.
 *
 * Only loopback addresses are accepted: a misconfigured deployment must not be able to send
 * credentials anywhere else.
 */
export class LocalTwilioRequestClient extends RequestClient {
  private readonly base: string;

  constructor(emulatorBaseUrl: string) {
    super({ keepAlive: false });
    this.base = assertLoopbackUrl(emulatorBaseUrl);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({ ...opts, uri: rewriteTwilioUri(opts.uri, this.base) });
  }
}

export function rewriteTwilioUri(uri: string, base: string): string {
  const target = new URL(uri);
  return `${base}/${target.host}${target.pathname}${target.search}`;
}

function assertLoopbackUrl(value: string): string {
  if (!isLoopbackHttpUrl(value)) {
    throw new Error('The Twilio emulator URL must be http:// on this machine (127.0.0.1, localhost or [::1])');
  }
  return value.replace(/\/+$/, '');
}
