import twilio from 'twilio';
import { checkTwilioSignature } from '../../src/http/twilio-signature';
import { contradictsTask, parseStatusCallback, stateFromCallback } from '../../src/recording/recording-status';
import { addLinkedTask, mergeRecordingState } from '../../src/recording/recording-state';
import { statusCallbackUrlFor } from '../../src/recording/status-callback-url';

const ACCOUNT = 'AC' + 'a'.repeat(32);
const TASK = 'WT' + 'b'.repeat(32);
const CALL = 'CA' + 'c'.repeat(32);
const RECORDING = 'RE' + 'd'.repeat(32);
const BASE = 'https://rec-1234.twil.io/recording/status';
const TOKEN = 'f'.repeat(32);
const params = { AccountSid: ACCOUNT, CallSid: CALL, RecordingSid: RECORDING, RecordingStatus: 'completed', RecordingDuration: '12' };

function signedEvent(body: Record<string, string>) {
  return { TaskSid: TASK, ...body, request: { headers: {}, cookies: {} } };
}
const SIGNATURE = twilio.getExpectedTwilioSignature(TOKEN, statusCallbackUrlFor(BASE, TASK), params);

describe('checkTwilioSignature', () => {
  const config = { statusCallbackUrl: BASE, webhookAuthToken: TOKEN, localRuntime: false };

  it('accepts what Twilio signed: the URL with the task SID, and the body parameters', () => {
    expect(checkTwilioSignature(config, signedEvent(params), SIGNATURE)).toEqual({ ok: true });
  });

  it('refuses a missing, altered or re-pointed signature', () => {
    expect(checkTwilioSignature(config, signedEvent(params), undefined)).toMatchObject({ ok: false });
    expect(checkTwilioSignature(config, { ...signedEvent(params), RecordingDuration: '99' }, SIGNATURE)).toMatchObject({ ok: false });
    expect(checkTwilioSignature(config, { ...signedEvent(params), TaskSid: 'WT' + '0'.repeat(32) }, SIGNATURE)).toMatchObject({ ok: false });
    expect(checkTwilioSignature(config, { ...signedEvent(params), Extra: { nested: true } }, SIGNATURE)).toMatchObject({ ok: false });
  });

  it('without AUTH_TOKEN: trusts the deployed runtime (it verifies `.protected`), refuses everything locally', () => {
    expect(checkTwilioSignature({ ...config, webhookAuthToken: undefined }, signedEvent(params), SIGNATURE)).toEqual({ ok: true });
    expect(checkTwilioSignature({ ...config, webhookAuthToken: undefined, localRuntime: true }, signedEvent(params), SIGNATURE)).toMatchObject({ ok: false, reason: /AUTH_TOKEN/ });
  });
});

describe('parseStatusCallback / stateFromCallback', () => {
  it('reads a completed callback into the final state', () => {
    const parsed = parseStatusCallback({ TaskSid: TASK, ...params }, ACCOUNT);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(stateFromCallback(parsed.callback, ACCOUNT, new Date(0))).toEqual({
      status: 'completed',
      recording_sid: RECORDING,
      call_sid: CALL,
      url: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${RECORDING}`,
      duration_seconds: 12,
      updated_at: '1970-01-01T00:00:00.000Z',
    });
  });

  it('explains absent and failed recordings as "not recorded: ..."', () => {
    for (const RecordingStatus of ['absent', 'failed']) {
      const parsed = parseStatusCallback({ TaskSid: TASK, ...params, RecordingStatus, ErrorCode: '16101' }, ACCOUNT);
      if (!parsed.ok) throw new Error(parsed.message);
      expect(stateFromCallback(parsed.callback, ACCOUNT, new Date(0))).toMatchObject({ status: RecordingStatus, error_code: 16101, reason: expect.stringMatching(/^not recorded: /) });
    }
  });

  it('refuses unexpected fields with every problem named', () => {
    const parsed = parseStatusCallback({ TaskSid: 'WT1', RecordingSid: 'RE\u0000', CallSid: ['CA'], AccountSid: 'x', RecordingStatus: 'paused', RecordingDuration: '1e3' }, ACCOUNT);
    expect(parsed).toEqual({ ok: false, message: expect.stringMatching(/TaskSid.*RecordingSid.*CallSid.*AccountSid.*RecordingStatus.*RecordingDuration/) });
  });
});

describe('contradictsTask', () => {
  const callback = { taskSid: TASK, recordingSid: RECORDING, callSid: CALL, status: 'completed' as const };
  it('accepts a task with no recording state yet (the in-progress callback can beat the link)', () => {
    expect(contradictsTask({}, callback)).toBeUndefined();
  });
  it('refuses a task whose state names another recording or call', () => {
    expect(contradictsTask({ call_recording: { status: 'in-progress', recording_sid: 'RE' + '0'.repeat(32), updated_at: 'x' } }, callback)).toMatch(/another recording/);
    expect(contradictsTask({ call_recording: { status: 'in-progress', recording_sid: RECORDING, call_sid: 'CA' + '0'.repeat(32), updated_at: 'x' } }, callback)).toMatch(/call/);
  });
  it("accepts one of the task's earlier recordings (a customer leg that ended), on its own call", () => {
    const current = { status: 'in-progress', recording_sid: 'RE' + '0'.repeat(32), call_sid: 'CA' + '0'.repeat(32), updated_at: 'x' };
    expect(contradictsTask({ call_recording: { ...current, earlier_recording_sids: [RECORDING] } }, callback)).toBeUndefined();
    expect(contradictsTask({ call_recording: { ...current, earlier_recording_sids: ['RE' + '9'.repeat(32)] } }, callback)).toMatch(/another recording/);
  });
});

describe('linked tasks survive state changes', () => {
  it('keeps linked_task_sids when the state of the same recording moves on', () => {
    const start = { call_recording: { status: 'in-progress' as const, recording_sid: RECORDING, updated_at: '2026-01-01T00:00:00Z' } };
    const linked = addLinkedTask(start, RECORDING, TASK).attributes;
    expect(addLinkedTask(linked, RECORDING, TASK).changed).toBe(false);
    expect(addLinkedTask(linked, 'RE' + '0'.repeat(32), TASK).changed).toBe(false);
    const completed = mergeRecordingState(linked, { status: 'completed', recording_sid: RECORDING, updated_at: '2026-01-01T00:01:00Z' }).attributes;
    expect(completed.call_recording).toMatchObject({ status: 'completed', linked_task_sids: [TASK] });
  });
});
