import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

import { startSandbox, type Sandbox } from '../../dev/sandbox/start-sandbox';

/** Debian's Chromium (apt-get install chromium); Playwright's own browser downloads are not used. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const ARTIFACTS_DIR = resolve(__dirname, '..', '..', 'test-artifacts');

/**
 * Whether the browser tests can run here. On CI they always must: a missing browser fails the run.
 * On a developer's machine they are skipped with a loud explanation.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = [
    '',
    '*** Browser tests SKIPPED: no Chromium at ' + CHROMIUM_PATH + ' ***',
    '    Install Debian\'s Chromium:  sudo apt-get install -y chromium',
    '    (or point CHROMIUM_PATH at a Chromium/Chrome binary). CI installs it and always runs these tests.',
    '',
  ].join('\n');
  if (process.env.CI) throw new Error(message);
  console.warn(message);
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return resolve(ARTIFACTS_DIR, name);
}

/**
 * Registers the hooks every browser test file needs: the sandbox (emulator, Functions in twilio-run,
 * agent desk) and Chromium, started once per file; per test a fresh emulator state (after the last
 * test's status callbacks settled) and a fresh page; after each test the contract with Twilio (every
 * request the Functions sent passed the official OpenAPI specs).
 */
export function useSandboxInBrowser(options: { recordingWaitSeconds: number }, started: (handles: { sandbox: Sandbox; page: Page }) => void): void {
  let sandbox: Sandbox | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ emulatorPort: 0, functionsPort: 0, deskPort: 0, recordingWaitSeconds: options.recordingWaitSeconds });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });
  beforeEach(async () => {
    if (sandbox === undefined || browser === undefined) throw new Error('The sandbox did not start');
    await sandbox.emulator.flushStatusCallbacks();
    sandbox.emulator.reset();
    sandbox.emulator.configureFaults({});
    // Notifications allowed, as an agent's browser has them: Flex then does not ask with a banner of its own.
    page = await browser.newPage({ viewport: { width: 1500, height: 950 }, permissions: ['notifications'] });
    page.on('pageerror', (error) => console.error('page error:', error));
    started({ sandbox, page });
  });
  afterEach(async () => {
    expect(sandbox?.emulator.specViolations()).toEqual([]);
    await page?.close();
  });
}

/** How long the page may take to load the real Flex UI runtime (~33 MB) on a busy 2-core machine. */
export const FLEX_LOAD_TIMEOUT_MS = 90_000;

/**
 * Opens the agent desk and waits until the real Flex UI has booted with the plugin loaded (the page sets
 * `window.agentDesk`) and Flex shows its Agent Desktop. Returns how long Flex took to load in the page.
 */
export async function openDesk(page: Page, url: string): Promise<{ flexLoadedAtMs: number }> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { agentDesk?: unknown }).agentDesk !== undefined, null, { timeout: FLEX_LOAD_TIMEOUT_MS });
  await page.locator('.Twilio-View-agent-desktop').waitFor();
  const flexLoadedAtMs = await page.evaluate(() => (window as unknown as { agentDesk: { flexLoadedAtMs: number } }).agentDesk.flexLoadedAtMs);
  return { flexLoadedAtMs };
}

/** Dials through Flex (its StartOutboundCall, from the desk's Call button); the desk's card names the task. */
export async function dialThroughFlex(page: Page): Promise<string> {
  const before = await page.locator('[data-testid^="call-WT"]').count();
  await page.getByTestId('dial').click();
  const card = page.locator('[data-testid^="call-WT"]').nth(before);
  await card.waitFor();
  return String(await card.getAttribute('data-testid')).replace('call-', '');
}

/** The real Flex UI's own parts, where the plugin's indicator and controls are rendered. */
export const flexUi = {
  callCanvas: (page: Page): Locator => page.locator('.Twilio-CallCanvas'),
  taskHeader: (page: Page): Locator => page.locator('.Twilio-TaskCanvasHeader'),
  notificationBar: (page: Page): Locator => page.locator('.Twilio-NotificationBar'),
  /** The plugin's indicator inside Flex's CallCanvas (the task header has a badge of its own). */
  indicator: (page: Page, taskSid: string): Locator => page.locator('.Twilio-CallCanvas').getByTestId(`recording-status-${taskSid}`),
  headerIndicator: (page: Page, taskSid: string): Locator => page.locator('.Twilio-TaskCanvasHeader').getByTestId(`recording-status-${taskSid}`),
  /** Flex's end button in the task header: "Hang Up" during the call, "Complete" in wrap-up. */
  headerButton: (page: Page, name: 'Hang Up' | 'Complete'): Locator => page.locator('.Twilio-TaskCanvasHeader').getByRole('button', { name }),
};

/** What Flex's store holds for the task (the attributes TaskRouter pushed to Flex). */
export function flexTaskAttributes(page: Page, taskSid: string): Promise<Record<string, unknown> | undefined> {
  return page.evaluate((sid) => {
    type Desk = { session: { store: { getState(): { flex: { worker: { tasks: Map<string, { taskSid: string; attributes: Record<string, unknown> }> } } } } } };
    const tasks = (window as unknown as { agentDesk: Desk }).agentDesk.session.store.getState().flex.worker.tasks;
    return [...tasks.values()].find((task) => task.taskSid === sid)?.attributes;
  }, taskSid);
}
