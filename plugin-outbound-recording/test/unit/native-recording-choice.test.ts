import { readPluginSettings } from '../../src/configuration/plugin-settings';
import { nativeRecordingWarning } from '../../src/configuration/native-recording';
import { conferenceRecordOverride } from '../../src/recording-watch/native-recording-choice';

const outbound = { attributes: { direction: 'outbound', outbound_to: '+15005550006' }, taskChannelUniqueName: 'voice' };
const inbound = { attributes: { direction: 'inbound', from: '+15005550006' }, taskChannelUniqueName: 'voice' };
const internal = { attributes: { direction: 'outbound', client_call: true }, taskChannelUniqueName: 'voice' };
const chat = { attributes: { direction: 'outbound' }, taskChannelUniqueName: 'chat' };

describe('NATIVE_RECORDING (native_recording): what the before-accept hook does to conferenceRecord', () => {
  it('"skip" turns native recording off for the calls this product records (outbound customer calls) only', () => {
    expect(conferenceRecordOverride(outbound, 'skip')).toBe(false);
    for (const other of [inbound, internal, chat, undefined]) expect(conferenceRecordOverride(other, 'skip')).toBeUndefined();
  });

  it('"keep" (the default) leaves it as Flex set it', () => {
    expect(readPluginSettings(undefined).settings.nativeRecording).toBe('keep');
    expect(conferenceRecordOverride(outbound, 'keep')).toBeUndefined();
  });

  it('reads the setting case-insensitively and refuses anything else, keeping "keep"', () => {
    const read = (value: unknown) => readPluginSettings({ custom_data: { features: { outbound_recording: { native_recording: value } } } });
    expect(read(' Skip ').settings.nativeRecording).toBe('skip');
    expect(read('off')).toMatchObject({ settings: { nativeRecording: 'keep' }, problems: [expect.stringMatching(/native_recording must be "keep" or "skip"/)] });
  });

  it('warns administrators about the double recording only when it is kept', () => {
    const on = { call_recording_enabled: true };
    expect(nativeRecordingWarning(on, ['admin'], 'keep')).toMatch(/recorded twice \(pause and resume act on both\)/);
    expect(nativeRecordingWarning(on, ['admin'], 'skip')).toBeUndefined();
    expect(nativeRecordingWarning({ call_recording_enabled: false }, ['admin'], 'keep')).toBeUndefined();
  });
});
