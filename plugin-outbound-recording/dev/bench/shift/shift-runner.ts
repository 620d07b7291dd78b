/**
 * The long shift, in a process of its own (run with --expose-gc, so the heap figure is not disturbed by the
 * other figures' servers): one agent page, one plugin instance, `tasks` outbound calls one after another,
 * with real timers. The server-side trigger writes each customer leg's recording into the task on the next
 * turn (the plugin then sends nothing); the Functions, for a plugin that asks anyway, are a fast in-process
 * fake (201 with a recording on the next turn): this figure is about what the browser keeps, and the real
 * round trips would only make the run longer. Prints one JSON line (ShiftResult).
 *
 * Usage: node --expose-gc --import tsx shift-runner.ts <ours|naive> <tasks>
 */
import type * as Flex from '@twilio/flex-ui';

import { isStartOutcome, type Design } from '../agent/agent';
import { loadAgentPages } from '../agent/agent-bundle';
import { NAIVE_POLL_MS } from '../naive/naive-plugin';
import { sleep, waitFor } from '../stats';

export interface ShiftResult {
  design: Design;
  tasks: number;
  /** Requests the plugin sent to its (fake) Functions. */
  requests: number;
  /** Listeners + subscriptions + timers alive at the end minus the baseline (after warm-up). */
  leakedListeners: number;
  listeners: { baseline: number; end: number };
  timers: { baseline: number; end: number };
  heapBaselineBytes: number;
  heapEndBytes: number;
  heapGrowthBytes: number;
  durationMs: number;
  /** How tasks were run (the naive design needs its poll to fire before a task ends). */
  pacing: string;
}

const WARM_UP_TASKS = 100;
/** The naive plugin only sees a participant at its next poll: its tasks run in waves held open that long. */
const NAIVE_WAVE = 25;
const FUNCTIONS_URL = 'https://outbound-recording-1234-dev.twil.io';

type Gc = () => void;

/** What the conference-status Function writes into the task once it recorded the customer's leg. */
function serverRecording(callSid: string | undefined): Record<string, unknown> {
  return { status: 'in-progress', recording_sid: 'RE' + 'e'.repeat(32), call_sid: callSid, started_by: 'conference-callback', updated_at: new Date().toISOString() };
}

async function main(): Promise<void> {
  const design = process.argv[2] as Design;
  const tasks = Number(process.argv[3]);
  const gc = (globalThis as { gc?: Gc }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  if (design !== 'ours' && design !== 'naive') throw new Error('design must be ours or naive');

  let requests = 0;
  // The fake Functions: always "recording started", on the next turn (a real answer is never synchronous).
  const fakeFetch = (): Promise<Pick<Response, 'status' | 'text'>> => {
    requests += 1;
    return new Promise((resolve) =>
      setImmediate(() => resolve({ status: 201, text: async () => JSON.stringify({ recordingSid: 'RE' + 'e'.repeat(32), status: 'in-progress' }) })),
    );
  };
  globalThis.fetch = fakeFetch as unknown as typeof fetch;
  // FlexPlugin announces itself with console.log; the plugin's warnings would only be noise here.
  console.log = () => undefined;

  const page = (await loadAgentPages())();
  const { FlexStandIn } = page;
  FlexStandIn.desk.reset();
  process.env.FLEX_APP_FUNCTIONS_BASE_URL = FUNCTIONS_URL;
  const plugin = design === 'ours' ? new page.OutboundRecordingPlugin() : new page.NaiveRecordingPlugin();
  plugin.init(FlexStandIn as unknown as typeof Flex, FlexStandIn.Manager.getInstance() as unknown as Flex.Manager);
  const activeWatches = () => (plugin instanceof page.OutboundRecordingPlugin ? plugin.coordinator?.activeWatchCount ?? 0 : 0);
  const viewOf = (taskSid: string) => (plugin instanceof page.OutboundRecordingPlugin ? plugin.views?.get(taskSid)?.kind : undefined);

  const oneTask = async (): Promise<void> => {
    const call = await FlexStandIn.desk.placeOutboundCall();
    call.connectAgent();
    const customer = call.customerAnswers();
    // The server-side trigger (on by default) records the leg and writes it into the task, which reaches Flex
    // as a task update, on a later turn: the plugin's grace then ends without a request, as in production.
    if (design === 'ours') setImmediate(() => call.updateAttributes({ ...call.task?.attributes, call_recording: serverRecording(customer.callSid) }));
    // Recorded (the watch may stay until the task ends: it follows the customer to a new leg), or no watch left.
    await waitFor(() => isStartOutcome(viewOf(call.taskSid)) || activeWatches() === 0, 5000, 0);
    await call.wrapUp();
    await call.complete();
  };
  const naiveWave = async (size: number): Promise<void> => {
    const calls = await Promise.all(Array.from({ length: size }, () => FlexStandIn.desk.placeOutboundCall()));
    for (const call of calls) {
      call.connectAgent();
      call.customerAnswers();
    }
    await sleep(NAIVE_POLL_MS + 50);
    for (const call of calls) {
      await call.wrapUp();
      await call.complete();
    }
  };
  const run = async (count: number): Promise<void> => {
    if (design === 'ours') {
      for (let i = 0; i < count; i += 1) await oneTask();
      return;
    }
    for (let done = 0; done < count; done += NAIVE_WAVE) await naiveWave(Math.min(NAIVE_WAVE, count - done));
  };
  const settle = async (): Promise<void> => {
    await sleep(50);
    // The stand-in logs every action invocation and notification for tests' assertions (Flex keeps no such
    // log): emptied before each reading, or the figure would measure the stand-in's log, not the plugin.
    FlexStandIn.Actions.invocations.splice(0);
    FlexStandIn.Notifications.shown.splice(0);
    for (let i = 0; i < 4; i += 1) gc();
  };
  const listeners = () => FlexStandIn.desk.totalListenerCount();
  const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

  await run(Math.min(WARM_UP_TASKS, tasks));
  await settle();
  const baseline = { listeners: listeners(), timers: timers(), heap: process.memoryUsage().heapUsed };
  const started = performance.now();
  requests = 0;
  await run(tasks);
  const durationMs = performance.now() - started;
  await settle();
  const end = { listeners: listeners(), timers: timers(), heap: process.memoryUsage().heapUsed };

  const result: ShiftResult = {
    design,
    tasks,
    requests,
    leakedListeners: end.listeners - baseline.listeners + (end.timers - baseline.timers),
    listeners: { baseline: baseline.listeners, end: end.listeners },
    timers: { baseline: baseline.timers, end: end.timers },
    heapBaselineBytes: baseline.heap,
    heapEndBytes: end.heap,
    heapGrowthBytes: end.heap - baseline.heap,
    durationMs: Math.round(durationMs),
    pacing:
      design === 'ours'
        ? 'one task at a time: dial, agent joins, customer answers, recording confirmed, wrap-up, complete'
        : `waves of ${NAIVE_WAVE} tasks held ${NAIVE_POLL_MS + 50} ms so its poll sees every participant, then wrap-up and complete`,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
