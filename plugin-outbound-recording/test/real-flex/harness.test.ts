/**
 * The harness itself: what the plugin relies on is Flex's behaviour, so these pin down that the real
 * runtime, driven by our SDK fakes, does what FLEX-FACTS.md records of Flex UI 2.17.1.
 */
import * as Flex from '@twilio/flex-ui';

import { RealFlexSession } from '../../dev/real-flex/boot-real-flex';
import { isLoopbackUrl } from '../../dev/real-flex/network-guard';
import { FLEX_THROTTLE_MS, advance, settle } from '../support/real-flex-plugin';

// eslint-disable-next-line @typescript-eslint/no-var-requires -- the CommonJS toolchain file jest and esbuild share
const { exposeWebpackRequire, FLEX_UI_VERSION } = require('../../toolchain/flex-bundle-patch') as { exposeWebpackRequire(source: string): string; FLEX_UI_VERSION: string };

type AnyTask = { taskSid: string; status: string; conference?: unknown; attributes: Record<string, unknown> };
type AnyConference = { conferenceSid?: string; status: string; participants: Array<{ participantType: string; status: string; callSid?: string; isCurrentWorker: boolean }> };

let session: RealFlexSession;

beforeEach(() => {
  jest.useFakeTimers();
  session = new RealFlexSession();
});

afterEach(() => {
  session.unloadPage();
  jest.useRealTimers();
});

const storeTasks = (): AnyTask[] => Array.from(session.store.getState().flex.worker.tasks.values()) as AnyTask[];
const storeConference = (taskSid: string): AnyConference | undefined => session.store.getState().flex.conferences.states.get(taskSid)?.source as AnyConference | undefined;

describe('the pinned runtime', () => {
  it('is the installed Flex UI bundle of the version the harness was written for', () => {
    expect(Flex.VERSION).toBe(FLEX_UI_VERSION);
    expect(FLEX_UI_VERSION).toBe('2.17.1');
  });

  it('refuses a bundle that does not end as 2.17.1 does, with a message that says so', () => {
    expect(() => exposeWebpackRequire('!function(){}()')).toThrow(/written for Flex UI 2\.17\.1 only/);
  });

  it('refuses every request that is not loopback', async () => {
    expect(isLoopbackUrl('http://127.0.0.1:3000/x')).toBe(true);
    expect(isLoopbackUrl('http://localhost/x')).toBe(true);
    expect(isLoopbackUrl('https://assets.flex.twilio.com/countries.json')).toBe(false);
    expect(isLoopbackUrl('http://10.0.0.1/')).toBe(false);
    expect(isLoopbackUrl('http://127.evil.example/')).toBe(false);
    expect(isLoopbackUrl('http://[::1]:4010/')).toBe(true);
    await expect(window.fetch('https://flex-api.twilio.com/v1/Configuration')).rejects.toThrow(/refused a request to https:\/\/flex-api\.twilio\.com/);
    const xhr = new XMLHttpRequest();
    expect(() => xhr.open('GET', 'https://media.twiliocdn.com/incoming.mp3')).toThrow(/refused/);
  });
});

describe('an outbound call, as real Flex handles it', () => {
  it('auto-accepts: before-listeners get a fresh task wrapper, the reservation SID and conference options', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const before = (payload: Record<string, unknown>) => {
      const task = payload.task as AnyTask;
      seen.push({
        sid: payload.sid,
        options: payload.conferenceOptions,
        sameAsStore: task === session.store.getState().flex.worker.tasks.get(payload.sid),
        status: task.status,
      });
    };
    Flex.Actions.addListener('beforeAcceptTask', before);
    try {
      const call = session.backend.dial();
      await advance(1);
      expect(seen).toEqual([
        {
          sid: call.reservation.sid,
          options: { endConferenceOnExit: true, endConferenceOnCustomerExit: true, conferenceRecord: false },
          sameAsStore: false,
          status: 'pending',
        },
      ]);
      expect(call.conferenceInstruction).toEqual({ endConferenceOnExit: true, endConferenceOnCustomerExit: true, conferenceRecord: false });
    } finally {
      Flex.Actions.removeListener('beforeAcceptTask', before);
    }
  });

  it('fires afterAcceptTask while the reservation is still pending; the conference appears only after accepted', async () => {
    const after: string[] = [];
    const listener = (payload: { task: AnyTask }) => after.push(payload.task.status);
    Flex.Actions.addListener('afterAcceptTask', listener);
    try {
      const call = session.backend.dial();
      await advance(1);
      expect(after).toEqual(['pending']);
      expect(storeTasks().map((t) => t.status)).toEqual(['pending']);
      expect(storeConference(call.taskSid)).toBeUndefined();
      await settle();
      expect(storeTasks().map((t) => t.status)).toEqual(['accepted']);
      expect(storeConference(call.taskSid)?.participants.map((p) => [p.participantType, p.isCurrentWorker])).toEqual([['worker', true]]);
    } finally {
      Flex.Actions.removeListener('afterAcceptTask', listener);
    }
  });

  it('shows a leg as joined as soon as it is added, ringing or not, after the participant throttle', async () => {
    const call = session.backend.dial();
    // TaskRouter accepts and the agent's leg is listed: Flex's first conference update goes out at once ...
    await advance(session.backend.latencyMs + 10);
    const customer = call.customerLegAdded();
    // ... and the next one, within 500 ms of it, is held back: the customer is not in the store yet.
    await advance(1);
    const early = storeConference(call.taskSid)?.participants.map((p) => p.participantType);
    await advance(FLEX_THROTTLE_MS);
    const later = storeConference(call.taskSid)?.participants.find((p) => p.participantType === 'customer');
    expect(early).toEqual(['worker']);
    expect(later).toMatchObject({ status: 'joined', callSid: customer.callSid, isCurrentWorker: false });
    expect(customer.answered).toBe(false);
  });

  it('keeps task.conference and the store conference state as one object', async () => {
    const call = session.backend.dial();
    await settle();
    const task = storeTasks()[0];
    expect(task.conference).toBe(storeConference(call.taskSid));
  });

  it('may never know the conference SID (the channel had none when Flex read it)', async () => {
    const call = session.backend.dial({ conferenceSid: null });
    await settle();
    expect(storeConference(call.taskSid)?.conferenceSid).toBeUndefined();
  });

  it('shows a leg that left as recently_left for 5 s, then left', async () => {
    const call = session.backend.dial();
    await settle();
    const customer = call.customerAnswers();
    await settle();
    customer.leave();
    await settle();
    expect(storeConference(call.taskSid)?.participants.find((p) => p.participantType === 'customer')?.status).toBe('recently_left');
    await advance(5000);
    expect(storeConference(call.taskSid)?.participants.find((p) => p.participantType === 'customer')?.status).toBe('left');
  });

  it('logs a deprecation warning whenever isMyself is read (the plugin must not read it)', async () => {
    const call = session.backend.dial();
    await settle();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    // Flex's logger (loglevel) binds the console methods when its level is set.
    session.internals.log.setLevel('warn');
    const participant = storeConference(call.taskSid)?.participants[0] as unknown as { isMyself: boolean };
    void participant.isMyself;
    expect(warn.mock.calls.flat().join(' ')).toMatch(/isMyself' is deprecated/);
  });

  it('moves the task through wrap-up and completion, then removes it from the store', async () => {
    const call = session.backend.dial();
    await settle();
    call.hangUp();
    await settle();
    expect(storeTasks().map((t) => t.status)).toEqual(['wrapping']);
    call.complete();
    await settle();
    expect(storeTasks()).toEqual([]);
  });
});

describe('the page', () => {
  it('after a reload, rebuilds every reservation as a task with its conference, without AcceptTask', async () => {
    const call = session.backend.dial();
    await settle();
    const customer = call.customerAnswers();
    await settle();
    const accepts: unknown[] = [];
    const listener = (payload: unknown) => accepts.push(payload);
    Flex.Actions.addListener('beforeAcceptTask', listener);
    try {
      session.reloadPage();
      await settle();
      expect(storeTasks().map((t) => [t.taskSid, t.status])).toEqual([[call.taskSid, 'accepted']]);
      expect(storeConference(call.taskSid)?.participants.map((p) => p.callSid)).toContain(customer.callSid);
      expect(accepts).toEqual([]);
    } finally {
      Flex.Actions.removeListener('beforeAcceptTask', listener);
    }
  });

  it("hands out the refreshed token through Flex's Manager", () => {
    session.refreshToken('refreshed.token.value.x.y');
    expect(Flex.Manager.getInstance().user.token).toBe('refreshed.token.value.x.y');
  });

  it('sees a call accepted in another tab only through TaskRouter (no AcceptTask on this page)', async () => {
    const accepts: unknown[] = [];
    const listener = (payload: unknown) => accepts.push(payload);
    const call = session.backend.dial({ targetsWorker: false });
    await advance(1);
    Flex.Actions.addListener('beforeAcceptTask', listener);
    try {
      call.acceptedElsewhere();
      await settle();
      expect(storeTasks().map((t) => t.status)).toEqual(['accepted']);
      expect(accepts).toEqual([]);
    } finally {
      Flex.Actions.removeListener('beforeAcceptTask', listener);
    }
  });
});
