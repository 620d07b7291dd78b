import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { errorAnswerFor, INTERNAL_ANSWER, jsonErrorAnswer, type AnswerableResponse } from '../../sandbox/json-error-answer';
import { withoutTsxLoader } from '../../toolchain/serve-functions';

/** An error as body-parser (http-errors) raises it, carrying what must never reach the caller. */
function parserError(status: number, type: string): Error {
  const error = new SyntaxError(`Unexpected token } in JSON at position 7 (/work/main/node_modules/body-parser/lib/types/json.js)`) as SyntaxError & Record<string, unknown>;
  Object.assign(error, { status, statusCode: status, expose: true, type, body: '{"Token":"secret-token"', stack: `${error.message}\n    at parse (/work/main/node_modules/body-parser/lib/types/json.js:92:19)` });
  return error;
}

class FakeResponse implements AnswerableResponse {
  headersSent = false;
  statusCode = 200;
  headers: Record<string, string | number> = { 'Content-Encoding': 'gzip' };
  body: string | undefined;
  setHeader(name: string, value: string | number) {
    this.headers[name] = value;
  }
  removeHeader(name: string) {
    delete this.headers[name];
  }
  end(body: string) {
    this.body = body;
    this.headersSent = true;
  }
}

function answer(error: unknown, res = new FakeResponse()) {
  const log = { error: jest.fn() };
  const next = jest.fn();
  jsonErrorAnswer({ log })(error, {}, res, next);
  return { res, log, next, body: res.body === undefined ? undefined : (JSON.parse(res.body) as unknown) };
}

describe('errorAnswerFor', () => {
  it.each([
    ['entity.parse.failed', 400, /not valid JSON/],
    ['entity.too.large', 413, /too large/],
    ['parameters.too.many', 413, /too many form fields/],
    ['charset.unsupported', 415, /UTF-8/],
    ['encoding.unsupported', 415, /Content-Encoding/],
    ['request.size.invalid', 400, /could not be read/],
    ['something.new', 422, /could not be read/],
  ])('answers a body-parser %s (%d) as 400 invalid_request with a fixed message', (type, status, message) => {
    const result = errorAnswerFor(parserError(status, type));
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ error: { code: 'invalid_request', message: expect.stringMatching(message) } });
  });

  it('takes statusCode when there is no status', () => {
    expect(errorAnswerFor({ statusCode: 400 }).body.error.code).toBe('invalid_request');
  });

  it.each([
    ['a plain Error', new Error('boom at /work/main/x.js')],
    ['a 500 http error', parserError(500, 'stream.encoding.set')],
    ['a 3xx', { status: 302 }],
    ['a non-numeric status', { status: '400' }],
    ['a string', 'boom'],
    ['undefined', undefined],
    ['null', null],
  ])('answers %s as 500 internal', (_name, error) => {
    expect(errorAnswerFor(error)).toEqual(INTERNAL_ANSWER);
  });
});

describe('jsonErrorAnswer', () => {
  it('writes a JSON 400 with no-store and nothing from the error', () => {
    const { res, body, next, log } = answer(parserError(400, 'entity.parse.failed'));
    expect(res.statusCode).toBe(400);
    expect(res.headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(res.headers['Cache-Control']).toBe('no-store');
    expect(res.headers['Content-Length']).toBe(Buffer.byteLength(res.body ?? ''));
    expect(res.headers['Content-Encoding']).toBeUndefined();
    expect(body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
    for (const leak of ['/work', 'node_modules', 'position', 'secret-token', ' at ', 'SyntaxError']) expect(res.body).not.toContain(leak);
    expect(next).not.toHaveBeenCalled();
    expect(log.error).not.toHaveBeenCalled();
  });

  it('answers anything else 500 internal, logging the error for the server only', () => {
    const error = new Error('database password is hunter2');
    const { res, body, log } = answer(error);
    expect(res.statusCode).toBe(500);
    expect(body).toEqual(INTERNAL_ANSWER.body);
    expect(res.body).not.toContain('hunter2');
    expect(log.error).toHaveBeenCalledWith(expect.any(String), error);
  });

  it('leaves an answer already under way to Express (which closes the connection)', () => {
    const res = new FakeResponse();
    res.headersSent = true;
    const error = parserError(400, 'entity.parse.failed');
    const { next } = answer(error, res);
    expect(next).toHaveBeenCalledWith(error);
    expect(res.body).toBeUndefined();
  });

  it('is an Express error handler (four parameters)', () => {
    expect(jsonErrorAnswer().length).toBe(4);
  });

  it("answers the runtime's own parsers' refusals in an Express app like the runtime's", async () => {
    // The express and body-parser the local runtime (@twilio/runtime-handler's dev server) uses, set up as it does.
    const fromRuntime = createRequire(require.resolve('@twilio/runtime-handler/dev'));
    const express = fromRuntime('express') as () => any;
    const bodyParser = fromRuntime('body-parser') as { json(o: object): unknown; urlencoded(o: object): unknown };
    const app = express();
    app.use(bodyParser.urlencoded({ extended: false, limit: '6mb' }));
    app.use(bodyParser.json({ limit: '6mb' }));
    app.all('/*', (_req: unknown, res: { json(body: unknown): void }) => res.json({ reached: true }));
    app.use(jsonErrorAnswer());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/recording/start`;
      const bad = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{bad' });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await bad.json()).toEqual({ error: { code: 'invalid_request', message: expect.stringMatching(/not valid JSON/) } });
      const good = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(await good.json()).toEqual({ reached: true });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('withoutTsxLoader', () => {
  it("drops tsx's loader flags (so the runtime's forked runners start as plain Node) and keeps the others", () => {
    expect(
      withoutTsxLoader([
        '--require',
        '/work/main/node_modules/tsx/dist/preflight.cjs',
        '--import',
        'file:///work/main/node_modules/tsx/dist/loader.mjs',
        '--max-old-space-size=512',
        '--require=/work/main/node_modules/tsx/dist/preflight.cjs',
        '--require',
        './other-hook.js',
      ]),
    ).toEqual(['--max-old-space-size=512', '--require', './other-hook.js']);
  });
});
