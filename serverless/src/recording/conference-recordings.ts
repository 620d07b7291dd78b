import { isLiveRecordingStatus, type LiveRecordingStatus, type PauseBehavior } from 'plugin-outbound-recording/contract';
import { liveStatusOf } from './recording-state';
import { withRetry, type RetryTools } from './retry-policy';
import { TwilioFailure, type TwilioPort } from './twilio-port';

/**
 * NATIVE_RECORDING keep: Flex's native call recording records the conference (the agent on channel 1) next
 * to this product's recording of the customer's leg. A pause for card details must pause that one too, or
 * the card number stays in it; a resume resumes it. Twilio requests: one list of the conference's recordings
 * (none for an account without native recording: the list is empty), then one update per live recording not
 * yet in the asked-for state. Only pause and resume pay for this, never the recording path.
 */

export interface ConferenceRecordingsDeps {
  twilio: TwilioPort;
  retry: RetryTools;
}

export interface ControlledConferenceRecordings {
  /** Each live conference recording, in the status Twilio answered (or last listed, for one that failed). */
  recordings: Array<{ recording_sid: string; status: LiveRecordingStatus }>;
  /** Recordings Twilio would not update (after retries): still in their earlier status. */
  failed: number;
}

export async function controlConferenceRecordings(
  deps: ConferenceRecordingsDeps,
  conferenceSid: string,
  target: LiveRecordingStatus,
  pauseBehavior: PauseBehavior | undefined,
): Promise<ControlledConferenceRecordings> {
  const listed = await withRetry(deps.retry, () => deps.twilio.listConferenceRecordings(conferenceSid));
  const live = listed.filter((recording) => isLiveRecordingStatus(recording.status));
  let failed = 0;
  const recordings = await Promise.all(
    live.map(async (recording) => {
      if (recording.status === target) return { recording_sid: recording.sid, status: target };
      try {
        const updated = await withRetry(deps.retry, () => deps.twilio.updateConferenceRecording(conferenceSid, recording.sid, target, pauseBehavior));
        return { recording_sid: updated.sid, status: liveStatusOf(updated.status) };
      } catch (error) {
        if (!(error instanceof TwilioFailure)) throw error;
        failed += 1;
        return { recording_sid: recording.sid, status: liveStatusOf(recording.status) };
      }
    }),
  );
  return { recordings, failed };
}
