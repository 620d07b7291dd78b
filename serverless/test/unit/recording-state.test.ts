import { mergeRecordingState, supersedes } from '../../src/recording/recording-state';

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
