import type { Page } from 'playwright-core';

import type { Sandbox } from '../../dev/sandbox/start-sandbox';
import { artifactPath, browserAvailable, dialThroughFlex, flexUi, openDesk, useSandboxInBrowser } from './browser';

/**
 * The recording indicator and pause/resume in a real browser, inside the real Flex UI 2.17.1 (its CallCanvas and
 * TaskCanvasHeader, its NotificationBar, its keyboard shortcuts) -> the real Functions in twilio-run -> the
 * Twilio emulator.
 */
const run = browserAvailable() ? describe : describe.skip;

run('recording status, pause and resume, end to end in Chromium on the real Flex UI', () => {
  let sandbox: Sandbox;
  let page: Page;
  useSandboxInBrowser({ recordingWaitSeconds: 30 }, (handles) => ({ sandbox, page } = handles));

  const open = (query = '') => openDesk(page, `${sandbox.deskUrl}/${query}`);

  function customerRecordings(taskSid: string) {
    const task = sandbox.emulator.getTask(taskSid);
    const customer = sandbox.emulator.snapshot().calls.find((call) => call.to === String(task.attributes.to));
    return customer ? sandbox.emulator.recordingsForCall(customer.sid) : [];
  }

  async function emulatorRecordingStatus(taskSid: string, status: string): Promise<void> {
    for (let i = 0; i < 100 && customerRecordings(taskSid)[0]?.status !== status; i += 1) await page.waitForTimeout(50);
    expect(customerRecordings(taskSid)[0]?.status).toBe(status);
  }

  it('shows the status in Flex through the call, pauses and resumes the real recording, and survives a reload while paused', async () => {
    await open();
    const taskSid = await dialThroughFlex(page);
    const status = flexUi.indicator(page, taskSid);
    await status.getByText('Not recording').waitFor();
    await expect(status.getAttribute('data-state')).resolves.toBe('waiting');
    await expect(status.getByRole('status').textContent()).resolves.toContain('Recording starts when the customer answers.');
    await page.screenshot({ path: artifactPath('indicator-1-waiting.png'), fullPage: true });

    await page.getByTestId(`answer-${taskSid}`).click();
    await status.getByText('Recording (dual)').waitFor();
    await flexUi.headerIndicator(page, taskSid).getByText('Recording (dual)').waitFor();
    await page.screenshot({ path: artifactPath('indicator-2-recording.png'), fullPage: true });

    // Pause for the card number: the plugin's button in Flex's call canvas, then the emulator's recording is paused.
    await flexUi.callCanvas(page).getByRole('button', { name: 'Pause recording' }).click();
    await status.getByText('Paused', { exact: true }).waitFor();
    await emulatorRecordingStatus(taskSid, 'paused');
    expect(sandbox.emulator.requests({ routeId: 'UpdateCallRecording' })[0].form).toEqual({ Status: 'paused', PauseBehavior: 'skip' });
    await page.getByTestId(`task-attributes-${taskSid}`).getByText('"status": "paused"').waitFor();
    await flexUi.callCanvas(page).getByRole('button', { name: 'Resume recording' }).waitFor();
    await page.screenshot({ path: artifactPath('indicator-3-paused.png'), fullPage: true });

    // A real browser reload while paused: Flex rebuilds the task and its conference from TaskRouter's reservation,
    // the plugin loads again and shows the truth from the task's attributes.
    await page.getByTestId('reload-page').click();
    await page.waitForFunction(() => (window as unknown as { agentDesk?: unknown }).agentDesk !== undefined, null, { timeout: 90_000 });
    const reloaded = flexUi.indicator(page, taskSid);
    await reloaded.getByText('Paused', { exact: true }).waitFor();
    await expect(reloaded.getAttribute('data-state')).resolves.toBe('paused');
    await page.screenshot({ path: artifactPath('indicator-4-paused-after-reload.png'), fullPage: true });
    expect(customerRecordings(taskSid)).toHaveLength(1);
    expect(customerRecordings(taskSid)[0].status).toBe('paused');

    // Resume with the keyboard shortcut (registered with Flex's KeyboardShortcutManager: Ctrl+Shift+<key>).
    await page.locator('.Twilio-TaskCanvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Shift+KeyP');
    await reloaded.getByText('Recording (dual)').waitFor();
    await emulatorRecordingStatus(taskSid, 'in-progress');
    await page.screenshot({ path: artifactPath('indicator-5-resumed.png'), fullPage: true });

    // The customer hangs up: the conference ends, Flex shows wrap-up, the task header says it is no longer recorded.
    await page.getByTestId(`hangup-${taskSid}`).click();
    await flexUi.headerButton(page, 'Complete').waitFor();
    await flexUi.headerIndicator(page, taskSid).getByText('Not recording').waitFor();
    await emulatorRecordingStatus(taskSid, 'completed');
    await page.screenshot({ path: artifactPath('indicator-6-wrap-up.png'), fullPage: true });
    expect(sandbox.emulator.requests({ routeId: 'CreateCallRecording' })).toHaveLength(1);
  }, 150_000);

  it("says why when the recording cannot start, in the indicator and in Flex's own notification bar", async () => {
    // Twilio refuses the Functions' credentials: misconfigured, not worth retrying.
    sandbox.emulator.injectFault({ method: 'POST', pathPattern: /\/Recordings\.json$/, status: 401, code: 20003, message: 'Authenticate', times: Infinity });
    await open();
    const taskSid = await dialThroughFlex(page);
    await page.getByTestId(`answer-${taskSid}`).click();
    const status = flexUi.indicator(page, taskSid);
    await status.getByText('Recording failed').waitFor();
    await expect(status.getByRole('status').textContent()).resolves.toContain('The recording service is misconfigured. Please tell your Flex administrator.');
    await flexUi.notificationBar(page).getByText(/This call is NOT being recorded\. The recording service is misconfigured/).waitFor();
    await page.screenshot({ path: artifactPath('indicator-failed.png'), fullPage: true });
  }, 120_000);

  it('speaks Japanese and follows the dark theme', async () => {
    await open('?lang=ja&theme=dark');
    const taskSid = await dialThroughFlex(page);
    await page.getByTestId(`answer-${taskSid}`).click();
    const status = flexUi.indicator(page, taskSid);
    await status.getByText('録音中（デュアル）').waitFor();
    await flexUi.callCanvas(page).getByRole('button', { name: '録音を一時停止' }).click();
    await status.getByText('一時停止中', { exact: true }).waitFor();
    await emulatorRecordingStatus(taskSid, 'paused');
    await page.screenshot({ path: artifactPath('indicator-ja-dark-paused.png'), fullPage: true });
  }, 120_000);
});
