/**
 * Attendance Toolkit > Prepare outreach... in real Chromium (needs Debian's Chromium), against the
 * built bundle in the emulator: the preview counts and samples, narrowing to one school, then the
 * job driven from the open dialog to the end. Students' names in the samples stay text.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BrowserBridge } from '../../src/emulator/browser-bridge';
import { Chromium, launchChromium, openInChromium } from '../../src/emulator/chromium';
import { csv, importCsv, psRow, toolkit } from '../helpers';

const OUT = path.resolve(__dirname, '../../test-output');
let chrome: Chromium;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  chrome = await launchChromium();
});
afterAll(async () => {
  await chrome?.close();
});

test('the preview shows what would be made, a school team narrows it, and the job runs to the end from the dialog', async () => {
  const b = toolkit();
  const out = importCsv(
    b,
    csv([
      psRow('1001', 'Rivera, Ana', 3),
      psRow('1002', 'Núñez, José', 12, { language: 'Spanish' }),
      psRow('1003', 'Test, <img src=x onerror=alert(1)>', 7),
      psRow('1004', 'Okafor, Chidi', 16, { school: 'Elm Grove School' }),
      psRow('1005', 'Kim, Joon', 0),
    ]),
  );
  expect(out.ok).toBe(true);
  b.run('showOutreachDialog');
  const bridge = await new BrowserBridge(b).start();
  try {
    const { page, dialogs, errors } = await openInChromium(chrome, bridge.serveShown());
    await page.waitForSelector('#preview:not([hidden])');
    const counts = await page.textContent('#counts');
    expect(counts).toMatch(/Gmail drafts\s*4/);
    // The hostile name appears in a sample as text; no element was injected.
    const samples = await page.locator('#samples pre').allTextContents();
    expect(samples.join('\n')).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('#samples img').count()).toBe(0);
    await page.screenshot({ path: path.join(OUT, 'outreach-dialog-preview.png'), fullPage: true });

    // No school ticked: Create waits for the preview, which then says nothing is selected (never "every school").
    await page.click('#noSchools');
    expect(await page.isDisabled('#confirm')).toBe(true);
    expect(await page.isVisible('#stale')).toBe(true);
    await page.click('#refresh');
    await page.waitForFunction(() => /No school is ticked/.test(document.getElementById('problems')!.textContent ?? ''));
    expect(await page.textContent('#counts')).toMatch(/Gmail drafts\s*0/);
    expect(await page.textContent('#confirm')).toBe('Nothing to create');
    expect(await page.isDisabled('#confirm')).toBe(true);
    expect(await page.isVisible('#stale')).toBe(false);

    // Narrow to Oak Street School only.
    await page.check('#schools input[value="Oak Street School"]');
    await page.click('#refresh');
    await page.waitForFunction(() => /Gmail drafts\s*3/.test(document.getElementById('counts')!.textContent ?? ''));
    expect(await page.isDisabled('#confirm')).toBe(false);
    // Ticking another school after the preview: Create waits for the preview to be updated, even when it is unticked again.
    await page.check('#schools input[value="Elm Grove School"]');
    expect(await page.isDisabled('#confirm')).toBe(true);
    expect(await page.textContent('#stale')).toMatch(/Press Update preview/);
    await page.uncheck('#schools input[value="Elm Grove School"]');
    expect(await page.isDisabled('#confirm')).toBe(true);
    await page.click('#refresh');
    await page.waitForFunction(() => /Gmail drafts\s*3/.test(document.getElementById('counts')!.textContent ?? ''));

    await page.click('#confirm:not([disabled])');
    await page.waitForSelector('#status.ok', { timeout: 60000 });
    expect(await page.textContent('#jobText')).toMatch(
      /^(\d+) of \1 done: 4 letter pages in 2 documents, 3 drafts, 3 students on 2 follow-ups\.$/,
    );
    expect(await page.textContent('#status')).toBe(
      'Done: 4 letter and call-sheet pages in 2 documents, 3 Gmail drafts, 3 students on 2 Calendar follow-ups.',
    );
    // The preview is counted again: everything was made, so nothing is left to create.
    await page.waitForFunction(() => document.getElementById('confirm')!.textContent === 'Nothing to create');
    expect(await page.textContent('#skipped')).toMatch(/Already contacted for this tier\s*3/);
    await page.screenshot({ path: path.join(OUT, 'outreach-dialog-done.png'), fullPage: true });

    const log = b.ws.values('Outreach log');
    const ids = new Set(log.slice(1).map((r) => r[log[0].indexOf('Student ID')]));
    expect([...ids].sort()).toEqual(['1001', '1002', '1003']);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await bridge.stop();
  }
});

test('a count of one reads in the singular in the preview, on Create and in the job', async () => {
  const b = toolkit();
  expect(importCsv(b, csv([psRow('1001', 'Rivera, Ana', 3)])).ok).toBe(true);
  b.run('showOutreachDialog');
  const bridge = await new BrowserBridge(b).start();
  try {
    const { page, dialogs, errors } = await openInChromium(chrome, bridge.serveShown());
    await page.waitForSelector('#preview:not([hidden])');
    expect(await page.textContent('#counts')).toMatch(/Calendar follow-ups \(one per owner and day\)1 for 1 student$/);
    expect(await page.textContent('#confirm')).toBe('Create 1 letter, 1 draft, 1 follow-up');
    await page.click('#confirm:not([disabled])');
    await page.waitForSelector('#status.ok', { timeout: 60000 });
    expect(await page.textContent('#jobText')).toMatch(
      /^(\d+) of \1 done: 1 letter page in 1 document, 1 draft, 1 student on 1 follow-up\.$/,
    );
    expect(await page.textContent('#status')).toBe(
      'Done: 1 letter and call-sheet page in 1 document, 1 Gmail draft, 1 student on 1 Calendar follow-up.',
    );
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await bridge.stop();
  }
});

test('a dialog opened again while the job runs (the one that started it was closed) drives it to the end', async () => {
  const b = toolkit();
  const rows = Array.from({ length: 150 }, (_, i) => psRow(String(3000 + i), `Pupil, N${i}`, 3 + (i % 3) * 5));
  expect(importCsv(b, csv(rows)).ok).toBe(true);
  // Create was pressed in a dialog that was then closed: the job runs, and no window drives it.
  const started = b.scriptRun<{ ok: boolean; result: { status: string; total: number } }>('outreachStart', {});
  expect(started.result.status).toBe('running');
  b.run('showOutreachDialog');
  const bridge = await new BrowserBridge(b).start();
  try {
    const { page, dialogs, errors } = await openInChromium(chrome, bridge.serveShown());
    await page.waitForSelector('#job:not([hidden])');
    await page.waitForSelector('#status.ok', { timeout: 60000 });
    expect(await page.textContent('#status')).toMatch(/^Done: /);
    expect(await page.textContent('#jobText')).toMatch(new RegExp(`^${started.result.total} of ${started.result.total} done`));
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await bridge.stop();
  }
});
