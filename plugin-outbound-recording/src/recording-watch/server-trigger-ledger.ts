import { ServerTrigger } from './server-trigger';

/**
 * What the before-accept hook did about the server-side trigger for each task it saw accepted, kept for the
 * watch that starts once the accept went through: a watch whose conference reports the customer's join to the
 * Functions gives them a moment to record it before asking itself (watch-calls.ts SERVER_TRIGGER_GRACE_MS).
 * A page that did not see the accept (a reload, another tab) has no entry: its watch asks at once.
 */
export interface ServerTriggerLedger {
  record(taskSid: string, trigger: ServerTrigger): void;
  /** Undefined for a task this page did not see accepted. */
  of(taskSid: string): ServerTrigger | undefined;
  clear(): void;
}

/** Enough for every call an agent has at once; older entries are dropped (a long shift must not grow this). */
const REMEMBERED_TASKS = 50;

export function createServerTriggerLedger(limit = REMEMBERED_TASKS): ServerTriggerLedger {
  const triggers = new Map<string, ServerTrigger>();
  return {
    record(taskSid, trigger) {
      // Re-inserted, so the oldest entry is always the first one.
      triggers.delete(taskSid);
      triggers.set(taskSid, trigger);
      if (triggers.size > limit) triggers.delete(triggers.keys().next().value as string);
    },
    of: (taskSid) => triggers.get(taskSid),
    clear: () => triggers.clear(),
  };
}
