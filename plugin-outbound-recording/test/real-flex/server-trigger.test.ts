/**
 * The server-side trigger on the real Flex UI 2.17.1 runtime: the plugin's beforeAcceptTask listener adds a
 * conference status callback (participant join, POST, to the Functions) to the AcceptTask payload's
 * conferenceOptions, synchronously, and Flex forwards it to `reservation.conference(options)` (what the
 * backend fake records as the conference instruction). The browser path records as before.
 */
import * as Flex from '@twilio/flex-ui';

import { SimulatedCall } from '../../dev/real-flex/sdk/flex-backend';
import { RecordingCoordinator } from '../../src/recording-watch/recording-coordinator';
import { hookBeforeAcceptTask } from '../../src/wiring/before-accept-hook';
import { FUNCTIONS_BASE_URL, RunningPlugin, START_URL, advance, dialOut, reloadPage, settle, startPlugin, stopPlugin } from '../support/real-flex-plugin';

import { SERVER_TRIGGER_GRACE_MS } from '../../src/wiring/watch-calls';

/** The administrator's default: the server-side trigger on (the other real-Flex suites run the browser path alone). */
const TRIGGER_ON = { settings: { server_trigger: true } };

afterEach(() => {
  stopPlugin();
  jest.useRealTimers();
});

/** What Flex's own AcceptTask puts in conferenceOptions for an outbound call (native recording off). */
const FLEX_OPTIONS = { endConferenceOnExit: true, endConferenceOnCustomerExit: true, conferenceRecord: false };
const OUR_CALLBACK = {
  conferenceStatusCallback: `${FUNCTIONS_BASE_URL}/recording/conference-status`,
  conferenceStatusCallbackEvent: 'join',
  conferenceStatusCallbackMethod: 'POST',
};
const CALLBACK_KEYS = Object.keys(OUR_CALLBACK);
const OTHER_URL = 'https://other-plugin.example.com:8443/hooks/conference-events?token=secret-value';
const OTHER_CALLBACK = { conferenceStatusCallback: OTHER_URL, conferenceStatusCallbackEvent: 'start end', conferenceStatusCallbackMethod: 'GET' };

type AcceptPayload = { sid?: string; conferenceOptions?: Record<string, unknown> };

/** Another plugin's before-listener, added (and always removed) around the test's body. */
async function withBeforeListener(listener: (payload: AcceptPayload) => void, body: () => Promise<void>): Promise<void> {
  Flex.Actions.addListener('beforeAcceptTask', listener);
  try {
    await body();
  } finally {
    Flex.Actions.removeListener('beforeAcceptTask', listener);
  }
}

const otherCallbackWarnings = (warn: jest.SpyInstance) =>
  warn.mock.calls.map((args) => args.map(String).join(' ')).filter((text) => text.includes('OutboundRecordingPlugin') && text.includes('conference status callback'));

/** Microtask turns from the reservation's arrival until Flex has given TaskRouter the conference instruction. */
async function turnsUntilInstruction(call: SimulatedCall): Promise<number> {
  for (let turn = 0; turn < 200; turn += 1) {
    if (call.conferenceInstruction !== undefined) return turn;
    await Promise.resolve();
  }
  throw new Error('no conference instruction within 200 microtask turns');
}

const startRequests = (running: RunningPlugin) => running.fetch.requests.filter((request) => request.url === START_URL);

describe('an outbound call from the dialpad', () => {
  it("reaches reservation.conference() with the callback, its join event and POST, next to Flex's own options", async () => {
    const running = startPlugin(undefined, undefined, TRIGGER_ON);
    const call = await dialOut(running);
    expect(call.conferenceInstruction).toEqual({ ...FLEX_OPTIONS, ...OUR_CALLBACK });
  });

  it('sends no start for a leg the server records: its state in the task (a TaskRouter update) is enough', async () => {
    const running = startPlugin(undefined, undefined, TRIGGER_ON);
    const call = await dialOut(running);
    const customer = call.customerAnswers();
    await advance(SERVER_TRIGGER_GRACE_MS - 1000);
    expect(startRequests(running)).toEqual([]);
    expect(running.plugin.views?.get(call.taskSid)?.kind).toBe('starting');
    const recordingSid = 'RE' + 'a'.repeat(32);
    running.session.backend.pushTaskAttributes(call.taskSid, {
      ...call.task.attributes,
      call_recording: { status: 'in-progress', recording_sid: recordingSid, call_sid: customer.callSid, started_by: 'conference-callback', updated_at: new Date().toISOString() },
    });
    await settle();
    expect(running.plugin.views?.get(call.taskSid)).toMatchObject({ kind: 'recording', recordingSid });
    await advance(60_000);
    expect(startRequests(running)).toEqual([]);
  });

  it('is still recorded from the browser when the server did not (the backstop): the start goes out once the grace is over', async () => {
    const running = startPlugin(undefined, undefined, TRIGGER_ON);
    const call = await dialOut(running);
    expect(running.fetch.requests).toEqual([]);
    const customer = call.customerAnswers();
    await settle();
    expect(startRequests(running)).toEqual([]);
    await advance(SERVER_TRIGGER_GRACE_MS);
    expect(startRequests(running)).toHaveLength(1);
    expect(running.fetch.last.fields).toMatchObject({ TaskSid: call.taskSid, CallSid: customer.callSid, ConferenceSid: call.conferenceSid });
    expect(running.plugin.views?.get(call.taskSid)?.kind).toBe('recording');
  });

  it('does not delay the accept: the instruction goes out in the same microtask turn as with a bare listener in its place, before any timer', async () => {
    const running = startPlugin(undefined, undefined, TRIGGER_ON);
    const withPlugin = running.session.backend.dial();
    const turnsWithPlugin = await turnsUntilInstruction(withPlugin);
    // Nothing asked of the network, no timer run: the accept went straight through the plugin's listener.
    expect(running.fetch.requests).toEqual([]);
    expect(withPlugin.conferenceInstruction).toEqual({ ...FLEX_OPTIONS, ...OUR_CALLBACK });
    await settle();

    // The same page without the plugin; a synchronous listener that does nothing takes its place (Flex
    // skips its before-listener step entirely when there are none, a cost every listener has).
    running.plugin.dispose();
    await withBeforeListener(
      () => undefined,
      async () => {
        const withoutPlugin = running.session.backend.dial();
        const turnsWithout = await turnsUntilInstruction(withoutPlugin);
        expect(withoutPlugin.conferenceInstruction).toEqual(FLEX_OPTIONS);
        expect(turnsWithPlugin).toBe(turnsWithout);
      },
    );
  });

  it('creates conferenceOptions when an earlier listener took them away, with only the callback in them', async () => {
    await withBeforeListener(
      (payload) => {
        delete payload.conferenceOptions;
      },
      async () => {
        const running = startPlugin(undefined, undefined, TRIGGER_ON);
        const call = await dialOut(running);
        expect(call.conferenceInstruction).toEqual(OUR_CALLBACK);
      },
    );
  });

  it("leaves conferenceRecord as Flex set it (native recording on, native_recording keep, the default) and Flex's own recording callback alone", async () => {
    const running = startPlugin(undefined, undefined, { ...TRIGGER_ON, serviceConfiguration: { call_recording_enabled: true } });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const call = await dialOut(running);
    expect(call.conferenceInstruction).toMatchObject({ ...OUR_CALLBACK, endConferenceOnCustomerExit: true, conferenceRecord: true });
    expect(otherCallbackWarnings(warn)).toEqual([]);
  });

  it('native_recording "skip": turns Flex\'s native recording off in the same instruction, for the outbound call only', async () => {
    const running = startPlugin(undefined, undefined, { settings: { server_trigger: true, native_recording: 'skip' }, serviceConfiguration: { call_recording_enabled: true } });
    const call = await dialOut(running);
    expect(call.conferenceInstruction).toMatchObject({ ...OUR_CALLBACK, endConferenceOnCustomerExit: true, conferenceRecord: false });
  });
});

describe("another plugin's conference status callback", () => {
  it('runs in the order the listeners were added: one added before the plugin runs first, one added after sees the callback set', async () => {
    const seen: Array<[string, unknown]> = [];
    await withBeforeListener(
      (payload) => seen.push(['before the plugin', payload.conferenceOptions?.conferenceStatusCallback]),
      async () => {
        const running = startPlugin(undefined, undefined, TRIGGER_ON);
        await withBeforeListener(
          (payload) => seen.push(['after the plugin', payload.conferenceOptions?.conferenceStatusCallback]),
          async () => {
            await dialOut(running);
          },
        );
      },
    );
    expect(seen).toEqual([
      ['before the plugin', undefined],
      ['after the plugin', OUR_CALLBACK.conferenceStatusCallback],
    ]);
  });

  it('set first (its plugin loaded earlier) is kept with its event and method; the console says so once for two calls, naming its origin only', async () => {
    const otherPlugin = (payload: AcceptPayload) => {
      if (payload.conferenceOptions !== undefined) Object.assign(payload.conferenceOptions, OTHER_CALLBACK);
    };
    await withBeforeListener(otherPlugin, async () => {
      const running = startPlugin(undefined, undefined, TRIGGER_ON);
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const first = await dialOut(running);
      const second = await dialOut(running);
      for (const call of [first, second]) expect(call.conferenceInstruction).toEqual({ ...FLEX_OPTIONS, ...OTHER_CALLBACK });

      const warnings = otherCallbackWarnings(warn);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('https://other-plugin.example.com:8443');
      expect(warnings[0]).not.toContain('/hooks/conference-events');
      expect(warnings[0]).not.toContain('secret-value');
      expect(warnings[0]).toMatch(/recorded from the browser/);

      // Nothing else changes: both calls are recorded from the browser, as before.
      const firstCustomer = first.customerAnswers();
      const secondCustomer = second.customerAnswers();
      await settle();
      expect(startRequests(running).map((request) => request.fields.CallSid).sort()).toEqual([firstCustomer.callSid, secondCustomer.callSid].sort());
    });
  });

  it('is said again once after a page reload (once per page load)', async () => {
    const otherPlugin = (payload: AcceptPayload) => {
      if (payload.conferenceOptions !== undefined) payload.conferenceOptions.conferenceStatusCallback = OTHER_URL;
    };
    await withBeforeListener(otherPlugin, async () => {
      const running = startPlugin(undefined, undefined, TRIGGER_ON);
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      await dialOut(running);
      await dialOut(running);
      expect(otherCallbackWarnings(warn)).toHaveLength(1);
      const reloaded = await reloadPage(running);
      const call = await dialOut(reloaded);
      await dialOut(reloaded);
      expect(otherCallbackWarnings(warn)).toHaveLength(2);
      expect(call.conferenceInstruction).toEqual({ ...FLEX_OPTIONS, conferenceStatusCallback: OTHER_URL });
    });
  });
});

describe('tasks the plugin does not watch get nothing', () => {
  it("an internal (agent-to-agent) call: Flex's own options only, and no warning", async () => {
    const running = startPlugin(undefined, undefined, TRIGGER_ON);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const call = await dialOut(running, { to: 'client:bob', attributes: { outbound_to: 'client:bob', name: 'bob' } });
    expect(call.conferenceInstruction).toEqual(FLEX_OPTIONS);
    expect(otherCallbackWarnings(warn)).toEqual([]);
  });

  it('a non-voice task accepted through AcceptTask', async () => {
    const running = startPlugin(undefined, undefined, TRIGGER_ON);
    const payloads: AcceptPayload[] = [];
    await withBeforeListener(
      (payload) => payloads.push({ conferenceOptions: payload.conferenceOptions === undefined ? undefined : { ...payload.conferenceOptions } }),
      async () => {
        const chat = running.session.backend.dial({ taskChannelUniqueName: 'chat', attributes: { direction: 'outbound' }, targetsWorker: false, agentJoinsOnAccept: false });
        await advance(1);
        await Flex.Actions.invokeAction('AcceptTask', { sid: chat.reservation.sid });
        await settle();
        expect(payloads).toHaveLength(1);
        for (const key of CALLBACK_KEYS) expect(payloads[0].conferenceOptions ?? {}).not.toHaveProperty(key);
        for (const key of CALLBACK_KEYS) expect(chat.conferenceInstruction ?? {}).not.toHaveProperty(key);
      },
    );
  });

  it('but an inbound call the agent accepts is a call the plugin watches: it gets the callback too', async () => {
    const running = startPlugin(undefined, undefined, TRIGGER_ON);
    const call = running.session.backend.offerInbound();
    await advance(1);
    await Flex.Actions.invokeAction('AcceptTask', { sid: call.reservation.sid });
    await settle();
    expect(call.conferenceInstruction).toMatchObject({ ...OUR_CALLBACK, endConferenceOnCustomerExit: true, conferenceRecord: false });
  });
});

describe('the hook says per task what it did (for the watch and the indicator to use)', () => {
  it("reports installed, left-to-another-plugin and not-applicable on real Flex's accepts", async () => {
    const running = startPlugin(undefined, undefined, TRIGGER_ON);
    running.plugin.dispose();
    const accepting: string[] = [];
    const coordinator = { taskAccepting: (taskSid: string) => accepting.push(taskSid) } as unknown as RecordingCoordinator;
    const hook = hookBeforeAcceptTask(Flex, running.session.manager, coordinator, { functionsBaseUrl: FUNCTIONS_BASE_URL });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const ours = await dialOut(running);
      const internal = await dialOut(running, { to: 'client:bob', attributes: { outbound_to: 'client:bob' } });
      let theirs: SimulatedCall | undefined;
      // Added after the hook, so it runs after it: it replaces the callback, as a careless plugin would.
      // The hook cannot see that; one added before it (below) is the case it can tell.
      await withBeforeListener(
        (payload) => {
          if (payload.conferenceOptions !== undefined) payload.conferenceOptions.conferenceStatusCallback = OTHER_URL;
        },
        async () => {
          theirs = await dialOut(running);
        },
      );
      expect(hook.serverTriggerOf(ours.taskSid)).toBe('installed');
      expect(hook.serverTriggerOf(internal.taskSid)).toBe('not-applicable');
      expect(hook.serverTriggerOf(theirs?.taskSid ?? '')).toBe('installed');
      expect(hook.serverTriggerOf('WT' + '0'.repeat(32))).toBeUndefined();
      hook();
      expect(hook.serverTriggerOf(ours.taskSid)).toBeUndefined();
      let first: SimulatedCall | undefined;
      await withBeforeListener(
        (payload) => {
          if (payload.conferenceOptions !== undefined) payload.conferenceOptions.conferenceStatusCallback = OTHER_URL;
        },
        async () => {
          const again = hookBeforeAcceptTask(Flex, running.session.manager, coordinator, { functionsBaseUrl: FUNCTIONS_BASE_URL });
          try {
            first = await dialOut(running);
            expect(again.serverTriggerOf(first.taskSid)).toBe('left-to-another-plugin');
          } finally {
            again();
          }
        },
      );

      expect(theirs?.conferenceInstruction?.conferenceStatusCallback).toBe(OTHER_URL);
      expect(first?.conferenceInstruction?.conferenceStatusCallback).toBe(OTHER_URL);
      expect(accepting).toEqual([ours.taskSid, internal.taskSid, theirs?.taskSid, first?.taskSid]);
      expect(otherCallbackWarnings(warn)).toHaveLength(1);
    } finally {
      hook();
    }
  });
});
