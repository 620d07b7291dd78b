import { startAgents, type RealFlexAgent } from '../browser/real-flex-agents';
import { criticalPath, type CriticalPath } from '../rig/request-timeline';
import type { Rig } from '../rig/rig';
import { percentile, round, seededRandom, sleep } from '../stats';
import { createsByPath, type CreatesByPath } from './call-paths';
import { summarizePaths, type CriticalPathSummary } from './time-to-record';

/**
 * Time to record on the browser path: the plugin on the real Flex UI 2.17.1 runtime (its store, auto-accept,
 * ConferenceListener and 500 ms participant throttle; dev/real-flex under jsdom, one agent per process), with
 * the same warm Functions and Twilio emulator as the steady-state figure. From the customer answering (the
 * SDK reports the customer's leg added, answered) to the recording `create` reaching the emulator.
 */
export interface BrowserPathFigure {
  measures: string;
  /** The Flex the plugin ran on. */
  flexRuntime: string;
  agents: number;
  /** Measured calls, one at a time, round robin over the agents (each agent's warm-up call not counted). */
  calls: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  p50Hops: number;
  /** Of the time to record: from the customer's SDK event until Flex's store showed the customer (its throttle). */
  flexShowsCustomerP50Ms: number;
  flexShowsCustomerP99Ms: number;
  /** The rest: from Flex showing the customer until the create arrived (what the stand-in figure measures). */
  afterFlexShowsP50Ms: number;
  afterFlexShowsP99Ms: number;
  /** Of afterFlexShows: until the plugin sent its request (in the agent's page), and from there until the create arrived. */
  pluginSendsP50Ms: number;
  requestToCreateP50Ms: number;
  /** Twilio round trips before the create; gapsP50Ms[0] includes Flex's throttle. */
  criticalPath: CriticalPathSummary;
  recordedOnce: number;
  duplicates: number;
  missing: number;
  agentLegRecordings: number;
  /** The plugin's requests to its Functions per measured call. */
  pluginRequestsPerCall: number;
  /** Loading Flex in an agent process (p50 over the agents), the agent process's RSS after loading (max). */
  flexLoadMs: number;
  flexRssBytes: number;
  /** How far an agent's times, mapped onto the benchmark's clock, may be off (max over the agents). */
  clockErrorMs: number;
  /**
   * Why the browser path is the one that records here: another plugin's before-listener (added before ours)
   * sets its own conference status callback, which ours leaves alone (no server trigger, no grace to wait).
   */
  serverTrigger: string;
  /** Measured calls whose accept sent TaskRouter the other plugin's callback, untouched. */
  otherPluginCallbackKept: number;
  /** Creates by the path that sent them: all from the plugin's start here. */
  createsByPath: CreatesByPath;
}

/** The other plugin's callback: not on this machine, so the emulator records the conference's callbacks and sends none. */
export const OTHER_PLUGIN_CALLBACK = 'https://other-plugin.example.com/conference-events';

export interface BrowserPathOptions {
  agents: number;
  calls: number;
}

/** As in the steady-state figure: the customer answers 0..MAX_RING_MS after the agent's leg joined (seeded). */
const MAX_RING_MS = 500;
const CREATE_TIMEOUT_MS = 15_000;

interface Measured {
  sampleMs: number | undefined;
  shownMs: number | undefined;
  afterShownMs: number | undefined;
  sendsMs: number | undefined;
  requestToCreateMs: number | undefined;
  path: CriticalPath | undefined;
  customerCallSid: string;
  workerCallSid: string;
  requests: number;
  /** The accept's conference instruction kept the other plugin's callback. */
  otherCallbackKept: boolean;
}

interface Agent {
  flex: RealFlexAgent;
  workerSid: string;
  identity: string;
}

/**
 * One call: Twilio (the emulator) creates task, reservation, conference and legs; the agent's real Flex gets
 * the reservation on the same SIDs, auto-accepts it, and the agent's leg joins; 0-500 ms later the customer
 * answers, first in Twilio, then in the SDK (t0, just before the SDK event). t1: the create for the customer's
 * leg arrived at the emulator. Then the plugin's request is let finish, the call hung up and completed, and
 * its status callbacks delivered, before the next call.
 */
async function measureCall(rig: Rig, agent: Agent, random: () => number, number: string): Promise<Measured> {
  const { emulator } = rig;
  const sids = emulator.placeOutboundCall({ workerSid: agent.workerSid, workerIdentity: agent.identity, customerNumber: number });
  const { conferenceInstruction } = await agent.flex.dial({
    taskSid: sids.taskSid,
    reservationSid: sids.reservationSid,
    conferenceSid: sids.conferenceSid,
    workerCallSid: sids.workerCallSid,
    customerCallSid: sids.customerCallSid,
    attributes: emulator.getTask(sids.taskSid).attributes,
  });
  // What Flex's accept asked of TaskRouter reaches Twilio's conference: had ours replaced the other plugin's
  // callback, the emulator would post the customer's join to our Functions and the server path would record.
  if (conferenceInstruction !== null) emulator.applyConferenceInstruction(sids.conferenceSid, conferenceInstruction);
  await sleep(random() * MAX_RING_MS);
  emulator.answerCall(sids.customerCallSid);
  const { answeredAt } = await agent.flex.answer(sids.taskSid);
  const t1 = await rig.creates.waitForCreate(sids.customerCallSid, CREATE_TIMEOUT_MS);
  const settled = await agent.flex.settle(sids.taskSid, CREATE_TIMEOUT_MS);
  emulator.hangUp(sids.customerCallSid);
  await agent.flex.finish(sids.taskSid);
  await emulator.flushStatusCallbacks();
  const t0 = agent.flex.toBenchClock(answeredAt);
  const shownAt = settled.shownAt === null ? undefined : agent.flex.toBenchClock(settled.shownAt);
  const sentAt = settled.firstRequestAt === null ? undefined : agent.flex.toBenchClock(settled.firstRequestAt);
  return {
    sampleMs: t1 === undefined ? undefined : t1 - t0,
    shownMs: shownAt === undefined ? undefined : shownAt - t0,
    afterShownMs: t1 === undefined || shownAt === undefined ? undefined : t1 - shownAt,
    sendsMs: sentAt === undefined || shownAt === undefined ? undefined : sentAt - shownAt,
    requestToCreateMs: t1 === undefined || sentAt === undefined ? undefined : t1 - sentAt,
    path: t1 === undefined ? undefined : criticalPath(t0, t1, rig.timeline.between(t0, t1), rig.latencyMs),
    customerCallSid: sids.customerCallSid,
    workerCallSid: sids.workerCallSid,
    requests: settled.requests,
    otherCallbackKept: conferenceInstruction?.conferenceStatusCallback === OTHER_PLUGIN_CALLBACK,
  };
}

export async function runBrowserPath(rig: Rig, options: BrowserPathOptions, progress: (message: string) => void = () => undefined): Promise<BrowserPathFigure> {
  const { emulator } = rig;
  const random = seededRandom(21);
  const started = await startAgents(options.agents);
  try {
    progress(`real Flex: ${started.length} agents loaded (${started.map((a) => `${Math.round(a.loadMs)} ms`).join(', ')})`);
    const agents: Agent[] = [];
    for (const [i, flex] of started.entries()) {
      const identity = `real-flex-agent-${i}`;
      const { workerSid } = emulator.createWorker({ identity });
      const token = emulator.issueFlexToken({ workerSid, identity });
      await flex.init({ workerSid, identity, token, functionsBaseUrl: rig.functions.url, latencyMs: rig.latencyMs, otherPluginConferenceStatusCallback: OTHER_PLUGIN_CALLBACK });
      agents.push({ flex, workerSid, identity });
    }
    // Each agent's first call (its token not yet validated, its page's code still cold) is not counted.
    for (const [i, agent] of agents.entries()) await measureCall(rig, agent, random, `+1558${String(1_000_000 + i).slice(1)}`);
    const measured: Measured[] = [];
    for (let i = 0; i < options.calls; i += 1) {
      measured.push(await measureCall(rig, agents[i % agents.length], random, `+1559${String(1_000_000 + i).slice(1)}`));
    }
    return summarize(rig, started, measured);
  } finally {
    await Promise.all(started.map((agent) => agent.stop()));
  }
}

function summarize(rig: Rig, agents: readonly RealFlexAgent[], measured: readonly Measured[]): BrowserPathFigure {
  const values = (pick: (call: Measured) => number | undefined) => measured.flatMap((call) => (pick(call) === undefined ? [] : [pick(call) as number]));
  const samples = values((call) => call.sampleMs);
  const shown = values((call) => call.shownMs);
  const afterShown = values((call) => call.afterShownMs);
  const perCall = measured.map((call) => rig.emulator.recordingsForCall(call.customerCallSid).length);
  const p50 = percentile(samples, 50);
  return {
    measures:
      'browser path: the plugin on the real Flex UI runtime (jsdom, one agent per process), from the customer answering (the SDK reports the leg added and answered) ' +
      "to the create reaching Twilio, through Flex's 500 ms participant throttle; warm Functions, tokens cached, one call at a time; another plugin owns the " +
      'conference status callback, so the browser path is the one that records (see serverTrigger)',
    flexRuntime: 'real Flex UI 2.17.1 (@twilio/flex-ui bundle under jsdom, SDK fakes of dev/real-flex)',
    agents: agents.length,
    calls: measured.length,
    p50Ms: round(p50),
    p95Ms: round(percentile(samples, 95)),
    p99Ms: round(percentile(samples, 99)),
    p50Hops: round(p50 / rig.latencyMs, 2),
    flexShowsCustomerP50Ms: round(percentile(shown, 50)),
    flexShowsCustomerP99Ms: round(percentile(shown, 99)),
    afterFlexShowsP50Ms: round(percentile(afterShown, 50)),
    afterFlexShowsP99Ms: round(percentile(afterShown, 99)),
    pluginSendsP50Ms: round(percentile(values((call) => call.sendsMs), 50)),
    requestToCreateP50Ms: round(percentile(values((call) => call.requestToCreateMs), 50)),
    criticalPath: summarizePaths(measured.flatMap((call) => (call.path === undefined ? [] : [call.path]))),
    recordedOnce: perCall.filter((n) => n === 1).length,
    duplicates: perCall.filter((n) => n > 1).length,
    missing: perCall.filter((n) => n === 0).length,
    agentLegRecordings: measured.reduce((sum, call) => sum + rig.emulator.recordingsForCall(call.workerCallSid).length, 0),
    pluginRequestsPerCall: round(measured.reduce((sum, call) => sum + call.requests, 0) / Math.max(1, measured.length), 2),
    flexLoadMs: round(percentile(agents.map((agent) => agent.loadMs), 50)),
    flexRssBytes: Math.max(...agents.map((agent) => agent.rssAfterLoadBytes)),
    clockErrorMs: round(Math.max(...agents.map((agent) => agent.clockErrorMs)), 2),
    serverTrigger: `left to another plugin: its before-listener, added before ours, sets conferenceStatusCallback ${OTHER_PLUGIN_CALLBACK}; ours records from the browser`,
    otherPluginCallbackKept: measured.filter((call) => call.otherCallbackKept).length,
    createsByPath: createsByPath(rig, measured.map((call) => call.customerCallSid)),
  };
}
