import { rawRequest, restError, useEmulator } from './helpers';

const ctx = useEmulator();
const SERVICE = 'GA' + 'a'.repeat(32);
const TARGET = '/intelligence.twilio.com/v2/Transcripts';

/** A dual-channel recording of an answered customer leg, completed by the hang-up. */
async function completedRecording(): Promise<string> {
  const { emulator, client } = ctx;
  const call = emulator.placeOutboundCall({ customerNumber: '+14155550100' });
  emulator.answerCall(call.customerCallSid);
  const recording = await client.calls(call.customerCallSid).recordings.create({ recordingChannels: 'dual' });
  emulator.hangUp(call.customerCallSid);
  return recording.sid;
}

function channelFor(recordingSid: string) {
  return {
    media_properties: { source_sid: recordingSid },
    participants: [
      { channel_participant: 1, role: 'Customer', media_participant_id: '+14155550100' },
      { channel_participant: 2, role: 'Agent', user_id: 'alice' },
    ],
  };
}

function post(form: Record<string, string>) {
  return rawRequest(ctx.emulator, 'POST', TARGET, {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

describe('Conversation Intelligence v2 transcripts (intelligence.twilio.com/v2/Transcripts)', () => {
  it('creates a transcript of a completed recording (202, queued), validated against twilio_intelligence_v2.json, and keeps it by source', async () => {
    const { emulator, client } = ctx;
    const recordingSid = await completedRecording();
    const transcript = await client.intelligence.v2.transcripts.create({ serviceSid: SERVICE, channel: channelFor(recordingSid), customerKey: 'WT1' });
    expect(transcript).toMatchObject({ serviceSid: SERVICE, status: 'queued', customerKey: 'WT1', accountSid: emulator.accountSid });
    expect(transcript.sid).toMatch(/^GT[0-9a-f]{32}$/);
    expect(emulator.requests({ routeId: 'CreateTranscript' })[0]).toMatchObject({ host: 'intelligence.twilio.com', hostKind: 'intelligence', specValidated: true, status: 202 });
    expect(emulator.specViolations()).toEqual([]);
    expect(emulator.transcripts()).toEqual([
      expect.objectContaining({ sid: transcript.sid, sourceSid: recordingSid, participants: channelFor(recordingSid).participants }),
    ]);
  });

  it('lists by SourceSid and ServiceSid, and fetches one; an unknown SID is 404', async () => {
    const { client } = ctx;
    const first = await completedRecording();
    const second = await completedRecording();
    const a = await client.intelligence.v2.transcripts.create({ serviceSid: SERVICE, channel: channelFor(first) });
    await client.intelligence.v2.transcripts.create({ serviceSid: SERVICE, channel: channelFor(second) });
    const ofFirst = await client.intelligence.v2.transcripts.list({ serviceSid: SERVICE, sourceSid: first });
    expect(ofFirst.map((t) => t.sid)).toEqual([a.sid]);
    expect(await client.intelligence.v2.transcripts.list({ serviceSid: 'GA' + 'b'.repeat(32) })).toEqual([]);
    expect((await client.intelligence.v2.transcripts(a.sid).fetch()).sid).toBe(a.sid);
    expect(await restError(client.intelligence.v2.transcripts('GT' + 'c'.repeat(32)).fetch())).toMatchObject({ status: 404 });
  });

  it('refuses what the spec refuses (ServiceSid pattern, missing Channel) and what the documentation asks of Channel', async () => {
    const { emulator } = ctx;
    const recordingSid = await completedRecording();
    const channel = JSON.stringify(channelFor(recordingSid));
    expect(await post({ ServiceSid: 'GA123', Channel: channel })).toMatchObject({ status: 400, body: { code: 20001, message: expect.stringContaining('ServiceSid') } });
    expect(await post({ ServiceSid: SERVICE })).toMatchObject({ status: 400, body: { message: expect.stringContaining('Channel') } });
    expect(await post({ ServiceSid: SERVICE, Channel: 'not json' })).toMatchObject({ status: 400, body: { message: 'Channel must be a JSON object' } });
    expect(await post({ ServiceSid: SERVICE, Channel: JSON.stringify({ media_properties: { source_sid: 'RE' + 'd'.repeat(32) } }) })).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('is not a recording of this account') },
    });
    const twice = { media_properties: { source_sid: recordingSid }, participants: [{ channel_participant: 1 }, { channel_participant: 1 }] };
    expect(await post({ ServiceSid: SERVICE, Channel: JSON.stringify(twice) })).toMatchObject({ status: 400, body: { message: expect.stringContaining('twice') } });
    expect(await post({ ServiceSid: SERVICE, Channel: channel, CustomerKey: 'x'.repeat(65) })).toMatchObject({ status: 400 });
    expect(emulator.transcripts()).toEqual([]);
    // The spec check is what refused the first two, before the handler ran.
    expect(emulator.specViolations().map((v) => v.violations.join(' '))).toEqual([expect.stringContaining('ServiceSid'), expect.stringContaining('Channel: is required')]);
  });

  it('refuses a recording that has not completed yet (nothing to transcribe)', async () => {
    const { emulator, client } = ctx;
    const call = emulator.placeOutboundCall({ customerNumber: '+14155550100' });
    emulator.answerCall(call.customerCallSid);
    const recording = await client.calls(call.customerCallSid).recordings.create({ recordingChannels: 'dual' });
    expect(await restError(client.intelligence.v2.transcripts.create({ serviceSid: SERVICE, channel: channelFor(recording.sid) }))).toMatchObject({
      status: 400,
      message: expect.stringContaining('not completed'),
    });
  });

  it('forgets transcripts on reset', async () => {
    const { emulator, client } = ctx;
    await client.intelligence.v2.transcripts.create({ serviceSid: SERVICE, channel: channelFor(await completedRecording()) });
    expect(emulator.transcripts()).toHaveLength(1);
    emulator.reset();
    expect(emulator.transcripts()).toEqual([]);
  });
});
