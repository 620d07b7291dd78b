/**
 * CORS for Functions called from Flex in the agent's browser. Only listed origins are echoed back
 * (never `*`); `Vary: Origin` keeps caches from serving one origin's answer to another.
 */
export function corsHeaders(origin: string | undefined, allowedOrigins: ReadonlySet<string>): Record<string, string> {
  const headers: Record<string, string> = { Vary: 'Origin' };
  if (origin !== undefined && allowedOrigins.has(origin)) {
    headers['Access-Control-Allow-Origin'] = origin;
    headers['Access-Control-Allow-Methods'] = 'POST, OPTIONS';
    headers['Access-Control-Allow-Headers'] = 'Content-Type';
    // The plugin's JSON body needs a preflight; browsers keep its answer this long (Chromium caps it at 2 h).
    headers['Access-Control-Max-Age'] = '7200';
  }
  return headers;
}

/**
 * A browser always sends Origin on a cross-site POST. A request from a page on another origin is refused
 * outright, before any work: CORS alone would only hide the answer from that page, not stop the action.
 * Requests without Origin (server-side callers, curl) still need a valid Flex token.
 */
export function isOriginRefused(origin: string | undefined, allowedOrigins: ReadonlySet<string>): boolean {
  return origin !== undefined && !allowedOrigins.has(origin);
}
