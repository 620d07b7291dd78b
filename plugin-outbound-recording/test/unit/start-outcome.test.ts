import { ERROR_STATUS, ErrorCode, RETRYABLE_ERROR_CODES } from '../../src/contract/recording-api';
import { classifyResponse, classifyTransportError } from '../../src/functions-client/start-outcome';

const RE = 'RE' + 'e'.repeat(32);

describe('classifyResponse', () => {
  it('reads a started recording', () => {
    expect(classifyResponse(201, { recordingSid: RE, status: 'in-progress' })).toEqual({
      kind: 'started',
      recording: { recordingSid: RE, status: 'in-progress' },
    });
    expect(classifyResponse(200, { recordingSid: RE, status: 'paused' })).toMatchObject({ kind: 'started' });
  });

  it('does not trust a 2xx without a recording, and does not retry it', () => {
    expect(classifyResponse(200, undefined)).toEqual({
      kind: 'failed',
      failure: { retryable: false, httpStatus: 200, detail: expect.stringContaining('without a recording') },
    });
    expect(classifyResponse(200, { recordingSid: 'RE1', status: 'in-progress' })).toMatchObject({ kind: 'failed', failure: { retryable: false } });
  });

  it.each(Object.entries(ERROR_STATUS) as Array<[ErrorCode, number]>)('reads the contract error %s (HTTP %i)', (code, status) => {
    const outcome = classifyResponse(status, { error: { code, message: 'm' } });
    expect(outcome).toEqual({ kind: 'failed', failure: { retryable: RETRYABLE_ERROR_CODES.has(code), code, httpStatus: status, detail: 'm' } });
  });

  it("retries exactly the contract's retryable codes (a busy service, and whatever the contract adds), nothing else", () => {
    const retryable = (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((code) => {
      const outcome = classifyResponse(ERROR_STATUS[code], { error: { code, message: '' } });
      return outcome.kind === 'failed' && outcome.failure.retryable;
    });
    expect(retryable.sort()).toEqual(Array.from(RETRYABLE_ERROR_CODES).sort());
    expect(retryable).toEqual(expect.arrayContaining(['internal', 'rate_limited', 'twilio_unavailable']));
    expect(retryable).not.toContain('call_not_in_progress');
  });

  it.each([
    [502, true],
    [503, true],
    [504, true],
    [500, true],
    [429, true],
    [408, true],
    [404, false],
    [405, false],
    [403, false],
    [400, false],
    [302, false],
  ])('an unreadable HTTP %i is retryable: %p', (status, retryable) => {
    expect(classifyResponse(status, undefined)).toEqual({
      kind: 'failed',
      failure: { retryable, httpStatus: status, detail: `HTTP ${status} with an unreadable body` },
    });
  });

  it('treats an unknown error code as unreadable', () => {
    const outcome = classifyResponse(409, { error: { code: 'made_up', message: 'x' } });
    expect(outcome).toEqual({ kind: 'failed', failure: { retryable: false, httpStatus: 409, detail: 'HTTP 409 with an unreadable body' } });
  });
});

describe('classifyTransportError', () => {
  it('is retryable and keeps what went wrong for the logs', () => {
    expect(classifyTransportError(new TypeError('Failed to fetch'))).toEqual({
      kind: 'failed',
      failure: { retryable: true, detail: 'no answer (TypeError: Failed to fetch)' },
    });
    expect(classifyTransportError('odd')).toMatchObject({ failure: { retryable: true, detail: 'no answer (odd)' } });
  });
});
