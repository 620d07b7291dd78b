import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { FunctionsServer } from '../../sandbox/functions-server';
import { serveFunctionsOverHttp } from '../support/functions-over-http';

/**
 * Bodies the local runtime's parsers cannot read (twilio-run through toolchain/serve-functions.ts) are
 * refused before any Function runs with the Functions' own JSON error, never Express's HTML page with a
 * stack trace and the server's paths; bodies they can read reach the Function, which answers its JSON
 * 4xx. Either way the server keeps serving.
 */
const PATHS = ['/recording/start', '/recording/pause', '/recording/status'];
const DESKTOP_BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

interface HostileBody {
  name: string;
  headers: Record<string, string>;
  body: Buffer | string;
  /** Refused by the runtime's body parsers (before any Function): always 400 `invalid_request`. */
  refusedByRuntime: boolean;
}

const SIX_MB = 6 * 1024 * 1024; // the runtime's body limit (runtime-handler's DEFAULT_BODY_SIZE_LAMBDA, not exported)
const jsonOfSize = (bytes: number) => JSON.stringify({ Token: 'x'.repeat(bytes - 20) });

const HOSTILE_BODIES: HostileBody[] = [
  { name: 'malformed JSON', headers: { 'Content-Type': JSON_TYPE }, body: '{bad json', refusedByRuntime: true },
  { name: 'truncated JSON', headers: { 'Content-Type': JSON_TYPE }, body: '{"Token": "eyJ', refusedByRuntime: true },
  { name: 'JSON that is not an object or array', headers: { 'Content-Type': JSON_TYPE }, body: '"just a string"', refusedByRuntime: true },
  { name: 'an empty JSON body', headers: { 'Content-Type': JSON_TYPE }, body: '', refusedByRuntime: false },
  { name: 'a 2 MB JSON body (under the limit: the Function answers)', headers: { 'Content-Type': JSON_TYPE }, body: jsonOfSize(2 * 1024 * 1024), refusedByRuntime: false },
  { name: 'a 2 MB malformed JSON body', headers: { 'Content-Type': JSON_TYPE }, body: '{' + 'x'.repeat(2 * 1024 * 1024), refusedByRuntime: true },
  { name: 'a JSON body over the 6 MB limit', headers: { 'Content-Type': JSON_TYPE }, body: jsonOfSize(SIX_MB + 1024), refusedByRuntime: true },
  { name: 'a form over the 6 MB limit', headers: { 'Content-Type': FORM_TYPE }, body: `Token=${'x'.repeat(SIX_MB + 1024)}`, refusedByRuntime: true },
  { name: 'a form with too many fields', headers: { 'Content-Type': FORM_TYPE }, body: Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&'), refusedByRuntime: true },
  { name: 'invalid percent-encoding in a form (read leniently: the Function answers)', headers: { 'Content-Type': FORM_TYPE }, body: 'Token=%E0%A4%A&TaskSid=%zz%', refusedByRuntime: false },
  { name: 'charset=utf-7 (decoded: the Function answers)', headers: { 'Content-Type': `${JSON_TYPE}; charset=utf-7` }, body: '{"Token": "+AGEAYgBj-"}', refusedByRuntime: false },
  { name: 'a JSON charset that is not UTF', headers: { 'Content-Type': `${JSON_TYPE}; charset=latin1` }, body: '{}', refusedByRuntime: true },
  { name: 'an unknown JSON charset', headers: { 'Content-Type': `${JSON_TYPE}; charset=no-such-charset` }, body: '{}', refusedByRuntime: true },
  { name: 'a form charset that is not UTF-8', headers: { 'Content-Type': `${FORM_TYPE}; charset=iso-8859-1` }, body: 'Token=abc', refusedByRuntime: true },
  { name: 'Content-Encoding: gzip with a body that is not gzip', headers: { 'Content-Type': JSON_TYPE, 'Content-Encoding': 'gzip' }, body: '{}', refusedByRuntime: true },
  { name: 'Content-Encoding: deflate with a body that is not deflate', headers: { 'Content-Type': FORM_TYPE, 'Content-Encoding': 'deflate' }, body: 'Token=abc', refusedByRuntime: true },
  { name: 'an unsupported Content-Encoding (br)', headers: { 'Content-Type': JSON_TYPE, 'Content-Encoding': 'br' }, body: '{}', refusedByRuntime: true },
  { name: 'a gzip body of malformed JSON', headers: { 'Content-Type': JSON_TYPE, 'Content-Encoding': 'gzip' }, body: gzipSync('{bad'), refusedByRuntime: true },
];

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** node:http rather than fetch: no User-Agent or other header is added, and the body goes as given. */
function send(url: string, path: string, headers: Record<string, string>, body: Buffer | string): Promise<Answer> {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', headers: { ...headers, 'Content-Length': String(payload.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function expectJsonErrorWithoutInternals(answer: Answer): { code: string; message: string } {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  expect(answer.headers['content-type']).toMatch(/^application\/json\b/);
  expect(answer.text).not.toMatch(/<html|<!doctype|<pre/i);
  expect(answer.text).not.toMatch(/\bat \S+ \(|\n\s*at |\bat [/\\]/); // stack frames
  for (const internal of ['/work', 'node_modules', __dirname, 'Error:', 'SyntaxError', '.js:']) expect(answer.text).not.toContain(internal);
  const body = JSON.parse(answer.text) as unknown;
  expect(body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  return (body as { error: { code: string; message: string } }).error;
}

describe.each([
  ['forked per request (npm run functions)', false],
  ['warm (the tests and benchmarks)', true],
])('the local runtime, %s', (_mode, warm) => {
  let functions: FunctionsServer;
  serveFunctionsOverHttp({ warm }, (servers) => ({ functions } = servers));

  describe.each(PATHS)('POST %s', (path) => {
    describe.each([
      ['from a desktop browser', { 'User-Agent': DESKTOP_BROWSER }],
      ['without a User-Agent', {}],
    ])('%s', (_agent, agentHeaders: Record<string, string>) => {
      it.each(HOSTILE_BODIES.map((c) => [c.name, c] as const))('answers %s with a JSON 4xx that reveals nothing', async (_name, hostile) => {
        const answer = await send(functions.url, path, { ...agentHeaders, ...hostile.headers }, hostile.body);
        const error = expectJsonErrorWithoutInternals(answer);
        if (hostile.refusedByRuntime) {
          expect(answer.status).toBe(400);
          expect(error.code).toBe('invalid_request');
          expect(answer.headers['cache-control']).toBe('no-store');
        }
      }, 30_000);
    });
  });

  it('keeps serving afterwards: a JSON {} reaches each Function, which answers with its own JSON 4xx', async () => {
    for (const path of PATHS) {
      const answer = await send(functions.url, path, { 'Content-Type': JSON_TYPE, 'User-Agent': DESKTOP_BROWSER }, '{}');
      expectJsonErrorWithoutInternals(answer);
      // Relayed from the Function by Express's res.send, which adds an ETag; the error handler's own
      // answer (a refused body) is written without one.
      expect(answer.headers['etag']).toBeDefined();
    }
  }, 30_000);
});
