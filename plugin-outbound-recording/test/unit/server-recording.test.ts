import { RecordingStateAttribute } from '../../src/contract/recording-api';
import { serverRecordingOf } from '../../src/recording-watch/server-recording';

const CA1 = 'CA' + '1'.repeat(32);
const CA2 = 'CA' + '2'.repeat(32);
const RE = 'RE' + 'e'.repeat(32);
const attributes = (state: Partial<RecordingStateAttribute>) => ({
  direction: 'outbound',
  call_recording: { status: 'in-progress', recording_sid: RE, call_sid: CA1, updated_at: '2026-01-01T00:00:00.000Z', ...state },
});

describe('serverRecordingOf', () => {
  it('reads a recording in progress or paused for exactly this call leg', () => {
    expect(serverRecordingOf(attributes({}), CA1)).toEqual({ recordingSid: RE, status: 'in-progress' });
    expect(serverRecordingOf(attributes({ status: 'paused' }), CA1)).toEqual({ recordingSid: RE, status: 'paused' });
  });

  it('says nothing about another leg, an ended or failed recording, or a malformed state', () => {
    expect(serverRecordingOf(attributes({}), CA2)).toBeUndefined();
    expect(serverRecordingOf(attributes({ call_sid: undefined }), CA1)).toBeUndefined();
    for (const status of ['stopped', 'completed', 'absent', 'failed', 'not-recorded'] as const) {
      expect(serverRecordingOf(attributes({ status }), CA1)).toBeUndefined();
    }
    expect(serverRecordingOf(attributes({ recording_sid: undefined }), CA1)).toBeUndefined();
    expect(serverRecordingOf(attributes({ recording_sid: 'RE123' }), CA1)).toBeUndefined();
    expect(serverRecordingOf(attributes({ updated_at: undefined }), CA1)).toBeUndefined();
    expect(serverRecordingOf({ direction: 'outbound' }, CA1)).toBeUndefined();
    expect(serverRecordingOf(undefined, CA1)).toBeUndefined();
  });
});
