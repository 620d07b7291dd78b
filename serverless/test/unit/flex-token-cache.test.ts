import { FlexTokenCache } from '../../src/auth/flex-token-cache';
import type { TokenCheck } from '../../src/recording/twilio-port';

const identity = { workerSid: 'WK' + 'a'.repeat(32), identity: 'alice', roles: ['agent'] };

function setup(maxEntries = 3) {
  let now = 1_000_000;
  const cache = new FlexTokenCache({ maxEntries, maxValidMs: 600_000, invalidMs: 30_000, now: () => now });
  const asked: string[] = [];
  const validate = (answer: (token: string) => TokenCheck) => async (token: string) => {
    asked.push(token);
    return answer(token);
  };
  return { cache, asked, validate, advance: (ms: number) => (now += ms), now: () => now };
}

describe('FlexTokenCache', () => {
  it('asks Twilio once for a valid token while it is valid', async () => {
    const { cache, asked, validate, now } = setup();
    const valid = validate(() => ({ valid: true, identity, expiresAtMs: now() + 3_600_000 }));
    for (let i = 0; i < 5; i += 1) expect(await cache.check('tok', valid)).toMatchObject({ valid: true, identity });
    expect(asked).toEqual(['tok']);
  });

  it('asks again once the token has expired, and caps trust at maxValidMs', async () => {
    const { cache, asked, validate, now, advance } = setup();
    const shortLived = validate(() => ({ valid: true, identity, expiresAtMs: now() + 60_000 }));
    await cache.check('short', shortLived);
    advance(60_001);
    await cache.check('short', shortLived);
    const longLived = validate(() => ({ valid: true, identity, expiresAtMs: now() + 86_400_000 }));
    await cache.check('long', longLived);
    advance(600_001);
    await cache.check('long', longLived);
    expect(asked).toEqual(['short', 'short', 'long', 'long']);
  });

  it('does not remember a valid verdict without an expiry', async () => {
    const { cache, asked, validate } = setup();
    const noExpiry = validate(() => ({ valid: true, identity }));
    await cache.check('tok', noExpiry);
    await cache.check('tok', noExpiry);
    expect(asked).toEqual(['tok', 'tok']);
  });

  it('remembers a refusal briefly, so a replayed forged token costs one validation per 30 s', async () => {
    const { cache, asked, validate, advance } = setup();
    const refuse = validate(() => ({ valid: false, reason: 'forged' }));
    await cache.check('forged', refuse);
    expect(await cache.check('forged', refuse)).toEqual({ valid: false, reason: 'forged' });
    advance(30_001);
    await cache.check('forged', refuse);
    expect(asked).toEqual(['forged', 'forged']);
  });

  it('stays bounded, dropping the oldest entries', async () => {
    const { cache, asked, validate, now } = setup(2);
    const valid = validate(() => ({ valid: true, identity, expiresAtMs: now() + 3_600_000 }));
    await cache.check('a', valid);
    await cache.check('b', valid);
    await cache.check('c', valid);
    expect(cache.size).toBe(2);
    await cache.check('a', valid);
    expect(asked).toEqual(['a', 'b', 'c', 'a']);
  });

  it('does not cache a failed validation (Twilio unreachable): the next request asks again', async () => {
    const { cache, asked } = setup();
    let calls = 0;
    const flaky = async (token: string): Promise<TokenCheck> => {
      asked.push(token);
      calls += 1;
      if (calls === 1) throw new Error('ECONNRESET');
      return { valid: true, identity, expiresAtMs: Date.now() + 3_600_000 };
    };
    await expect(cache.check('tok', flaky)).rejects.toThrow('ECONNRESET');
    await expect(cache.check('tok', flaky)).resolves.toMatchObject({ valid: true });
    expect(asked).toEqual(['tok', 'tok']);
  });
});
