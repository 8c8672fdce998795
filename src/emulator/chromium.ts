/**
 * Debian's Chromium, driven by playwright-core (which never downloads a browser). Tests that
 * need it live in files named *.chromium.test.ts; CI installs the `chromium` package (.ci/run).
 *
 *   const chrome = await launchChromium();
 *   const { page, dialogs } = await openInChromium(chrome, bridgePage);
 *   ...
 *   await chrome.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserContext, chromium, ConsoleMessage, Dialog, Page } from 'playwright-core';
import { BridgePage } from './browser-bridge';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags for a headless Chromium on a machine with no network but loopback (see the README). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Start Chromium with a fresh profile (its own --user-data-dir, removed on close). */
export async function launchChromium(): Promise<Chromium> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'toolkit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1024, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface OpenedPage {
  page: Page;
  /** Every alert/confirm/prompt the page opened (dismissed at once): a hostile name must never add one. */
  dialogs: string[];
  /** Uncaught errors in the page and console.error output. */
  errors: string[];
}

/** Open a page the bridge serves in a tab sized like the dialog or sidebar (a sidebar is 300 px wide). */
export async function openInChromium(chrome: Chromium, bridgePage: BridgePage): Promise<OpenedPage> {
  const page = await chrome.context.newPage();
  await page.setViewportSize({ width: bridgePage.width, height: bridgePage.height });
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d: Dialog) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (e: Error) => errors.push(e.message));
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(bridgePage.url);
  return { page, dialogs, errors };
}
