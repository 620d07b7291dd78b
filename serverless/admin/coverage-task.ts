import { readRecordingState, readVoiceRecordingLinks, recordingSidOfEntry, type RecordingStateAttribute } from 'plugin-outbound-recording/contract';

/** What a task's final attributes say about its call, for the coverage report. */
export interface TaskCallFacts {
  outbound: boolean;
  /** Customer call legs the task names, in the order found (the product's state first). */
  customerCallSids: string[];
  /** Recordings the task names (the product's current and earlier ones, and media links). */
  recordingSids: string[];
  /** The product's recording state, when it wrote one. */
  state: RecordingStateAttribute | undefined;
}

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
const RECORDING_SID = /^RE[0-9a-fA-F]{32}$/;

/**
 * Reads the attributes defensively: they are written by Flex, this product and any other integration, so
 * every field may be missing or of another shape. Where the customer's leg is named: the product's
 * `call_recording.call_sid` (the leg it recorded or tried to) and Flex's `conference.participants.customer`.
 */
export function readTaskCallFacts(attributes: unknown): TaskCallFacts {
  const record = isObject(attributes) ? attributes : {};
  const state = readRecordingState(attributes);
  const calls: string[] = [];
  const recordings: string[] = [];
  const add = (list: string[], pattern: RegExp, value: unknown): void => {
    if (typeof value === 'string' && pattern.test(value) && !list.includes(value)) list.push(value);
  };
  add(calls, CALL_SID, state?.call_sid);
  const conference = record.conference;
  if (isObject(conference) && isObject(conference.participants)) add(calls, CALL_SID, conference.participants.customer);
  for (const sid of Array.isArray(state?.earlier_recording_sids) ? state.earlier_recording_sids : []) add(recordings, RECORDING_SID, sid);
  add(recordings, RECORDING_SID, state?.recording_sid);
  for (const entry of readVoiceRecordingLinks(attributes)) add(recordings, RECORDING_SID, recordingSidOfEntry(entry));
  return { outbound: record.direction === 'outbound', customerCallSids: calls, recordingSids: recordings, state };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
