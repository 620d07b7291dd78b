import type { Page } from 'playwright-core';

import type { Sandbox } from '../../dev/sandbox/start-sandbox';
import { artifactPath, browserAvailable, useSandboxInBrowser } from './browser';

/**
 * The whole path in a real browser: the agent desk page (the real plugin in the Flex stand-in) ->
 * the real Functions in twilio-run -> the twilio library -> the Twilio emulator.
 */
const run = browserAvailable() ? describe : describe.skip;

run('outbound call recording, end to end in Chromium', () => {
  let sandbox: Sandbox;
  let page: Page;
  useSandboxInBrowser({ recordingWaitSeconds: 30 }, (handles) => ({ sandbox, page } = handles));

  beforeEach(async () => {
    await page.goto(sandbox.deskUrl);
    await page.getByRole('heading', { name: 'Agent desk' }).waitFor();
  });

  async function dial(): Promise<string> {
    await page.getByTestId('dial').click();
    const card = page.locator('[data-testid^="call-WT"]').last();
    await card.waitFor();
    const testId = await card.getAttribute('data-testid');
    return String(testId).replace('call-', '');
  }

  function recordingsOnCustomerLeg(taskSid: string) {
    const task = sandbox.emulator.getTask(taskSid);
    const customerCall = sandbox.emulator
      .snapshot()
      .calls.find((call) => call.to === String(task.attributes.to) && call.sid !== undefined);
    return customerCall ? sandbox.emulator.recordingsForCall(customerCall.sid) : [];
  }

  it('records the customer leg dual-channel once, links it to the task, and completes it on hang-up', async () => {
    const taskSid = await dial();
    await page.getByTestId(`answer-${taskSid}`).click();

    const statusCell = page.getByTestId('recording-status');
    await statusCell.waitFor();
    await expect(statusCell.textContent()).resolves.toBe('in-progress');
    await expect(page.getByTestId('recording-channels').textContent()).resolves.toBe('dual (2)');

    const recordings = recordingsOnCustomerLeg(taskSid);
    expect(recordings).toHaveLength(1);
    expect(recordings[0]).toMatchObject({ channels: 2, status: 'in-progress' });
    const [create] = sandbox.emulator.requests({ routeId: 'CreateCallRecording' });
    expect(create.form).toMatchObject({ RecordingChannels: 'dual' });

    const attributes = sandbox.emulator.getTask(taskSid).attributes as { conversations: { media: unknown[] }; call_sid: unknown };
    expect(attributes.conversations.media).toEqual([
      expect.objectContaining({ type: 'VoiceRecording', channels: ['customer', 'others'], url: expect.stringContaining(recordings[0].sid) }),
    ]);
    expect(attributes.call_sid).toBe(recordings[0].callSid);
    await page.getByTestId(`task-attributes-${taskSid}`).getByText(recordings[0].sid).waitFor();

    await page.getByTestId(`hangup-${taskSid}`).click();
    await page.getByTestId('recording-status').getByText('completed').waitFor();
    expect(recordingsOnCustomerLeg(taskSid)[0].status).toBe('completed');
    await page.screenshot({ path: artifactPath('outbound-call-recorded.png'), fullPage: true });

    await page.getByTestId(`wrapup-${taskSid}`).click();
    await page.getByTestId(`complete-${taskSid}`).click();
    expect(sandbox.emulator.requests({ routeId: 'CreateCallRecording' })).toHaveLength(1);
  }, 60_000);

  it('does not record, nor ask to, when the customer never answers', async () => {
    const taskSid = await dial();
    // Give the plugin every chance to (wrongly) act: store churn happens as the page renders.
    await page.waitForTimeout(1500);
    await page.getByTestId(`hangup-${taskSid}`).click();
    await page.waitForTimeout(500);
    await expect(page.getByTestId('recordings-empty').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('plugin-requests').locator('tbody tr').count()).resolves.toBe(0);
    expect(sandbox.emulator.requests().filter((r) => r.hostKind !== null)).toHaveLength(0);
    await page.screenshot({ path: artifactPath('outbound-call-unanswered.png'), fullPage: true });
  }, 30_000);

  it('still records exactly once while Twilio answers many requests with 429', async () => {
    await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/_emulator/faults') && response.ok()),
      page.getByTestId('fault-storm').check(),
    ]);
    expect(sandbox.emulator.faultConfig.rate429).toBe(0.35);
    const taskSid = await dial();
    await page.getByTestId(`answer-${taskSid}`).click();
    await page.getByTestId('recording-status').getByText('in-progress').waitFor({ timeout: 25_000 });
    const pluginRows = page.getByTestId('plugin-requests').locator('tbody tr');
    await pluginRows.last().getByText('200').waitFor({ timeout: 25_000 });

    expect(sandbox.emulator.requests({ status: 429 }).length).toBeGreaterThan(0);
    expect(recordingsOnCustomerLeg(taskSid)).toHaveLength(1);
    const media = (sandbox.emulator.getTask(taskSid).attributes.conversations as { media: unknown[] }).media;
    expect(media).toHaveLength(1);
    await page.screenshot({ path: artifactPath('outbound-call-429-storm.png'), fullPage: true });
  }, 60_000);
});
