import type { Locator, Page } from 'playwright-core';

import type { Sandbox } from '../../dev/sandbox/start-sandbox';
import { artifactPath, browserAvailable, dialThroughFlex, flexUi, openDesk, useSandboxInBrowser } from './browser';

/**
 * Flex's native call recording on the agent desk: an account with call_recording_enabled (the desk's checkbox) makes
 * the real Flex UI's AcceptTask ask TaskRouter for conferenceRecord, the emulator records the conference (agent on
 * channel 1), and the plugin's native_recording setting decides whether that stays (keep: a pause from Flex pauses
 * both recordings) or is turned off for the calls the plugin records (skip).
 */
const run = browserAvailable() ? describe : describe.skip;

run("Flex's native call recording next to the product's, end to end in Chromium on the real Flex UI", () => {
  let sandbox: Sandbox;
  let page: Page;
  useSandboxInBrowser({ recordingWaitSeconds: 30 }, (handles) => ({ sandbox, page } = handles));

  /** The desk's controls reload the page (Flex reads its configuration only when it boots): wait for Flex again. */
  async function reloadedByControl(change: () => Promise<void>, query: RegExp): Promise<void> {
    await Promise.all([page.waitForURL(query, { timeout: 30_000 }), change()]);
    await page.waitForFunction(() => (window as unknown as { agentDesk?: unknown }).agentDesk !== undefined, null, { timeout: 90_000 });
    await page.locator('.Twilio-View-agent-desktop').waitFor();
  }

  /** Flex's native recordings of the call's conference, in the emulator (the desk's card names the conference). */
  async function conferenceRecordings(taskSid: string) {
    const conferenceSid = await page.evaluate((sid) => {
      type Desk = { controller: { find(taskSid: string): { sids: { conferenceSid: string } } | undefined } };
      return (window as unknown as { agentDesk: Desk }).agentDesk.controller.find(sid)?.sids.conferenceSid;
    }, taskSid);
    if (conferenceSid === undefined) throw new Error(`The desk has no call for ${taskSid}`);
    return sandbox.emulator.conferenceRecordings(conferenceSid);
  }

  /** The element's text once it contains `part`, or as it is after 10 s (the assertion then shows what it said). */
  async function eventualText(locator: Locator, part: string): Promise<string> {
    let text = '';
    for (let i = 0; i < 50; i += 1) {
      text = (await locator.textContent()) ?? '';
      if (text.includes(part)) break;
      await page.waitForTimeout(200);
    }
    return text;
  }

  async function answeredAndRecording(): Promise<string> {
    const taskSid = await dialThroughFlex(page);
    await page.getByTestId(`answer-${taskSid}`).click();
    await flexUi.indicator(page, taskSid).getByText('Recording (dual)').waitFor();
    return taskSid;
  }

  it('keep: the desk shows both recordings, and a pause from Flex pauses both, in the emulator, on the desk and in Flex', async () => {
    await openDesk(page, `${sandbox.deskUrl}/`);
    await expect(page.getByTestId('flex-call-recording').isChecked()).resolves.toBe(false);
    await reloadedByControl(() => page.getByTestId('flex-call-recording').click(), /[?&]call_recording=on/);
    await expect(page.getByTestId('flex-call-recording').isChecked()).resolves.toBe(true);
    // native_recording not set: the plugin's default, keep.
    await expect(page.getByTestId('native-recording-setting').inputValue()).resolves.toBe('');

    const taskSid = await answeredAndRecording();
    const card = page.getByTestId(`call-recordings-${taskSid}`);
    const conferenceRow = card.locator('[data-testid^="conference-recording-RE"]');
    await conferenceRow.getByTestId('conference-recording-status').getByText('in-progress', { exact: true }).waitFor();
    await expect(conferenceRow.getByTestId('conference-recording-channels').textContent()).resolves.toBe('dual (2): 1 = the agent, 2 = everyone else');
    const [native] = await conferenceRecordings(taskSid);
    expect(native).toMatchObject({ status: 'in-progress', channels: 2 });
    await expect(conferenceRow.getAttribute('data-testid')).resolves.toBe(`conference-recording-${native!.sid}`);
    await card.locator('[data-testid^="own-recording-RE"]').getByTestId('own-recording-status').getByText('in-progress', { exact: true }).waitFor();

    await flexUi.callCanvas(page).getByRole('button', { name: 'Pause recording' }).click();
    const status = flexUi.indicator(page, taskSid);
    await status.getByText('Paused', { exact: true }).waitFor();
    // The Functions' answer named the conference's paused recording in the task (call_recording.conference_recordings).
    await page.getByTestId(`task-attributes-${taskSid}`).getByText('"conference_recordings"', { exact: false }).waitFor();
    // The indicator's "and so is Flex's own call recording" is asserted in the failing test below (a plugin bug).
    // Both paused in Twilio (the emulator) ...
    expect((await conferenceRecordings(taskSid)).map((r) => r.status)).toEqual(['paused']);
    const customer = sandbox.emulator.snapshot().calls.find((call) => call.to === String(sandbox.emulator.getTask(taskSid).attributes.to));
    expect(sandbox.emulator.recordingsForCall(String(customer?.sid)).map((r) => r.status)).toEqual(['paused']);
    // ... and on the desk.
    await conferenceRow.getByTestId('conference-recording-status').getByText('paused', { exact: true }).waitFor();
    await card.locator('[data-testid^="own-recording-RE"]').getByTestId('own-recording-status').getByText('paused', { exact: true }).waitFor();
    await page.screenshot({ path: artifactPath('native-keep-both-paused.png'), fullPage: true });

    // Resumed from Flex: both record again.
    await flexUi.callCanvas(page).getByRole('button', { name: 'Resume recording' }).click();
    await status.getByText('Recording (dual)').waitFor();
    await conferenceRow.getByTestId('conference-recording-status').getByText('in-progress', { exact: true }).waitFor();
    expect((await conferenceRecordings(taskSid)).map((r) => r.status)).toEqual(['in-progress']);
  }, 200_000);

  it("keep: after a reload while paused, the indicator says Flex's own call recording is paused too", async () => {
    await openDesk(page, `${sandbox.deskUrl}/?call_recording=on&native_recording=keep`);
    const taskSid = await answeredAndRecording();
    await flexUi.callCanvas(page).getByRole('button', { name: 'Pause recording' }).click();
    await flexUi.indicator(page, taskSid).getByText('Paused', { exact: true }).waitFor();
    await page.getByTestId(`task-attributes-${taskSid}`).getByText('"conference_recordings"', { exact: false }).waitFor();
    expect((await conferenceRecordings(taskSid)).map((r) => r.status)).toEqual(['paused']);
    await page.getByTestId('reload-page').click();
    await page.waitForFunction(() => (window as unknown as { agentDesk?: unknown }).agentDesk !== undefined, null, { timeout: 90_000 });
    const status = flexUi.indicator(page, taskSid);
    await status.getByText('Paused', { exact: true }).waitFor();
    await expect(eventualText(status.getByRole('status'), "Flex's own call recording")).resolves.toContain("Recording is paused, and so is Flex's own call recording.");
  }, 200_000);

  it('skip: Flex is told not to record the conference; only the product records, and its pause says nothing of Flex', async () => {
    await openDesk(page, `${sandbox.deskUrl}/?call_recording=on`);
    await reloadedByControl(() => page.getByTestId('native-recording-setting').selectOption('skip').then(() => undefined), /[?&]native_recording=skip/);
    await expect(page.getByTestId('flex-call-recording').isChecked()).resolves.toBe(true);
    await expect(page.getByTestId('native-recording-setting').inputValue()).resolves.toBe('skip');

    const taskSid = await answeredAndRecording();
    await page.getByTestId(`conference-recordings-none-${taskSid}`).waitFor();
    expect(await conferenceRecordings(taskSid)).toEqual([]);

    await flexUi.callCanvas(page).getByRole('button', { name: 'Pause recording' }).click();
    const status = flexUi.indicator(page, taskSid);
    await status.getByText('Paused', { exact: true }).waitFor();
    await page.getByTestId(`call-recordings-${taskSid}`).getByTestId('own-recording-status').getByText('paused', { exact: true }).waitFor();
    await expect(status.getByRole('status').textContent()).resolves.not.toContain("Flex's own call recording");
    await page.getByTestId(`conference-recordings-none-${taskSid}`).waitFor();
    expect(await conferenceRecordings(taskSid)).toEqual([]);
    await page.screenshot({ path: artifactPath('native-skip-only-ours.png'), fullPage: true });
  }, 200_000);
});
