import { Actions, DEFAULT_TOKEN, Manager, NotificationType, Notifications, TaskHelper, desk } from '../../dev/flex-stand-in';
import { looksLikeFlexToken } from '../../src/contract/recording-api';

beforeEach(() => desk.reset());

const state = () => Manager.getInstance().store.getState().flex;

describe('stand-in desk: an outbound call', () => {
  it("sends AcceptTask's conferenceOptions, as the before-listeners left them, to TaskRouter before the accept completes", async () => {
    Actions.addListener('beforeAcceptTask', (payload: { conferenceOptions?: Record<string, unknown> }) => {
      payload.conferenceOptions = { ...payload.conferenceOptions, conferenceStatusCallback: 'https://example.com/cb' };
    });
    const seen: Array<[string, Record<string, unknown>, string | undefined]> = [];
    desk.onConferenceInstruction = async (taskSid, options) => {
      seen.push([taskSid, options, [...state().worker.tasks.values()][0]?.status]);
    };
    const call = await desk.placeOutboundCall();
    // Awaited inside the accept: the task was still pending when TaskRouter got the instruction.
    expect(seen).toEqual([[call.taskSid, { conferenceStatusCallback: 'https://example.com/cb' }, 'pending']]);
    expect(call.conferenceInstruction).toEqual({ conferenceStatusCallback: 'https://example.com/cb' });
    desk.reset();
    expect(desk.onConferenceInstruction).toBeUndefined();
  });

  it('arrives pending, is accepted through AcceptTask and gets a conference in setup', async () => {
    const events: string[] = [];
    Manager.getInstance().events.addListener('taskReceived', () => events.push('taskReceived'));
    Manager.getInstance().events.addListener('taskAccepted', () => events.push('taskAccepted'));
    const call = await desk.placeOutboundCall({ to: '+15550001111' });

    expect(events).toEqual(['taskReceived', 'taskAccepted']);
    const task = state().worker.tasks.get(call.reservationSid);
    expect(task).toMatchObject({
      sid: call.reservationSid,
      taskSid: call.taskSid,
      status: 'accepted',
      taskStatus: 'assigned',
      taskChannelUniqueName: 'voice',
      attributes: { direction: 'outbound', outbound_to: '+15550001111' },
    });
    expect(call.reservationSid).toMatch(/^WR[0-9a-f]{32}$/);
    expect(call.taskSid).toMatch(/^WT[0-9a-f]{32}$/);
    expect(task?.conference).toMatchObject({ sid: call.taskSid, status: 'setup', conferenceSid: '', participants: [] });
    expect(state().conferences.states.get(call.taskSid)?.source.status).toBe('setup');
    expect(TaskHelper.isOutboundCallTask(task!)).toBe(true);
  });

  it('publishes joins as new objects in both conference views, the agent first', async () => {
    const call = await desk.placeOutboundCall();
    const before = state();
    const agent = call.connectAgent();
    const customer = call.customerAnswers();
    const after = state();

    expect(after.worker.tasks).not.toBe(before.worker.tasks);
    expect(after.conferences.states).not.toBe(before.conferences.states);
    const fromTask = after.worker.tasks.get(call.reservationSid)?.conference;
    const fromStore = after.conferences.states.get(call.taskSid)?.source;
    expect(fromTask).not.toBe(fromStore);
    for (const conference of [fromTask, fromStore]) {
      expect(conference?.status).toBe('active');
      expect(conference?.conferenceSid).toMatch(/^CF[0-9a-f]{32}$/);
      expect(conference?.participants.map((p) => [p.participantType, p.status, p.callSid, p.isCurrentWorker, p.isMyself])).toEqual([
        ['worker', 'joined', agent.callSid, true, true],
        ['customer', 'joined', customer.callSid, false, false],
      ]);
    }
    expect(fromStore?.liveWorkerCount).toBe(1);
    expect(fromStore?.liveParticipantCount).toBe(2);
  });

  it('can show a participant in one view only, and a leg without a call SID', async () => {
    const call = await desk.placeOutboundCall();
    call.connectAgent();
    const hidden = call.customerAnswers({ visibility: 'store-only', callSid: null });
    const types = (participants: Array<{ participantType?: string }> | undefined) => participants?.map((p) => p.participantType);
    expect(types(call.task?.conference?.participants)).toEqual(['worker']);
    expect(types(state().conferences.states.get(call.taskSid)?.source.participants)).toEqual(['worker', 'customer']);
    expect(hidden.callSid).toBeUndefined();
    hidden.setCallSid().showIn('both');
    expect(call.participants()[1].callSid).toMatch(/^CA[0-9a-f]{32}$/);
  });

  it('keeps participants who left, marked left', async () => {
    const call = await desk.placeOutboundCall();
    call.connectAgent();
    call.customerAnswers().leave();
    expect(call.participants().map((p) => p.status)).toEqual(['joined', 'left']);
  });

  it('wraps up (conference closed, everyone left) and completes (task leaves the store) through actions and events', async () => {
    const events: string[] = [];
    for (const name of ['taskWrapup', 'taskCompleted']) Manager.getInstance().events.addListener(name, () => events.push(name));
    const call = await desk.placeOutboundCall();
    call.connectAgent();
    call.customerAnswers();
    await call.wrapUp();
    expect(call.task).toMatchObject({ status: 'wrapping', taskStatus: 'wrapping' });
    expect(call.task?.conference?.status).toBe('closed');
    expect(call.participants().every((p) => p.status === 'left')).toBe(true);
    await call.complete();
    expect(call.task).toBeUndefined();
    expect(state().conferences.states.has(call.taskSid)).toBe(false);
    expect(events).toEqual(['taskWrapup', 'taskCompleted']);
  });

  it('lets the task object itself wrap up and complete, like ITask', async () => {
    const call = await desk.placeOutboundCall();
    await call.task?.wrapUp();
    expect(call.task?.status).toBe('wrapping');
    await call.task?.complete();
    expect(call.task).toBeUndefined();
  });
});

describe('stand-in desk: page reload', () => {
  it('drops every listener and notification but keeps the calls', async () => {
    const call = await desk.placeOutboundCall();
    const oldStore = Manager.getInstance().store;
    oldStore.subscribe(() => undefined);
    Manager.getInstance().events.addListener('taskAccepted', () => undefined);
    Notifications.registerNotification({ id: 'x', type: NotificationType.error });
    Notifications.showNotification('x');
    expect(desk.totalListenerCount()).toBe(2);

    desk.reloadPage();
    expect(Manager.getInstance().store).not.toBe(oldStore);
    expect(desk.totalListenerCount()).toBe(0);
    expect(Notifications.shown).toEqual([]);
    expect(call.task?.status).toBe('accepted');
  });

  it('can start without tasks until Flex loads them', async () => {
    const call = await desk.placeOutboundCall();
    desk.reloadPage({ tasksLoaded: false });
    expect(state().worker.tasks.size).toBe(0);
    desk.loadTasks();
    expect(call.task?.taskSid).toBe(call.taskSid);
  });
});

describe('stand-in desk: plumbing', () => {
  it('counts store subscriptions, and unsubscribing twice is harmless', () => {
    const store = Manager.getInstance().store;
    const off = store.subscribe(() => undefined);
    expect(desk.listenerCounts().store).toBe(1);
    off();
    off();
    expect(desk.listenerCounts().store).toBe(0);
  });

  it('churn notifies store subscribers without changing any call', async () => {
    const call = await desk.placeOutboundCall();
    const listener = jest.fn();
    Manager.getInstance().store.subscribe(listener);
    const before = call.task;
    desk.churn();
    expect(listener).toHaveBeenCalled();
    expect(call.task).not.toBe(before);
    expect(call.task).toMatchObject({ status: before?.status, taskSid: before?.taskSid });
  });

  it('records shown notifications, and shows nothing for an unregistered id', () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(Notifications.showNotification('missing')).toBeNull();
    expect(error).toHaveBeenCalled();
    Notifications.registerNotification({ id: 'n', type: NotificationType.warning, content: 'c' });
    const shown = Notifications.showNotification('n', { text: 'hello' });
    expect(shown?.context).toEqual({ text: 'hello' });
    expect(Notifications.shown).toEqual([{ id: 'n', type: NotificationType.warning, context: { text: 'hello' }, content: 'c' }]);
    expect(Notifications.isNotificationActive('n')).toBe(true);
    Notifications.dismissNotificationById('n');
    expect(Notifications.isNotificationActive('n')).toBe(false);
  });

  it('has a Flex-token-shaped user token and a Manager singleton', () => {
    expect(Manager.getInstance()).toBe(Manager.getInstance());
    expect(Manager.getInstance().user.token).toBe(DEFAULT_TOKEN);
    expect(DEFAULT_TOKEN.split('.')).toHaveLength(5);
    expect(looksLikeFlexToken(DEFAULT_TOKEN)).toBe(true);
  });
});
