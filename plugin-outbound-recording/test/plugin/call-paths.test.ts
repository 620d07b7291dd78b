import { FakeFetch } from '../support/fake-fetch';
import { StandIn, dialOut, flushPromises, initPlugin, shownTexts, startPlugin } from '../support/plugin-harness';

/**
 * The plugin's side of the recording policy: which calls it asks the Functions to record (inbound
 * opt-in, exclusions, internal calls, Studio-recorded calls, transfers), configured by FLEX_APP_* values.
 */
const POLICY_KEYS = ['FLEX_APP_EXCLUDED_QUEUES', 'FLEX_APP_DO_NOT_RECORD_ATTRIBUTE', 'FLEX_APP_RECORD_INBOUND'] as const;
type PolicyEnv = Partial<Record<(typeof POLICY_KEYS)[number], string>>;

function withPolicy(env: PolicyEnv) {
  for (const key of POLICY_KEYS) {
    const value = env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return startPlugin();
}

afterEach(() => {
  for (const key of POLICY_KEYS) delete process.env[key];
  jest.useRealTimers();
});

async function acceptedInbound(desk: StandIn.FlexDesk, attributes: Record<string, unknown> = {}) {
  const call = desk.receiveInboundCall({ attributes });
  await call.accept();
  call.connectAgent();
  const customer = call.customerAnswers();
  await flushPromises();
  return { call, customer };
}

describe('outbound calls', () => {
  it('are skipped, without a request, when their queue is excluded (name, any case)', async () => {
    const { desk, fetch } = withPolicy({ FLEX_APP_EXCLUDED_QUEUES: 'Payments, everyone' });
    const call = await dialOut(desk);
    call.customerAnswers();
    await flushPromises();
    expect(fetch.requests).toEqual([]);
  });

  it('are skipped when flagged do-not-record (the configured attribute)', async () => {
    const { desk, fetch } = withPolicy({ FLEX_APP_DO_NOT_RECORD_ATTRIBUTE: 'no_rec' });
    const call = await desk.placeOutboundCall({ attributes: { no_rec: true } });
    call.connectAgent();
    call.customerAnswers();
    await flushPromises();
    expect(fetch.requests).toEqual([]);
  });

  it('internal (agent-to-agent) calls are never recorded', async () => {
    const { desk, fetch } = withPolicy({});
    const call = await desk.placeOutboundCall({ to: 'client:bob', attributes: { client_call: true } });
    call.connectAgent();
    call.join('worker', { isCurrentWorker: false });
    await flushPromises();
    expect(fetch.requests).toEqual([]);
  });
});

describe('inbound calls', () => {
  it('are left alone by default', async () => {
    const { desk, fetch } = withPolicy({});
    await acceptedInbound(desk);
    expect(fetch.requests).toEqual([]);
  });

  it('are recorded (the caller leg) with FLEX_APP_RECORD_INBOUND=true', async () => {
    const { desk, fetch } = withPolicy({ FLEX_APP_RECORD_INBOUND: 'true' });
    const { call, customer } = await acceptedInbound(desk);
    expect(fetch.requests).toHaveLength(1);
    expect(fetch.last.fields).toMatchObject({ TaskSid: call.taskSid, CallSid: customer.callSid, ConferenceSid: call.conferenceSid });
  });

  it('are skipped when Studio already linked a recording', async () => {
    const { desk, fetch } = withPolicy({ FLEX_APP_RECORD_INBOUND: 'true' });
    const media = [{ url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1', type: 'VoiceRecording', start_time: 1, channels: ['customer', 'others'] }];
    await acceptedInbound(desk, { conversations: { media } });
    expect(fetch.requests).toEqual([]);
  });
});

describe("a transfer's receiving agent", () => {
  it('asks to link the same recording (the copied link is ours, the server reuses it)', async () => {
    const { desk, fetch } = withPolicy({});
    const recordingSid = 'RE' + 'a'.repeat(32);
    const copied = {
      direction: 'outbound',
      outbound_to: '+15555550100',
      transferTargetType: 'worker',
      conference: { sid: 'CF' + 'b'.repeat(32) },
      conversations: { media: [{ url: `https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/${recordingSid}`, type: 'VoiceRecording' }] },
      call_recording: { status: 'in-progress', recording_sid: recordingSid, updated_at: '2026-01-01T00:00:00Z' },
    };
    const call = desk.receiveTask('voice', copied);
    await call.accept();
    call.connectAgent();
    const customer = call.customerAnswers();
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);
    expect(fetch.last.fields).toMatchObject({ TaskSid: call.taskSid, CallSid: customer.callSid });
  });
});

describe('configuration', () => {
  it('refuses a malformed policy with an error notification and watches nothing', async () => {
    const { desk, fetch } = withPolicy({ FLEX_APP_RECORD_INBOUND: 'sometimes' });
    expect(shownTexts().join(' ')).toMatch(/FLEX_APP_RECORD_INBOUND must be "true" or "false"/);
    const call = await dialOut(desk);
    call.customerAnswers();
    await flushPromises();
    expect(fetch.requests).toEqual([]);
  });

  it.each([
    [['admin'], true],
    [['supervisor'], true],
    [['agent'], false],
  ])('tells %j about Flex native recording being on too: %s', async (roles, told) => {
    jest.useFakeTimers();
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    StandIn.desk.reset();
    const manager = StandIn.Manager.getInstance();
    manager.serviceConfiguration.call_recording_enabled = true;
    manager.user.roles = roles;
    initPlugin(new FakeFetch());
    const warnings = shownTexts().filter((text) => /native call recording is ON/.test(text));
    expect(warnings).toHaveLength(told ? 1 : 0);
  });
});
