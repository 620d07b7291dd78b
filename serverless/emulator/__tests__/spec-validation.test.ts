import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTES, startTwilioEmulator } from '../index';
import { DOCUMENTED_ENUMS, findOperation, operationForRoute } from '../spec';
import { specDirectory } from '../spec/documents';
import { DOCUMENTED_NULLABLE_REFS } from '../spec/documented-enums';
import { clientFor, rawRequest, restError, useEmulator } from './helpers';

const ctx = useEmulator();

/** A raw form POST, for what the twilio library would never send (bad enums, misspelt names). */
function postForm(path: string, form: Record<string, string>) {
  return rawRequest(ctx.emulator, 'POST', path, {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

function answeredCall() {
  const scenario = ctx.emulator.placeOutboundCall();
  ctx.emulator.answerCall(scenario.customerCallSid);
  const recordings = `/api.twilio.com/2010-04-01/Accounts/${ctx.emulator.accountSid}/Calls/${scenario.customerCallSid}/Recordings.json`;
  return { ...scenario, recordings };
}

describe('requests are validated against the official twilio-oai specs', () => {
  it('rejects a bad enum in a form body (RecordingChannels=stereo) with 400, and logs why', async () => {
    const { recordings, customerCallSid } = answeredCall();
    const { status, body } = await postForm(recordings, { RecordingChannels: 'stereo' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 20001, status: 400, more_info: 'https://www.twilio.com/docs/errors/20001' });
    expect(body.message).toContain('RecordingChannels');
    expect(ctx.emulator.recordingsForCall(customerCallSid)).toEqual([]);
    expect(ctx.emulator.specViolations()).toEqual([
      expect.objectContaining({
        routeId: 'CreateCallRecording',
        status: 400,
        violations: ["body RecordingChannels: must be equal to one of the allowed values (mono, dual), got 'stereo'"],
      }),
    ]);
  });

  it('rejects a value outside an enum the spec itself declares (form body and $ref enum)', async () => {
    const { recordings, customerCallSid } = answeredCall();
    const method = await postForm(recordings, { RecordingStatusCallbackMethod: 'PUT' });
    expect(method).toMatchObject({ status: 400, body: { code: 20001 } });
    // UpdateCallRecording's Status is a $ref to call_recording_enum_status.
    await ctx.client.calls(customerCallSid).recordings.create();
    const update = await postForm(recordings.replace('Recordings.json', 'Recordings/Twilio.CURRENT.json'), { Status: 'resumed' });
    expect(update).toMatchObject({ status: 400, body: { code: 20001 } });
    expect(ctx.emulator.specViolations().map((r) => r.violations)).toEqual([
      ["body RecordingStatusCallbackMethod: must be equal to one of the allowed values (GET, POST), got 'PUT'"],
      ["body Status: must be equal to one of the allowed values (in-progress, paused, stopped, processing, completed, absent), got 'resumed'"],
    ]);
  });

  it('rejects an unknown parameter (a misspelt name), in the body and in the query', async () => {
    const { recordings } = answeredCall();
    const misspelt = await postForm(recordings, { RecordingChannel: 'dual' });
    expect(misspelt).toMatchObject({ status: 400, body: { code: 20001 } });
    const query = await rawRequest(ctx.emulator, 'GET', `${recordings}?PageSize=5&Limit=5`);
    expect(query.status).toBe(400);
    expect(ctx.emulator.specViolations().map((r) => r.violations)).toEqual([
      ['body RecordingChannel: is not a parameter of this operation'],
      ['query Limit: is not a parameter of this operation'],
    ]);
  });

  it('rejects a missing required field', async () => {
    const { customerCallSid } = answeredCall();
    const recording = await ctx.client.calls(customerCallSid).recordings.create();
    const path = `/api.twilio.com/2010-04-01/Accounts/${ctx.emulator.accountSid}/Calls/${customerCallSid}/Recordings/${recording.sid}.json`;
    const { status, body } = await postForm(path, { PauseBehavior: 'skip' });
    expect(status).toBe(400);
    expect(body.message).toContain('Status: is required');
    expect(ctx.emulator.specViolations()[0]!.violations).toEqual(['body Status: is required']);
  });

  it('rejects wrong types and out-of-range values from form and query strings', async () => {
    const { taskSid } = ctx.emulator.placeOutboundCall();
    const task = `/taskrouter.twilio.com/v1/Workspaces/${ctx.emulator.workspaceSid}/Tasks/${taskSid}`;
    expect((await postForm(task, { Priority: 'high' })).status).toBe(400);
    expect((await postForm(task, { Priority: '5' })).status).toBe(200); // an integer, as a form string
    expect((await rawRequest(ctx.emulator, 'GET', `${task}/Reservations?PageSize=0`)).status).toBe(400);
    expect((await rawRequest(ctx.emulator, 'GET', `${task}/Reservations?ReservationStatus=done`)).status).toBe(400);
    expect(ctx.emulator.specViolations().map((r) => r.violations)).toEqual([
      ["body Priority: must be integer, got 'high'"],
      ["query PageSize: must be >= 1, got '0'"],
      [expect.stringMatching(/^query ReservationStatus: must be equal to one of the allowed values \(pending, accepted, .*\), got 'done'$/)],
    ]);
  });

  it('answers a malformed SID in the path as Twilio does (404), logging the violation', async () => {
    const { status, body } = await rawRequest(ctx.emulator, 'GET', `/api.twilio.com/2010-04-01/Accounts/${ctx.emulator.accountSid}/Calls/CA123.json`);
    expect(status).toBe(404);
    expect(body.code).toBe(20404);
    expect(ctx.emulator.specViolations()[0]!.violations).toEqual([
      "path Sid: must NOT have fewer than 34 characters, got 'CA123'",
      expect.stringContaining('path Sid: must match pattern'),
    ]);
  });

  it('passes every request the real twilio library builds for the product, with no violations', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid, conferenceSid, taskSid, workerSid, reservationSid, interactionSid, channelSid } = answeredCall();
    await client.calls(customerCallSid).fetch();
    const recording = await client.calls(customerCallSid).recordings.create({
      recordingChannels: 'dual',
      recordingStatusCallback: 'https://example.com/recording-status',
      recordingStatusCallbackEvent: ['in-progress', 'completed', 'absent'],
      recordingStatusCallbackMethod: 'POST',
      recordingTrack: 'both',
      trim: 'do-not-trim',
    });
    await client.calls(customerCallSid).recordings.list({ pageSize: 20, dateCreated: new Date() });
    await client.calls(customerCallSid).recordings(recording.sid).fetch();
    await client.calls(customerCallSid).recordings('Twilio.CURRENT').update({ status: 'paused', pauseBehavior: 'skip' });
    await client.recordings(recording.sid).fetch();
    await client.recordings.list({ pageSize: 1, callSid: customerCallSid, dateCreatedAfter: new Date(0), includeSoftDeleted: false });
    await client.conferences.list({ friendlyName: taskSid, status: 'in-progress' });
    await client.conferences(conferenceSid).fetch();
    await client.conferences(conferenceSid).participants.list({ muted: false, hold: false });
    await client.conferences(conferenceSid).participants(customerCallSid).fetch();
    const workspace = client.taskrouter.v1.workspaces(emulator.workspaceSid);
    await workspace.fetch();
    await workspace.tasks(taskSid).fetch();
    await workspace.tasks(taskSid).update({ attributes: JSON.stringify({ a: 1 }), priority: 3, ifMatch: '0' });
    await workspace.tasks(taskSid).reservations.list({ reservationStatus: 'accepted', workerSid });
    await workspace.tasks(taskSid).reservations(reservationSid).fetch();
    await workspace.workers(workerSid).reservations.list({ reservationStatus: 'accepted' });
    await client.calls(customerCallSid).recordings(recording.sid).update({ status: 'stopped' });
    // What the Conversation Intelligence hand-off asks (INTELLIGENCE_SERVICE_SID): a transcript of a completed recording.
    const serviceSid = 'GA' + 'a'.repeat(32);
    const transcript = await client.intelligence.v2.transcripts.create({
      serviceSid,
      channel: { media_properties: { source_sid: recording.sid }, participants: [{ channel_participant: 1, role: 'Customer' }, { channel_participant: 2, role: 'Agent', full_name: 'alice' }] },
      customerKey: taskSid,
    });
    await client.intelligence.v2.transcripts.list({ serviceSid, sourceSid: recording.sid, limit: 20 });
    await client.intelligence.v2.transcripts(transcript.sid).fetch();
    await client.calls(customerCallSid).recordings(recording.sid).remove();
    // What npm run doctor reads and npm run deploy -- --settings writes.
    await client.flexApi.v1.configuration().fetch();
    await client.flexApi.v1.configuration().update({ account_sid: emulator.accountSid, ui_attributes: { custom_data: { features: {} } } });
    // What the Functions read to prove a transfer's task was routed into the same call.
    await client.flexApi.v1.interaction(interactionSid).channels(channelSid).participants.list({ pageSize: 50, limit: 200 });
    // What npm run doctor reads to tell which trigger started recent recordings.
    await workspace.tasks.list({ pageSize: 50, limit: 50 });
    // What npm run coverage reads: TaskRouter's events, kept after the tasks are gone.
    await workspace.events.list({ startDate: new Date(Date.now() - 3_600_000), endDate: new Date(), eventType: 'task.completed', limit: 50 });
    // What pause and resume act on beside the product's recording (NATIVE_RECORDING keep): Flex's native one.
    const native = emulator.placeOutboundCall({ workerIdentity: 'native', conferenceOptions: { conferenceRecord: true } });
    const [nativeRecording] = await client.conferences(native.conferenceSid).recordings.list({ limit: 20 });
    await client.conferences(native.conferenceSid).recordings(nativeRecording.sid).fetch();
    await client.conferences(native.conferenceSid).recordings(nativeRecording.sid).update({ status: 'paused', pauseBehavior: 'skip' });
    emulator.hangUp(native.workerCallSid);
    await client.conferences(native.conferenceSid).recordings(nativeRecording.sid).remove();

    const log = emulator.requests();
    expect(log.every((entry) => entry.specValidated && entry.status !== null && entry.status < 300)).toBe(true);
    expect(emulator.specViolations()).toEqual([]);
    expect(new Set(log.map((entry) => entry.routeId))).toEqual(new Set(ROUTES.filter((r) => r.host !== 'iam').map((r) => r.id)));
  });

  it('checks even requests answered by a fault, so the contract does not depend on luck', async () => {
    const { recordings } = answeredCall();
    ctx.emulator.injectFault({ status: 503 });
    expect((await postForm(recordings, { RecordingChannels: 'stereo' })).status).toBe(503);
    expect(ctx.emulator.specViolations()).toHaveLength(1);
  });

  it("does not validate IAM's token endpoint, which is in no official spec", async () => {
    const token = ctx.emulator.issueFlexToken({ workerSid: 'WK' + '0'.repeat(32), identity: 'alice' });
    const { status } = await rawRequest(ctx.emulator, 'POST', `/iam.twilio.com/v1/Accounts/${ctx.emulator.accountSid}/Tokens/validate`, {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(status).toBe(200);
    expect(ctx.emulator.requests()[0]).toMatchObject({ routeId: 'ValidateToken', specValidated: false, specViolations: [] });
  });
});

describe('validation modes', () => {
  it("'report' logs violations but handles the request; strictParams: false accepts unknown parameters", async () => {
    const report = await startTwilioEmulator({ specValidation: 'report' });
    const lenient = await startTwilioEmulator({ strictParams: false });
    try {
      for (const emulator of [report, lenient]) {
        const { customerCallSid } = emulator.placeOutboundCall({ customer: 'answers' });
        const path = `/api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Calls/${customerCallSid}/Recordings.json`;
        const answer = await rawRequest(emulator, 'POST', path, {
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'RecordingChannels=dual&PlayBeep=true',
        });
        expect(answer.status).toBe(201);
      }
      expect(report.specViolations()[0]!.violations).toEqual(['body PlayBeep: is not a parameter of this operation']);
      expect(lenient.specViolations()).toEqual([]);
      // The handler still refuses what it cannot parse, whatever the mode.
      const { customerCallSid } = report.placeOutboundCall({ customer: 'answers' });
      expect(await restError(clientFor(report).calls(customerCallSid).recordings.create({ recordingChannels: 'stereo' }))).toMatchObject({ status: 400 });
    } finally {
      await report.close();
      await lenient.close();
    }
  });
});

describe('the route table and the spec agree', () => {
  const shape = (path: string) => path.replace(/\{[^}]+\}|:[A-Za-z]+/g, '*');

  it.each(ROUTES.filter((route) => route.host !== 'iam').map((route) => [route.id, route] as const))('%s is an official operation with the same method and path', (_id, route) => {
    const operation = operationForRoute(route);
    expect(operation).toBeDefined();
    expect(operation!.method).toBe(route.method);
    expect(shape(operation!.pathTemplate)).toBe(shape(route.path));
  });

  it('every value the emulator adds from prose is in the spec description it comes from', () => {
    const api = JSON.parse(readFileSync(join(specDirectory(), 'twilio_api_v2010.json'), 'utf8')) as {
      paths: Record<string, Record<string, { operationId?: string; requestBody?: { content: Record<string, { schema: { properties: Record<string, { description: string }> } }> } }>>;
      components: { schemas: Record<string, { description: string }> };
    };
    for (const [operationId, parameters] of Object.entries(DOCUMENTED_ENUMS)) {
      const operation = findOperation('api', operationId)!;
      const raw = api.paths[operation.pathTemplate]![operation.method.toLowerCase()]!;
      const properties = raw.requestBody!.content['application/x-www-form-urlencoded']!.schema.properties;
      for (const [name, values] of Object.entries(parameters)) {
        expect(operation.body!.properties[name]!.enum).toBeUndefined(); // still prose-only in the spec
        for (const value of values) expect(properties[name]!.description).toContain(`\`${value}\``);
      }
    }
    for (const ref of DOCUMENTED_NULLABLE_REFS) {
      expect(api.components.schemas[ref.split('/').pop()!]!.description).toContain('will be `null`');
    }
  });
});
