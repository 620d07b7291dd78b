import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });
  beforeEach(async () => {
    if (sandbox === undefined || browser === undefined) throw new Error('The sandbox did not start');
    await sandbox.emulator.flushStatusCallbacks();
    sandbox.emulator.reset();
    sandbox.emulator.configureFaults({});
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => console.error('page error:', error));
    started({ sandbox, page });
  });
  afterEach(async () => {
    expect(sandbox?.emulator.specViolations()).toEqual([]);
    await page?.close();
  });
}
