import type { Page } from 'playwright-core';

import type { Sandbox } from '../../dev/sandbox/start-sandbox';
import { artifactPath, browserAvailable, dialThroughFlex, flexTaskAttributes, flexUi, openDesk, useSandboxInBrowser } from './browser';

/**
 * The whole path in a real browser: the agent desk page (the real Flex UI 2.17.1 runtime with the real plugin,
 * on SDK fakes below Flex) -> the real Functions in twilio-run -> the twilio library -> the Twilio emulator.
 * The agent acts in Flex's own UI (its StartOutboundCall, its Hang Up and Complete buttons); the customer and
 * Twilio are played by the desk's controls.
 */
const run = browserAvailable() ? describe : describe.skip;

run('outbound call recording, end to end in Chromium on the real Flex UI', () => {
  let sandbox: Sandbox;
  let page: Page;
  useSandboxInBrowser({ recordingWaitSeconds: 30 }, (handles) => ({ sandbox, page } = handles));

  beforeEach(async () => {
    const { flexLoadedAtMs } = await openDesk(page, sandbox.deskUrl);
    console.log(`agent desk: the real Flex UI loaded in ${flexLoadedAtMs} ms`);
  }, 120_000);

  function recordingsOnCustomerLeg(taskSid: string) {
    const task = sandbox.emulator.getTask(taskSid);
    const customerCall = sandbox.emulator.snapshot().calls.find((call) => call.to === String(task.attributes.to));
    return customerCall ? sandbox.emulator.recordingsForCall(customerCall.sid) : [];
  }

  /** The task's linked media in Twilio, once the Functions have written it (they may retry through faults). */
  async function linkedMedia(taskSid: string): Promise<unknown[]> {
    const mediaOf = () => (sandbox.emulator.getTask(taskSid).attributes.conversations as { media?: unknown[] } | undefined)?.media ?? [];
    for (let i = 0; i < 500 && mediaOf().length === 0; i += 1) await page.waitForTimeout(50);
    return mediaOf();
  }

  /** The call's conference in Twilio (Flex names it after the task). */
  function conferenceOf(taskSid: string): string {
    const conference = sandbox.emulator.snapshot().conferences.find((c) => c.friendlyName === taskSid);
    if (!conference) throw new Error(`no conference for ${taskSid}`);
    return conference.sid;
  }

  /** The agent's leg (to client:<identity>): each test has one call (the emulator is reset before each). */
  function agentCallOf(): string | undefined {
    return sandbox.emulator.snapshot().calls.find((c) => c.to.startsWith('client:'))?.sid;
  }

  async function untilRecordings(taskSid: string, predicate: (recordings: ReturnType<typeof recordingsOnCustomerLeg>) => boolean): Promise<void> {
    for (let i = 0; i < 200 && !predicate(recordingsOnCustomerLeg(taskSid)); i += 1) await page.waitForTimeout(50);
  }

  it('records the customer leg dual-channel once, links it to the task in Twilio and in Flex, and completes it when the agent hangs up in Flex', async () => {
    const taskSid = await dialThroughFlex(page);
    // Flex auto-accepted the outbound reservation: its task canvas shows the call, with the plugin's indicator.
    await flexUi.indicator(page, taskSid).getByText('Not recording').waitFor();
    expect(sandbox.emulator.getTask(taskSid).attributes).toMatchObject({ direction: 'outbound', outbound_to: '+14155550100' });

    await page.getByTestId(`answer-${taskSid}`).click();
    await flexUi.indicator(page, taskSid).getByText('Recording (dual)').waitFor();
    await flexUi.headerIndicator(page, taskSid).getByText('Recording (dual)').waitFor();
    await page.getByTestId('recording-status').getByText('in-progress').waitFor();
    await expect(page.getByTestId('recording-channels').textContent()).resolves.toBe('dual (2)');

    const recordings = recordingsOnCustomerLeg(taskSid);
    expect(recordings).toHaveLength(1);
    expect(recordings[0]).toMatchObject({ channels: 2, status: 'in-progress' });
    const [create] = sandbox.emulator.requests({ routeId: 'CreateCallRecording' });
    expect(create.form).toMatchObject({ RecordingChannels: 'dual' });

    await expect(linkedMedia(taskSid)).resolves.toEqual([
      expect.objectContaining({ type: 'VoiceRecording', channels: ['customer', 'others'], url: expect.stringContaining(recordings[0].sid) }),
    ]);
    expect(sandbox.emulator.getTask(taskSid).attributes.call_sid).toBe(recordings[0].callSid);
    await page.getByTestId(`task-attributes-${taskSid}`).getByText(recordings[0].sid).waitFor();
    // TaskRouter pushed the Functions' write to Flex: the task in Flex's store links the same recording.
    await page.waitForFunction(
      ([sid, recordingSid]) => {
        type Desk = { session: { store: { getState(): { flex: { worker: { tasks: Map<string, { taskSid: string; attributes: unknown }> } } } } } };
        const tasks = (window as unknown as { agentDesk: Desk }).agentDesk.session.store.getState().flex.worker.tasks;
        return JSON.stringify([...tasks.values()].find((task) => task.taskSid === sid)?.attributes ?? {}).includes(recordingSid);
      },
      [taskSid, recordings[0].sid] as const,
    );
    // ...and, once TaskRouter has pushed the last write (the desk polls Twilio every second), exactly Twilio's attributes.
    const same = async () => JSON.stringify(await flexTaskAttributes(page, taskSid)) === JSON.stringify(sandbox.emulator.getTask(taskSid).attributes);
    for (let i = 0; i < 60 && !(await same()); i += 1) await page.waitForTimeout(100);
    expect(await flexTaskAttributes(page, taskSid)).toEqual(sandbox.emulator.getTask(taskSid).attributes);
    await page.screenshot({ path: artifactPath('outbound-call-recording.png'), fullPage: true });

    // The agent hangs up with Flex's own button: the conference ends, the recording completes, Flex shows wrap-up.
    await flexUi.headerButton(page, 'Hang Up').click();
    await page.getByTestId('recording-status').getByText('completed').waitFor();
    expect(recordingsOnCustomerLeg(taskSid)[0].status).toBe('completed');
    await flexUi.headerButton(page, 'Complete').waitFor();
    await flexUi.headerIndicator(page, taskSid).getByText('Not recording').waitFor();
    await page.screenshot({ path: artifactPath('outbound-call-recorded-wrap-up.png'), fullPage: true });

    await flexUi.headerButton(page, 'Complete').click();
    await page.getByText('No active tasks').waitFor();
    expect(sandbox.emulator.requests({ routeId: 'CreateCallRecording' })).toHaveLength(1);
    expect(recordingsOnCustomerLeg(taskSid)).toHaveLength(1);
  }, 90_000);

  it('does not record, nor ask to, when the customer never answers (their leg joins only on answer)', async () => {
    const taskSid = await dialThroughFlex(page);
    await flexUi.indicator(page, taskSid).getByText('Not recording').waitFor();
    // Give the plugin every chance to (wrongly) act: Flex's conference updates and store churn happen meanwhile.
    await page.waitForTimeout(1500);
    await page.getByTestId(`hangup-${taskSid}`).click();
    await flexUi.headerButton(page, 'Complete').waitFor();
    await flexUi.headerIndicator(page, taskSid).getByText('Not recording').waitFor();
    await page.waitForTimeout(500);
    await expect(page.getByTestId('recordings-empty').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('plugin-requests').locator('tbody tr').count()).resolves.toBe(0);
    // Twilio reported the agent's join to the server-side trigger, which only looked (the task and the call) and wrote nothing.
    await sandbox.emulator.flushStatusCallbacks();
    const conferenceSid = conferenceOf(taskSid);
    expect(sandbox.emulator.conferenceCallbacks(conferenceSid).map((c) => [c.event, c.params.CallSid, c.delivery.httpStatus])).toEqual([
      ['participant-join', agentCallOf(), 200],
    ]);
    expect(sandbox.emulator.requests().filter((r) => r.hostKind !== null && r.method !== 'GET')).toHaveLength(0);
    await page.screenshot({ path: artifactPath('outbound-call-unanswered.png'), fullPage: true });
  }, 60_000);

  it("records through Twilio's conference status callback alone: the plugin's start request is not needed", async () => {
    // Every start request the plugin may send is held in the browser: never answered, never reaching the Functions.
    const held: string[] = [];
    await page.route(`${sandbox.functionsUrl}/recording/start`, (route) => void held.push(route.request().url()));
    const taskSid = await dialThroughFlex(page);
    await flexUi.indicator(page, taskSid).getByText('Not recording').waitFor();
    const conferenceSid = conferenceOf(taskSid);
    // Flex's accept carried the plugin's callback into TaskRouter's conference instruction, before the agent's leg joined.
    expect(sandbox.emulator.conferenceInstructions(conferenceSid)).toEqual([
      expect.objectContaining({ conferenceStatusCallback: `${sandbox.functionsUrl}/recording/conference-status`, conferenceStatusCallbackEvent: 'join' }),
    ]);

    await page.getByTestId(`answer-${taskSid}`).click();
    await untilRecordings(taskSid, (found) => found.length > 0);
    const recordings = recordingsOnCustomerLeg(taskSid);
    expect(recordings).toEqual([expect.objectContaining({ channels: 2, status: 'in-progress' })]);
    await sandbox.emulator.flushStatusCallbacks();
    // Both joins reported, signed; the Functions accepted both (the agent's is ignored, the customer's recorded).
    expect(sandbox.emulator.conferenceCallbacks(conferenceSid).map((c) => [c.event, c.params.CallSid, c.delivery.httpStatus])).toEqual([
      ['participant-join', agentCallOf(), 200],
      ['participant-join', recordings[0].callSid, 200],
    ]);
    // TaskRouter pushed the Functions' write to Flex (the emulator's task event): the plugin shows the server's recording.
    await page.waitForFunction(
      ([sid, recordingSid]) => {
        type Desk = { session: { store: { getState(): { flex: { worker: { tasks: Map<string, { taskSid: string; attributes: Record<string, unknown> }> } } } } } };
        const tasks = (window as unknown as { agentDesk: Desk }).agentDesk.session.store.getState().flex.worker.tasks;
        const state = [...tasks.values()].find((task) => task.taskSid === sid)?.attributes.call_recording as { recording_sid?: string; status?: string } | undefined;
        return state?.recording_sid === recordingSid && state.status === 'in-progress';
      },
      [taskSid, recordings[0].sid] as const,
    );
    await flexUi.indicator(page, taskSid).getByText('Recording (dual)').waitFor();
    await page.getByTestId('recording-asked-by').getByText('conference callback', { exact: true }).waitFor();
    await expect(linkedMedia(taskSid)).resolves.toEqual([expect.objectContaining({ type: 'VoiceRecording', url: expect.stringContaining(recordings[0].sid) })]);
    expect(sandbox.emulator.requests({ routeId: 'CreateCallRecording' })).toHaveLength(1);
    console.log(`server-side trigger: the plugin sent ${held.length} start request(s), held in the browser`);
    await page.screenshot({ path: artifactPath('outbound-call-server-trigger.png'), fullPage: true });
  }, 90_000);

  it('records once the customer answers when Twilio lists their leg while it rings (Flex shows it joined at once)', async () => {
    await page.getByTestId('customer-listed-while-ringing').check();
    const taskSid = await dialThroughFlex(page);
    // Flex shows the ringing customer as a joined participant; Twilio refuses to record a call not in progress.
    await page.locator('.Twilio-ParticipantCanvas').first().waitFor();
    await page.waitForTimeout(2000);
    expect(recordingsOnCustomerLeg(taskSid)).toHaveLength(0);
    await expect(flexUi.indicator(page, taskSid).getAttribute('data-state')).resolves.not.toMatch(/^(recording|failed)$/);
    await page.screenshot({ path: artifactPath('outbound-call-ringing-listed.png'), fullPage: true });

    await page.getByTestId(`answer-${taskSid}`).click();
    await flexUi.indicator(page, taskSid).getByText('Recording (dual)').waitFor({ timeout: 20_000 });
    await untilRecordings(taskSid, (found) => found.length > 0);
    const recordings = recordingsOnCustomerLeg(taskSid);
    expect(recordings).toHaveLength(1);
    expect(recordings[0]).toMatchObject({ channels: 2, status: 'in-progress' });
    await expect(linkedMedia(taskSid)).resolves.toEqual([expect.objectContaining({ type: 'VoiceRecording', url: expect.stringContaining(recordings[0].sid) })]);
    await page.screenshot({ path: artifactPath('outbound-call-ringing-listed-recorded.png'), fullPage: true });
  }, 60_000);

  it('still records exactly once while Twilio answers many requests with 429', async () => {
    await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/_emulator/faults') && response.ok()),
      page.getByTestId('fault-storm').check(),
    ]);
    expect(sandbox.emulator.faultConfig.rate429).toBe(0.35);
    const taskSid = await dialThroughFlex(page);
    await page.getByTestId(`answer-${taskSid}`).click();
    await page.getByTestId('recording-status').getByText('in-progress').waitFor({ timeout: 25_000 });
    await flexUi.indicator(page, taskSid).getByText('Recording (dual)').waitFor({ timeout: 25_000 });

    expect(sandbox.emulator.requests({ status: 429 }).length).toBeGreaterThan(0);
    expect(recordingsOnCustomerLeg(taskSid)).toHaveLength(1);
    // The link may take its own retries through the storm: once it is there, it is there once.
    await expect(linkedMedia(taskSid)).resolves.toEqual([
      expect.objectContaining({ type: 'VoiceRecording', url: expect.stringContaining(recordingsOnCustomerLeg(taskSid)[0].sid) }),
    ]);
    await page.screenshot({ path: artifactPath('outbound-call-429-storm.png'), fullPage: true });
  }, 90_000);
});
