/**
 * Values the official spec documents only in prose. twilio-oai types `RecordingChannels`,
 * `RecordingTrack`, `Trim` (CreateCallRecording) and `PauseBehavior` (UpdateCallRecording) as plain
 * strings; their descriptions say "Can be: `mono` or `dual`" etc. A validator reading only the
 * schema would accept `RecordingChannels=stereo` (as Prism does), and a misspelt value silently
 * falling back to mono is the bug this product must never ship, so the emulator enforces the
 * documented values too. A test checks each value still appears in the spec's description.
 */
export const DOCUMENTED_ENUMS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  CreateCallRecording: {
    RecordingChannels: ['mono', 'dual'],
    RecordingTrack: ['inbound', 'outbound', 'both'],
    Trim: ['trim-silence', 'do-not-trim'],
  },
  UpdateCallRecording: {
    PauseBehavior: ['skip', 'silence'],
  },
};

export function documentedEnum(operationId: string, parameter: string): readonly string[] | undefined {
  return DOCUMENTED_ENUMS[operationId]?.[parameter];
}

/**
 * Enum components whose description says they can be null, though the schema cannot say so
 * (OpenAPI 3.0 ignores `nullable` beside a `$ref`, and Twilio's generator puts enums behind refs).
 * "The reason why a conference ended. When a conference is in progress, will be `null`." The real
 * API answers null there, so the emulator does too, and validation follows the description.
 */
export const DOCUMENTED_NULLABLE_REFS: readonly string[] = ['#/components/schemas/conference_enum_reason_conference_ended'];
