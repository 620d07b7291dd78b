/**
 * What counts as this machine, decided once for both sides: where plain http is accepted instead of https
 * (a local Functions runtime, the Twilio emulator, a local Flex page) and nowhere else.
 *
 * Loopback means the name `localhost`, an IPv4 address in 127.0.0.0/8, or the IPv6 address ::1 (with or
 * without the brackets a URL writes it in). Names that merely start with "127." or end in "localhost"
 * are not: DNS can point them anywhere.
 *
 * Dependency free like the rest of the contract (the WHATWG URL parser is a global in browsers and Node).
 */

const IPV4_LOOPBACK = /^127\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** A host name (as `URL.hostname` gives it) that is this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.trim().toLowerCase();
  return host === 'localhost' || host === '::1' || host === '[::1]' || IPV4_LOOPBACK.test(host);
}

/** A URL, of any scheme, whose host is this machine; false for anything that does not parse. */
export function isLoopbackUrl(value: string | URL): boolean {
  const url = parseUrl(value);
  return url !== undefined && isLoopbackHost(url.hostname);
}

/**
 * A plain `http:` URL on this machine: the only kind of http URL this product accepts where it otherwise
 * requires https (local development).
 */
export function isLoopbackHttpUrl(value: string | URL): boolean {
  const url = parseUrl(value);
  return url !== undefined && url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

function parseUrl(value: string | URL): URL | undefined {
  if (typeof value !== 'string') return value;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
