import type { NativeRecordingChoice } from '../configuration/plugin-settings';
import { TaskFacts, isCustomerCallTask, isOutboundVoiceTask } from './task-eligibility';

/**
 * NATIVE_RECORDING "skip": Flex's own call recording (conferenceRecord in AcceptTask's conferenceOptions,
 * a conference recording with the agent on channel 1, which a pause here would not pause) is turned off for
 * the calls this product records: outbound customer calls. Never for the others (inbound, internal,
 * non-voice): their native recording stays as the account has it. Pure; the before-accept hook applies it.
 *
 * What the browser cannot know: the Functions' own exclusions (EXCLUDED_QUEUES, the do-not-record attribute)
 * live on the server; an outbound call they exclude gets no recording at all with "skip", which is what
 * excluding it asks for.
 */
export function conferenceRecordOverride(task: Pick<TaskFacts, 'attributes' | 'taskChannelUniqueName'> | undefined, choice: NativeRecordingChoice): false | undefined {
  if (choice !== 'skip' || task === undefined) return undefined;
  return isCustomerCallTask(task) && isOutboundVoiceTask(task) ? false : undefined;
}
