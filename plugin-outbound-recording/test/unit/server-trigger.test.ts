import { CONFERENCE_STATUS_PATH } from '../../src/contract/recording-api';
import { ServerTriggerInput, conferenceStatusCallbackUrl, decideServerTrigger } from '../../src/recording-watch/server-trigger';

const BASE = 'https://recording-1234-dev.twil.io';
const OURS = `${BASE}/recording/conference-status`;
const FLEX_OPTIONS = { endConferenceOnExit: true, endConferenceOnCustomerExit: true, conferenceRecord: false };
const outboundCall = { attributes: { direction: 'outbound', outbound_to: '+15005550006' }, taskChannelUniqueName: 'voice' };

const decide = (over: Partial<ServerTriggerInput> = {}) => decideServerTrigger({ task: outboundCall, conferenceOptions: { ...FLEX_OPTIONS }, functionsBaseUrl: BASE, enabled: true, ...over });
const INSTALLED = { trigger: 'installed', set: { conferenceStatusCallback: OURS, conferenceStatusCallbackEvent: 'join', conferenceStatusCallbackMethod: 'POST' } };

describe('the conference status callback URL', () => {
  it("is the Functions' base URL and the contract's path", () => {
    expect(CONFERENCE_STATUS_PATH).toBe('/recording/conference-status');
    expect(conferenceStatusCallbackUrl(BASE)).toBe(OURS);
  });
});

describe('decideServerTrigger', () => {
  it("sets nothing when the administrator switched the trigger off (server_trigger: false), whatever the call", () => {
    const options = { ...FLEX_OPTIONS };
    expect(decide({ enabled: false, conferenceOptions: options })).toEqual({ trigger: 'switched-off' });
    expect(options).toEqual(FLEX_OPTIONS);
  });

  it('asks for the join events of a call the plugin would watch, and nothing else', () => {
    expect(decide()).toEqual(INSTALLED);
  });

  it.each([
    ['an inbound call', { attributes: { direction: 'inbound', from: '+15005550007' }, taskChannelUniqueName: 'voice' }],
    ['a call without attributes', { attributes: undefined, taskChannelUniqueName: 'voice' }],
  ])('installs it for %s too (the watch would follow it)', (_name, task) => {
    expect(decide({ task })).toEqual(INSTALLED);
  });

  it.each([undefined, null, 'not an object'])('works when conferenceOptions is %p (the hook creates them)', (conferenceOptions) => {
    expect(decide({ conferenceOptions })).toEqual(INSTALLED);
  });

  it('sets only the three ConferenceStatusCallback* keys, never conferenceRecord or Flex\'s own options', () => {
    const decision = decide({ conferenceOptions: { ...FLEX_OPTIONS, conferenceRecord: true, conferenceRecordingStatusCallback: 'https://flex.example/rec' } });
    expect(decision.trigger).toBe('installed');
    expect(Object.keys(decision.trigger === 'installed' ? decision.set : {}).sort()).toEqual(['conferenceStatusCallback', 'conferenceStatusCallbackEvent', 'conferenceStatusCallbackMethod']);
  });

  it("leaves another party's callback alone and names only its origin", () => {
    const conferenceOptions = { ...FLEX_OPTIONS, conferenceStatusCallback: 'https://other.example.com:8443/hooks/conference?token=secret', conferenceStatusCallbackEvent: 'start end' };
    expect(decide({ conferenceOptions })).toEqual({ trigger: 'left-to-another-plugin', otherCallbackOrigin: 'https://other.example.com:8443' });
  });

  it('sees a callback given as ConferenceStatusCallback (the SDK sends both spellings as the same parameter)', () => {
    expect(decide({ conferenceOptions: { ConferenceStatusCallback: 'https://other.example.com/x' } })).toEqual({
      trigger: 'left-to-another-plugin',
      otherCallbackOrigin: 'https://other.example.com',
    });
  });

  it.each([
    ['not a URL', 'somewhere'],
    ['a relative path', '/hooks/conference'],
    ['not a string', 42],
  ])('leaves a callback that is %s alone too, without an origin to name', (_name, conferenceStatusCallback) => {
    expect(decide({ conferenceOptions: { conferenceStatusCallback } })).toEqual({ trigger: 'left-to-another-plugin', otherCallbackOrigin: undefined });
  });

  it.each([undefined, null, ''])('treats a callback of %p as none', (conferenceStatusCallback) => {
    expect(decide({ conferenceOptions: { ...FLEX_OPTIONS, conferenceStatusCallback } })).toEqual(INSTALLED);
  });

  it('treats its own callback already there (the plugin loaded twice) as installed, without a warning case', () => {
    expect(decide({ conferenceOptions: { conferenceStatusCallback: OURS } })).toEqual(INSTALLED);
  });

  it("a related option without a callback is nobody's callback: the plugin's event and method replace it", () => {
    expect(decide({ conferenceOptions: { conferenceStatusCallbackEvent: 'start end' } })).toEqual(INSTALLED);
  });

  it.each([
    ['an internal call (client: callee)', { attributes: { direction: 'outbound', outbound_to: 'client:bob' }, taskChannelUniqueName: 'voice' }],
    ['an internal call (type internal)', { attributes: { direction: 'outbound', type: 'internal' }, taskChannelUniqueName: 'voice' }],
    ['a chat', { attributes: { direction: 'outbound' }, taskChannelUniqueName: 'chat' }],
    ['an unknown task', undefined],
  ])('sets nothing for %s', (_name, task) => {
    expect(decide({ task })).toEqual({ trigger: 'not-applicable' });
    expect(decide({ task, conferenceOptions: { conferenceStatusCallback: 'https://other.example.com/x' } })).toEqual({ trigger: 'not-applicable' });
  });

  it('does not change the options it is given', () => {
    const conferenceOptions = { ...FLEX_OPTIONS };
    decide({ conferenceOptions });
    expect(conferenceOptions).toEqual(FLEX_OPTIONS);
  });
});
