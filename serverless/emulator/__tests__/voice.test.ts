import { clientFor, rawRequest, restError, useEmulator } from './helpers';

const ctx = useEmulator();

describe('calls and conferences', () => {
  it('fetches a call with the 2010-04-01 shape', async () => {
    const { emulator, client } = ctx;
    const scenario = emulator.placeOutboundCall({ workerIdentity: 'alice', customerNumber: '+15550001111', callerId: '+15550002222' });

    const call = await client.calls(scenario.customerCallSid).fetch();
    expect(call.sid).toBe(scenario.customerCallSid);
    expect(call.status).toBe('ringing');
    expect(call.to).toBe('+15550001111');
    expect(call.from).toBe('+15550002222');

    const raw = await rawRequest(emulator, 'GET', `/api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Calls/${scenario.workerCallSid}.json`);
    expect(raw.status).toBe(200);
    expect(raw.body).toMatchObject({
      sid: scenario.workerCallSid,
      account_sid: emulator.accountSid,
      to: 'client:alice',
      status: 'in-progress',
      api_version: '2010-04-01',
      uri: `/2010-04-01/Accounts/${emulator.accountSid}/Calls/${scenario.workerCallSid}.json`,
    });
    expect(raw.body.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
  });

  it('names the conference after the task and lists only joined participants', async () => {
    const { emulator, client } = ctx;
    const scenario = emulator.placeOutboundCall();

    const conference = await client.conferences(scenario.conferenceSid).fetch();
    expect(conference.friendlyName).toBe(scenario.taskSid);
    expect(conference.status).toBe('in-progress');

    const before = await client.conferences(scenario.conferenceSid).participants.list();
    expect(before.map((p) => p.callSid)).toEqual([scenario.workerCallSid]);
    expect(await restError(client.conferences(scenario.conferenceSid).participants(scenario.customerCallSid).fetch())).toMatchObject({
      status: 404,
      code: 20404,
    });

    emulator.answerCall(scenario.customerCallSid);
    const participant = await client.conferences(scenario.conferenceSid).participants(scenario.customerCallSid).fetch();
    expect(participant).toMatchObject({ callSid: scenario.customerCallSid, conferenceSid: scenario.conferenceSid, status: 'connected' });
    const after = await client.conferences(scenario.conferenceSid).participants.list();
    expect(after.map((p) => p.callSid)).toEqual([scenario.workerCallSid, scenario.customerCallSid]);
  });

  it('answers participant lists in the 2010-04-01 paging envelope', async () => {
    const { emulator } = ctx;
    const scenario = emulator.placeOutboundCall();
    emulator.addParticipant(scenario.conferenceSid, { to: 'client:supervisor', label: 'supervisor', coaching: true });
    const path = `/2010-04-01/Accounts/${emulator.accountSid}/Conferences/${scenario.conferenceSid}/Participants.json`;

    const { status, body } = await rawRequest(emulator, 'GET', `/api.twilio.com${path}?PageSize=1`);
    expect(status).toBe(200);
    expect(body).toEqual({
      participants: [expect.objectContaining({ call_sid: scenario.workerCallSid, label: null })],
      end: 0,
      first_page_uri: `${path}?PageSize=1&Page=0`,
      next_page_uri: `${path}?PageSize=1&Page=1&PageToken=PA1`,
      page: 0,
      page_size: 1,
      previous_page_uri: null,
      start: 0,
      uri: `${path}?PageSize=1&Page=0`,
    });

    // The library follows next_page_uri through the seam.
    const all = await ctx.client.conferences(scenario.conferenceSid).participants.list({ pageSize: 1 });
    expect(all).toHaveLength(2);
    const coaching = await ctx.client.conferences(scenario.conferenceSid).participants.list({ coaching: true });
    expect(coaching.map((p) => p.label)).toEqual(['supervisor']);
    // A participant can also be fetched by label.
    const byLabel = await ctx.client.conferences(scenario.conferenceSid).participants('supervisor').fetch();
    expect(byLabel.coaching).toBe(true);
  });

  it('finds the conference by friendly name', async () => {
    const { emulator, client } = ctx;
    const scenario = emulator.placeOutboundCall();
    emulator.placeOutboundCall();
    const found = await client.conferences.list({ friendlyName: scenario.taskSid, status: 'in-progress' });
    expect(found.map((c) => c.sid)).toEqual([scenario.conferenceSid]);
  });

  it('ends a conference when its last participant leaves', () => {
    const { emulator } = ctx;
    const scenario = emulator.placeOutboundCall();
    emulator.answerCall(scenario.customerCallSid);
    emulator.hangUp(scenario.customerCallSid);
    expect(emulator.getConference(scenario.conferenceSid)).toMatchObject({ status: 'in-progress', participants: [{ callSid: scenario.workerCallSid }] });
    emulator.hangUp(scenario.workerCallSid);
    expect(emulator.getConference(scenario.conferenceSid)).toMatchObject({ status: 'completed', participants: [] });
  });

  it('can list a customer leg as a ringing participant before it is answered (customerListedWhileRinging)', async () => {
    const { emulator, client } = ctx;
    const scenario = emulator.placeOutboundCall({ customerListedWhileRinging: true });
    const ringing = await client.conferences(scenario.conferenceSid).participants(scenario.customerCallSid).fetch();
    expect(ringing).toMatchObject({ callSid: scenario.customerCallSid, status: 'ringing' });
    expect((await client.calls(scenario.customerCallSid).fetch()).status).toBe('ringing');
    expect(await restError(client.calls(scenario.customerCallSid).recordings.create({ recordingChannels: 'dual' }))).toMatchObject({ status: 400, code: 21220 });

    emulator.answerCall(scenario.customerCallSid);
    const connected = await client.conferences(scenario.conferenceSid).participants(scenario.customerCallSid).fetch();
    expect(connected.status).toBe('connected');
    const listed = await client.conferences(scenario.conferenceSid).participants.list();
    expect(listed.map((p) => [p.callSid, p.status])).toEqual([
      [scenario.workerCallSid, 'connected'],
      [scenario.customerCallSid, 'connected'],
    ]);
  });

  it('removes a ringing participant that is never answered, and can add a new ringing leg the same way', async () => {
    const { emulator } = ctx;
    const scenario = emulator.placeOutboundCall({ customerListedWhileRinging: true });
    emulator.hangUp(scenario.customerCallSid);
    expect(emulator.getCall(scenario.customerCallSid).status).toBe('no-answer');
    expect(emulator.getConference(scenario.conferenceSid).participants.map((p) => p.callSid)).toEqual([scenario.workerCallSid]);
    const again = emulator.addParticipant(scenario.conferenceSid, { to: scenario.customerNumber, ringing: true, listedWhileRinging: true });
    expect(emulator.getConference(scenario.conferenceSid).participants.map((p) => [p.callSid, p.status])).toEqual([
      [scenario.workerCallSid, 'connected'],
      [again.callSid, 'ringing'],
    ]);
    emulator.answerCall(again.callSid);
    expect(emulator.getConference(scenario.conferenceSid).participants.at(-1)).toMatchObject({ callSid: again.callSid, status: 'connected' });
  });
});

describe('call recordings', () => {
  function answeredCall() {
    const scenario = ctx.emulator.placeOutboundCall();
    ctx.emulator.answerCall(scenario.customerCallSid);
    return scenario;
  }

  it('creates a dual-channel recording and logs the exact request', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = answeredCall();

    const recording = await client.calls(customerCallSid).recordings.create({
      recordingChannels: 'dual',
      recordingStatusCallback: 'https://example.com/recording-status',
      recordingStatusCallbackEvent: ['in-progress', 'completed', 'absent'],
    });
    expect(recording).toMatchObject({ callSid: customerCallSid, channels: 2, status: 'in-progress', source: 'StartCallRecordingAPI', track: 'both' });
    expect(recording.sid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(recording.startTime).toBeInstanceOf(Date);

    const [sent] = emulator.requests({ method: 'POST', routeId: 'CreateCallRecording' });
    expect(sent).toMatchObject({ hostKind: 'api', host: 'api.twilio.com', status: 201 });
    expect(sent!.form).toEqual({
      RecordingChannels: 'dual',
      RecordingStatusCallback: 'https://example.com/recording-status',
      RecordingStatusCallbackEvent: ['in-progress', 'completed', 'absent'],
    });
    expect(emulator.recordingsForCall(customerCallSid)).toEqual([
      expect.objectContaining({ sid: recording.sid, channels: 2, statusCallbackEvents: ['in-progress', 'completed', 'absent'] }),
    ]);
  });

  it('answers the documented recording JSON', async () => {
    const { emulator } = ctx;
    const { customerCallSid } = answeredCall();
    const path = `/2010-04-01/Accounts/${emulator.accountSid}/Calls/${customerCallSid}/Recordings.json`;
    const { status, body } = await rawRequest(emulator, 'POST', `/api.twilio.com${path}`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'RecordingChannels=dual',
    });
    expect(status).toBe(201);
    expect(body).toEqual({
      account_sid: emulator.accountSid,
      api_version: '2010-04-01',
      call_sid: customerCallSid,
      conference_sid: null,
      channels: 2,
      date_created: expect.stringMatching(/\+0000$/),
      date_updated: expect.stringMatching(/\+0000$/),
      start_time: expect.stringMatching(/\+0000$/),
      duration: '-1',
      encryption_details: null,
      error_code: null,
      price: null,
      price_unit: 'USD',
      sid: expect.stringMatching(/^RE[0-9a-f]{32}$/),
      source: 'StartCallRecordingAPI',
      status: 'in-progress',
      track: 'both',
      uri: `/2010-04-01/Accounts/${emulator.accountSid}/Calls/${customerCallSid}/Recordings/${body.sid}.json`,
    });
  });

  it('records mono by default, and a single track is always mono', async () => {
    const { client } = ctx;
    const { customerCallSid } = answeredCall();
    expect((await client.calls(customerCallSid).recordings.create()).channels).toBe(1);
    expect((await client.calls(customerCallSid).recordings.create({ recordingChannels: 'dual', recordingTrack: 'inbound' })).channels).toBe(1);
  });

  it('takes RecordingStatusCallbackEvent space-separated too, defaulting to completed', async () => {
    const { emulator } = ctx;
    const { customerCallSid } = answeredCall();
    const path = `/api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Calls/${customerCallSid}/Recordings.json`;
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    await rawRequest(emulator, 'POST', path, { headers: form, body: 'RecordingStatusCallbackEvent=in-progress%20completed' });
    await rawRequest(emulator, 'POST', path, { headers: form, body: '' });
    expect(emulator.recordingsForCall(customerCallSid).map((r) => r.statusCallbackEvents)).toEqual([['in-progress', 'completed'], ['completed']]);
  });

  it('refuses to record a call that is not in progress (21220)', async () => {
    const { emulator, client } = ctx;
    const scenario = emulator.placeOutboundCall();
    const ringing = await restError(client.calls(scenario.customerCallSid).recordings.create({ recordingChannels: 'dual' }));
    expect(ringing).toMatchObject({ status: 400, code: 21220, moreInfo: 'https://www.twilio.com/docs/errors/21220' });

    emulator.answerCall(scenario.customerCallSid);
    emulator.hangUp(scenario.customerCallSid);
    const completed = await restError(client.calls(scenario.customerCallSid).recordings.create({ recordingChannels: 'dual' }));
    expect(completed).toMatchObject({ status: 400, code: 21220 });
    expect(emulator.recordingsForCall(scenario.customerCallSid)).toEqual([]);
  });

  it('rejects unknown parameters and invalid enum values', async () => {
    const { emulator } = ctx;
    const { customerCallSid } = answeredCall();
    const path = `/api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Calls/${customerCallSid}/Recordings.json`;
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const misspelt = await rawRequest(emulator, 'POST', path, { headers: form, body: 'RecordingChannel=dual' });
    expect(misspelt.status).toBe(400);
    expect(misspelt.body).toMatchObject({ code: 20001, message: expect.stringContaining('RecordingChannel'), status: 400 });
    const badEnum = await rawRequest(emulator, 'POST', path, { headers: form, body: 'RecordingChannels=stereo' });
    expect(badEnum.status).toBe(400);
    const badEvent = await rawRequest(emulator, 'POST', path, { headers: form, body: 'RecordingStatusCallbackEvent=started' });
    expect(badEvent.status).toBe(400);
    expect(emulator.recordingsForCall(customerCallSid)).toEqual([]);
  });

  it('lists a call\'s recordings newest first in the paging envelope', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = answeredCall();
    const first = await client.calls(customerCallSid).recordings.create({ recordingChannels: 'dual' });
    emulator.advanceClock(1000);
    const second = await client.calls(customerCallSid).recordings.create({ recordingChannels: 'dual' });

    const listed = await client.calls(customerCallSid).recordings.list();
    expect(listed.map((r) => r.sid)).toEqual([second.sid, first.sid]);
    const today = emulator.now().toISOString().slice(0, 10);
    expect(await client.calls(customerCallSid).recordings.list({ dateCreated: new Date(`${today}T00:00:00Z`) })).toHaveLength(2);

    const path = `/2010-04-01/Accounts/${emulator.accountSid}/Calls/${customerCallSid}/Recordings.json`;
    const { body } = await rawRequest(emulator, 'GET', `/api.twilio.com${path}`);
    expect(Object.keys(body).sort()).toEqual(
      ['end', 'first_page_uri', 'next_page_uri', 'page', 'page_size', 'previous_page_uri', 'recordings', 'start', 'uri'].sort(),
    );
    expect(body).toMatchObject({ page: 0, page_size: 50, next_page_uri: null, start: 0, end: 1 });
  });

  it('lists the account\'s recordings (ListRecording): newest first, paged, filtered by CallSid/ConferenceSid/DateCreated', async () => {
    const { emulator, client } = ctx;
    const one = answeredCall();
    const two = answeredCall();
    const a = await client.calls(one.customerCallSid).recordings.create({ recordingChannels: 'dual' });
    emulator.advanceClock(1000);
    const b = await client.calls(two.customerCallSid).recordings.create({ recordingChannels: 'dual' });
    emulator.advanceClock(1000);
    const c = await client.calls(one.customerCallSid).recordings.create({ recordingChannels: 'dual' });

    const all = await client.recordings.list();
    expect(all.map((r) => r.sid)).toEqual([c.sid, b.sid, a.sid]);
    expect(all[0]).toMatchObject({ callSid: one.customerCallSid, conferenceSid: null, channels: 2, status: 'in-progress' });
    expect(all[0]!.mediaUrl).toBe(`https://api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${c.sid}`);

    // The page the doctor asks for, and the library's paging across pages of one.
    const page = await client.api.v2010.accounts(emulator.accountSid).recordings.page({ pageSize: 1 });
    expect(page.instances.map((r) => r.sid)).toEqual([c.sid]);
    expect(emulator.requests({ routeId: 'ListRecording' }).at(-1)?.query).toEqual({ PageSize: '1' });
    expect((await client.recordings.list({ pageSize: 1 })).map((r) => r.sid)).toEqual([c.sid, b.sid, a.sid]);

    expect((await client.recordings.list({ callSid: one.customerCallSid })).map((r) => r.sid)).toEqual([c.sid, a.sid]);
    expect(await client.recordings.list({ conferenceSid: one.conferenceSid })).toEqual([]); // call recordings only here
    const today = new Date(`${emulator.now().toISOString().slice(0, 10)}T00:00:00Z`);
    expect(await client.recordings.list({ dateCreated: today })).toHaveLength(3);
    expect(await client.recordings.list({ dateCreatedBefore: new Date(today.getTime() - 86_400_000) })).toEqual([]);
    expect(await client.recordings.list({ dateCreatedAfter: today, includeSoftDeleted: true })).toHaveLength(3);

    const path = `/2010-04-01/Accounts/${emulator.accountSid}/Recordings.json`;
    const { body } = await rawRequest(emulator, 'GET', `/api.twilio.com${path}?PageSize=2&Page=1&CallSid=${one.customerCallSid}`);
    expect(body).toMatchObject({ page: 1, page_size: 2, start: 2, end: 2, next_page_uri: null, recordings: [] });
    expect(body.previous_page_uri).toBe(`${path}?PageSize=2&Page=0&CallSid=${one.customerCallSid}`);

    const badSid = await rawRequest(emulator, 'GET', `/api.twilio.com${path}?CallSid=CA123`);
    expect(badSid).toMatchObject({ status: 400, body: { code: 20001 } });
    const otherAccount = await rawRequest(emulator, 'GET', `/api.twilio.com/2010-04-01/Accounts/AC${'0'.repeat(32)}/Recordings.json`);
    expect(otherAccount).toMatchObject({ status: 401, body: { code: 20003 } }); // another account: refused like bad credentials
  });

  it('pauses, resumes and stops Twilio.CURRENT', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = answeredCall();
    const created = await client.calls(customerCallSid).recordings.create({ recordingChannels: 'dual' });

    const paused = await client.calls(customerCallSid).recordings('Twilio.CURRENT').update({ status: 'paused', pauseBehavior: 'skip' });
    expect(paused).toMatchObject({ sid: created.sid, status: 'paused' });
    emulator.advanceClock(10_000); // skipped: not counted in the duration
    const resumed = await client.calls(customerCallSid).recordings(created.sid).update({ status: 'in-progress' });
    expect(resumed.status).toBe('in-progress');
    emulator.advanceClock(5_000);
    const stopped = await client.calls(customerCallSid).recordings('Twilio.CURRENT').update({ status: 'stopped' });
    expect(stopped.status).toBe('stopped');
    expect(stopped.duration).toBe('5');

    expect(emulator.recordingsForCall(customerCallSid)).toEqual([expect.objectContaining({ status: 'completed', durationSeconds: 5 })]);
    // Nothing is current any more.
    expect(await restError(client.calls(customerCallSid).recordings('Twilio.CURRENT').update({ status: 'paused' }))).toMatchObject({
      status: 404,
      code: 20404,
    });
  });

  it('completes active recordings when the call hangs up, and queues their status callbacks', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = answeredCall();
    const recording = await client.calls(customerCallSid).recordings.create({
      recordingChannels: 'dual',
      recordingStatusCallback: 'https://example.com/cb',
      recordingStatusCallbackEvent: ['in-progress', 'completed'],
    });
    emulator.advanceClock(42_000);
    emulator.hangUp(customerCallSid);

    const fetched = await client.calls(customerCallSid).recordings(recording.sid).fetch();
    expect(fetched).toMatchObject({ status: 'completed', duration: '42' });
    const call = await client.calls(customerCallSid).fetch();
    expect(call).toMatchObject({ status: 'completed', duration: '42' });

    expect(emulator.statusCallbacks()).toEqual([
      expect.objectContaining({ url: 'https://example.com/cb', method: 'POST', event: 'in-progress' }),
      expect.objectContaining({
        event: 'completed',
        params: expect.objectContaining({
          RecordingSid: recording.sid,
          CallSid: customerCallSid,
          RecordingStatus: 'completed',
          RecordingDuration: '42',
          RecordingChannels: '2',
          RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${recording.sid}`,
        }),
      }),
    ]);

    const accountLevel = await client.recordings(recording.sid).fetch();
    expect(accountLevel.mediaUrl).toBe(`https://api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${recording.sid}`);
  });

  it('accepts an API key and secret', async () => {
    const { emulator } = ctx;
    const { customerCallSid } = answeredCall();
    const keyClient = clientFor(emulator, { useApiKey: true });
    await expect(keyClient.calls(customerCallSid).recordings.create({ recordingChannels: 'dual' })).resolves.toMatchObject({ channels: 2 });
  });
});
