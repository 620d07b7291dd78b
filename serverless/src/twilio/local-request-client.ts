import { Agent } from 'node:http';

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
 *
 * Connections are kept alive as the library's own client keeps its TLS connections to Twilio (keepAlive,
 * twilio-gateway.ts): a client given here replaces that one, and the library's agent is https-only, so the
 * emulator's plain http gets an agent of its own. Without it every request paid a TCP connect on both ends,
 * which a burst's thousands of requests turned into CPU the deployed Functions never spend.
 */
export class LocalTwilioRequestClient extends RequestClient {
  private readonly base: string;

  constructor(emulatorBaseUrl: string, options: { timeoutMs?: number } = {}) {
    const sockets = { keepAlive: true, ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }) };
    super(sockets);
    this.base = assertLoopbackUrl(emulatorBaseUrl);
    this.axios.defaults.httpAgent = new Agent(sockets);
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
