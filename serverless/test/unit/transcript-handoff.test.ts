import { CLAIM_STALE_MS, claimDecision, transcriptParticipants, withTranscriptMarker } from '../../src/recording/transcript-handoff';
import type { CallResource, TaskReservationResource } from '../../src/recording/twilio-port';

const RE = 'RE' + 'a'.repeat(32);
const GT = 'GT' + 'b'.repeat(32);
const NOW = Date.parse('2026-01-01T12:00:00.000Z');

function task(state: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) {
  return { direction: 'outbound', ...extra, ...(state ? { call_recording: { updated_at: '2026-01-01T11:59:00.000Z', ...state } } : {}) };
}

describe('claimDecision: what a completed callback may do about the transcript', () => {
  it('claims the current recording once it completed, and only then', () => {
    expect(claimDecision(task({ status: 'completed', recording_sid: RE }), RE, NOW)).toEqual({ kind: 'claim', takeOver: false });
    expect(claimDecision(task({ status: 'in-progress', recording_sid: RE }), RE, NOW)).toEqual({ kind: 'skip' });
    expect(claimDecision(task({ status: 'absent', recording_sid: RE }), RE, NOW)).toEqual({ kind: 'skip' });
    // An earlier customer leg's recording: the task's state is about another one.
    expect(claimDecision(task({ status: 'completed', recording_sid: 'RE' + 'c'.repeat(32) }), RE, NOW)).toEqual({ kind: 'skip' });
    expect(claimDecision(task(undefined), RE, NOW)).toEqual({ kind: 'skip' });
  });

  it('leaves a transcript that exists, and a fresh claim, alone', () => {
    expect(claimDecision(task({ status: 'completed', recording_sid: RE, transcript_sid: GT }), RE, NOW)).toEqual({ kind: 'exists', transcriptSid: GT });
    const fresh = `pending:${new Date(NOW - CLAIM_STALE_MS + 1).toISOString()}/x`;
    expect(claimDecision(task({ status: 'completed', recording_sid: RE, transcript_sid: fresh }), RE, NOW)).toEqual({ kind: 'pending' });
  });

  it('takes over a stale claim, a failed one or a value it did not write, looking for the transcript first', () => {
    for (const marker of [`pending:${new Date(NOW - CLAIM_STALE_MS).toISOString()}/x`, 'failed:2026-01-01T11:00:00.000Z', 'pending:garbage', 'GT123']) {
      expect(claimDecision(task({ status: 'completed', recording_sid: RE, transcript_sid: marker }), RE, NOW)).toEqual({ kind: 'claim', takeOver: true });
    }
  });
});

it('withTranscriptMarker changes transcript_sid and nothing else', () => {
  const before = task({ status: 'completed', recording_sid: RE, url: 'u', duration_seconds: 3, linked_task_sids: ['WT1'] }, { conversations: { media: [] } });
  const after = withTranscriptMarker(before, GT);
  expect(after).toEqual({ ...before, call_recording: { ...before.call_recording, transcript_sid: GT } });
  expect(before.call_recording).not.toHaveProperty('transcript_sid');
});

describe('transcriptParticipants: channel 1 the customer, channel 2 the agent', () => {
  const call: CallResource = { sid: 'CA1', to: '+14155550100', from: '+14155550199', status: 'completed' };
  const reservation = (status: string, workerName: string): TaskReservationResource => ({ sid: `WR${status}`, workerSid: 'WK1', status, workerName });

  it("names the customer by the recorded leg's far end and the agent by the holding reservation's worker", () => {
    expect(transcriptParticipants(task(undefined), [reservation('rejected', 'bob'), reservation('wrapping', 'alice')], call)).toEqual([
      { channel: 1, role: 'customer', address: '+14155550100' },
      { channel: 2, role: 'agent', identity: 'alice' },
    ]);
    expect(transcriptParticipants(task(undefined), [reservation('completed', 'carol'), reservation('accepted', 'alice')], call)[1]).toEqual({ channel: 2, role: 'agent', identity: 'alice' });
  });

  it('on an inbound call the customer is the caller', () => {
    expect(transcriptParticipants(task(undefined, { direction: 'inbound' }), [], call)[0]).toEqual({ channel: 1, role: 'customer', address: '+14155550199' });
  });

  it('keeps the channel map when who spoke could not be looked up', () => {
    expect(transcriptParticipants(task(undefined), [reservation('timeout', 'bob')], null)).toEqual([
      { channel: 1, role: 'customer' },
      { channel: 2, role: 'agent' },
    ]);
  });
});
