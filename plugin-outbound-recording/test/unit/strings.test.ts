import { ERROR_STATUS, ErrorCode } from '../../src/contract/recording-api';
import { describeFailureReason } from '../../src/agent-messages/describe-failure';
import { registerRecordingStrings } from '../../src/agent-messages/register-strings';
import { ENGLISH, JAPANESE, createTranslator, reasonKey, renderTemplate, stringsForLocale } from '../../src/agent-messages/strings';

describe('strings', () => {
  it('has English and Japanese for every key, and Japanese really is Japanese', () => {
    expect(Object.keys(JAPANESE).sort()).toEqual(Object.keys(ENGLISH).sort());
    for (const [key, text] of Object.entries(JAPANESE)) {
      expect(text.trim()).not.toBe('');
      expect([key, /[\u3040-\u30ff\u4e00-\u9fff]/.test(text)]).toEqual([key, true]);
    }
  });

  it('has words for every contract error code, in both languages', () => {
    for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
      expect(ENGLISH[reasonKey(code)]).toEqual(expect.any(String));
      expect(JAPANESE[reasonKey(code)]).toEqual(expect.any(String));
    }
  });

  it('keeps the same template values in both languages', () => {
    const values = (text: string) => (text.match(/{{\s*\w+\s*}}/g) ?? []).sort();
    for (const key of Object.keys(ENGLISH) as Array<keyof typeof ENGLISH>) expect([key, values(JAPANESE[key])]).toEqual([key, values(ENGLISH[key])]);
  });

  it("chooses Japanese for Flex's ja locales only", () => {
    expect(stringsForLocale('ja-JP')).toBe(JAPANESE);
    expect(stringsForLocale('ja')).toBe(JAPANESE);
    expect(stringsForLocale('en-US')).toBe(ENGLISH);
    expect(stringsForLocale('jav')).toBe(ENGLISH);
    expect(stringsForLocale(undefined)).toBe(ENGLISH);
  });

  it('renders {{values}} as plain text', () => {
    expect(renderTemplate('Gave up after {{ attempts }} attempts.', { attempts: 5 })).toBe('Gave up after 5 attempts.');
    expect(renderTemplate('{{a}}{{missing}}', { a: '<b>' })).toBe('<b>');
  });
});

describe('registerRecordingStrings', () => {
  it("adds the agent's language without replacing an administrator's override, by assigning manager.strings", () => {
    const host = { strings: { OutboundRecordingPause: 'Pause (PCI)', FlexOwnKey: 'kept' } as Record<string, string>, localization: { localeTag: 'ja-JP' } };
    const before = host.strings;
    registerRecordingStrings(host);
    expect(host.strings).not.toBe(before);
    expect(host.strings.OutboundRecordingPause).toBe('Pause (PCI)');
    expect(host.strings.FlexOwnKey).toBe('kept');
    expect(host.strings.OutboundRecordingResume).toBe(JAPANESE.OutboundRecordingResume);
  });

  it('falls back to English without a locale', () => {
    const host = { strings: {} as Record<string, string> };
    registerRecordingStrings(host);
    expect(host.strings.OutboundRecordingStatusPaused).toBe('Paused');
  });

  it('translates through the current strings, so later overrides count', () => {
    const strings: Record<string, string> = { ...ENGLISH };
    const t = createTranslator(() => strings);
    strings.OutboundRecordingUnreachable = 'Offline, {{name}}?';
    expect(t('OutboundRecordingUnreachable', { name: 'Aiko' })).toBe('Offline, Aiko?');
    expect(describeFailureReason({ kind: 'timed-out', seconds: 30 }, createTranslator(() => JAPANESE))).toBe(
      '録音サービスが 30 秒以内に録音の開始を確認できませんでした。',
    );
    expect(describeFailureReason({ kind: 'described', text: '' })).toBe('The reason is unknown.');
  });
});
