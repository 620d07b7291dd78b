import type { Page } from 'playwright-core';

import type { Sandbox } from '../../dev/sandbox/start-sandbox';
import { artifactPath, browserAvailable, useSandboxInBrowser } from './browser';

/**
 * The recording indicator and pause/resume in a real browser: the agent desk page (the real plugin and its
 * Paste UI in the Flex stand-in) -> the real Functions in twilio-run -> the Twilio emulator.
 */
const run = browserAvailable() ? describe : describe.skip;

run('recording status, pause and resume, end to end in Chromium', () => {
  let sandbox: Sandbox;
  let page: Page;
  useSandboxInBrowser({ recordingWaitSeconds: 30 }, (handles) => ({ sandbox, page } = handles));

  async function open(query = ''): Promise<void> {
    await page.goto(`${sandbox.deskUrl}/${query}`);
    await page.getByRole('heading', { name: 'Agent desk' }).waitFor();
  }

  async function dial(): Promise<string> {
    await page.getByTestId('dial').click();
    const card = page.locator('[data-testid^="call-WT"]').last();
    await card.waitFor();
    return String(await card.getAttribute('data-testid')).replace('call-', '');
  }

  /** The indicator in the call canvas (the task header has a compact one too). */
  const indicator = (taskSid: string) => page.getByTestId(`call-canvas-${taskSid}`).getByTestId(`recording-status-${taskSid}`);
  const headerIndicator = (taskSid: string) => page.getByTestId(`task-header-${taskSid}`).getByTestId(`recording-status-${taskSid}`);
  function customerRecordings(taskSid: string) {
    const task = sandbox.emulator.getTask(taskSid);
    const customer = sandbox.emulator.snapshot().calls.find((call) => call.to === String(task.attributes.to));
    return customer ? sandbox.emulator.recordingsForCall(customer.sid) : [];
  }

  async function emulatorRecordingStatus(taskSid: string, status: string): Promise<void> {
    for (let i = 0; i < 100 && customerRecordings(taskSid)[0]?.status !== status; i += 1) await page.waitForTimeout(50);
    expect(customerRecordings(taskSid)[0]?.status).toBe(status);
  }

  it('shows the status through the call, pauses and resumes the real recording, and survives a reload while paused', async () => {
    await open();
    const taskSid = await dial();
    const status = indicator(taskSid);
    await status.getByText('Not recording').waitFor();
    await expect(status.getAttribute('data-state')).resolves.toBe('waiting');
    await expect(status.getByRole('status').textContent()).resolves.toContain('Recording starts when the customer answers.');
    await page.screenshot({ path: artifactPath('indicator-1-waiting.png'), fullPage: true });

    await page.getByTestId(`answer-${taskSid}`).click();
    await status.getByText('Recording (dual)').waitFor();
    await headerIndicator(taskSid).getByText('Recording (dual)').waitFor();
    await page.screenshot({ path: artifactPath('indicator-2-recording.png'), fullPage: true });

    // Pause for the card number: the button, then the emulator's recording is paused.
    await page.getByTestId(`recording-toggle-${taskSid}`).click();
    await status.getByText('Paused', { exact: true }).waitFor();
    await emulatorRecordingStatus(taskSid, 'paused');
    expect(sandbox.emulator.requests({ routeId: 'UpdateCallRecording' })[0].form).toEqual({ Status: 'paused', PauseBehavior: 'skip' });
    await page.getByTestId(`task-attributes-${taskSid}`).getByText('"status": "paused"').waitFor();
    await page.getByRole('button', { name: 'Resume recording' }).waitFor();
    await page.screenshot({ path: artifactPath('indicator-3-paused.png'), fullPage: true });

    // A real browser reload while paused: the page rebuilds from Twilio's state and shows the truth.
    await page.getByTestId('reload-page').click();
    await page.getByRole('heading', { name: 'Agent desk' }).waitFor();
    const reloaded = indicator(taskSid);
    await reloaded.getByText('Paused', { exact: true }).waitFor();
    await expect(reloaded.getAttribute('data-state')).resolves.toBe('paused');
    await page.screenshot({ path: artifactPath('indicator-4-paused-after-reload.png'), fullPage: true });
    expect(customerRecordings(taskSid)).toHaveLength(1);
    expect(customerRecordings(taskSid)[0].status).toBe('paused');

    // Resume with the keyboard shortcut (Flex's Ctrl+Shift+<key>).
    await page.keyboard.press('Control+Shift+KeyP');
    await reloaded.getByText('Recording (dual)').waitFor();
    await emulatorRecordingStatus(taskSid, 'in-progress');
    await page.screenshot({ path: artifactPath('indicator-5-resumed.png'), fullPage: true });

    // The call ends; in wrap-up the task header says it is no longer recorded.
    await page.getByTestId(`hangup-${taskSid}`).click();
    await page.getByTestId(`wrapup-${taskSid}`).click();
    await headerIndicator(taskSid).getByText('Not recording').waitFor();
    await expect(page.getByTestId(`call-canvas-${taskSid}`).count()).resolves.toBe(0);
    await page.screenshot({ path: artifactPath('indicator-6-wrap-up.png'), fullPage: true });
    expect(sandbox.emulator.requests({ routeId: 'CreateCallRecording' })).toHaveLength(1);
  }, 90_000);

  it('says why when the recording cannot start, in the indicator and a notification', async () => {
    // Twilio refuses the Functions' credentials: misconfigured, not worth retrying.
    sandbox.emulator.injectFault({ method: 'POST', pathPattern: /\/Recordings\.json$/, status: 401, code: 20003, message: 'Authenticate', times: Infinity });
    await open();
    const taskSid = await dial();
    await page.getByTestId(`answer-${taskSid}`).click();
    const status = indicator(taskSid);
    await status.getByText('Recording failed').waitFor();
    await expect(status.getByRole('status').textContent()).resolves.toContain('The recording service is misconfigured. Please tell your Flex administrator.');
    await page.getByTestId('notifications').getByText(/This call is NOT being recorded\. The recording service is misconfigured/).waitFor();
    await page.screenshot({ path: artifactPath('indicator-failed.png'), fullPage: true });
  }, 60_000);

  it('speaks Japanese and follows the dark theme', async () => {
    await open('?lang=ja&theme=dark');
    const taskSid = await dial();
    await page.getByTestId(`answer-${taskSid}`).click();
    const status = indicator(taskSid);
    await status.getByText('録音中（デュアル）').waitFor();
    await page.getByRole('button', { name: '録音を一時停止' }).click();
    await status.getByText('一時停止中', { exact: true }).waitFor();
    await emulatorRecordingStatus(taskSid, 'paused');
    await page.screenshot({ path: artifactPath('indicator-ja-dark-paused.png'), fullPage: true });
  }, 60_000);
});
