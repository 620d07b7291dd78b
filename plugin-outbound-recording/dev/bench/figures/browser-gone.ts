import { BenchAgent } from '../agent/agent';
import type { AgentPage } from '../agent/agent-bundle';
import type { Rig } from '../rig/rig';
import { percentile, round, seededRandom, sleep, waitFor } from '../stats';
import { createsByPath, type CreatesByPath } from './call-paths';

/**
 * Agents whose browser is gone before the customer answers (a page closed, crashed or offline right after
 * dialling): only the server path can record them. Each agent dials (the plugin's accept sets the conference
 * status callback), its page closes at once, and the customer answers 1-3 s later (seeded) in Twilio, with no
 * Flex left to see it. Counted from the emulator afterwards: recordings per customer leg.
 */
export interface BrowserGoneFigure {
  measures: string;
  calls: number;
  recordedOnce: number;
  duplicates: number;
  missing: number;
  /** From the customer answering to the create reaching Twilio, over the recorded calls. */
  p50Ms: number;
  p99Ms: number;
  createsByPath: CreatesByPath;
  /** How the page was closed: BenchAgent.closePage(), or the plugin's dispose() where agent.ts does not have it yet. */
  pageClosedBy: string;
}

const MIN_RING_MS = 1000;
const MAX_RING_MS = 3000;
/** Longest the bench waits for the last create: the conference-status Function's whole run fits in Twilio's 10 s limit. */
const CREATE_TIMEOUT_MS = 15_000;

/** A promise when closing waits for the page's teardown; awaited either way. */
type ClosablePage = BenchAgent & { closePage?: () => void | Promise<void> };

/**
 * The agent's page goes away: BenchAgent.closePage() (the plugin disposed with its page) where agent.ts has
 * it; until that lands there, the plugin's own dispose(), which stops every watch and timer, so the plugin
 * sends nothing more either. The figure says which one ran.
 */
async function closePage(agent: ClosablePage): Promise<string> {
  if (typeof agent.closePage === 'function') {
    await agent.closePage();
    return 'BenchAgent.closePage()';
  }
  agent.dispose();
  return "the plugin's dispose() (BenchAgent.closePage() not in agent.ts yet)";
}

export async function runBrowserGone(rig: Rig, newPage: () => AgentPage, calls: number): Promise<BrowserGoneFigure> {
  const { emulator } = rig;
  const random = seededRandom(31);
  let pageClosedBy = '';
  const measured = await Promise.all(
    Array.from({ length: calls }, async (_, i) => {
      const agent: ClosablePage = new BenchAgent(newPage(), 'ours', emulator, rig.functions.url, `ours-browser-gone-${i}`);
      // Spread over a second, so the agents' joins do not all land in the same instant.
      await sleep(random() * 1000);
      const call = await agent.dial(`+1668${String(1_000_000 + i).slice(1)}`);
      pageClosedBy = await closePage(agent);
      await sleep(MIN_RING_MS + random() * (MAX_RING_MS - MIN_RING_MS));
      const answeredAt = performance.now();
      emulator.answerCall(call.sids.customerCallSid);
      const createdAt = await rig.creates.waitForCreate(call.sids.customerCallSid, CREATE_TIMEOUT_MS);
      return { customerCallSid: call.sids.customerCallSid, ms: createdAt === undefined ? undefined : createdAt - answeredAt };
    }),
  );
  // A late second create (a replayed or retried callback) would show here.
  await waitFor(() => rig.front.inFlight === 0, CREATE_TIMEOUT_MS, 20);
  const legs = measured.map((call) => call.customerCallSid);
  const perCall = legs.map((callSid) => emulator.recordingsForCall(callSid).length);
  const samples = measured.flatMap((call) => (call.ms === undefined ? [] : [call.ms]));
  for (const callSid of legs) emulator.hangUp(callSid);
  return {
    measures:
      "agents whose page closes right after dialling; the customer answers 1-3 s later in Twilio, with no Flex to see it: recorded only if the server path records",
    calls,
    recordedOnce: perCall.filter((n) => n === 1).length,
    duplicates: perCall.filter((n) => n > 1).length,
    missing: perCall.filter((n) => n === 0).length,
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(percentile(samples, 99)),
    createsByPath: createsByPath(rig, legs),
    pageClosedBy,
  };
}
