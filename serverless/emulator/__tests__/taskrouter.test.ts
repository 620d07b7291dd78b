import { startTwilioEmulator } from '../index';
import { clientFor, rawRequest, restError, useEmulator } from './helpers';

const ctx = useEmulator();

function taskPath(workspaceSid: string, taskSid: string): string {
  return `/taskrouter.twilio.com/v1/Workspaces/${workspaceSid}/Tasks/${taskSid}`;
}

describe('workspace', () => {
  it('fetches the configured workspace (FetchWorkspace): Flex\'s "Flex Task Assignment"', async () => {
    const { emulator, client } = ctx;
    const workspace = await client.taskrouter.v1.workspaces(emulator.workspaceSid).fetch();
    const url = `https://taskrouter.twilio.com/v1/Workspaces/${emulator.workspaceSid}`;
    expect(workspace).toMatchObject({
      sid: emulator.workspaceSid,
      accountSid: emulator.accountSid,
      friendlyName: 'Flex Task Assignment',
      defaultActivityName: 'Offline',
      timeoutActivityName: 'Offline',
      multiTaskEnabled: true,
      prioritizeQueueOrder: 'FIFO',
      eventCallbackUrl: null,
      url,
    });
    expect(workspace.defaultActivitySid).toMatch(/^WA[0-9a-f]{32}$/);
    expect(workspace.dateCreated).toBeInstanceOf(Date);
    expect(workspace.links).toMatchObject({ tasks: `${url}/Tasks`, workers: `${url}/Workers`, task_queues: `${url}/TaskQueues`, workflows: `${url}/Workflows` });
    // Stable across reset: the workspace is part of the emulator's identity, not of a scenario.
    emulator.reset();
    expect((await client.taskrouter.v1.workspaces(emulator.workspaceSid).fetch()).defaultActivitySid).toBe(workspace.defaultActivitySid);
  });

  it('answers 404 (20404) for another workspace, or a malformed SID', async () => {
    const { emulator, client } = ctx;
    expect(await restError(client.taskrouter.v1.workspaces('WS' + '0'.repeat(32)).fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(await restError(client.taskrouter.v1.workspaces('WS123').fetch())).toMatchObject({ status: 404, code: 20404 });
    const post = await rawRequest(emulator, 'DELETE', `/taskrouter.twilio.com/v1/Workspaces/${emulator.workspaceSid}`);
    expect(post).toMatchObject({ status: 405, body: { code: 20004 } });
  });
});

describe('tasks', () => {
  it('answers the task with attributes as a JSON string and an ETag header', async () => {
    const { emulator } = ctx;
    const scenario = emulator.placeOutboundCall({ workerIdentity: 'alice', customerNumber: '+15550001111', callerId: '+15550002222' });
    const { status, headers, body } = await rawRequest(emulator, 'GET', taskPath(emulator.workspaceSid, scenario.taskSid));
    expect(status).toBe(200);
    expect(headers.get('etag')).toBe('0');
    expect(body).toMatchObject({
      sid: scenario.taskSid,
      account_sid: emulator.accountSid,
      workspace_sid: emulator.workspaceSid,
      assignment_status: 'assigned',
      task_channel_unique_name: 'voice',
      url: `https://taskrouter.twilio.com/v1/Workspaces/${emulator.workspaceSid}/Tasks/${scenario.taskSid}`,
    });
    expect(body.date_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(typeof body.attributes).toBe('string');
    expect(JSON.parse(body.attributes)).toMatchObject({
      direction: 'outbound',
      to: '+15550001111',
      from: '+15550002222',
      name: '+15550001111',
      targetWorker: 'client:alice',
    });
  });

  it('updates with a current If-Match and bumps the ETag', async () => {
    const { emulator, client } = ctx;
    const { taskSid } = emulator.createTask({ attributes: { a: 1 }, assignmentStatus: 'assigned' });
    const workspace = client.taskrouter.v1.workspaces(emulator.workspaceSid);

    const fetched = await workspace.tasks(taskSid).fetchWithHttpInfo();
    const etag = fetched.headers['etag'] ?? fetched.headers['ETag'];
    expect(etag).toBe('0');
    const updated = await workspace.tasks(taskSid).update({ attributes: JSON.stringify({ a: 1, b: 2 }), ifMatch: etag });
    expect(JSON.parse(updated.attributes)).toEqual({ a: 1, b: 2 });
    expect(emulator.getTask(taskSid)).toMatchObject({ attributes: { a: 1, b: 2 }, etag: '1', version: 1 });

    const [post] = emulator.requests({ method: 'POST', routeId: 'UpdateTask' });
    expect(post!.headers['if-match']).toBe('0');
    expect(post!.form).toEqual({ Attributes: '{"a":1,"b":2}' });
  });

  it('answers 412 (20412) to a stale If-Match and writes nothing', async () => {
    const { emulator, client } = ctx;
    const { taskSid } = emulator.createTask({ attributes: { a: 1 } });
    emulator.setTaskAttributes(taskSid, { a: 1, other: 'writer' }); // ETag 0 -> 1
    const error = await restError(
      client.taskrouter.v1.workspaces(emulator.workspaceSid).tasks(taskSid).update({ attributes: '{"mine":true}', ifMatch: '0' }),
    );
    expect(error).toMatchObject({ status: 412, code: 20412 });
    expect(emulator.getTask(taskSid)).toMatchObject({ attributes: { a: 1, other: 'writer' }, etag: '1' });
  });

  it('produces a real 412 when a hook writes between the GET and the POST', async () => {
    const { emulator, client } = ctx;
    const { taskSid } = emulator.createTask({ attributes: { conversations: {} } });
    const tasks = client.taskrouter.v1.workspaces(emulator.workspaceSid).tasks;
    const hook = emulator.beforeHandle({ method: 'POST', host: 'taskrouter', pathPattern: /\/Tasks\/WT[0-9a-f]{32}$/ }, () => {
      emulator.setTaskAttributes(taskSid, { conversations: {}, concurrent: true });
    });

    const first = await tasks(taskSid).fetchWithHttpInfo();
    const conflict = await restError(tasks(taskSid).update({ attributes: '{"mine":1}', ifMatch: first.headers['etag'] }));
    expect(conflict.status).toBe(412);
    expect(hook.hits).toBe(1);

    // The retry re-reads and succeeds: the hook was one-shot.
    const second = await tasks(taskSid).fetchWithHttpInfo();
    const merged = { ...JSON.parse(second.body.attributes), mine: 1 };
    await tasks(taskSid).update({ attributes: JSON.stringify(merged), ifMatch: second.headers['etag'] });
    expect(emulator.getTask(taskSid).attributes).toEqual({ conversations: {}, concurrent: true, mine: 1 });
  });

  it('accepts If-Match quoted, weak, listed or *', async () => {
    const { emulator } = ctx;
    const { taskSid } = emulator.createTask();
    const path = taskPath(emulator.workspaceSid, taskSid);
    const post = (ifMatch: string) =>
      rawRequest(emulator, 'POST', path, {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'If-Match': ifMatch },
        body: 'Attributes=%7B%7D',
      });
    expect((await post('"0"')).status).toBe(200);
    expect((await post('W/"1"')).status).toBe(200);
    expect((await post('"7", "2"')).status).toBe(200);
    expect((await post('*')).status).toBe(200);
    expect((await post('4')).headers.get('etag')).toBe('5');
    expect((await post('4')).status).toBe(412);
  });

  it('writes the ETag quoted when configured', async () => {
    const quoted = await startTwilioEmulator({ etagStyle: 'quoted' });
    try {
      const { taskSid } = quoted.createTask();
      const { headers } = await rawRequest(quoted, 'GET', taskPath(quoted.workspaceSid, taskSid));
      expect(headers.get('etag')).toBe('"0"');
      const tasks = clientFor(quoted).taskrouter.v1.workspaces(quoted.workspaceSid).tasks;
      await expect(tasks(taskSid).update({ attributes: '{}', ifMatch: '"0"' })).resolves.toBeDefined();
    } finally {
      await quoted.close();
    }
  });

  it('validates task updates', async () => {
    const { emulator, client } = ctx;
    const { taskSid } = emulator.createTask({ assignmentStatus: 'pending' });
    const tasks = client.taskrouter.v1.workspaces(emulator.workspaceSid).tasks;
    expect(await restError(tasks(taskSid).update({ attributes: 'not json' }))).toMatchObject({ status: 400, code: 20001 });
    expect(await restError(tasks(taskSid).update({ attributes: '[1]' }))).toMatchObject({ status: 400 });
    expect(await restError(tasks(taskSid).update({ assignmentStatus: 'completed' }))).toMatchObject({ status: 400, code: 20001 });
    const canceled = await tasks(taskSid).update({ assignmentStatus: 'canceled', reason: 'test' });
    expect(canceled).toMatchObject({ assignmentStatus: 'canceled', reason: 'test' });
  });

  it('answers 404 for an unknown task or another workspace', async () => {
    const { emulator, client } = ctx;
    const { taskSid } = emulator.createTask();
    expect(await restError(client.taskrouter.v1.workspaces(emulator.workspaceSid).tasks('WT' + '0'.repeat(32)).fetch())).toMatchObject({
      status: 404,
      code: 20404,
    });
    expect(await restError(client.taskrouter.v1.workspaces('WS' + '0'.repeat(32)).tasks(taskSid).fetch())).toMatchObject({ status: 404 });
  });
});

describe('reservations', () => {
  it('lists a task\'s reservations with ReservationStatus and WorkerSid filters', async () => {
    const { emulator, client } = ctx;
    const scenario = emulator.placeOutboundCall({ workerIdentity: 'alice' });
    const { workerSid: bob } = emulator.createWorker({ identity: 'bob' });
    const { reservationSid: rejected } = emulator.createReservation({ taskSid: scenario.taskSid, workerSid: bob, status: 'rejected' });
    const reservations = client.taskrouter.v1.workspaces(emulator.workspaceSid).tasks(scenario.taskSid).reservations;

    expect((await reservations.list()).map((r) => r.sid)).toEqual([scenario.reservationSid, rejected]);
    const accepted = await reservations.list({ reservationStatus: 'accepted' });
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ sid: scenario.reservationSid, workerSid: scenario.workerSid, workerName: 'alice', taskSid: scenario.taskSid });
    expect(await reservations.list({ reservationStatus: 'accepted', workerSid: bob })).toEqual([]);
    expect((await reservations.list({ workerSid: bob })).map((r) => r.sid)).toEqual([rejected]);

    const fetched = await reservations(scenario.reservationSid).fetch();
    expect(fetched.reservationStatus).toBe('accepted');
  });

  it('answers reservation lists in the v1 envelope with meta', async () => {
    const { emulator } = ctx;
    const scenario = emulator.placeOutboundCall();
    const path = `/v1/Workspaces/${emulator.workspaceSid}/Tasks/${scenario.taskSid}/Reservations`;
    const { body } = await rawRequest(emulator, 'GET', `/taskrouter.twilio.com${path}?ReservationStatus=accepted`);
    expect(body).toEqual({
      reservations: [
        expect.objectContaining({
          sid: scenario.reservationSid,
          reservation_status: 'accepted',
          worker_sid: scenario.workerSid,
          task_sid: scenario.taskSid,
          url: `https://taskrouter.twilio.com${path}/${scenario.reservationSid}`,
        }),
      ],
      meta: {
        first_page_url: `https://taskrouter.twilio.com${path}?PageSize=50&Page=0&ReservationStatus=accepted`,
        key: 'reservations',
        next_page_url: null,
        page: 0,
        page_size: 50,
        previous_page_url: null,
        url: `https://taskrouter.twilio.com${path}?PageSize=50&Page=0&ReservationStatus=accepted`,
      },
    });
  });

  it('lists a worker\'s reservations filtered by status', async () => {
    const { emulator, client } = ctx;
    const first = emulator.placeOutboundCall({ workerIdentity: 'alice' });
    const second = emulator.placeOutboundCall({ workerSid: first.workerSid });
    emulator.setReservationStatus(first.reservationSid, 'completed');
    const reservations = client.taskrouter.v1.workspaces(emulator.workspaceSid).workers(first.workerSid).reservations;
    expect((await reservations.list()).map((r) => r.sid).sort()).toEqual([first.reservationSid, second.reservationSid].sort());
    expect((await reservations.list({ reservationStatus: 'accepted' })).map((r) => r.taskSid)).toEqual([second.taskSid]);
    expect(await restError(reservations.list({ reservationStatus: 'bogus' as 'accepted' }))).toMatchObject({ status: 400 });
  });
});
