import type * as Flex from '@twilio/flex-ui';

import { createFlexCallState, taskSidFromAcceptPayload } from '../../src/flex/flex-call-state';
import { ConferenceFacts, findCustomerLeg } from '../../src/recording-watch/customer-leg';

const WT = 'WT' + '1'.repeat(32);
const WR = 'WR' + '2'.repeat(32);
const CF = 'CF' + 'c'.repeat(32);
const CA = 'CA' + '3'.repeat(32);

const customer = { participantType: 'customer', status: 'joined', callSid: CA, isCurrentWorker: false };

/** The two store paths the adapter reads, shaped like Flex 2.17.1's (task.conference a getter over the store entry). */
function fakeManager(options: { conference?: ConferenceFacts; taskConference?: 'same' | ConferenceFacts; attributes?: Record<string, unknown> }) {
  const states = new Map<string, { source: ConferenceFacts }>();
  if (options.conference !== undefined) states.set(WT, { source: options.conference });
  const task = {
    taskSid: WT,
    attributes: options.attributes ?? { direction: 'outbound' },
    taskChannelUniqueName: 'voice',
    status: 'accepted',
    taskStatus: 'assigned',
    get conference() {
      return options.taskConference === 'same' ? states.get(WT)?.source : options.taskConference;
    },
  };
  const state = { flex: { worker: { tasks: new Map([[WR, task]]) }, conferences: { states } } };
  const manager = { store: { getState: () => state, subscribe: () => () => undefined } };
  return manager as unknown as Pick<Flex.Manager, 'store'>;
}

describe('createFlexCallState', () => {
  it("reads Flex 2.17.1's one conference object once, though task.conference and the store both lead to it", () => {
    const conference: ConferenceFacts = { conferenceSid: CF, participants: [customer] };
    const snapshot = createFlexCallState(fakeManager({ conference, taskConference: 'same' })).readTask(WT);
    expect(snapshot?.conferences.filter((c) => c !== undefined)).toEqual([conference]);
    expect(findCustomerLeg(snapshot?.conferences ?? [])).toEqual({ callSid: CA, conferenceSid: CF });
  });

  it('also offers a task.conference that is a different object (older Flex)', () => {
    const store: ConferenceFacts = { conferenceSid: CF, participants: [] };
    const onTask: ConferenceFacts = { conferenceSid: CF, participants: [customer] };
    const snapshot = createFlexCallState(fakeManager({ conference: store, taskConference: onTask })).readTask(WT);
    expect(findCustomerLeg(snapshot?.conferences ?? [])).toEqual({ callSid: CA, conferenceSid: CF });
  });

  it("takes the conference SID from the task's attributes while Flex's conference has none (conferenceSid undefined)", () => {
    const conference: ConferenceFacts = { conferenceSid: undefined, participants: [customer] };
    const withSid = createFlexCallState(fakeManager({ conference, taskConference: 'same', attributes: { direction: 'outbound', conference: { sid: CF } } }));
    expect(findCustomerLeg(withSid.readTask(WT)?.conferences ?? [])).toEqual({ callSid: CA, conferenceSid: CF });
    const without = createFlexCallState(fakeManager({ conference, taskConference: 'same', attributes: { direction: 'outbound', conference: { sid: 'nope' } } }));
    expect(findCustomerLeg(without.readTask(WT)?.conferences ?? [])).toBeUndefined();
  });

  it('lists tasks by task SID and reads an unknown task as absent', () => {
    const callState = createFlexCallState(fakeManager({}));
    expect(callState.listTasks().map((t) => [t.taskSid, t.status])).toEqual([[WT, 'accepted']]);
    expect(callState.readTask('WT-unknown')).toBeUndefined();
    expect(callState.readTask(WT)?.conferences.filter((c) => c !== undefined)).toEqual([]);
  });
});

describe('taskSidFromAcceptPayload', () => {
  it("uses only the task SID of the payload's task (a fresh wrapper in Flex 2.17.1, not the store's object)", () => {
    const wrapper = new Proxy(
      { taskSid: WT },
      {
        get: (target, key) => {
          if (key !== 'taskSid') throw new Error(`read ${String(key)}`);
          return target.taskSid;
        },
      },
    );
    expect(taskSidFromAcceptPayload(fakeManager({}), { task: wrapper, sid: WR })).toBe(WT);
  });

  it('finds the task by reservation SID when the payload has only `sid`', () => {
    expect(taskSidFromAcceptPayload(fakeManager({}), { sid: WR })).toBe(WT);
    expect(taskSidFromAcceptPayload(fakeManager({}), { sid: 'WR-unknown' })).toBeUndefined();
    expect(taskSidFromAcceptPayload(fakeManager({}), undefined)).toBeUndefined();
  });
});
