import { reply } from '../support/fake-fetch';
import { START_URL, advance, dialOut, settle, startPlugin, stopPlugin } from '../support/real-flex-plugin';

afterEach(() => {
  stopPlugin();
  jest.useRealTimers();
});

describe('the customer leg is added while it still rings (real Flex shows it joined at once)', () => {
  it('asks again after "not answered yet" and records the call once the customer answers', async () => {
    const running = startPlugin();
    running.fetch.thenReply(reply.error('customer_not_answered' as never, 409));
    const call = await dialOut(running);
    const customer = call.customerLegAdded();
    await settle();
    expect(running.fetch.requests.map((r) => r.url)).toEqual([START_URL]);
    customer.answer();
    await advance(5000);
    expect(running.fetch.requests.length).toBeGreaterThanOrEqual(2);
    expect(running.fetch.last.fields.CallSid).toBe(customer.callSid);
    expect(running.plugin.views?.get(call.taskSid)).toMatchObject({ kind: 'recording' });
  });
});
