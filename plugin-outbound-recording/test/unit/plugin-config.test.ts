import { validatePluginConfig } from '../../src/configuration/plugin-config';

const valid = (functionsBaseUrl: string) => validatePluginConfig({ functionsBaseUrl });

describe('validatePluginConfig: the Functions base URL, the only build value', () => {
  it.each([
    ['https://recording-1234-dev.twil.io', 'https://recording-1234-dev.twil.io'],
    ['https://recording-1234-dev.twil.io/', 'https://recording-1234-dev.twil.io'],
    ['  https://recording-1234-dev.twil.io  ', 'https://recording-1234-dev.twil.io'],
    ['HTTPS://Recording-1234-DEV.twil.io', 'https://recording-1234-dev.twil.io'],
    ['https://functions.example.com:8443', 'https://functions.example.com:8443'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
  ])('accepts %s as %s', (input, expected) => {
    expect(valid(input)).toEqual({ ok: true, config: { functionsBaseUrl: expected } });
  });

  it.each([
    [undefined, /is not set/],
    ['', /is not set/],
    ['recording-1234-dev.twil.io', /is not a URL/],
    ['https://', /is not a URL/],
    ['http://recording-1234-dev.twil.io', /must use https/],
    ['http://localhost.evil.com', /must use https/],
    ['ftp://recording-1234-dev.twil.io', /must use https/],
    ['javascript:alert(1)', /must use https/],
    ['https://recording-1234-dev.twil.io/recording', /a path/],
    ['https://recording-1234-dev.twil.io/recording/start', /a path/],
    ['https://recording-1234-dev.twil.io?debug=1', /a query/],
    ['https://recording-1234-dev.twil.io?', /a query/],
    ['https://recording-1234-dev.twil.io#x', /a fragment/],
    ['https://user:pw@recording-1234-dev.twil.io', /credentials/],
  ])('refuses %p', (input, problem) => {
    const result = validatePluginConfig({ functionsBaseUrl: input });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join(' ')).toMatch(problem);
  });

});
