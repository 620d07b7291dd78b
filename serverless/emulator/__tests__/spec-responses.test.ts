import { findOperation, validateResponse } from '../spec';
import { rawRequest, useEmulator } from './helpers';

const ctx = useEmulator();

/** Fetches raw JSON (not the library's camelCased objects) and checks it against the operation's schema. */
async function conforms(spec: 'api' | 'taskrouter' | 'flex', operationId: string, method: string, target: string, form?: Record<string, string>) {
  const { status, body } = await rawRequest(ctx.emulator, method, target, form
    ? { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() }
    : {});
  const operation = findOperation(spec, operationId)!;
  return { status, body, violations: validateResponse(operation, status, body) };
}

describe("the emulator's answers fit the official response schemas (objects closed: no invented fields)", () => {
  it('recordings: CreateCallRecording 201, fetch, list envelope, update, account-level fetch', async () => {
    const { emulator } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall({ customer: 'answers' });
    const calls = `/api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Calls/${customerCallSid}`;
    const created = await conforms('api', 'CreateCallRecording', 'POST', `${calls}/Recordings.json`, { RecordingChannels: 'dual' });
    expect(created).toMatchObject({ status: 201, violations: [] });
    const sid = created.body.sid as string;
    expect(await conforms('api', 'FetchCallRecording', 'GET', `${calls}/Recordings/${sid}.json`)).toMatchObject({ status: 200, violations: [] });
    expect(await conforms('api', 'ListCallRecording', 'GET', `${calls}/Recordings.json?PageSize=1`)).toMatchObject({ status: 200, violations: [] });
    expect(await conforms('api', 'UpdateCallRecording', 'POST', `${calls}/Recordings/${sid}.json`, { Status: 'stopped' })).toMatchObject({ status: 200, violations: [] });
    const account = `/api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${sid}.json`;
    expect(await conforms('api', 'FetchRecording', 'GET', account)).toMatchObject({ status: 200, violations: [] });
    const list = `/api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings.json`;
    expect(await conforms('api', 'ListRecording', 'GET', `${list}?PageSize=1`)).toMatchObject({ status: 200, body: { recordings: [{ sid }] }, violations: [] });
    expect(await conforms('api', 'FetchCall', 'GET', `${calls}.json`)).toMatchObject({ status: 200, violations: [] });
  });

  it('conferences and participants, while running and after they end (null end reason)', async () => {
    const { emulator } = ctx;
    const { conferenceSid, customerCallSid, taskSid } = emulator.placeOutboundCall({ customer: 'answers' });
    const base = `/api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Conferences`;
    expect(await conforms('api', 'ListConference', 'GET', `${base}.json?FriendlyName=${taskSid}`)).toMatchObject({ violations: [] });
    expect(await conforms('api', 'FetchConference', 'GET', `${base}/${conferenceSid}.json`)).toMatchObject({ body: { reason_conference_ended: null }, violations: [] });
    expect(await conforms('api', 'ListParticipant', 'GET', `${base}/${conferenceSid}/Participants.json`)).toMatchObject({ violations: [] });
    expect(await conforms('api', 'FetchParticipant', 'GET', `${base}/${conferenceSid}/Participants/${customerCallSid}.json`)).toMatchObject({ violations: [] });
    emulator.endConference(conferenceSid);
    expect(await conforms('api', 'FetchConference', 'GET', `${base}/${conferenceSid}.json`)).toMatchObject({ body: { status: 'completed' }, violations: [] });
  });

  it('TaskRouter: FetchWorkspace, FetchTask 200, UpdateTask, reservation lists (meta envelope) and fetch', async () => {
    const { emulator } = ctx;
    const { taskSid, reservationSid, workerSid } = emulator.placeOutboundCall();
    const workspace = `/taskrouter.twilio.com/v1/Workspaces/${emulator.workspaceSid}`;
    expect(await conforms('taskrouter', 'FetchWorkspace', 'GET', workspace)).toMatchObject({ status: 200, violations: [] });
    expect(await conforms('taskrouter', 'FetchTask', 'GET', `${workspace}/Tasks/${taskSid}`)).toMatchObject({ status: 200, violations: [] });
    expect(await conforms('taskrouter', 'UpdateTask', 'POST', `${workspace}/Tasks/${taskSid}`, { Attributes: '{}' })).toMatchObject({ status: 200, violations: [] });
    expect(await conforms('taskrouter', 'ListTaskReservation', 'GET', `${workspace}/Tasks/${taskSid}/Reservations`)).toMatchObject({ violations: [] });
    expect(await conforms('taskrouter', 'FetchTaskReservation', 'GET', `${workspace}/Tasks/${taskSid}/Reservations/${reservationSid}`)).toMatchObject({ violations: [] });
    expect(await conforms('taskrouter', 'ListWorkerReservation', 'GET', `${workspace}/Workers/${workerSid}/Reservations`)).toMatchObject({ violations: [] });
  });

  it('Flex: FetchConfiguration and UpdateConfiguration (JSON body)', async () => {
    const { emulator } = ctx;
    const target = '/flex-api.twilio.com/v1/Configuration';
    expect(await conforms('flex', 'FetchConfiguration', 'GET', target)).toMatchObject({ status: 200, body: { ui_attributes: {} }, violations: [] });
    const { status, body } = await rawRequest(emulator, 'POST', target, {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ account_sid: emulator.accountSid, ui_attributes: { colorTheme: { isLight: true } } }),
    });
    expect(status).toBe(200);
    expect(validateResponse(findOperation('flex', 'UpdateConfiguration')!, status, body)).toEqual([]);
  });

  it('would catch an invented field, a wrong type or a wrong date format', () => {
    const operation = findOperation('api', 'FetchCallRecording')!;
    const good = { sid: 'RE' + 'a'.repeat(32), channels: 2, status: 'in-progress', date_created: 'Tue, 10 Aug 2010 08:02:17 +0000' };
    expect(validateResponse(operation, 200, good)).toEqual([]);
    expect(validateResponse(operation, 200, { ...good, recording_channels: 2 })).toEqual(['must NOT have additional properties: recording_channels']);
    expect(validateResponse(operation, 200, { ...good, channels: '2' })).toEqual(['/channels must be integer']);
    expect(validateResponse(operation, 200, { ...good, date_created: '2010-08-10T08:02:17Z' })).toEqual(['/date_created must match format "date-time-rfc-2822"']);
    expect(validateResponse(operation, 404, { code: 20404 })).toEqual([]); // errors have no schema in the specs
  });

  it('logs the check on every answer (responseViolations), which the shared test helper asserts empty', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall();
    await client.calls(customerCallSid).fetch();
    expect(emulator.requests()[0]).toMatchObject({ specValidated: true, responseViolations: [] });
  });
});
