import type { TwilioEmulator } from '../../emulator';
import type { PlayedCall } from './scenarios';

export interface FaultsFigures {
  /** Simulated calls. */
  calls: number;
  /** Calls that must end recorded: the policy records them and the customer was on the line when the plugin asked. */
  shouldRecord: number;
  /** Of those: exactly one recording of the customer's leg, linked once in every task of the call. */
  recordedOnce: number;
  /** Calls with more than one recording of the customer's leg, or a task linking more than one (must be 0). */
  duplicates: number;
  /** For each duplicate: scenario, recordings, links per task, answers, deletions. */
  duplicateDetails: string[];
  /** Calls that should be recorded but have no recording, or a task that does not link it (must be 0). */
  missing: number;
  /** For each missing call: its scenario, recordings, links per task and what the plugin was answered. */
  missingDetails: string[];
  /** Attributes other writers wrote during the run that are no longer there (must be 0). */
  lostAttributeWrites: number;
  /** Requests the Functions refused with a clear error (4xx and a contract error code), by code. */
  refused: number;
  refusedByCode: Record<string, number>;
  /** Excluded calls that got a recording anyway (must be 0). */
  excludedRecorded: number;
  /** Plugin watches that ran out of retries on transient failures, and the last failure of each. */
  gaveUp: number;
  gaveUpDetails: string[];
  /** Duplicates a concurrent start created and removed at once (stopped and deleted), see createOnce. */
  duplicatesDiscarded: number;
  /** Recordings whose final state (completed/absent) reached every task of their call by status callback. */
  finalStateLinked: number;
  statusCallbacks: { sent: number; delivered: number; failed: number; byStatus: Record<string, number> };
}

const FINAL = new Set(['completed', 'absent', 'failed']);

export function computeFigures(emulator: TwilioEmulator, played: PlayedCall[], writtenKeys: Map<string, string[]>): FaultsFigures {
  let shouldRecord = 0;
  let recordedOnce = 0;
  let duplicates = 0;
  let missing = 0;
  let excludedRecorded = 0;
  let finalStateLinked = 0;
  const missingDetails: string[] = [];
  const duplicateDetails: string[] = [];
  for (const call of played) {
    const recordings = emulator.recordingsForCall(call.customerCallSid).filter((r) => r.sid !== call.foreignRecordingSid);
    const linksPerTask = call.taskSids.map((taskSid) => voiceRecordingUrls(emulator.getTask(taskSid).attributes));
    const ours = linksPerTask.map((urls) => urls.filter((url) => !call.foreignRecordingSid || !url.endsWith(call.foreignRecordingSid)));
    const duplicate = recordings.length > 1 || linksPerTask.some((urls) => urls.length > 1);
    if (duplicate) {
      duplicates += 1;
      duplicateDetails.push(
        `${call.kind}: recordings ${recordings.map((r) => `${r.sid.slice(0, 8)}:${r.status}:${r.durationSeconds}s`).join(',')}; links per task ${JSON.stringify(linksPerTask.map((urls) => urls.length))}; answers ${call.results.map((r) => (r.kind === 'started' ? `started:${r.recording.recordingSid.slice(0, 8)}` : `${r.kind}:${r.failure.code ?? '-'}`)).join(',')}; deletes ${emulator.requests({ routeId: 'DeleteCallRecording', path: new RegExp(call.customerCallSid) }).map((r) => r.status).join(' ')}`,
      );
    }
    if (call.mustNotRecord && recordings.length > 0) excludedRecorded += 1;
    if (!call.shouldRecord) continue;
    shouldRecord += 1;
    const [recording] = recordings;
    const linkedEverywhere = recording !== undefined && ours.every((urls) => urls.length === 1 && urls[0].endsWith(`/Recordings/${recording.sid}`));
    if (!linkedEverywhere) {
      missing += 1;
      missingDetails.push(
        `${call.kind}: ${recordings.length} recording(s); links per task ${JSON.stringify(ours.map((urls) => urls.length))}; answers ${call.results
          .map((r) => (r.kind === 'started' ? 'started' : `${r.kind}:${r.failure.code ?? r.failure.httpStatus ?? '-'}`))
          .join(',')}; task updates ${call.taskSids
          .map((taskSid) => emulator.requests({ path: new RegExp(`Tasks/${taskSid}$`) }).map((r) => `${r.method[0]}${r.status}${r.method === 'POST' ? `@${String(r.headers['if-match'])}` : ''}`).join(' '))
          .join(' | ')}`,
      );
    }
    else if (!duplicate) recordedOnce += 1;
    if (
      recording !== undefined &&
      call.taskSids.every((taskSid) => {
        const state = emulator.getTask(taskSid).attributes.call_recording as { status?: string; recording_sid?: string } | undefined;
        return state?.recording_sid === recording.sid && FINAL.has(String(state.status));
      })
    ) {
      finalStateLinked += 1;
    }
  }

  let lostAttributeWrites = 0;
  for (const [taskSid, keys] of writtenKeys) {
    const attributes = emulator.getTask(taskSid).attributes;
    lostAttributeWrites += keys.filter((key) => !(key in attributes)).length;
  }

  const refusedByCode: Record<string, number> = {};
  let refused = 0;
  let gaveUp = 0;
  const gaveUpDetails: string[] = [];
  for (const result of played.flatMap((call) => call.results)) {
    if (result.kind === 'gave-up') {
      gaveUp += 1;
      gaveUpDetails.push(`${result.failure.code ?? result.failure.httpStatus ?? 'no answer'} after ${result.attempts} attempts: ${result.failure.detail}`);
    }
    if (result.kind !== 'refused' || result.failure.code === undefined) continue;
    if (result.failure.httpStatus === undefined || result.failure.httpStatus < 400 || result.failure.httpStatus >= 500) continue;
    refused += 1;
    refusedByCode[result.failure.code] = (refusedByCode[result.failure.code] ?? 0) + 1;
  }

  const callbacks = emulator.statusCallbacks();
  const byStatus: Record<string, number> = {};
  for (const callback of callbacks) {
    const key = `${callback.event}:${callback.delivery.httpStatus ?? callback.delivery.state}`;
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }

  return {
    calls: played.length,
    shouldRecord,
    recordedOnce,
    duplicates,
    missing,
    missingDetails,
    duplicateDetails,
    lostAttributeWrites,
    refused,
    refusedByCode,
    excludedRecorded,
    gaveUp,
    gaveUpDetails,
    duplicatesDiscarded: emulator.requests({ routeId: 'DeleteCallRecording' }).filter((r) => r.status === 204).length,
    finalStateLinked,
    statusCallbacks: {
      sent: callbacks.length,
      delivered: callbacks.filter((c) => c.delivery.state === 'delivered').length,
      failed: callbacks.filter((c) => c.delivery.state === 'failed').length,
      byStatus,
    },
  };
}

function voiceRecordingUrls(attributes: Record<string, unknown>): string[] {
  const conversations = attributes.conversations as { media?: unknown } | undefined;
  const media = Array.isArray(conversations?.media) ? (conversations?.media as unknown[]) : [];
  return media
    .filter((entry): entry is { type: string; url: string } => typeof entry === 'object' && entry !== null && (entry as { type?: unknown }).type === 'VoiceRecording')
    .map((entry) => String(entry.url));
}
