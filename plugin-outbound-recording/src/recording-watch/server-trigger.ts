import { CONFERENCE_STATUS_PATH } from '../contract/recording-api';
import { TaskFacts, isCustomerCallTask } from './task-eligibility';

/**
 * The server-side trigger: the plugin asks TaskRouter, in the AcceptTask payload's conferenceOptions (every
 * key reaches the conference instruction), to post the conference's `participant-join` events to the
 * Functions, so the customer's leg can be recorded from the server when it joins. Pure: the before-accept
 * hook applies the decision synchronously; nothing here waits, asks the network or reads Flex.
 *
 * Twilio takes one conference status callback per conference (the first instruction's wins), so only one
 * party can own it: one another plugin has set is never overwritten, and the browser path records as before.
 */

/** What the hook did for a task's accept. */
export type ServerTrigger = 'installed' | 'left-to-another-plugin' | 'switched-off' | 'not-applicable';

/** The options the plugin adds to conferenceOptions (TaskRouter's ConferenceStatusCallback*). */
export interface ServerTriggerOptions {
  conferenceStatusCallback: string;
  /** Only the event that changes something: the customer's leg joining (on an outbound call: answered). */
  conferenceStatusCallbackEvent: 'join';
  conferenceStatusCallbackMethod: 'POST';
}

export type ServerTriggerDecision =
  | { trigger: 'installed'; set: ServerTriggerOptions }
  /** The origin of the other party's callback URL (never its path or query), undefined when it is not a URL. */
  | { trigger: 'left-to-another-plugin'; otherCallbackOrigin: string | undefined }
  /** The administrator's server_trigger setting is false. */
  | { trigger: 'switched-off' }
  | { trigger: 'not-applicable' };

export interface ServerTriggerInput {
  /** The task being accepted; undefined when the payload did not say which one. */
  task: Pick<TaskFacts, 'attributes' | 'taskChannelUniqueName'> | undefined;
  /** The AcceptTask payload's conferenceOptions as they are when the plugin's listener runs (may be absent). */
  conferenceOptions: unknown;
  /** Scheme, host and port only (configuration/plugin-config.ts). */
  functionsBaseUrl: string;
  /** The administrator's server_trigger setting (configuration/plugin-settings.ts). */
  enabled: boolean;
}

export function conferenceStatusCallbackUrl(functionsBaseUrl: string): string {
  return `${functionsBaseUrl}${CONFERENCE_STATUS_PATH}`;
}

/**
 * What to set in conferenceOptions for this accept: the callback for a call the plugin would watch (a voice
 * task that is not an internal call, the watch's own eligibility), nothing when another party's callback is
 * there already or when the task is not such a call. Only the three ConferenceStatusCallback* keys are ever
 * set; conferenceRecord and every other key stay as they are.
 */
export function decideServerTrigger(input: ServerTriggerInput): ServerTriggerDecision {
  if (input.task === undefined || !isCustomerCallTask(input.task)) return { trigger: 'not-applicable' };
  if (!input.enabled) return { trigger: 'switched-off' };
  const ours = conferenceStatusCallbackUrl(input.functionsBaseUrl);
  const existing = existingCallback(input.conferenceOptions);
  if (existing !== undefined && existing !== ours) return { trigger: 'left-to-another-plugin', otherCallbackOrigin: originOf(existing) };
  return { trigger: 'installed', set: { conferenceStatusCallback: ours, conferenceStatusCallbackEvent: 'join', conferenceStatusCallbackMethod: 'POST' } };
}

/**
 * The callback someone already put in conferenceOptions. The TaskRouter SDK upper-cases each key's first
 * letter before sending it, so `ConferenceStatusCallback` reaches the same parameter. An empty or nullish
 * value names no callback.
 */
function existingCallback(conferenceOptions: unknown): unknown {
  if (typeof conferenceOptions !== 'object' || conferenceOptions === null) return undefined;
  const options = conferenceOptions as Record<string, unknown>;
  for (const key of ['conferenceStatusCallback', 'ConferenceStatusCallback']) {
    const value = options[key];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

function originOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}
