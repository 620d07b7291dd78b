import {
  DEFAULT_RECORDING_POLICY,
  RecordingPolicy,
  decideRecording,
  isInternalCall,
  linksForeignRecording,
  readRecordingPolicy,
} from '../../src/contract';

const QUEUE = 'WQ' + 'a'.repeat(32);
const outbound = { attributes: { direction: 'outbound', to: '+15555550100' }, taskChannelUniqueName: 'voice', queueSid: QUEUE, queueName: 'Sales' };
const inbound = { attributes: { direction: 'inbound', from: '+15555550111', call_sid: 'CA1' }, taskChannelUniqueName: 'voice', queueSid: QUEUE, queueName: 'Sales' };
const policy = (overrides: Partial<RecordingPolicy> = {}): RecordingPolicy => ({ ...DEFAULT_RECORDING_POLICY, ...overrides });

describe('decideRecording (the one decision the plugin and the Functions share)', () => {
  it('records outbound voice calls by default, and inbound ones only when enabled', () => {
    expect(decideRecording(outbound, policy())).toEqual({ record: true, direction: 'outbound' });
    expect(decideRecording(inbound, policy())).toMatchObject({ record: false, reason: 'inbound-not-enabled' });
    expect(decideRecording(inbound, policy({ recordInbound: true }))).toEqual({ record: true, direction: 'inbound' });
  });

  it('never records other channels or internal calls', () => {
    expect(decideRecording({ ...outbound, taskChannelUniqueName: 'chat' }, policy())).toMatchObject({ reason: 'not-voice' });
    expect(decideRecording({ ...outbound, attributes: { ...outbound.attributes, client_call: true } }, policy())).toMatchObject({ reason: 'internal-call' });
    expect(decideRecording({ ...outbound, attributes: { direction: 'outbound', to: 'client:bob' } }, policy())).toMatchObject({ reason: 'internal-call' });
  });

  it('excludes queues by SID or by name (any case), and nothing else', () => {
    expect(decideRecording(outbound, policy({ excludedQueues: [QUEUE] }))).toMatchObject({ reason: 'excluded-queue' });
    expect(decideRecording(outbound, policy({ excludedQueues: ['sales'] }))).toMatchObject({ reason: 'excluded-queue', message: expect.stringMatching(/Sales/) });
    expect(decideRecording(outbound, policy({ excludedQueues: ['Support', 'WQ' + 'b'.repeat(32)] })).record).toBe(true);
    expect(decideRecording({ ...outbound, queueName: undefined, queueSid: undefined }, policy({ excludedQueues: ['Sales'] })).record).toBe(true);
  });

  it('honours the do-not-record attribute (true or "true"), and can be switched off', () => {
    for (const flag of [true, 'true', ' TRUE ']) {
      expect(decideRecording({ ...outbound, attributes: { ...outbound.attributes, do_not_record: flag } }, policy())).toMatchObject({ reason: 'do-not-record' });
    }
    for (const flag of [false, 'false', 1, null]) {
      expect(decideRecording({ ...outbound, attributes: { ...outbound.attributes, do_not_record: flag } }, policy()).record).toBe(true);
    }
    expect(decideRecording({ ...outbound, attributes: { ...outbound.attributes, do_not_record: true } }, policy({ doNotRecordAttribute: '' })).record).toBe(true);
  });

  it("skips a task that links someone else's voice recording, not one that links this product's", () => {
    const ours = 'RE' + 'c'.repeat(32);
    const media = (sid: string) => ({ media: [{ type: 'VoiceRecording', url: `https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/${sid}` }] });
    const studio = { ...inbound.attributes, conversations: media('RE' + 'd'.repeat(32)) };
    expect(decideRecording({ ...inbound, attributes: studio }, policy({ recordInbound: true }))).toMatchObject({ reason: 'recorded-elsewhere' });
    const ownState = { status: 'in-progress', recording_sid: ours, updated_at: '2026-01-01T00:00:00Z' };
    const copiedByTransfer = { ...outbound.attributes, conversations: media(ours), call_recording: ownState };
    expect(linksForeignRecording(copiedByTransfer)).toBe(false);
    expect(decideRecording({ ...outbound, attributes: copiedByTransfer }, policy()).record).toBe(true);
    // An earlier customer leg's recording (the recording followed the customer) is this product's too.
    const earlier = 'RE' + 'e'.repeat(32);
    const afterNewLeg = { ...copiedByTransfer, conversations: media(earlier), call_recording: { ...ownState, earlier_recording_sids: [earlier] } };
    expect(decideRecording({ ...outbound, attributes: afterNewLeg }, policy()).record).toBe(true);
    expect(linksForeignRecording({ conversations: { media: [{ type: 'ChatTranscript', url: 'x' }] } })).toBe(false);
  });

  it('recognises internal calls by their markers', () => {
    expect(isInternalCall({ type: 'internal' })).toBe(true);
    expect(isInternalCall({ direction: 'inbound', from: 'client:alice' })).toBe(true);
    expect(isInternalCall({ direction: 'inbound', from: '+15555550111' })).toBe(false);
  });
});

describe('readRecordingPolicy', () => {
  it('defaults: no exclusions, do_not_record, inbound off', () => {
    expect(readRecordingPolicy({})).toEqual({ ok: true, policy: DEFAULT_RECORDING_POLICY });
  });

  it('reads lists, names and switches; "none" turns the attribute check off', () => {
    expect(readRecordingPolicy({ EXCLUDED_QUEUES: `${QUEUE}, Payments ,`, DO_NOT_RECORD_ATTRIBUTE: 'none', RECORD_INBOUND: 'TRUE' })).toEqual({
      ok: true,
      policy: { excludedQueues: [QUEUE, 'Payments'], doNotRecordAttribute: '', recordInbound: true },
    });
  });

  it('names the variable with its prefix in every problem', () => {
    expect(readRecordingPolicy({ EXCLUDED_QUEUES: 'WQ' + 'X'.repeat(32), DO_NOT_RECORD_ATTRIBUTE: 'a b', RECORD_INBOUND: '1' }, 'FLEX_APP_')).toEqual({
      ok: false,
      problems: [
        expect.stringMatching(/^FLEX_APP_EXCLUDED_QUEUES entry/),
        expect.stringMatching(/^FLEX_APP_DO_NOT_RECORD_ATTRIBUTE/),
        expect.stringMatching(/^FLEX_APP_RECORD_INBOUND/),
      ],
    });
  });
});
