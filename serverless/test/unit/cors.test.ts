import { corsHeaders, isOriginRefused } from '../../src/http/cors';

const allowed = new Set(['https://flex.twilio.com']);

describe('corsHeaders', () => {
  it('echoes an allowed origin, never a wildcard', () => {
    expect(corsHeaders('https://flex.twilio.com', allowed)).toEqual({
      Vary: 'Origin',
      'Access-Control-Allow-Origin': 'https://flex.twilio.com',
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Max-Age': '7200',
    });
  });

  it('grants nothing to other origins or to requests without one', () => {
    expect(corsHeaders('https://evil.example', allowed)).toEqual({ Vary: 'Origin' });
    expect(corsHeaders(undefined, allowed)).toEqual({ Vary: 'Origin' });
  });
});

describe('isOriginRefused', () => {
  it('refuses foreign origins and lets origin-less callers through to authentication', () => {
    expect(isOriginRefused('https://evil.example', allowed)).toBe(true);
    expect(isOriginRefused('https://flex.twilio.com', allowed)).toBe(false);
    expect(isOriginRefused(undefined, allowed)).toBe(false);
  });
});
