import { nativeRecordingWarning } from '../../src/configuration/native-recording';

describe('nativeRecordingWarning', () => {
  it('warns admins and supervisors when Flex native recording is on', () => {
    expect(nativeRecordingWarning({ call_recording_enabled: true }, ['admin'])).toMatch(/recorded twice/);
    expect(nativeRecordingWarning({ call_recording_enabled: true }, ['agent', 'supervisor'])).toMatch(/Voice > Call recording/);
  });

  it('stays quiet for agents, and when native recording is off or unknown', () => {
    expect(nativeRecordingWarning({ call_recording_enabled: true }, ['agent'])).toBeUndefined();
    expect(nativeRecordingWarning({ call_recording_enabled: false }, ['admin'])).toBeUndefined();
    expect(nativeRecordingWarning(undefined, ['admin'])).toBeUndefined();
    expect(nativeRecordingWarning({ call_recording_enabled: true }, undefined)).toBeUndefined();
  });
});
