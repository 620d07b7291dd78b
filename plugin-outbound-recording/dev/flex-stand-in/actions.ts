import { Listener, StandInEmitter } from './event-emitter';

/**
 * Flex's Actions framework, with the semantics of Flex UI 2.17's ActionsImpl.invokeAction:
 *  1. unknown action -> throws; an optional payload update function runs first (AcceptTask resolves `sid` to `task`);
 *  2. every `before<Action>` listener is called, in registration order, with (payload, abortFunction); their
 *     results are awaited together (Promise.all) before the action runs; a listener's error is logged and ignored;
 *  3. if any listener called abortFunction, invokeAction rejects with "Action <name> cancelled by before event";
 *  4. replaced implementations (replaceAction) wrap the original, last replacement outermost;
 *  5. `after<Action>` listeners run after the body, their errors logged and ignored; the body's result is returned.
 */
// Payloads are action specific and untyped in Flex too (ActionPayload = any).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActionPayload = any;
export type ActionFunction = (payload: ActionPayload) => Promise<unknown>;
export type ReplacedActionFunction = (payload: ActionPayload, original: ActionFunction) => Promise<unknown>;
export type PayloadUpdateFunction = (payload: ActionPayload) => ActionPayload;

export class StandInActions {
  private readonly actions = new Map<string, ActionFunction>();
  private readonly replacedActions = new Map<string, ReplacedActionFunction[]>();
  private readonly payloadUpdateFunctions = new Map<string, PayloadUpdateFunction>();
  private readonly emitter = new StandInEmitter();
  /** Every invocation, in order, for assertions and the local desk's log. */
  readonly invocations: Array<{ name: string; payload: ActionPayload; outcome: 'completed' | 'cancelled' | 'failed' }> = [];

  registerAction(name: string, action: ActionFunction, payloadUpdateFunction?: PayloadUpdateFunction): void {
    this.actions.set(name, action);
    if (payloadUpdateFunction) this.payloadUpdateFunctions.set(name, payloadUpdateFunction);
  }

  replaceAction(name: string, action: ReplacedActionFunction): void {
    this.replacedActions.set(name, [...(this.replacedActions.get(name) ?? []), action]);
  }

  addListener(event: string | symbol, listener: Listener): StandInEmitter {
    return this.emitter.addListener(event, listener);
  }

  on(event: string | symbol, listener: Listener): StandInEmitter {
    return this.addListener(event, listener);
  }

  removeListener(event: string | symbol, listener: Listener): StandInEmitter {
    return this.emitter.removeListener(event, listener);
  }

  async invokeAction(name: string, payload?: ActionPayload): Promise<unknown> {
    const action = this.actions.get(name);
    if (!action) throw new Error(`Action ${name} does not exist!`);
    const update = this.payloadUpdateFunctions.get(name);
    const actualPayload = update ? update(payload) : payload;
    let cancelled = false;
    const abort = (): void => {
      cancelled = true;
    };
    try {
      await Promise.all(this.emitter.listeners(`before${name}`).map((listener) => listener(actualPayload, abort)));
    } catch (error) {
      console.error(`Error on "before${name}":`, error);
    }
    if (cancelled) {
      this.invocations.push({ name, payload: actualPayload, outcome: 'cancelled' });
      throw new Error(`Action ${name} cancelled by before event`);
    }
    let result: unknown;
    try {
      result = await this.runBody(name, action, actualPayload);
    } catch (error) {
      this.invocations.push({ name, payload: actualPayload, outcome: 'failed' });
      throw error;
    }
    try {
      await Promise.all(this.emitter.listeners(`after${name}`).map((listener) => listener(actualPayload)));
    } catch (error) {
      console.error(`Error on after${name}:`, error);
    }
    this.invocations.push({ name, payload: actualPayload, outcome: 'completed' });
    return result;
  }

  private runBody(name: string, action: ActionFunction, payload: ActionPayload): Promise<unknown> {
    const replacements = this.replacedActions.get(name) ?? [];
    const call = (index: number, currentPayload: ActionPayload): Promise<unknown> =>
      index >= 0 ? replacements[index](currentPayload, (next) => call(index - 1, next)) : action(currentPayload);
    return call(replacements.length - 1, payload);
  }

  /** Listener counts by event name (e.g. { beforeAcceptTask: 1 }). */
  listenerCounts(): Record<string, number> {
    return this.emitter.listenerCounts();
  }

  totalListenerCount(): number {
    return this.emitter.totalListenerCount();
  }

  /** A page reload: plugins' listeners and replacements vanish; Flex's own actions stay registered. */
  resetPluginState(): void {
    this.emitter.removeAllListeners();
    this.replacedActions.clear();
    this.invocations.length = 0;
  }
}
