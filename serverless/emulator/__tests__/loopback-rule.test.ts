import { isLoopbackUrl } from '../callbacks/delivery';
import { parseCliOptions } from '../cli-options';
import { isLoopbackOrigin } from '../control/http';

/** The emulator's three loopback checks use the contract's one rule: a name merely starting with "127." is not this machine. */
describe("the emulator's loopback checks", () => {
  it('deliver callbacks only to this machine', () => {
    expect(isLoopbackUrl('http://127.0.0.1:3000/recording/status')).toBe(true);
    expect(isLoopbackUrl('http://localhost:3000/x')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:3000/x')).toBe(true);
    expect(isLoopbackUrl('http://127.evil.example/x')).toBe(false);
    expect(isLoopbackUrl('http://127.0.0.1.evil.example/x')).toBe(false);
    expect(isLoopbackUrl('ftp://127.0.0.1/x')).toBe(false);
  });

  it('let only loopback pages drive the control API', () => {
    expect(isLoopbackOrigin('http://localhost:8080')).toBe(true);
    expect(isLoopbackOrigin('http://127.evil.example')).toBe(false);
  });

  it('bind only to a loopback address', () => {
    expect(() => parseCliOptions(['--host', '127.evil.example'], {})).toThrow(/loopback/);
  });
});
