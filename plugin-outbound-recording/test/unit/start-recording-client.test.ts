import { START_RECORDING_PATH } from '../../src/contract/recording-api';
import { createStartRecordingClient } from '../../src/functions-client/start-recording-client';
import { FakeFetch, reply } from '../support/fake-fetch';

const request = {
  Token: 'a.b.c.d.e',
  TaskSid: 'WT' + '1'.repeat(32),
  CallSid: 'CA' + '2'.repeat(32),
  ConferenceSid: 'CF' + '3'.repeat(32),
};

describe('createStartRecordingClient', () => {
  it('POSTs exactly the four contract fields, in the JSON envelope, to the contract path', async () => {
    const fetch = new FakeFetch();
    const start = createStartRecordingClient('https://x.twil.io', fetch.fetch);
    await start({ ...request, Extra: 'leak' } as typeof request, new AbortController().signal);
    expect(fetch.last.url).toBe(`https://x.twil.io${START_RECORDING_PATH}`);
    expect(fetch.last.method).toBe('POST');
    expect(JSON.parse(fetch.last.body)).toEqual({ recordingRequest: { version: 1, ...request } });
    expect(fetch.last.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(fetch.last.fields).toEqual(request);
  });

  it('carries characters JSON and URLs treat specially unchanged', async () => {
    const fetch = new FakeFetch();
    await createStartRecordingClient('https://x.twil.io', fetch.fetch)({ ...request, Token: 'a+b/c=d&e"\\' }, new AbortController().signal);
    expect(fetch.last.fields.Token).toBe('a+b/c=d&e"\\');
  });

  it('turns answers and failures into outcomes, never throwing', async () => {
    const fetch = new FakeFetch().thenReply(reply.started(), reply.error('task_not_held'), reply.raw(502, '<html>'), reply.networkError());
    const start = createStartRecordingClient('https://x.twil.io', fetch.fetch);
    const signal = new AbortController().signal;
    expect(await start(request, signal)).toMatchObject({ kind: 'started' });
    expect(await start(request, signal)).toMatchObject({ kind: 'failed', failure: { code: 'task_not_held', retryable: false } });
    expect(await start(request, signal)).toMatchObject({ kind: 'failed', failure: { httpStatus: 502, retryable: true } });
    const unanswered = await start(request, signal);
    expect(unanswered).toMatchObject({ kind: 'failed', failure: { retryable: true } });
    expect(unanswered.kind === 'failed' && unanswered.failure.httpStatus).toBeUndefined();
  });

  it('gives up on a hanging request when its signal aborts', async () => {
    const fetch = new FakeFetch(reply.hang());
    const controller = new AbortController();
    const pending = createStartRecordingClient('https://x.twil.io', fetch.fetch)(request, controller.signal);
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'failed', failure: { retryable: true, detail: expect.stringContaining('AbortError') } });
  });

  it('survives a body that cannot be read', async () => {
    const start = createStartRecordingClient('https://x.twil.io', async () => ({
      status: 200,
      text: () => Promise.reject(new Error('stream broke')),
    }));
    expect(await start(request, new AbortController().signal)).toMatchObject({ kind: 'failed', failure: { retryable: true } });
  });

  it('turns a fetch that throws synchronously into a retryable outcome', async () => {
    const start = createStartRecordingClient('https://x.twil.io', () => {
      throw new TypeError('fetch is not a function');
    });
    expect(await start(request, new AbortController().signal)).toMatchObject({ kind: 'failed', failure: { retryable: true } });
  });
});
