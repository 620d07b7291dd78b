import { MAX_EARLIER_RECORDINGS, mergeRecordingState, supersedes } from '../../src/recording/recording-state';

const RE1 = 'RE' + '1'.repeat(32);
const RE2 = 'RE' + '2'.repeat(32);
const at = (second: number) => new Date(Date.UTC(2026, 10, 21, 9, 0, second)).toISOString();

describe('supersedes', () => {
  it('takes any state when there is none', () => {
    expect(supersedes({ status: 'in-progress', recording_sid: RE1, updated_at: at(0) }, undefined)).toBe(true);
  });

  it('lets a newer pause or resume replace the other', () => {
    const recording = { status: 'in-progress' as const, recording_sid: RE1, updated_at: at(0) };
    const paused = { status: 'paused' as const, recording_sid: RE1, updated_at: at(5) };
    expect(supersedes(paused, recording)).toBe(true);
    expect(supersedes({ ...recording, updated_at: at(9) }, paused)).toBe(true);
    expect(supersedes({ ...recording, updated_at: at(1) }, paused)).toBe(false);
  });

  it('never brings an ended recording back to life (late or replayed callbacks)', () => {
    const completed = { status: 'completed' as const, recording_sid: RE1, updated_at: at(10) };
    expect(supersedes({ status: 'in-progress', recording_sid: RE1, updated_at: at(20) }, completed)).toBe(false);
    expect(supersedes({ status: 'paused', recording_sid: RE1, updated_at: at(20) }, completed)).toBe(false);
  });

  it('ignores a replay of the same state', () => {
    const state = { status: 'completed' as const, recording_sid: RE1, updated_at: at(10) };
    expect(supersedes({ ...state, updated_at: at(11) }, state)).toBe(false);
  });

  it('keeps a live recording over a "not recorded" about another attempt', () => {
    const live = { status: 'in-progress' as const, recording_sid: RE1, updated_at: at(0) };
    expect(supersedes({ status: 'not-recorded', reason: 'x', updated_at: at(5) }, live)).toBe(false);
    expect(supersedes({ status: 'in-progress', recording_sid: RE2, updated_at: at(5) }, { status: 'not-recorded', reason: 'x', updated_at: at(0) })).toBe(true);
  });
});

describe('mergeRecordingState', () => {
  it('writes call_recording and leaves every other attribute alone', () => {
    const current = { direction: 'outbound', conversations: { outcome: 'sale' } };
    const update = { status: 'paused' as const, recording_sid: RE1, updated_at: at(3) };
    expect(mergeRecordingState(current, update)).toEqual({ attributes: { ...current, call_recording: update }, changed: true });
  });

  it('reports no change when the update does not supersede', () => {
    const current = { call_recording: { status: 'completed', recording_sid: RE1, updated_at: at(10) } };
    const merged = mergeRecordingState(current, { status: 'in-progress', recording_sid: RE1, updated_at: at(20) });
    expect(merged).toEqual({ attributes: current, changed: false });
  });
});

describe('the recording follows the customer: earlier recordings of the task', () => {
  const RE3 = 'RE' + '3'.repeat(32);
  const CA1 = 'CA' + '1'.repeat(32);
  const CA2 = 'CA' + '2'.repeat(32);
  const stateOf = (attributes: Record<string, unknown>) => attributes.call_recording as Record<string, unknown>;

  it("remembers the previous recording when the state moves on to a new leg's, and keeps it through that leg's changes", () => {
    const first = mergeRecordingState({}, { status: 'completed', recording_sid: RE1, call_sid: CA1, updated_at: at(10) }).attributes;
    const second = mergeRecordingState(first, { status: 'in-progress', recording_sid: RE2, call_sid: CA2, updated_at: at(20) }).attributes;
    expect(stateOf(second)).toEqual({ status: 'in-progress', recording_sid: RE2, call_sid: CA2, earlier_recording_sids: [RE1], updated_at: at(20) });
    const paused = mergeRecordingState(second, { status: 'paused', recording_sid: RE2, call_sid: CA2, updated_at: at(30) }).attributes;
    expect(stateOf(paused)).toMatchObject({ status: 'paused', earlier_recording_sids: [RE1] });
    const third = mergeRecordingState(paused, { status: 'in-progress', recording_sid: RE3, updated_at: at(40) }).attributes;
    expect(stateOf(third)).toMatchObject({ recording_sid: RE3, earlier_recording_sids: [RE1, RE2] });
  });

  it("never lets an earlier recording's late or replayed state take the task back", () => {
    const current = { status: 'in-progress' as const, recording_sid: RE2, call_sid: CA2, earlier_recording_sids: [RE1], updated_at: at(20) };
    for (const status of ['in-progress', 'completed', 'absent', 'failed'] as const) {
      expect(supersedes({ status, recording_sid: RE1, call_sid: CA1, updated_at: at(59) }, current)).toBe(false);
    }
    // A state about the current recording, or a newer one, still does.
    expect(supersedes({ status: 'completed', recording_sid: RE2, updated_at: at(30) }, current)).toBe(true);
    expect(supersedes({ status: 'in-progress', recording_sid: RE3, updated_at: at(30) }, current)).toBe(true);
  });

  it('keeps the earlier recordings through a "not recorded" state, never takes one back, and lists each once', () => {
    const again = { call_recording: { status: 'not-recorded', reason: 'x', earlier_recording_sids: [RE1], updated_at: at(1) } };
    const recorded = mergeRecordingState(again, { status: 'in-progress', recording_sid: RE1, earlier_recording_sids: [RE1, RE2], updated_at: at(3) });
    expect(recorded.changed).toBe(false);
    const other = mergeRecordingState(again, { status: 'in-progress', recording_sid: RE3, earlier_recording_sids: [RE1, RE2], updated_at: at(3) }).attributes;
    expect(stateOf(other).earlier_recording_sids).toEqual([RE1, RE2]);
  });

  it('writes no earlier_recording_sids for a task that only ever had one recording', () => {
    const one = mergeRecordingState({}, { status: 'in-progress', recording_sid: RE1, updated_at: at(1) }).attributes;
    const done = mergeRecordingState(one, { status: 'completed', recording_sid: RE1, updated_at: at(2) }).attributes;
    expect(stateOf(done)).not.toHaveProperty('earlier_recording_sids');
  });

  it(`remembers at most ${MAX_EARLIER_RECORDINGS} earlier recordings, the newest`, () => {
    let attributes: Record<string, unknown> = {};
    const sids = Array.from({ length: MAX_EARLIER_RECORDINGS + 3 }, (_, i) => 'RE' + i.toString(16).padStart(32, '0'));
    for (const [i, sid] of sids.entries()) attributes = mergeRecordingState(attributes, { status: 'in-progress', recording_sid: sid, updated_at: at(i) }).attributes;
    expect(stateOf(attributes).earlier_recording_sids).toEqual(sids.slice(-MAX_EARLIER_RECORDINGS - 1, -1));
  });
});

describe('started_by: which trigger started the recording', () => {
  it('stays through the recording\'s later states, and goes with it when another recording takes over', () => {
    const started = { status: 'in-progress' as const, recording_sid: RE1, started_by: 'conference-callback' as const, updated_at: at(0) };
    const paused = mergeRecordingState({ call_recording: started }, { status: 'paused', recording_sid: RE1, updated_at: at(5) });
    expect(paused.attributes.call_recording).toMatchObject({ status: 'paused', started_by: 'conference-callback' });
    // A later writer saying otherwise does not rewrite history: the first to say wins.
    const claimedAgain = mergeRecordingState(paused.attributes, { status: 'in-progress', recording_sid: RE1, started_by: 'plugin-request', updated_at: at(9) });
    expect(claimedAgain.attributes.call_recording).toMatchObject({ status: 'in-progress', started_by: 'conference-callback' });
    const next = mergeRecordingState(claimedAgain.attributes, { status: 'in-progress', recording_sid: RE2, started_by: 'plugin-request', updated_at: at(20) });
    expect(next.attributes.call_recording).toMatchObject({ recording_sid: RE2, started_by: 'plugin-request' });
    const unsaid = mergeRecordingState({ call_recording: started }, { status: 'in-progress', recording_sid: RE2, updated_at: at(20) });
    expect(unsaid.attributes.call_recording).not.toHaveProperty('started_by');
  });
});
