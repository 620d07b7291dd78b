import { dropCallerRequestField, keepHiddenQueryParameters } from '../../sandbox/runtime-request-guard';

describe('the local runtime request guard', () => {
  it("drops a caller's request field, and nothing else", () => {
    const body: Record<string, unknown> = { request: { headers: { origin: 'https://flex.twilio.com' } }, recordingRequest: { version: 1 } };
    dropCallerRequestField(body);
    expect(body).toEqual({ recordingRequest: { version: 1 } });
    const query: Record<string, unknown> = { a: '1' };
    dropCallerRequestField(query);
    expect(query).toEqual({ a: '1' });
    expect(() => dropCallerRequestField(undefined)).not.toThrow();
    expect(() => dropCallerRequestField('request')).not.toThrow();
  });

  it('keeps a query parameter a body field would hide visible under its own name', () => {
    const query: Record<string, unknown> = { recordingRequest: { Token: 'a.b.c.d.e' }, other: 'x' };
    keepHiddenQueryParameters(query, { recordingRequest: { version: 1 } });
    expect(query).toEqual({ 'recordingRequest(query)': { Token: 'a.b.c.d.e' }, other: 'x' });
    const untouched: Record<string, unknown> = { other: 'x' };
    keepHiddenQueryParameters(untouched, { recordingRequest: {} });
    expect(untouched).toEqual({ other: 'x' });
  });
});
