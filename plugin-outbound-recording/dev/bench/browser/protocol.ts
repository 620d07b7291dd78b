/**
 * The messages between the benchmark (parent) and one real-Flex agent process (child), over Node's IPC
 * channel. Every request carries an id; the child answers it once, with the same id. Times are the child's
 * performance.now(): the parent maps them onto its own clock (real-flex-agents.ts, clock offset).
 */

export interface AgentIdentity {
  workerSid: string;
  identity: string;
  /** A Flex token the emulator's IAM accepts for this worker. */
  token: string;
  functionsBaseUrl: string;
  /** How long the fake TaskRouter takes to carry out the accept (the rig's L). */
  latencyMs: number;
  /**
   * Set: another plugin's beforeAcceptTask listener, added before ours, puts this conference status callback
   * in every accept's conferenceOptions, so ours leaves it alone and records from the browser (the browser
   * path is then the path that records, with nothing to wait for).
   */
  otherPluginConferenceStatusCallback?: string;
}

/** One outbound call as Twilio (the emulator) created it: the Flex side is built on the same SIDs. */
export interface DialRequest {
  taskSid: string;
  reservationSid: string;
  conferenceSid: string;
  workerCallSid: string;
  customerCallSid: string;
  /** The task's attributes as TaskRouter holds them. */
  attributes: Record<string, unknown>;
}

export type ParentMessage =
  | { id: number; type: 'init'; agent: AgentIdentity }
  | { id: number; type: 'ping' }
  | { id: number; type: 'dial'; call: DialRequest }
  | { id: number; type: 'answer'; taskSid: string }
  | { id: number; type: 'settle'; taskSid: string; timeoutMs: number }
  | { id: number; type: 'finish'; taskSid: string }
  | { id: number; type: 'stop' };

export interface InitReply {
  /** Boot of Flex's page (store, Manager, listeners) and the plugin's init, ms. */
  bootMs: number;
}

export interface DialReply {
  /** When the agent's leg was added (after Flex's auto-accept went through TaskRouter), child clock. */
  agentJoinedAt: number;
  /** The conference instruction Flex's accept sent TaskRouter (every key of conferenceOptions); null: none. */
  conferenceInstruction: Record<string, unknown> | null;
}

export interface AnswerReply {
  /** Right before the SDK emitted the customer's participantAdded (leg added, answered), child clock. */
  answeredAt: number;
}

export interface SettleReply {
  /** When Flex's store first showed the customer's participant (after its throttle), child clock; null: never. */
  shownAt: number | null;
  /** When the plugin sent its first request to the Functions for this call, child clock; null: never. */
  firstRequestAt: number | null;
  /** The plugin's requests to its Functions for this call. */
  requests: number;
  /** What the plugin's indicator shows for the task once settled (undefined: nothing). */
  view: string | undefined;
  settled: boolean;
}

export type ReplyBody = InitReply | DialReply | AnswerReply | SettleReply | { now: number } | Record<string, never>;

export type ChildMessage =
  /** Sent once, unasked, when Flex is loaded (before init). */
  | { type: 'loaded'; loadMs: number; rssBytes: number }
  | { id: number; ok: true; body: ReplyBody }
  | { id: number; ok: false; error: string };
