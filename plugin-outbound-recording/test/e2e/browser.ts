import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

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
