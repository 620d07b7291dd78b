/**
 * Which voice tasks are recorded: the one decision both sides make, in one place. The plugin asks it
 * to skip a task without sending anything; the Functions ask it again before recording (the server is
 * the authority: a plugin that is old, misconfigured or bypassed cannot record an excluded call).
 *
 * Pure and dependency-free like the rest of the contract (bundled into the browser and each Function).
 */

import { linksForeignRecording } from './conversation-media';
import { isSid } from './recording-api';

export interface RecordingPolicy {
  /** TaskQueue SIDs (`WQ…`) or friendly names whose calls are never recorded. Names compare case-insensitively. */
  excludedQueues: ReadonlyArray<string>;
  /** A task attribute that, when true (or "true"), means "do not record this call"; empty disables the check. */
  doNotRecordAttribute: string;
  /** Record inbound voice tasks too (off by default: inbound calls are often recorded by Studio). */
  recordInbound: boolean;
}

export const DEFAULT_DO_NOT_RECORD_ATTRIBUTE = 'do_not_record';

export const DEFAULT_RECORDING_POLICY: RecordingPolicy = {
  excludedQueues: [],
  doNotRecordAttribute: DEFAULT_DO_NOT_RECORD_ATTRIBUTE,
  recordInbound: false,
};

/** What the decision needs to know about a task; Flex's ITask and TaskRouter's Task both provide it. */
export interface PolicyTask {
  attributes: unknown;
  taskChannelUniqueName: string;
  queueSid?: string;
  queueName?: string;
}

export type NotRecordedReasonCode =
  | 'not-voice'
  | 'internal-call'
  | 'inbound-not-enabled'
  | 'excluded-queue'
  | 'do-not-record'
  | 'recorded-elsewhere';

export type PolicyDecision =
  | { record: true; direction: 'outbound' | 'inbound' }
  | { record: false; reason: NotRecordedReasonCode; message: string };

/**
 * The order matters only for the message: the first reason found is the one reported.
 * - Not a voice task, or an internal (agent-to-agent) call: there is no customer leg to record.
 * - Inbound calls only when enabled.
 * - An excluded queue or the do-not-record attribute: never.
 * - A task that already links a voice recording this product did not make (Studio, another recorder):
 *   recording it again would be a duplicate. This product's own links (the current recording and those
 *   of earlier customer legs, as its recording state names them) are not "elsewhere"; what a link is, is
 *   conversation-media.ts's one reading of `conversations.media`.
 */
export function decideRecording(task: PolicyTask, policy: RecordingPolicy): PolicyDecision {
  if (task.taskChannelUniqueName !== 'voice') return skip('not-voice', 'Only voice tasks are recorded');
  const attributes = asRecord(task.attributes);
  if (isInternalCall(attributes)) {
    return skip('internal-call', 'Internal (agent-to-agent) calls have no customer and are not recorded');
  }
  const direction = attributes.direction === 'outbound' ? 'outbound' : 'inbound';
  if (direction === 'inbound' && !policy.recordInbound) {
    return skip('inbound-not-enabled', 'Inbound calls are not recorded by this product (not enabled)');
  }
  if (isExcludedQueue(task, policy.excludedQueues)) {
    return skip('excluded-queue', `Calls of queue "${task.queueName ?? task.queueSid ?? ''}" are not recorded`);
  }
  if (policy.doNotRecordAttribute !== '' && isTrue(attributes[policy.doNotRecordAttribute])) {
    return skip('do-not-record', `The task is marked "${policy.doNotRecordAttribute}": the call is not recorded`);
  }
  if (linksForeignRecording(task.attributes)) {
    return skip('recorded-elsewhere', 'The task already links a voice recording (e.g. made by Studio); not recorded twice');
  }
  return { record: true, direction };
}

/**
 * Internal calls (Flex's agent-to-agent dialling) mark the task `client_call: true` or `type: "internal"`,
 * or dial a `client:` address; no conference or customer exists.
 */
export function isInternalCall(attributes: Record<string, unknown>): boolean {
  if (attributes.client_call === true || attributes.client_call === 'true') return true;
  if (attributes.type === 'internal' || attributes.internal === true) return true;
  const customer = attributes.direction === 'outbound' ? attributes.outbound_to ?? attributes.to : attributes.from;
  return typeof customer === 'string' && /^client:/i.test(customer.trim());
}

function isExcludedQueue(task: PolicyTask, excludedQueues: ReadonlyArray<string>): boolean {
  if (excludedQueues.length === 0) return false;
  const sid = task.queueSid ?? '';
  const name = (task.queueName ?? '').trim().toLowerCase();
  return excludedQueues.some((entry) => (/^WQ[0-9a-f]{32}$/.test(entry) ? entry === sid : name !== '' && entry.toLowerCase() === name));
}

// ---- configuration (the same rules on both sides: Functions env and plugin FLEX_APP_* values) ----

export type PolicyConfigResult = { ok: true; policy: RecordingPolicy } | { ok: false; problems: string[] };

/** Raw configuration values, named after the Functions' variables (the plugin maps FLEX_APP_* onto them). */
export interface RawPolicyConfig {
  EXCLUDED_QUEUES?: string;
  DO_NOT_RECORD_ATTRIBUTE?: string;
  RECORD_INBOUND?: string;
}

/**
 * Validates the policy's configuration. `prefix` names the variables in problems ("" for the Functions,
 * "FLEX_APP_" for the plugin) so an admin sees the name they have to fix.
 */
export function readRecordingPolicy(raw: RawPolicyConfig, prefix = ''): PolicyConfigResult {
  const problems: string[] = [];
  const excludedQueues = (raw.EXCLUDED_QUEUES ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of excludedQueues) {
    if (/^WQ/i.test(entry) && entry.length === 34 && !isSid('taskQueue', entry)) {
      problems.push(`${prefix}EXCLUDED_QUEUES entry "${entry}" looks like a TaskQueue SID but is not one (WQ + 32 lower-case hex digits)`);
    } else if (entry.length > 64) {
      problems.push(`${prefix}EXCLUDED_QUEUES entry "${entry.slice(0, 20)}…" is longer than a TaskQueue name can be (64)`);
    }
  }
  const attributeText = raw.DO_NOT_RECORD_ATTRIBUTE?.trim();
  const doNotRecordAttribute = attributeText === undefined || attributeText === '' ? DEFAULT_DO_NOT_RECORD_ATTRIBUTE : attributeText;
  if (doNotRecordAttribute !== 'none' && !/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(doNotRecordAttribute)) {
    problems.push(`${prefix}DO_NOT_RECORD_ATTRIBUTE must be a top-level task attribute name (letters, digits, _ and -), or "none"`);
  }
  const inbound = (raw.RECORD_INBOUND ?? '').trim().toLowerCase();
  if (!['', 'true', 'false'].includes(inbound)) problems.push(`${prefix}RECORD_INBOUND must be "true" or "false"`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    policy: { excludedQueues, doNotRecordAttribute: doNotRecordAttribute === 'none' ? '' : doNotRecordAttribute, recordInbound: inbound === 'true' },
  };
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function skip(reason: NotRecordedReasonCode, message: string): PolicyDecision {
  return { record: false, reason, message };
}
