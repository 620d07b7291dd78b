/**
 * Imported first by a page that loads the real Flex runtime: installs the network guard (only loopback) on
 * the page's fetch and XMLHttpRequest before Flex's modules run, so its asset fetches (countries.json,
 * flagPositions.json) fail at once instead of waiting on a remote host. What the guard cannot see (a
 * stylesheet link, an Audio element) the page's Content-Security-Policy refuses (LOOPBACK_ONLY_CSP).
 */
import { guardNetwork } from '../network-guard';

export const refusedRequests = guardNetwork(window as unknown as Parameters<typeof guardNetwork>[0]);
