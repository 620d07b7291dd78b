import { createHash } from 'node:crypto';
import type { TokenCheck, TwilioPort } from '../recording/twilio-port';

/**
 * Remembers Twilio's verdict on Flex tokens for as long as it holds, so a warm Function instance does
 * not ask Twilio's IAM again for every request an agent's plugin makes during a shift. Valid tokens are
 * kept until they expire (capped), invalid ones briefly (a forged token replayed in a burst costs one
 * validation, not one per request). Keys are SHA-256 digests: the cache never holds a token itself.
 * Bounded: the oldest entries go first.
 */
export interface FlexTokenCacheOptions {
  maxEntries: number;
  /** Cap on how long a valid verdict is trusted, even for a long-lived token. */
  maxValidMs: number;
  invalidMs: number;
  now: () => number;
}

export const DEFAULT_TOKEN_CACHE_OPTIONS: FlexTokenCacheOptions = {
  maxEntries: 500,
  maxValidMs: 10 * 60 * 1000,
  invalidMs: 30 * 1000,
  now: () => Date.now(),
};

interface Entry {
  check: TokenCheck;
  expiresAt: number;
}

export class FlexTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: FlexTokenCacheOptions = DEFAULT_TOKEN_CACHE_OPTIONS) {}

  /** Twilio's verdict for `token`, asking `validate` only when none is remembered. */
  async check(token: string, validate: (token: string) => Promise<TokenCheck>): Promise<TokenCheck> {
    const key = digest(token);
    const now = this.options.now();
    const remembered = this.entries.get(key);
    if (remembered !== undefined && remembered.expiresAt > now) return remembered.check;
    this.entries.delete(key);

    const check = await validate(token);
    // A valid verdict without a known expiry is not remembered at all.
    const expiresAt = check.valid ? Math.min(now + this.options.maxValidMs, check.expiresAtMs ?? now) : now + this.options.invalidMs;
    if (expiresAt > now) this.remember(key, { check, expiresAt });
    return check;
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(key: string, entry: Entry): void {
    if (this.entries.size >= this.options.maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}

/** The same Twilio port, with token validation answered from `cache` when it can be. */
export function withFlexTokenCache(port: TwilioPort, cache: FlexTokenCache): TwilioPort {
  return { ...port, validateFlexToken: (token) => cache.check(token, (t) => port.validateFlexToken(t)) };
}
