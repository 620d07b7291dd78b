import { rawRequest, restError, useEmulator } from './helpers';

const ctx = useEmulator();

/** Every task event the emulator answers for one task, oldest first, as [type, assignment status]. */
async function eventsOf(taskSid: string, extra: Record<string, unknown> = {}) {
  const { emulator, client } = ctx;
  const events = await client.taskrouter.v1.workspaces(emulator.workspaceSid).events.list({ taskSid, startDate: new Date(Date.now() - 3_600_000), ...extra });
  return events.reverse();
}

describe('TaskRouter Events (ListEvent)', () => {
  it('records each task change with the task as it was then, and keeps the events after the task is removed', async () => {
    const { emulator, client } = ctx;
    const call = emulator.placeOutboundCall({ workerIdentity: 'alice', customerNumber: '+14155550100' });
    emulator.setTaskAttributes(call.taskSid, { ...emulator.getTask(call.taskSid).attributes, marker: 1 });
    emulator.completeTask(call.taskSid);
    emulator.removeTask(call.taskSid);
    // Gone from the Tasks resource, as TaskRouter deletes completed tasks after ~5 minutes...
    expect(await restError(client.taskrouter.v1.workspaces(emulator.workspaceSid).tasks(call.taskSid).fetch())).toMatchObject({ status: 404 });
    // ...but its history remains.
    const events = await eventsOf(call.taskSid);
    expect(events.map((event) => event.eventType)).toEqual(['task.created', 'task.updated', 'task.wrapup', 'task.completed']);
    const completed = events[events.length - 1]!;
    expect(completed).toMatchObject({ resourceSid: call.taskSid, resourceType: 'task', workspaceSid: emulator.workspaceSid, accountSid: emulator.accountSid });
    expect(completed.sid).toMatch(/^EV[0-9a-f]{32}$/);
    expect(completed.eventDate).toBeInstanceOf(Date);
    const data = completed.eventData as Record<string, unknown>;
    expect(data).toMatchObject({ task_sid: call.taskSid, task_assignment_status: 'completed', task_channel_unique_name: 'voice' });
    expect(JSON.parse(String(data.task_attributes))).toMatchObject({ direction: 'outbound', marker: 1 });
    // The created event carries the attributes of that moment, not the later ones.
    expect(JSON.parse(String((events[0]!.eventData as Record<string, unknown>).task_attributes)).marker).toBeUndefined();
    expect(emulator.specViolations()).toEqual([]);
  });

  it('filters by EventType and by date range, and pages', async () => {
    const { emulator, client } = ctx;
    const first = emulator.placeOutboundCall({ workerIdentity: 'alice' });
    emulator.completeTask(first.taskSid);
    emulator.advanceClock(2 * 3_600_000);
    const boundary = emulator.now();
    const second = emulator.placeOutboundCall({ workerIdentity: 'bob' });
    emulator.completeTask(second.taskSid);
    const workspace = client.taskrouter.v1.workspaces(emulator.workspaceSid);
    // The library sends whole seconds: an end bound of "now" would cut off this second's events.
    const end = new Date(emulator.now().getTime() + 1000);
    const all = await workspace.events.list({ eventType: 'task.completed', startDate: new Date(boundary.getTime() - 4 * 3_600_000), endDate: end });
    expect(all.map((event) => (event.eventData as { task_sid: string }).task_sid).sort()).toEqual([first.taskSid, second.taskSid].sort());
    const later = await workspace.events.list({ eventType: 'task.completed', startDate: boundary, endDate: end });
    expect(later.map((event) => (event.eventData as { task_sid: string }).task_sid)).toEqual([second.taskSid]);
    // Two per page: the library follows next_page_url until every created event is read.
    const created = await workspace.events.list({ eventType: 'task.created', startDate: new Date(boundary.getTime() - 4 * 3_600_000), endDate: end, pageSize: 1 });
    expect(created).toHaveLength(2);
    expect(emulator.requests({ routeId: 'ListEvent' }).length).toBeGreaterThanOrEqual(4);
    expect(emulator.specViolations()).toEqual([]);
  });

  it('lists the last 15 minutes by default, and nothing for worker or reservation filters (only task events are kept)', async () => {
    const { emulator, client } = ctx;
    const old = emulator.placeOutboundCall({ workerIdentity: 'alice' });
    emulator.advanceClock(20 * 60_000);
    const recent = emulator.placeOutboundCall({ workerIdentity: 'bob' });
    const workspace = client.taskrouter.v1.workspaces(emulator.workspaceSid);
    const sids = (await workspace.events.list({ eventType: 'task.created' })).map((event) => (event.eventData as { task_sid: string }).task_sid);
    expect(sids).toEqual([recent.taskSid]);
    expect(sids).not.toContain(old.taskSid);
    expect(await workspace.events.list({ workerSid: recent.workerSid, minutes: 60 })).toEqual([]);
  });

  it('refuses a StartDate that is not a date-time (400)', async () => {
    const { emulator } = ctx;
    const answer = await rawRequest(emulator, 'GET', `/taskrouter.twilio.com/v1/Workspaces/${emulator.workspaceSid}/Events?StartDate=yesterday`);
    expect(answer.status).toBe(400);
  });
});
