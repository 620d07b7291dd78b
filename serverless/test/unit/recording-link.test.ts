import {
  DEFAULT_RECORDING_POLICY,
  decideRecording,
  linksRecording,
  readConversationMedia,
  recordingUrl,
  writableConversationMedia,
} from 'plugin-outbound-recording/contract';
import { mergeRecordingLink, voiceRecordingMedia, type RecordingLink } from '../../src/recording/recording-link';
import { contradictsTask } from '../../src/recording/recording-status';
import { liveRecordingState, mergeRecordingState } from '../../src/recording/recording-state';

const link: RecordingLink = {
  accountSid: 'AC' + '0'.repeat(32),
  recordingSid: 'RE' + '1'.repeat(32),
  callSid: 'CA' + '2'.repeat(32),
  conferenceSid: 'CF' + '3'.repeat(32),
  startTimeMs: 1574350320000,
};

describe('voiceRecordingMedia', () => {
  it('describes the recording the way Flex Insights reads it', () => {
    expect(voiceRecordingMedia(link)).toEqual({
      url: `https://api.twilio.com/2010-04-01/Accounts/${link.accountSid}/Recordings/${link.recordingSid}`,
      type: 'VoiceRecording',
      start_time: 1574350320000,
      channels: ['customer', 'others'],
    });
  });
});

describe('mergeRecordingLink', () => {
  it('links the recording, the customer call and the conference on a fresh outbound task', () => {
    const { attributes, changed } = mergeRecordingLink({ direction: 'outbound', to: '+14155550100' }, link);
    expect(changed).toBe(true);
    expect(attributes).toEqual({
      direction: 'outbound',
      to: '+14155550100',
      conversations: { media: [voiceRecordingMedia(link)] },
      call_sid: link.callSid,
      conference: { sid: link.conferenceSid, participants: { customer: link.callSid } },
    });
  });

  it('keeps every other attribute and every other conversations field', () => {
    const current = {
      direction: 'outbound',
      customers: { name: 'Ada' },
      conversations: { outcome: 'sale', abandoned: 'No', media: [{ url: 'https://example.com/chat', type: 'ChatTranscript' }] },
    };
    const { attributes } = mergeRecordingLink(current, link);
    expect(attributes.customers).toEqual({ name: 'Ada' });
    expect(attributes.conversations).toEqual({
      outcome: 'sale',
      abandoned: 'No',
      media: [{ url: 'https://example.com/chat', type: 'ChatTranscript' }, voiceRecordingMedia(link)],
    });
  });

  it('never adds a second entry for the same recording, and reports no change', () => {
    const once = mergeRecordingLink({ direction: 'outbound' }, link).attributes;
    const twice = mergeRecordingLink(once, link);
    expect(twice.changed).toBe(false);
    expect((twice.attributes.conversations as { media: unknown[] }).media).toHaveLength(1);
  });

  it('recognises the link even when start_time was written differently', () => {
    const current = { conversations: { media: [{ url: recordingUrl(link.accountSid, link.recordingSid), type: 'VoiceRecording', start_time: '2019-11-21T15:32:00Z' }] } };
    const merged = mergeRecordingLink(current, link);
    expect((merged.attributes.conversations as { media: unknown[] }).media).toHaveLength(1);
  });

  it("does not overwrite someone else's call_sid or conference SID", () => {
    const current = { call_sid: 'CA' + 'f'.repeat(32), conference: { sid: 'CF' + 'e'.repeat(32), participants: { worker: 'CA' + 'd'.repeat(32) } } };
    const { attributes } = mergeRecordingLink(current, link);
    expect(attributes.call_sid).toBe(current.call_sid);
    expect(attributes.conference).toEqual({ sid: current.conference.sid, participants: { worker: 'CA' + 'd'.repeat(32), customer: link.callSid } });
  });

  it('never clobbers a media value that is not a list: it links nothing there', () => {
    const single = { url: 'https://example.com/a.mp3', type: 'VoiceRecording' };
    for (const conversations of [{ media: single }, { media: 'https://example.com/a.mp3', outcome: 'sale' }, 'sale', [single]]) {
      const { attributes } = mergeRecordingLink({ direction: 'outbound', conversations }, link);
      expect(attributes.conversations).toEqual(conversations);
      expect(attributes).toMatchObject({ call_sid: link.callSid, conference: { sid: link.conferenceSid } });
    }
  });

  it('keeps junk entries of a media list as they are, and adds the link after them', () => {
    const media = ['x', null, { type: 'ChatTranscript', url: 'https://example.com/t' }];
    const { attributes } = mergeRecordingLink({ conversations: { media } }, link);
    expect((attributes.conversations as { media: unknown[] }).media).toEqual([...media, voiceRecordingMedia(link)]);
  });

  it('does not modify the attributes it was given', () => {
    const current = { conversations: { media: [] as unknown[] } };
    mergeRecordingLink(current, link);
    expect(current).toEqual({ conversations: { media: [] } });
  });
});

/**
 * The server's decisions about a task's `conversations.media` (the writer, the recording policy, a status
 * callback's "does the task link this recording") all go through the contract's one reader: for every
 * shape media can have, they agree with it and with each other.
 */
describe('one reading of conversations.media, on every shape it can have', () => {
  const studio = { type: 'VoiceRecording', url: recordingUrl(link.accountSid, 'RE' + 'c'.repeat(32)) };
  const shapes: Array<[string, unknown]> = [
    ['no conversations', undefined],
    ['conversations null', null],
    ['conversations a string', 'sale'],
    ['media missing', { outcome: 'sale' }],
    ['media null', { media: null }],
    ['media a single object', { media: studio }],
    ['media a string', { media: studio.url }],
    ['media an empty list', { media: [] }],
    ['media a list with junk', { media: ['x', null, 3, [studio], { type: 'ChatTranscript', url: 'https://example.com/t' }] }],
    ["media a list with someone else's recording", { media: [studio] }],
  ];

  it.each(shapes)('%s', (_name, conversations) => {
    const before = conversations === undefined ? { direction: 'outbound' } : { direction: 'outbound', conversations };
    const writable = writableConversationMedia(before);
    const { attributes: linked } = mergeRecordingLink(before, link);
    const after = mergeRecordingState(linked, liveRecordingState({ recordingSid: link.recordingSid, callSid: link.callSid, status: 'in-progress' })).attributes;

    // The writer adds the link exactly where the reader will find it, or leaves someone else's value alone.
    expect(readConversationMedia(after)).toEqual(writable === undefined ? readConversationMedia(before) : [...readConversationMedia(before), voiceRecordingMedia(link)]);
    expect(linksRecording(after, link.recordingSid)).toBe(writable !== undefined);
    if (writable === undefined) expect(after.conversations).toEqual(before.conversations);

    // The policy: this product's own link is never "recorded elsewhere"; someone else's is, before and after.
    const foreignBefore = decideRecording({ attributes: before, taskChannelUniqueName: 'voice' }, DEFAULT_RECORDING_POLICY);
    const foreignAfter = decideRecording({ attributes: after, taskChannelUniqueName: 'voice' }, DEFAULT_RECORDING_POLICY);
    expect(foreignAfter).toEqual(foreignBefore);

    // A status callback for a recording the task links is not a contradiction; one it does not link is.
    const other = { ...after, call_recording: { ...(after.call_recording as object), recording_sid: 'RE' + 'd'.repeat(32) } };
    const callback = { taskSid: 'WT' + '4'.repeat(32), recordingSid: link.recordingSid, callSid: link.callSid, status: 'completed' as const };
    expect(contradictsTask(other, callback) === undefined).toBe(linksRecording(other, link.recordingSid));
  });
});
