import { ErrorCode } from '../contract/recording-api';

/**
 * Every word the plugin shows agents, as Flex string templates (Handlebars: `{{name}}` is a value).
 * They are registered into `manager.strings` under these keys, so an administrator can override any of
 * them (see README "Languages"). English is the default; Japanese is used when Flex's locale is Japanese.
 */

type ReasonKey = `OutboundRecordingReason_${ErrorCode}`;

export type StringKey =
  | 'OutboundRecordingStatusLabel'
  | 'OutboundRecordingStatusRecording'
  | 'OutboundRecordingStatusRecordingDetail'
  | 'OutboundRecordingStatusPaused'
  | 'OutboundRecordingStatusPausedDetail'
  | 'OutboundRecordingStatusPausedWithFlexDetail'
  | 'OutboundRecordingStatusStarting'
  | 'OutboundRecordingStatusStartingDetail'
  | 'OutboundRecordingStatusNotRecording'
  | 'OutboundRecordingStatusWaitingDetail'
  | 'OutboundRecordingStatusEndedDetail'
  | 'OutboundRecordingStatusExcludedDetail'
  | 'OutboundRecordingStatusFailed'
  | 'OutboundRecordingPause'
  | 'OutboundRecordingResume'
  | 'OutboundRecordingPausing'
  | 'OutboundRecordingResuming'
  | 'OutboundRecordingShortcutHint'
  | 'OutboundRecordingShortcutName'
  | 'OutboundRecordingRetry'
  | 'OutboundRecordingRetryHint'
  | 'OutboundRecordingNotRecorded'
  | 'OutboundRecordingGaveUpAfter'
  | 'OutboundRecordingTimedOut'
  | 'OutboundRecordingUnreachable'
  | 'OutboundRecordingUnexpectedAnswer'
  | 'OutboundRecordingAbsent'
  | 'OutboundRecordingTwilioFailed'
  | 'OutboundRecordingUnknownReason'
  | 'OutboundRecordingPauseFailed'
  | 'OutboundRecordingResumeFailed'
  | 'OutboundRecordingNoCallToControl'
  | 'OutboundRecordingConfigurationOff'
  | ReasonKey;

export type RecordingStrings = Readonly<Record<StringKey, string>>;

export function reasonKey(code: ErrorCode): ReasonKey {
  return `OutboundRecordingReason_${code}`;
}

export const ENGLISH: RecordingStrings = {
  OutboundRecordingStatusLabel: 'Call recording',
  OutboundRecordingStatusRecording: 'Recording (dual)',
  OutboundRecordingStatusRecordingDetail: 'This call is being recorded, the customer and the agent on separate channels.',
  OutboundRecordingStatusPaused: 'Paused',
  OutboundRecordingStatusPausedDetail: 'Recording is paused. Resume it when the sensitive part of the call is over.',
  OutboundRecordingStatusPausedWithFlexDetail: "Recording is paused, and so is Flex's own call recording. Resume it when the sensitive part of the call is over.",
  OutboundRecordingStatusStarting: 'Starting recording…',
  OutboundRecordingStatusStartingDetail: "The recording starts as soon as the customer's line is connected.",
  OutboundRecordingStatusNotRecording: 'Not recording',
  OutboundRecordingStatusWaitingDetail: 'Recording starts when the customer answers.',
  OutboundRecordingStatusEndedDetail: 'The call has ended.',
  OutboundRecordingStatusExcludedDetail: 'Calls like this one are not recorded (recording policy).',
  OutboundRecordingStatusFailed: 'Recording failed',
  OutboundRecordingPause: 'Pause recording',
  OutboundRecordingResume: 'Resume recording',
  OutboundRecordingPausing: 'Pausing…',
  OutboundRecordingResuming: 'Resuming…',
  OutboundRecordingShortcutHint: 'Shortcut: Ctrl+Shift+{{shortcut}}',
  OutboundRecordingShortcutName: 'Pause or resume call recording',
  OutboundRecordingRetry: 'Retry',
  OutboundRecordingRetryHint: 'Select Retry to try again.',
  OutboundRecordingNotRecorded: 'This call is NOT being recorded. {{reason}}',
  OutboundRecordingGaveUpAfter: 'Gave up after {{attempts}} attempts.',
  OutboundRecordingTimedOut: 'The recording service did not confirm a recording within {{seconds}} seconds.',
  OutboundRecordingUnreachable: 'The recording service could not be reached.',
  OutboundRecordingUnexpectedAnswer:
    'The recording service gave an unexpected answer (HTTP {{status}}); check FLEX_APP_FUNCTIONS_BASE_URL. Please tell your Flex administrator.',
  OutboundRecordingAbsent: 'Twilio recorded no audio for this call.',
  OutboundRecordingTwilioFailed: 'Twilio could not store the recording.',
  OutboundRecordingUnknownReason: 'The reason is unknown.',
  OutboundRecordingPauseFailed: 'The recording could NOT be paused: it is still recording. {{reason}}',
  OutboundRecordingResumeFailed: 'The recording could not be resumed: it is still paused. {{reason}}',
  OutboundRecordingNoCallToControl: 'There is no recorded call to pause or resume.',
  OutboundRecordingConfigurationOff: 'Outbound call recording is OFF: {{problems}}. Please tell your Flex administrator.',
  OutboundRecordingReason_origin_not_allowed:
    'The recording service does not accept requests from this Flex address. Please tell your Flex administrator.',
  OutboundRecordingReason_token_missing: 'Flex did not send your session to the recording service. Reloading Flex may help.',
  OutboundRecordingReason_token_invalid: 'The recording service could not verify your Flex session. Reloading Flex may help.',
  OutboundRecordingReason_invalid_request: 'The recording service found the request malformed. Please tell your Flex administrator.',
  OutboundRecordingReason_task_not_held: 'The recording service says this task is not assigned to you.',
  OutboundRecordingReason_call_not_customer_leg: "The recording service did not accept the call leg as this task's customer.",
  OutboundRecordingReason_call_not_in_progress: 'The call ended before recording could start.',
  OutboundRecordingReason_customer_not_answered: 'The customer has not answered the call yet.',
  OutboundRecordingReason_no_active_recording: 'The call has no recording to pause or resume.',
  OutboundRecordingReason_recording_excluded: 'Calls like this one are not recorded (recording policy).',
  OutboundRecordingReason_signature_invalid: 'The recording service refused an unsigned request.',
  OutboundRecordingReason_task_not_found: 'The recording service could not find this task.',
  OutboundRecordingReason_recording_mismatch: "The recording is not the one linked to this task.",
  OutboundRecordingReason_rate_limited: 'The recording service is overloaded.',
  OutboundRecordingReason_twilio_unavailable: 'Twilio did not answer the recording service.',
  OutboundRecordingReason_misconfigured: 'The recording service is misconfigured. Please tell your Flex administrator.',
  OutboundRecordingReason_internal: 'The recording service failed.',
};

export const JAPANESE: RecordingStrings = {
  OutboundRecordingStatusLabel: '通話録音',
  OutboundRecordingStatusRecording: '録音中（デュアル）',
  OutboundRecordingStatusRecordingDetail: 'この通話は録音されています（お客様とエージェントは別チャンネル）。',
  OutboundRecordingStatusPaused: '一時停止中',
  OutboundRecordingStatusPausedDetail: '録音は一時停止中です。機密性の高いやり取りが終わったら再開してください。',
  OutboundRecordingStatusPausedWithFlexDetail: '録音は一時停止中です（Flex 自身の通話録音も一時停止中）。機密性の高いやり取りが終わったら再開してください。',
  OutboundRecordingStatusStarting: '録音を開始しています…',
  OutboundRecordingStatusStartingDetail: 'お客様の回線がつながり次第、録音を開始します。',
  OutboundRecordingStatusNotRecording: '録音していません',
  OutboundRecordingStatusWaitingDetail: 'お客様が応答すると録音が始まります。',
  OutboundRecordingStatusEndedDetail: '通話は終了しました。',
  OutboundRecordingStatusExcludedDetail: 'この種類の通話は録音されません（録音ポリシー）。',
  OutboundRecordingStatusFailed: '録音に失敗しました',
  OutboundRecordingPause: '録音を一時停止',
  OutboundRecordingResume: '録音を再開',
  OutboundRecordingPausing: '一時停止しています…',
  OutboundRecordingResuming: '再開しています…',
  OutboundRecordingShortcutHint: 'ショートカット: Ctrl+Shift+{{shortcut}}',
  OutboundRecordingShortcutName: '通話録音の一時停止・再開',
  OutboundRecordingRetry: '再試行',
  OutboundRecordingRetryHint: '「再試行」を選ぶと、もう一度録音を試みます。',
  OutboundRecordingNotRecorded: 'この通話は録音されていません。{{reason}}',
  OutboundRecordingGaveUpAfter: '{{attempts}} 回試行しましたが、録音できませんでした。',
  OutboundRecordingTimedOut: '録音サービスが {{seconds}} 秒以内に録音の開始を確認できませんでした。',
  OutboundRecordingUnreachable: '録音サービスに接続できませんでした。',
  OutboundRecordingUnexpectedAnswer:
    '録音サービスから予期しない応答がありました（HTTP {{status}}）。FLEX_APP_FUNCTIONS_BASE_URL を確認してください。Flex 管理者に連絡してください。',
  OutboundRecordingAbsent: 'この通話の音声は Twilio に記録されませんでした。',
  OutboundRecordingTwilioFailed: 'Twilio が録音を保存できませんでした。',
  OutboundRecordingUnknownReason: '原因は不明です。',
  OutboundRecordingPauseFailed: '録音を一時停止できませんでした。録音は続いています。{{reason}}',
  OutboundRecordingResumeFailed: '録音を再開できませんでした。録音は一時停止したままです。{{reason}}',
  OutboundRecordingNoCallToControl: '一時停止・再開できる録音中の通話がありません。',
  OutboundRecordingConfigurationOff: '発信通話の録音は無効です: {{problems}}。Flex 管理者に連絡してください。',
  OutboundRecordingReason_origin_not_allowed: '録音サービスはこの Flex のアドレスからの要求を受け付けていません。Flex 管理者に連絡してください。',
  OutboundRecordingReason_token_missing: 'Flex のセッション情報が録音サービスに送られませんでした。Flex を再読み込みすると解決する場合があります。',
  OutboundRecordingReason_token_invalid: '録音サービスが Flex のセッションを確認できませんでした。Flex を再読み込みすると解決する場合があります。',
  OutboundRecordingReason_invalid_request: '録音サービスへの要求が不正な形式でした。Flex 管理者に連絡してください。',
  OutboundRecordingReason_task_not_held: '録音サービスによると、このタスクはあなたに割り当てられていません。',
  OutboundRecordingReason_call_not_customer_leg: '録音サービスは、この通話レッグをこのタスクのお客様の通話として受け付けませんでした。',
  OutboundRecordingReason_call_not_in_progress: '録音を開始する前に通話が終了しました。',
  OutboundRecordingReason_customer_not_answered: 'お客様がまだ電話に応答していません。',
  OutboundRecordingReason_no_active_recording: 'この通話には一時停止・再開できる録音がありません。',
  OutboundRecordingReason_recording_excluded: 'この種類の通話は録音しない設定です（録音ポリシー）。',
  OutboundRecordingReason_signature_invalid: '録音サービスは署名のない要求を拒否しました。',
  OutboundRecordingReason_task_not_found: '録音サービスがこのタスクを見つけられませんでした。',
  OutboundRecordingReason_recording_mismatch: 'この録音はこのタスクに関連付けられた録音ではありません。',
  OutboundRecordingReason_rate_limited: '録音サービスが混み合っています。',
  OutboundRecordingReason_twilio_unavailable: 'Twilio が録音サービスに応答しませんでした。',
  OutboundRecordingReason_misconfigured: '録音サービスの設定に誤りがあります。Flex 管理者に連絡してください。',
  OutboundRecordingReason_internal: '録音サービスでエラーが発生しました。',
};

/** Flex's locale tags ("ja-JP", "ja") choose Japanese; everything else English. */
export function stringsForLocale(localeTag: string | undefined): RecordingStrings {
  return typeof localeTag === 'string' && /^ja(-|_|$)/i.test(localeTag) ? JAPANESE : ENGLISH;
}

/** Fills a template's `{{name}}` values as plain text (for logs, tests and places that need a string, not markup). */
export function renderTemplate(template: string, values: Readonly<Record<string, unknown>> = {}): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_match, name: string) => {
    const value = values[name];
    return value === undefined || value === null ? '' : String(value);
  });
}

/** Looks a key up in a strings table (Flex's manager.strings, with the plugin's defaults underneath) and fills it in. */
export type Translate = (key: StringKey, values?: Readonly<Record<string, unknown>>) => string;

export function createTranslator(strings: () => Readonly<Record<string, unknown>>, defaults: RecordingStrings = ENGLISH): Translate {
  return (key, values) => {
    const template = strings()[key];
    return renderTemplate(typeof template === 'string' ? template : defaults[key], values);
  };
}

export const translateEnglish: Translate = createTranslator(() => ENGLISH);
