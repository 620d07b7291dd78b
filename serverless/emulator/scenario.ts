import type { CustomerOptions } from './customer';
import type { EmulatorState } from './state';
import type { ChannelRef, InteractionParticipantType, RoutingProperties } from './state/interactions';
import type { CreateTaskInput, ReservationStatus } from './state/taskrouter';
import { recordingDurationSeconds, type ConferenceInstructionOptions, type ConferenceStatusCallback } from './state/voice';

/**
 * Scenario helpers: the situations Flex produces, built directly in the emulator's state (no HTTP),
 * so tests and the sandbox can stage them in one line.
 */

export interface PlaceOutboundCallInput extends CustomerOptions {
  /** The agent's worker; created (with `workerIdentity` as its name) when not given or not known. */
  workerSid?: string;
  /** The agent's client identity (Flex: the worker's contact_uri without "client:"). */
  workerIdentity?: string;
  /** The number the agent dials. */
  customerNumber?: string;
  /** The caller ID shown to the customer. */
  callerId?: string;
  /** Merged over the Flex-like outbound task attributes. */
  extraTaskAttributes?: Record<string, unknown>;
  /** The task's TaskQueue name (default "Everyone"); the same name always gets the same WQ SID. */
  taskQueueFriendlyName?: string;
  /**
   * The customer's leg is a conference participant (status `ringing`) from the moment it is dialled,
   * as Twilio lists a participant added through the Participants API while it rings (and Flex shows it
   * `joined`); it becomes `connected` when answered. Default: it joins only when answered.
   */
  customerListedWhileRinging?: boolean;
  /**
   * The agent's reservation's conference instruction (Flex: AcceptTask's `conferenceOptions`, e.g.
   * `{ conferenceStatusCallback, conferenceStatusCallbackEvent: 'join leave' }`), applied before the
   * agent's leg joins, so the agent's join is reported too. See applyConferenceInstruction.
   */
  conferenceOptions?: ConferenceInstructionOptions;
  /**
   * Stage the call as TaskRouter has it *before* Flex accepts: the task `reserved`, the agent's reservation
   * `pending`, the agent's and the customer's calls `queued` and in no conference. acceptOutboundCall() then
   * carries out the accept's conference instruction in Twilio's order: the instruction is applied, the
   * reservation accepted, the agent's leg joins, the customer's leg starts ringing (and `customer` starts
   * playing). Default false: the call as Flex leaves it once accepted.
   */
  acceptLater?: boolean;
}

export interface PlaceInboundCallInput {
  workerSid?: string;
  workerIdentity?: string;
  /** The caller. */
  customerNumber?: string;
  /** The Twilio number the customer called. */
  twilioNumber?: string;
  extraTaskAttributes?: Record<string, unknown>;
  taskQueueFriendlyName?: string;
  /** Studio already recorded the call (dual channel) and linked it in conversations.media. */
  recordedByStudio?: boolean;
  /** The agent's reservation's conference instruction, applied before any leg joins the conference (both joins are reported). */
  conferenceOptions?: ConferenceInstructionOptions;
}

export interface InboundCallScenario {
  taskSid: string;
  reservationSid: string;
  workerSid: string;
  workerIdentity: string;
  conferenceSid: string;
  workerCallSid: string;
  /** The caller's leg (inbound), in-progress and in the conference. */
  customerCallSid: string;
  customerNumber: string;
  /** Studio's recording, with recordedByStudio. */
  studioRecordingSid?: string;
  /** The task's Flex Interaction (KD…) and its voice channel (UO…), also in the task's attributes. */
  interactionSid: string;
  channelSid: string;
}

export interface TransferInput {
  /** The task being transferred (the agent's current task). */
  fromTaskSid: string;
  /** Who receives it: an agent directly, or whoever a queue assigns (given here). */
  target: { kind: 'worker' | 'queue'; workerIdentity: string; queueFriendlyName?: string };
  /** cold: the transferring agent leaves at once (their task goes to wrapping); warm: they stay until leaveCall(). */
  mode: 'cold' | 'warm';
  /**
   * The receiving agent's reservation's conference instruction, applied before their leg joins. It is
   * recorded, but cannot change the conference's status callback once one is set (the first wins).
   */
  conferenceOptions?: ConferenceInstructionOptions;
}

export interface TransferScenario {
  taskSid: string;
  reservationSid: string;
  workerSid: string;
  workerIdentity: string;
  workerCallSid: string;
  conferenceSid: string;
  /** The original call's Interaction and channel, which the receiving agent was added to. */
  interactionSid: string;
  channelSid: string;
}

export interface SupervisorInput {
  /** The call's conference (named after its task; its Interaction channel gets the supervisor). */
  conferenceSid: string;
  /** The supervisor's client identity; the worker is created when no worker has that name. */
  identity: string;
}

export interface SupervisorScenario {
  workerSid: string;
  identity: string;
  /** The supervisor's leg (to client:<identity>), in-progress, in the conference, muted (monitoring). */
  callSid: string;
}

export interface ExternalPartyInput {
  conferenceSid: string;
  /** The number dialled (a PSTN leg). */
  number: string;
}

export interface AddAgentToChannelInput {
  interactionSid: string;
  channelSid: string;
  taskSid: string;
  reservationSid: string;
  workerSid: string;
}

export interface InteractionParticipantView {
  sid: string;
  type: InteractionParticipantType;
  /** `{ task_sid, reservation_sid, worker_sid }` for agents, else null (as the API answers it). */
  routingProperties: RoutingProperties | null;
}

export interface InteractionChannelView {
  interactionSid: string;
  channelSid: string;
  /** In the order they were added. */
  participants: InteractionParticipantView[];
}

export interface OutboundCallScenario {
  workspaceSid: string;
  taskSid: string;
  reservationSid: string;
  workerSid: string;
  workerIdentity: string;
  conferenceSid: string;
  /** The agent's leg: to client:<identity>, in-progress, first participant of the conference. */
  workerCallSid: string;
  /** The customer's leg: ringing, joins the conference when answerCall() is called. */
  customerCallSid: string;
  customerNumber: string;
  callerId: string;
  /** The task's Flex Interaction (KD…) and its voice channel (UO…), also in the task's attributes. */
  interactionSid: string;
  channelSid: string;
}

export interface TaskView {
  sid: string;
  /** Parsed attributes. */
  attributes: Record<string, unknown>;
  /** The attributes string exactly as stored. */
  attributesJson: string;
  assignmentStatus: string;
  /** The current ETag value (the version, unquoted). */
  etag: string;
  version: number;
  reason: string | null;
  taskChannelUniqueName: string;
  taskQueueSid: string;
  taskQueueFriendlyName: string;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface RecordingView {
  sid: string;
  callSid: string;
  status: string;
  channels: 1 | 2;
  track: string;
  trim: string;
  source: string;
  statusCallback: string | null;
  statusCallbackMethod: string;
  statusCallbackEvents: string[];
  startTime: Date;
  /** Whole seconds once the recording has ended, else null. */
  durationSeconds: number | null;
}

/** A conference recording (Flex's native recording), as conferenceRecordings() answers it. */
export interface ConferenceRecordingView {
  sid: string;
  conferenceSid: string;
  status: string;
  /** 2: Twilio's default for conference recordings since 2025-09-15. */
  channels: 1 | 2;
  source: string;
  /** Channel 1's leg: the first participant to join the conference (the agent, on a Flex outbound call). */
  firstJoinerCallSid: string | null;
  /** Which legs each channel carries: 1 the first joiner, 2 every other leg that joined (in join order). */
  channelCallSids: { 1: string[]; 2: string[] };
  statusCallback: string | null;
  statusCallbackMethod: string;
  statusCallbackEvents: string[];
  startTime: Date;
  endTime: Date | null;
  /** Whole seconds once the recording has ended (PauseBehavior=skip time left out), else null. */
  durationSeconds: number | null;
  /** Paused time so far, skip and silence alike (a pause still running counts up to now). */
  pausedMs: number;
  /** Paused time left out of the duration (skip). */
  skippedMs: number;
  /** The behaviour of the current or last pause, null if never paused. */
  pauseBehavior: 'skip' | 'silence' | null;
}

export interface CallView {
  sid: string;
  from: string;
  to: string;
  status: string;
  startTime: Date | null;
  endTime: Date | null;
}

export interface ConferenceView {
  sid: string;
  friendlyName: string;
  status: string;
  /** Current participants in join order. */
  participants: Array<{ callSid: string; label: string | null; status: string }>;
  /** The conference status callback the first instruction naming one set, else null. */
  statusCallback: ConferenceStatusCallback | null;
}

/** An outbound call staged with acceptLater, until acceptOutboundCall(). */
interface AwaitingAccept {
  scenario: OutboundCallScenario;
  customerListedWhileRinging: boolean;
}

export class Scenarios {
  /** By task SID. */
  private readonly awaitingAccept = new Map<string, AwaitingAccept>();

  constructor(private readonly state: EmulatorState) {}

  /** Forgets calls still waiting for their accept (with the state they belong to: reset()). */
  clear(): void {
    this.awaitingAccept.clear();
  }

  createWorker(input: { identity: string; workerSid?: string; attributes?: Record<string, unknown> }): { workerSid: string; identity: string } {
    const worker = this.state.taskrouter.createWorker({
      friendlyName: input.identity,
      ...(input.workerSid === undefined ? {} : { sid: input.workerSid }),
      ...(input.attributes === undefined ? {} : { attributes: input.attributes }),
    });
    return { workerSid: worker.sid, identity: worker.friendlyName };
  }

  createTask(input: CreateTaskInput = {}): { taskSid: string } {
    return { taskSid: this.state.taskrouter.createTask(input).sid };
  }

  /** A reservation of the task for the worker (default `accepted`); an unknown worker is created. */
  createReservation(input: { taskSid: string; workerSid: string; status?: ReservationStatus }): { reservationSid: string } {
    if (!this.state.taskrouter.workers.has(input.workerSid)) {
      this.state.taskrouter.createWorker({ sid: input.workerSid, friendlyName: input.workerSid });
    }
    return { reservationSid: this.state.taskrouter.createReservation(input).sid };
  }

  setReservationStatus(reservationSid: string, status: ReservationStatus): void {
    this.state.taskrouter.setReservationStatus(reservationSid, status);
  }

  /**
   * What Flex's StartOutboundCall leaves behind once the agent's leg is up: an assigned voice task
   * with outbound attributes, the agent's accepted reservation, a conference named after the task
   * with the agent in it, and the customer's leg ringing (not yet a participant).
   */
  placeOutboundCall(input: PlaceOutboundCallInput = {}): OutboundCallScenario {
    const { taskrouter, voice, account } = this.state;
    const known = input.workerSid === undefined ? undefined : taskrouter.workers.get(input.workerSid);
    const identity = input.workerIdentity ?? known?.friendlyName ?? 'agent_40example_2Ecom';
    const worker = known ?? taskrouter.createWorker({ friendlyName: identity, ...(input.workerSid ? { sid: input.workerSid } : {}) });
    const customerNumber = input.customerNumber ?? '+15555550100';
    const callerId = input.callerId ?? '+15555550199';
    const { interaction, channel } = this.state.interactions.createVoiceInteraction();
    const ref: ChannelRef = { interactionSid: interaction.sid, channelSid: channel.sid };

    const later = input.acceptLater === true;
    const task = taskrouter.createTask({
      assignmentStatus: later ? 'reserved' : 'assigned',
      taskChannelUniqueName: 'voice',
      ...(input.taskQueueFriendlyName === undefined ? {} : { taskQueueFriendlyName: input.taskQueueFriendlyName }),
      attributes: {
        direction: 'outbound',
        from: callerId,
        to: customerNumber,
        name: customerNumber,
        targetWorker: `client:${identity}`,
        autoAnswer: 'true',
        ...interactionAttributes(ref),
        ...input.extraTaskAttributes,
      },
    });
    const reservation = taskrouter.createReservation({ taskSid: task.sid, workerSid: worker.sid, status: later ? 'pending' : 'accepted' });
    this.routeIntoChannel(ref, task.sid, reservation.sid, worker.sid, { withCustomer: true });
    const conference = voice.createConference(task.sid);
    if (input.conferenceOptions) voice.applyConferenceInstruction(conference.sid, input.conferenceOptions);
    // With acceptLater both legs exist (their SIDs are answered now) but neither is dialled until the accept.
    const workerCall = voice.createCall({ from: callerId, to: `client:${identity}`, status: later ? 'queued' : 'in-progress' });
    if (later) workerCall.pendingConferenceSid = conference.sid;
    else voice.joinConference(conference.sid, workerCall.sid);
    const customerCall = voice.createCall({ from: callerId, to: customerNumber, status: later ? 'queued' : 'ringing' });
    if (!later) this.dialCustomer(conference.sid, customerCall.sid, input.customerListedWhileRinging === true);

    const scenario: OutboundCallScenario = {
      workspaceSid: account.workspaceSid,
      taskSid: task.sid,
      reservationSid: reservation.sid,
      workerSid: worker.sid,
      workerIdentity: identity,
      conferenceSid: conference.sid,
      workerCallSid: workerCall.sid,
      customerCallSid: customerCall.sid,
      customerNumber,
      callerId,
      interactionSid: ref.interactionSid,
      channelSid: ref.channelSid,
    };
    if (later) this.awaitingAccept.set(task.sid, { scenario, customerListedWhileRinging: input.customerListedWhileRinging === true });
    return scenario;
  }

  /**
   * TaskRouter carries out the accept of a call staged with acceptLater, in Twilio's order: the accept's
   * conference instruction (Flex: AcceptTask's conferenceOptions) is applied first, so the agent's join is
   * reported to a status callback it names; the reservation is accepted and the task assigned; the agent's
   * leg joins; the customer's leg is dialled (ringing; listed at once with customerListedWhileRinging). A
   * customer who hung up meanwhile is not dialled again. Throws for an unknown task (No task …) or one not
   * waiting for its accept, and on a malformed instruction (then nothing changes).
   */
  acceptOutboundCall(taskSid: string, conferenceOptions?: ConferenceInstructionOptions): OutboundCallScenario {
    const { taskrouter, voice } = this.state;
    const waiting = this.awaitingAccept.get(taskSid);
    if (!waiting) {
      taskrouter.requireTask(taskSid);
      throw new Error(`Task ${taskSid} has no outbound call waiting for its accept (placeOutboundCall with acceptLater)`);
    }
    const { scenario } = waiting;
    const reservation = taskrouter.reservations.get(scenario.reservationSid);
    if (reservation?.status !== 'pending') throw new Error(`Reservation ${scenario.reservationSid} is ${reservation?.status ?? 'gone'}, not pending`);
    if (conferenceOptions) voice.applyConferenceInstruction(scenario.conferenceSid, conferenceOptions);
    this.awaitingAccept.delete(taskSid);
    taskrouter.setReservationStatus(reservation.sid, 'accepted');
    taskrouter.assignTask(taskSid);
    if (voice.requireCall(scenario.workerCallSid).status === 'queued') voice.answerCall(scenario.workerCallSid);
    if (voice.requireCall(scenario.customerCallSid).status === 'queued') {
      this.dialCustomer(scenario.conferenceSid, scenario.customerCallSid, waiting.customerListedWhileRinging);
    }
    return { ...scenario };
  }

  /** The customer's leg rings, dialled into the conference: a participant once answered, or listed at once. */
  private dialCustomer(conferenceSid: string, callSid: string, listedWhileRinging: boolean): void {
    const { voice } = this.state;
    const call = voice.ringCall(callSid);
    if (listedWhileRinging) voice.joinConference(conferenceSid, call.sid, { status: 'ringing' });
    else call.pendingConferenceSid = conferenceSid;
  }

  /** The task of a call staged with acceptLater that is not accepted yet, if the call is one of its legs. */
  private notYetAccepted(callSid: string): string | undefined {
    for (const [taskSid, { scenario }] of this.awaitingAccept) {
      if (scenario.customerCallSid === callSid || scenario.workerCallSid === callSid) return taskSid;
    }
    return undefined;
  }

  /**
   * An inbound call as Flex leaves it once the agent accepted: the caller's leg (in-progress) and the
   * agent's leg in a conference named after the task, and the task's Flex-like inbound attributes
   * (`direction: "inbound"`, `from`, `call_sid`, and the `conference` Flex writes on accept).
   */
  placeInboundCall(input: PlaceInboundCallInput = {}): InboundCallScenario {
    const { taskrouter, voice } = this.state;
    const known = input.workerSid === undefined ? undefined : taskrouter.workers.get(input.workerSid);
    const identity = input.workerIdentity ?? known?.friendlyName ?? 'agent_40example_2Ecom';
    const worker = known ?? taskrouter.createWorker({ friendlyName: identity, ...(input.workerSid ? { sid: input.workerSid } : {}) });
    const customerNumber = input.customerNumber ?? '+15555550111';
    const twilioNumber = input.twilioNumber ?? '+15555550199';
    const customerCall = voice.createCall({ from: customerNumber, to: twilioNumber, status: 'in-progress', direction: 'inbound' });
    const { interaction, channel } = this.state.interactions.createVoiceInteraction();
    const ref: ChannelRef = { interactionSid: interaction.sid, channelSid: channel.sid };
    const task = taskrouter.createTask({
      assignmentStatus: 'assigned',
      taskChannelUniqueName: 'voice',
      ...(input.taskQueueFriendlyName === undefined ? {} : { taskQueueFriendlyName: input.taskQueueFriendlyName }),
      attributes: {
        direction: 'inbound',
        from: customerNumber,
        to: twilioNumber,
        caller: customerNumber,
        name: customerNumber,
        call_sid: customerCall.sid,
        ...interactionAttributes(ref),
      },
    });
    const reservation = taskrouter.createReservation({ taskSid: task.sid, workerSid: worker.sid, status: 'accepted' });
    this.routeIntoChannel(ref, task.sid, reservation.sid, worker.sid, { withCustomer: true });
    const conference = voice.createConference(task.sid);
    if (input.conferenceOptions) voice.applyConferenceInstruction(conference.sid, input.conferenceOptions);
    voice.joinConference(conference.sid, customerCall.sid);
    const workerCall = voice.createCall({ from: twilioNumber, to: `client:${identity}`, status: 'in-progress' });
    voice.joinConference(conference.sid, workerCall.sid);
    let studioRecordingSid: string | undefined;
    const attributes: Record<string, unknown> = {
      ...(JSON.parse(task.attributes) as Record<string, unknown>),
      conference: { sid: conference.sid, participants: { customer: customerCall.sid, worker: workerCall.sid } },
    };
    if (input.recordedByStudio) {
      const recording = voice.startRecording(customerCall.sid, {
        channels: 2,
        track: 'both',
        trim: 'do-not-trim',
        statusCallback: null,
        statusCallbackMethod: 'POST',
        statusCallbackEvents: [],
      });
      studioRecordingSid = recording.sid;
      attributes.conversations = {
        media: [
          {
            url: `https://api.twilio.com/2010-04-01/Accounts/${this.state.account.accountSid}/Recordings/${recording.sid}`,
            type: 'VoiceRecording',
            start_time: recording.startTime.toISOString(),
            channels: ['customer', 'others'],
          },
        ],
      };
    }
    taskrouter.overwriteAttributes(task.sid, { ...attributes, ...input.extraTaskAttributes });
    return {
      taskSid: task.sid,
      reservationSid: reservation.sid,
      workerSid: worker.sid,
      workerIdentity: identity,
      conferenceSid: conference.sid,
      workerCallSid: workerCall.sid,
      customerCallSid: customerCall.sid,
      customerNumber,
      ...(studioRecordingSid === undefined ? {} : { studioRecordingSid }),
      interactionSid: ref.interactionSid,
      channelSid: ref.channelSid,
    };
  }

  /**
   * A Flex voice transfer, as Flex performs it: a NEW task for the receiving agent whose attributes are
   * a copy of the original task's at that moment, plus `transferTargetType` and the `conference` (its
   * SID and customer leg), routed to the worker or queue; the receiving agent's leg joins the SAME
   * conference (still named after the original task), and Flex's backend adds the receiving agent (its
   * task, reservation and worker) to the SAME Interaction channel; the copied attributes carry the same
   * `flexInteractionSid` / `flexInteractionChannelSid`. Cold: the transferring agent's leg leaves and the
   * original task goes to wrapping (its channel participant stays listed). Warm: they stay (hang up their
   * leg with hangUp() to finish it).
   */
  transferTask(input: TransferInput): TransferScenario {
    const { taskrouter, voice } = this.state;
    const original = taskrouter.requireTask(input.fromTaskSid);
    const conference = [...voice.conferences.values()].find((c) => c.friendlyName === original.sid && c.status !== 'completed');
    if (!conference) throw new Error(`Task ${original.sid} has no live conference to transfer`);
    const ref = this.channelOfConference(conference.sid);
    const copied = JSON.parse(original.attributes) as Record<string, unknown>;
    const legs = [...conference.participants.keys()].map((callSid) => voice.requireCall(callSid));
    const customer = legs.find((call) => !/^client:/i.test(call.to) && !/^client:/i.test(call.from));
    const transferring = legs.filter((call) => /^client:/i.test(call.to));
    const existing = (typeof copied.conference === 'object' && copied.conference !== null ? copied.conference : {}) as Record<string, unknown>;
    const worker =
      [...taskrouter.workers.values()].find((w) => w.friendlyName === input.target.workerIdentity) ??
      taskrouter.createWorker({ friendlyName: input.target.workerIdentity });
    const task = taskrouter.createTask({
      assignmentStatus: 'assigned',
      taskChannelUniqueName: original.taskChannelUniqueName,
      ...(input.target.kind === 'queue' && input.target.queueFriendlyName ? { taskQueueFriendlyName: input.target.queueFriendlyName } : {}),
      attributes: {
        ...copied,
        transferTargetType: input.target.kind,
        ...(input.target.kind === 'queue' ? { transferQueueName: input.target.queueFriendlyName ?? 'Everyone' } : {}),
        conference: {
          ...existing,
          sid: conference.sid,
          participants: { ...((existing.participants as object | undefined) ?? {}), ...(customer ? { customer: customer.sid } : {}) },
        },
      },
    });
    const reservation = taskrouter.createReservation({ taskSid: task.sid, workerSid: worker.sid, status: 'accepted' });
    this.routeIntoChannel(ref, task.sid, reservation.sid, worker.sid, { withCustomer: false });
    if (input.conferenceOptions) voice.applyConferenceInstruction(conference.sid, input.conferenceOptions);
    const workerCall = voice.createCall({ from: customer?.from ?? '+15555550199', to: `client:${worker.friendlyName}`, status: 'in-progress' });
    voice.joinConference(conference.sid, workerCall.sid);
    if (input.mode === 'cold') {
      for (const call of transferring) voice.endCall(call.sid);
      if (original.assignmentStatus === 'assigned') taskrouter.updateTask(original, { assignmentStatus: 'wrapping' }, undefined);
      for (const r of taskrouter.reservationsOf({ taskSid: original.sid, status: 'accepted' })) taskrouter.setReservationStatus(r.sid, 'wrapping');
    }
    return {
      taskSid: task.sid,
      reservationSid: reservation.sid,
      workerSid: worker.sid,
      workerIdentity: worker.friendlyName,
      workerCallSid: workerCall.sid,
      conferenceSid: conference.sid,
      interactionSid: ref.interactionSid,
      channelSid: ref.channelSid,
    };
  }

  /**
   * A supervisor monitors the call, as Flex's Teams view does: their leg (to `client:<identity>`,
   * in-progress) joins the conference muted, and the call's Interaction channel lists them as a
   * `supervisor` participant with no routing_properties (no task routed them there).
   */
  joinAsSupervisor(input: SupervisorInput): SupervisorScenario {
    const { taskrouter, voice } = this.state;
    const ref = this.channelOfConference(input.conferenceSid);
    const worker =
      [...taskrouter.workers.values()].find((w) => w.friendlyName === input.identity) ?? taskrouter.createWorker({ friendlyName: input.identity });
    const call = voice.createCall({ from: '+15555550199', to: `client:${input.identity}`, status: 'in-progress' });
    voice.joinConference(input.conferenceSid, call.sid, { muted: true });
    this.state.interactions.addParticipant(ref, { type: 'supervisor', routingProperties: null });
    return { workerSid: worker.sid, identity: worker.friendlyName, callSid: call.sid };
  }

  /**
   * An external party joins the call (an agent added a phone number): a PSTN leg, in-progress, in the
   * conference, and an `external` participant (no routing_properties) of the call's Interaction channel.
   */
  addExternalParty(input: ExternalPartyInput): { callSid: string } {
    const { voice } = this.state;
    const ref = this.channelOfConference(input.conferenceSid);
    const call = voice.createCall({ from: '+15555550199', to: input.number, status: 'in-progress' });
    voice.joinConference(input.conferenceSid, call.sid);
    this.state.interactions.addParticipant(ref, { type: 'external', routingProperties: null });
    return { callSid: call.sid };
  }

  /** An `agent` participant with exactly these routing properties (no call, task or reservation is checked or created). */
  addAgentToChannel(input: AddAgentToChannelInput): { participantSid: string } {
    const participant = this.state.interactions.addParticipant(
      { interactionSid: input.interactionSid, channelSid: input.channelSid },
      { type: 'agent', routingProperties: { task_sid: input.taskSid, reservation_sid: input.reservationSid, worker_sid: input.workerSid } },
    );
    return { participantSid: participant.sid };
  }

  /** The channel's participants as the listing answers them, in the order they were added. */
  getInteractionChannel(interactionSid: string, channelSid: string): InteractionChannelView {
    const channel = this.state.interactions.requireChannel(interactionSid, channelSid);
    return {
      interactionSid: channel.interactionSid,
      channelSid: channel.sid,
      participants: [...channel.participants.values()].map((p) => ({
        sid: p.sid,
        type: p.type,
        routingProperties: p.routingProperties && { ...p.routingProperties },
      })),
    };
  }

  /** The Interaction channel of the call: the one of the task the conference is named after. */
  private channelOfConference(conferenceSid: string): ChannelRef {
    const conference = this.state.voice.requireConference(conferenceSid);
    const ref = this.state.interactions.channelOfTask(conference.friendlyName);
    if (!ref) throw new Error(`Conference ${conferenceSid} is not named after a task routed through an Interaction channel`);
    return ref;
  }

  /** The task is routed through the channel: its agent participant (and, for a new call, the customer). */
  private routeIntoChannel(ref: ChannelRef, taskSid: string, reservationSid: string, workerSid: string, { withCustomer }: { withCustomer: boolean }): void {
    const { interactions } = this.state;
    if (withCustomer) interactions.addParticipant(ref, { type: 'customer', routingProperties: null });
    interactions.addParticipant(ref, { type: 'agent', routingProperties: { task_sid: taskSid, reservation_sid: reservationSid, worker_sid: workerSid } });
    interactions.bindTask(taskSid, ref);
  }

  /** TaskRouter completes the task (the agent finished wrap-up); its attributes can still be updated. */
  completeTask(taskSid: string): void {
    const task = this.state.taskrouter.requireTask(taskSid);
    if (task.assignmentStatus === 'assigned') this.state.taskrouter.updateTask(task, { assignmentStatus: 'wrapping' }, undefined);
    this.state.taskrouter.updateTask(task, { assignmentStatus: 'completed' }, undefined);
    for (const r of this.state.taskrouter.reservationsOf({ taskSid })) {
      if (r.status === 'accepted' || r.status === 'wrapping') this.state.taskrouter.setReservationStatus(r.sid, 'completed');
    }
  }

  /** The callee picks up: in-progress, and joined to the conference it was dialled into. */
  answerCall(callSid: string): void {
    // Before the accept neither leg has been dialled: nobody can pick up yet (a test driving the steps out of order).
    const waitingTask = this.awaitingAccept.size === 0 ? undefined : this.notYetAccepted(callSid);
    if (waitingTask !== undefined) {
      throw new Error(`Call ${callSid} is not dialled yet: task ${waitingTask}'s reservation has not been accepted (acceptOutboundCall)`);
    }
    this.state.voice.answerCall(callSid);
  }

  /**
   * The call ends: `completed` if it was answered (else `no-answer`, or the given status), it leaves
   * its conference, and its in-progress/paused recordings complete (with a duration).
   */
  hangUp(callSid: string, unansweredStatus?: 'no-answer' | 'busy' | 'canceled' | 'failed'): void {
    this.state.voice.endCall(callSid, unansweredStatus);
  }

  /**
   * A new leg in the conference (a transfer target, a supervisor, a new leg to the customer): in-progress
   * and joined, or with `ringing` a ringing call that joins when answered (with `listedWhileRinging` it is
   * listed as a `ringing` participant at once, as Twilio lists a leg added through the Participants API).
   */
  addParticipant(
    conferenceSid: string,
    input: { to: string; from?: string; label?: string; coaching?: boolean; ringing?: boolean; listedWhileRinging?: boolean },
  ): { callSid: string } {
    const { voice } = this.state;
    voice.requireConference(conferenceSid);
    const call = voice.createCall({ from: input.from ?? '+15555550199', to: input.to, status: input.ringing ? 'ringing' : 'in-progress' });
    if (input.ringing && input.listedWhileRinging) {
      voice.joinConference(conferenceSid, call.sid, { label: input.label ?? null, coaching: input.coaching ?? false, status: 'ringing' });
    } else if (input.ringing) {
      call.pendingConferenceSid = conferenceSid;
      call.pendingLabel = input.label ?? null;
    } else {
      voice.joinConference(conferenceSid, call.sid, { label: input.label ?? null, coaching: input.coaching ?? false });
    }
    return { callSid: call.sid };
  }

  endConference(conferenceSid: string): void {
    this.state.voice.endConference(conferenceSid);
  }

  /** Another writer changes the task (no If-Match): the ETag moves on. */
  setTaskAttributes(taskSid: string, attributes: Record<string, unknown> | string): TaskView {
    this.state.taskrouter.overwriteAttributes(taskSid, attributes);
    return this.getTask(taskSid);
  }

  getTask(taskSid: string): TaskView {
    const task = this.state.taskrouter.requireTask(taskSid);
    return {
      sid: task.sid,
      attributes: JSON.parse(task.attributes) as Record<string, unknown>,
      attributesJson: task.attributes,
      assignmentStatus: task.assignmentStatus,
      etag: String(task.version),
      version: task.version,
      reason: task.reason,
      taskChannelUniqueName: task.taskChannelUniqueName,
      taskQueueSid: task.taskQueueSid,
      taskQueueFriendlyName: task.taskQueueFriendlyName,
      dateCreated: task.dateCreated,
      dateUpdated: task.dateUpdated,
    };
  }

  getCall(callSid: string): CallView {
    const call = this.state.voice.requireCall(callSid);
    return { sid: call.sid, from: call.from, to: call.to, status: call.status, startTime: call.startTime, endTime: call.endTime };
  }

  getConference(conferenceSid: string): ConferenceView {
    const conference = this.state.voice.requireConference(conferenceSid);
    return {
      sid: conference.sid,
      friendlyName: conference.friendlyName,
      status: conference.status,
      participants: [...conference.participants.values()].map((p) => ({ callSid: p.callSid, label: p.label, status: p.status })),
      statusCallback: conference.statusCallback ? { ...conference.statusCallback, events: [...conference.statusCallback.events] } : null,
    };
  }

  /** A TaskRouter conference instruction for the conference (see VoiceState.applyConferenceInstruction). */
  applyConferenceInstruction(conferenceSid: string, options: ConferenceInstructionOptions): void {
    this.state.voice.applyConferenceInstruction(conferenceSid, options);
  }

  /** Every conference instruction applied to the conference, in order, as given (copies). */
  conferenceInstructions(conferenceSid: string): Record<string, unknown>[] {
    return this.state.voice.requireConference(conferenceSid).instructions.map((options) => copyInstruction(options));
  }

  /** The conference's recordings (Flex's native recording: `conferenceRecord` in an instruction), oldest first. */
  conferenceRecordings(conferenceSid: string): ConferenceRecordingView[] {
    const { voice, clock } = this.state;
    const conference = voice.requireConference(conferenceSid);
    const now = clock.now().getTime();
    return voice.recordingsOfConference(conferenceSid).map((recording) => {
      const first = recording.firstJoinerCallSid;
      return {
        sid: recording.sid,
        conferenceSid: recording.conferenceSid,
        status: recording.status,
        channels: recording.channels,
        source: recording.source,
        firstJoinerCallSid: first,
        channelCallSids: { 1: first === null ? [] : [first], 2: conference.joinOrder.filter((callSid) => callSid !== first) },
        statusCallback: recording.statusCallback,
        statusCallbackMethod: recording.statusCallbackMethod,
        statusCallbackEvents: [...recording.statusCallbackEvents],
        startTime: recording.startTime,
        endTime: recording.endTime,
        durationSeconds: recordingDurationSeconds(recording),
        pausedMs: recording.pausedMs + (recording.pausedAt === null ? 0 : now - recording.pausedAt.getTime()),
        skippedMs: recording.skippedMs,
        pauseBehavior: recording.pauseBehavior,
      };
    });
  }

  /** The call's recordings, oldest first. */
  recordingsForCall(callSid: string): RecordingView[] {
    return this.state.voice.recordingsOfCall(callSid).map((recording) => ({
      sid: recording.sid,
      callSid: recording.callSid,
      status: recording.status,
      channels: recording.channels,
      track: recording.track,
      trim: recording.trim,
      source: recording.source,
      statusCallback: recording.statusCallback,
      statusCallbackMethod: recording.statusCallbackMethod,
      statusCallbackEvents: [...recording.statusCallbackEvents],
      startTime: recording.startTime,
      durationSeconds: recordingDurationSeconds(recording),
    }));
  }
}

function copyInstruction(options: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(options);
  } catch {
    return { ...options };
  }
}

/** The attributes Flex writes into a voice task (Flex UI 2.x): its Interaction and voice channel. */
function interactionAttributes(ref: ChannelRef): { flexInteractionSid: string; flexInteractionChannelSid: string } {
  return { flexInteractionSid: ref.interactionSid, flexInteractionChannelSid: ref.channelSid };
}
