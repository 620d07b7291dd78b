import { withRetry, type RetryTools } from './retry-policy';
import type { TaskAttributes, TaskResource, TwilioPort } from './twilio-port';

/**
 * How often a merge is retried when other writers keep changing the task in between. Eight attempts
 * with the pauses below stay well inside a Function's 10 s, and outlast a writer that changes the task
 * more often than a round trip (seen in the fault-injection run with 5).
 */
export const MAX_MERGE_ATTEMPTS = 8;
/** Upper bound of the pause before the n-th re-read is n times this (random below it). */
export const CONFLICT_PAUSE_MS = 40;

/** A pure change to a task's attributes: `changed: false` means there is nothing to write. */
export type AttributeMerge = (current: TaskAttributes) => { attributes: TaskAttributes; changed: boolean };

export type MergeResult = 'written' | 'unchanged' | 'task-gone' | 'kept-changing';

/**
 * Applies `merge` to a task's attributes server-side without losing anyone else's write: the update
 * carries If-Match with the ETag the merge was computed from; on 412 the task is read again and the
 * merge recomputed from what is there now. Starts from `snapshot` when the caller already read the task.
 */
export async function mergeIntoTask(
  deps: { twilio: TwilioPort; retry: RetryTools },
  taskSid: string,
  merge: AttributeMerge,
  snapshot?: TaskResource,
  /** Runs after a 412, before the task is read again: for merges whose input must be looked up afresh too. */
  beforeRetry?: () => Promise<void>,
): Promise<MergeResult> {
  let task: TaskResource | null | undefined = snapshot;
  for (let attempt = 1; attempt <= MAX_MERGE_ATTEMPTS; attempt += 1) {
    // After a 412, a short random pause before re-reading, so two busy writers stop colliding in step.
    if (attempt > 1) {
      await deps.retry.sleep(Math.round(deps.retry.random() * CONFLICT_PAUSE_MS * (attempt - 1)));
      await beforeRetry?.();
    }
    if (task === undefined || attempt > 1) task = await withRetry(deps.retry, () => deps.twilio.fetchTask(taskSid));
    if (task === null) return 'task-gone';
    const current: TaskResource = task;
    const merged = merge(current.attributes);
    if (!merged.changed) return 'unchanged';
    const written = await withRetry(deps.retry, () => deps.twilio.updateTaskAttributes(taskSid, merged.attributes, current.etag));
    if (written) return 'written';
  }
  return 'kept-changing';
}
