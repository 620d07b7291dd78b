import {
  DEFAULT_RECORDING_POLICY,
  decideRecording,
  isLoopbackHost,
  isLoopbackHttpUrl,
  isLoopbackUrl,
  linksForeignRecording,
  linksRecording,
  ownRecordingSids,
  readConversationMedia,
  readVoiceRecordingLinks,
  recordingSidOfEntry,
  recordingUrl,
  writableConversationMedia,
} from '../../src/contract';

const ACCOUNT = 'AC' + '0'.repeat(32);
const OURS = 'RE' + 'a'.repeat(32);
const EARLIER = 'RE' + 'b'.repeat(32);
const STUDIO = 'RE' + 'c'.repeat(32);
const voice = (sid: string) => ({ type: 'VoiceRecording', url: recordingUrl(ACCOUNT, sid) });
const state = { status: 'in-progress', recording_sid: OURS, earlier_recording_sids: [EARLIER], updated_at: '2026-01-01T00:00:00.000Z' };

/**
 * Every shape `conversations.media` (and `conversations`) can have, with what the one reader makes of it.
 * `writable`: whether a writer may add a link (a list, or nothing yet); anything else is someone else's.
 */
const CORNER_CASES: ReadonlyArray<{ name: string; conversations: unknown; entries: unknown[]; writable: unknown[] | undefined }> = [
  { name: 'no conversations', conversations: undefined, entries: [], writable: [] },
  { name: 'conversations null', conversations: null, entries: [], writable: [] },
  { name: 'conversations a string', conversations: 'sale', entries: [], writable: undefined },
  { name: 'conversations a list', conversations: [voice(STUDIO)], entries: [], writable: undefined },
  { name: 'media missing', conversations: { outcome: 'sale' }, entries: [], writable: [] },
  { name: 'media null', conversations: { media: null }, entries: [], writable: [] },
  { name: 'media a single object', conversations: { media: voice(STUDIO) }, entries: [], writable: undefined },
  { name: 'media a string', conversations: { media: recordingUrl(ACCOUNT, STUDIO) }, entries: [], writable: undefined },
  { name: 'media a number', conversations: { media: 0 }, entries: [], writable: undefined },
  { name: 'media an empty list', conversations: { media: [] }, entries: [], writable: [] },
  {
    name: 'media a list with junk entries',
    conversations: { media: ['x', null, 7, [voice(STUDIO)], voice(OURS), { type: 'ChatTranscript', url: 'https://example.com/t' }] },
    entries: [voice(OURS), { type: 'ChatTranscript', url: 'https://example.com/t' }],
    writable: ['x', null, 7, [voice(STUDIO)], voice(OURS), { type: 'ChatTranscript', url: 'https://example.com/t' }],
  },
];

const withConversations = (conversations: unknown, extra: Record<string, unknown> = {}) =>
  conversations === undefined ? { direction: 'outbound', ...extra } : { direction: 'outbound', conversations, ...extra };

describe('readConversationMedia: the one reader of conversations.media', () => {
  it.each(CORNER_CASES)('$name', ({ conversations, entries, writable }) => {
    const attributes = withConversations(conversations);
    expect(readConversationMedia(attributes)).toEqual(entries);
    expect(writableConversationMedia(attributes)).toEqual(writable);
  });

  it('reads nothing from attributes that are not an object', () => {
    for (const attributes of [undefined, null, 'x', 3, [{ conversations: { media: [voice(STUDIO)] } }]]) {
      expect(readConversationMedia(attributes)).toEqual([]);
      expect(linksForeignRecording(attributes)).toBe(false);
    }
  });

  // The decisions made from the reader: if any of them read media its own way again, one of these fails.
  it.each(CORNER_CASES)('$name: every decision agrees with the reader', ({ conversations }) => {
    for (const extra of [{}, { call_recording: state }]) {
      const attributes = withConversations(conversations, extra);
      const links = readVoiceRecordingLinks(attributes);
      const own = ownRecordingSids(attributes);
      const foreign = links.some((entry) => !own.includes(recordingSidOfEntry(entry) ?? ''));
      expect(linksForeignRecording(attributes)).toBe(foreign);
      expect(decideRecording({ attributes, taskChannelUniqueName: 'voice' }, DEFAULT_RECORDING_POLICY)).toEqual(
        foreign ? expect.objectContaining({ record: false, reason: 'recorded-elsewhere' }) : { record: true, direction: 'outbound' },
      );
      for (const sid of [OURS, EARLIER, STUDIO]) {
        expect(linksRecording(attributes, sid)).toBe(links.some((entry) => recordingSidOfEntry(entry) === sid));
      }
    }
  });

  it("counts all of this product's recordings as its own, current and earlier; everything else as foreign", () => {
    const media = (...entries: unknown[]) => withConversations({ media: entries }, { call_recording: state });
    expect(linksForeignRecording(media(voice(OURS), voice(EARLIER)))).toBe(false);
    expect(linksForeignRecording(media(voice(OURS), voice(STUDIO)))).toBe(true);
    // Without a recording state, nothing is this product's.
    expect(linksForeignRecording(withConversations({ media: [voice(OURS)] }))).toBe(true);
    // A voice recording whose url names no recording SID is someone else's; other media types are not recordings.
    expect(linksForeignRecording(media({ type: 'VoiceRecording', url: 'https://example.com/call.mp3' }))).toBe(true);
    expect(linksForeignRecording(media({ type: 'VoiceRecording' }))).toBe(true);
    expect(linksForeignRecording(media({ type: 'ChatTranscript', url: recordingUrl(ACCOUNT, STUDIO) }))).toBe(false);
  });

  it('reads the recording SID only at the end of the url', () => {
    expect(recordingSidOfEntry(voice(OURS))).toBe(OURS);
    expect(recordingSidOfEntry({ url: `${recordingUrl(ACCOUNT, OURS)}.mp3` })).toBeUndefined();
    expect(recordingSidOfEntry({ url: `${recordingUrl(ACCOUNT, OURS)}/Transcriptions` })).toBeUndefined();
    expect(recordingSidOfEntry({ url: recordingUrl(ACCOUNT, 'RE' + 'A'.repeat(32)) })).toBeUndefined();
    expect(recordingSidOfEntry({ url: 42 })).toBeUndefined();
  });
});

describe('isLoopbackHost / isLoopbackUrl: what counts as this machine', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '127.255.255.255', '::1', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['', 'localhost.evil.com', 'evil.localhost.com', '127.0.0.1.evil.com', '127.example.com', '127.0.0.256', '128.0.0.1', '10.0.0.1', '0.0.0.0', '[::2]', '::ffff:127.0.0.1'])(
    '%p is not',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );

  it('reads the host of a URL as the URL parser does (any scheme for isLoopbackUrl, http only for isLoopbackHttpUrl)', () => {
    for (const url of ['http://localhost:3000', 'http://127.0.0.1:4010/x', 'http://[::1]:4010', 'http://127.1:80', new URL('http://localhost/')]) {
      expect(isLoopbackUrl(url)).toBe(true);
      expect(isLoopbackHttpUrl(url)).toBe(true);
    }
    expect(isLoopbackUrl('https://localhost:3000')).toBe(true);
    expect(isLoopbackHttpUrl('https://localhost:3000')).toBe(false);
    expect(isLoopbackUrl('ws://127.0.0.1:9')).toBe(true);
    for (const url of ['http://localhost.evil.com', 'http://127.0.0.1.nip.io', 'http://user@evil.com', 'http://192.168.1.2:4010', 'not a url', '/relative', '']) {
      expect(isLoopbackUrl(url)).toBe(false);
      expect(isLoopbackHttpUrl(url)).toBe(false);
    }
    // The userinfo trick: the host is what follows the @.
    expect(isLoopbackUrl('http://localhost@evil.com')).toBe(false);
    expect(isLoopbackUrl('http://evil.com@localhost')).toBe(true);
  });
});
