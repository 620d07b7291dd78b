import type { Invocation } from '../rig/functions-front';
import type { Rig } from '../rig/rig';
import { round } from '../stats';

/**
 * Which path recorded a call, told by the Function that sent its `create` (rig.ts: each caller's Function
 * reaches Twilio under its own Host): the conference-status Function (Twilio's participant-join, the server
 * path) or the start Function (the plugin's request, the browser path). Only creates Twilio carried out
 * (2xx) count: a racer's create that Twilio refused, because the leg is being recorded already, recorded
 * nothing.
 */
export interface CreatesByPath {
  /** Creates sent by the conference-status Function (the server path). */
  conferenceStatus: number;
  /** Creates sent by the start Function (the plugin's request: the browser path, the backstop). */
  pluginStart: number;
}

const CREATE_RECORDING = /\/Calls\/(CA[0-9a-f]{32})\/Recordings\.json$/;

export function createsByPath(rig: Rig, callSids: readonly string[]): CreatesByPath {
  const legs = new Set(callSids);
  const counts: CreatesByPath = { conferenceStatus: 0, pluginStart: 0 };
  for (const entry of rig.emulator.requests({ method: 'POST', path: CREATE_RECORDING })) {
    if (entry.status === null || entry.status < 200 || entry.status >= 300) continue;
    if (!legs.has(CREATE_RECORDING.exec(entry.path)?.[1] ?? '')) continue;
    const by = rig.functionOf(entry);
    if (by === 'trigger') counts.conferenceStatus += 1;
    else if (by === 'agent') counts.pluginStart += 1;
  }
  return counts;
}

/** The server path's create for this call: the first create the conference-status Function sent. */
export function serverPathCreate(rig: Rig, callSid: string): number | undefined {
  return rig.creates.firstReceipt(callSid, 'trigger');
}

/** Invocations by path (counted where they reach the Functions: the rig's front), divided by `per`. */
export function invocationsByPath(invocations: readonly Invocation[], per: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const invocation of invocations) counts[invocation.path] = (counts[invocation.path] ?? 0) + 1;
  for (const path of Object.keys(counts)) counts[path] = round(counts[path] / Math.max(1, per), 2);
  return counts;
}

/** The front's invocations since `from` (an index into its log). */
export function invocationsSince(rig: Rig, from: number): Invocation[] {
  return rig.front.invocations.slice(from);
}
