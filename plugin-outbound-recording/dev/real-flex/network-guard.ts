/**
 * The real Flex runtime runs here with no backend: nothing it (or the plugin) does may reach the network.
 * Requests to loopback addresses pass (the sandbox's emulator and Functions); every other is refused at once
 * with an error that names it, so a test never hangs on, or silently depends on, a remote host.
 */
import { isLoopbackHost } from '../../src/contract/local-host';

/** The contract's one loopback rule; relative URLs (the page's own assets) are the page's host: loopback. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url, 'http://localhost/').hostname);
  } catch {
    return false;
  }
}

export function refusedRequestError(url: string): Error {
  return new Error(`real-Flex harness: refused a request to ${url} (only loopback addresses may be reached)`);
}

interface GuardableWindow {
  fetch?: (input: unknown, init?: unknown) => Promise<unknown>;
  XMLHttpRequest?: { prototype: { open: (...args: unknown[]) => void } };
}

/** Installs the guard on a window (jsdom's or Chromium's); idempotent. Returns the refused URLs, for tests. */
export function guardNetwork(target: GuardableWindow & { __realFlexRefused__?: string[] }): string[] {
  if (target.__realFlexRefused__ !== undefined) return target.__realFlexRefused__;
  const refused: string[] = [];
  target.__realFlexRefused__ = refused;
  const originalFetch = target.fetch?.bind(target);
  target.fetch = (input: unknown, init?: unknown) => {
    const url = typeof input === 'string' ? input : String((input as { url?: string }).url ?? input);
    if (!isLoopbackUrl(url) || originalFetch === undefined) {
      refused.push(url);
      return Promise.reject(refusedRequestError(url));
    }
    return originalFetch(input, init);
  };
  const xhr = target.XMLHttpRequest?.prototype;
  if (xhr !== undefined) {
    const originalOpen = xhr.open;
    xhr.open = function open(this: unknown, ...args: unknown[]) {
      const url = String(args[1]);
      if (!isLoopbackUrl(url)) {
        refused.push(url);
        throw refusedRequestError(url);
      }
      return originalOpen.apply(this, args);
    };
  }
  return refused;
}
