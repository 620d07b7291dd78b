import type { EmulatorState } from './state';
import { recordingDurationSeconds } from './state/voice';

/**
 * Everything the emulator holds, as plain JSON (ISO dates, parsed task attributes), for the control
 * API's GET /_emulator/state: a browser page (the agent desk) renders it without knowing internals.
 * Secrets (auth token, API secret) are left out.
 */
export function snapshotOf(state: EmulatorState) {
  const iso = (date: Date | null) => (date === null ? null : date.toISOString());
  const { voice, taskrouter, account } = state;
  return {
    now: state.clock.now().toISOString(),
    account: { accountSid: account.accountSid, workspaceSid: account.workspaceSid, flexInstanceSid: account.flexInstanceSid },
    calls: [...voice.calls.values()].map((call) => ({
      sid: call.sid,
      from: call.from,
      to: call.to,
      status: call.status,
      direction: call.direction,
      startTime: iso(call.startTime),
      endTime: iso(call.endTime),
    })),
    conferences: [...voice.conferences.values()].map((conference) => ({
      sid: conference.sid,
      friendlyName: conference.friendlyName,
      status: conference.status,
      participants: [...conference.participants.values()].map((p) => ({ callSid: p.callSid, label: p.label, status: p.status, hold: p.hold, muted: p.muted })),
    })),
    recordings: [...voice.recordings.values()].map((recording) => ({
      sid: recording.sid,
      callSid: recording.callSid,
      status: recording.status,
      channels: recording.channels,
      track: recording.track,
      errorCode: recording.errorCode,
      startTime: iso(recording.startTime),
      durationSeconds: recordingDurationSeconds(recording),
      statusCallback: recording.statusCallback,
    })),
    workers: [...taskrouter.workers.values()].map((worker) => ({ sid: worker.sid, friendlyName: worker.friendlyName, attributes: JSON.parse(worker.attributes) as unknown })),
    tasks: [...taskrouter.tasks.values()].map((task) => ({
      sid: task.sid,
      assignmentStatus: task.assignmentStatus,
      attributes: JSON.parse(task.attributes) as unknown,
      etag: String(task.version),
      taskChannelUniqueName: task.taskChannelUniqueName,
      dateUpdated: iso(task.dateUpdated),
    })),
    reservations: [...taskrouter.reservations.values()].map((r) => ({ sid: r.sid, taskSid: r.taskSid, workerSid: r.workerSid, status: r.status })),
    interactions: [...state.interactions.interactions.values()].map((interaction) => ({
      sid: interaction.sid,
      channels: [...interaction.channels.values()].map((channel) => ({
        sid: channel.sid,
        type: channel.type,
        participants: [...channel.participants.values()].map((p) => ({ sid: p.sid, type: p.type, routingProperties: p.routingProperties })),
      })),
    })),
    statusCallbacks: state.outbox.list().map((callback) => ({
      ...callback,
      at: callback.at.toISOString(),
      delivery: { ...callback.delivery, attemptedAt: iso(callback.delivery.attemptedAt) },
    })),
  };
}

export type EmulatorSnapshot = ReturnType<typeof snapshotOf>;
