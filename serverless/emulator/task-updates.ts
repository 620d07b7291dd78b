import type { TaskView } from './scenario';

type TaskListener = (task: TaskView) => void;

/**
 * TaskRouter's task `updated` events: every task write is pushed to the listeners of that task (by SID, so a
 * write costs one map look-up however many agents listen) and to those of every task. The view is taken at
 * the write (what TaskRouter's event carries) and delivered on a later turn of the event loop, as a push that
 * is not part of the request that made the write; deliveries keep write order.
 */
export class TaskUpdateFanOut {
  private readonly perTask = new Map<string, Set<TaskListener>>();
  private readonly all = new Set<TaskListener>();
  private closed = false;

  addForTask(taskSid: string, listener: TaskListener): () => void {
    let listeners = this.perTask.get(taskSid);
    if (!listeners) {
      listeners = new Set();
      this.perTask.set(taskSid, listeners);
    }
    // Each registration is its own (the same function twice is two listeners, each removed once).
    const entry: TaskListener = (task) => listener(task);
    listeners.add(entry);
    return () => {
      const current = this.perTask.get(taskSid);
      current?.delete(entry);
      if (current?.size === 0) this.perTask.delete(taskSid);
    };
  }

  addForAll(listener: TaskListener): () => void {
    const entry: TaskListener = (task) => listener(task);
    this.all.add(entry);
    return () => this.all.delete(entry);
  }

  /** A task was written; `view` reads it (only called when someone listens, once per listener: each gets its own copy). */
  written(taskSid: string, view: () => TaskView): void {
    if (this.closed) return;
    const listeners = [...(this.perTask.get(taskSid) ?? []), ...this.all];
    if (listeners.length === 0) return;
    const deliveries = listeners.map((listener) => ({ listener, task: view() }));
    setImmediate(() => {
      for (const { listener, task } of deliveries) {
        // Removed meanwhile (a page that closed): it hears nothing more.
        if (this.closed || !(this.perTask.get(taskSid)?.has(listener) || this.all.has(listener))) continue;
        try {
          listener(task);
        } catch (error) {
          // A listener is the receiving side's code (a page, a test): its failure must not break the emulator.
          console.error(`Twilio emulator: a task ${taskSid} update listener threw:`, error);
        }
      }
    });
  }

  clearPerTask(): void {
    this.perTask.clear();
  }

  close(): void {
    this.closed = true;
    this.perTask.clear();
    this.all.clear();
  }
}
