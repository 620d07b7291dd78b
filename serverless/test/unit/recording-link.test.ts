import { mergeRecordingLink, recordingUrl, voiceRecordingMedia, type RecordingLink } from '../../src/recording/recording-link';

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

  it('keeps a single media object someone wrote instead of a list', () => {
    const single = { url: 'https://example.com/a.mp3', type: 'VoiceRecording' };
    const { attributes } = mergeRecordingLink({ conversations: { media: single } }, link);
    expect((attributes.conversations as { media: unknown[] }).media).toEqual([single, voiceRecordingMedia(link)]);
  });

  it('does not modify the attributes it was given', () => {
    const current = { conversations: { media: [] as unknown[] } };
    mergeRecordingLink(current, link);
    expect(current).toEqual({ conversations: { media: [] } });
  });
});
