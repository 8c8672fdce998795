/**
 * Attendance Toolkit > Set up... in real Chromium (needs Debian's Chromium), against the built
 * bundle in the emulator: every screen walked with the keyboard, a wrong answer refused by the
 * server with the field named and focused, Save, and the checklist; on an empty workbook and on
 * one in use. Screenshots in test-output/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Page } from 'playwright-core';
import { LOGS } from '../../src/core/logs';
import { BrowserBridge } from '../../src/emulator/browser-bridge';
import { LoadedBundle } from '../../src/emulator/bundle';
import { Chromium, launchChromium, openInChromium } from '../../src/emulator/chromium';
import { eventually } from '../eventually';
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

const focused = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('data-field') || '');

/** Press Next (Enter submits the screen's form) and wait for the screen to show, its heading focused. */
async function next(page: Page, screen: string): Promise<void> {
  await page.click('#next');
  await page.waitForSelector(`#screen-${screen}:not([hidden])`);
  await page.waitForFunction((id) => document.activeElement?.id === id, `title-${screen}`);
}

async function open(b: LoadedBundle, bridge: BrowserBridge) {
  b.run('showSetupDialog');
  const opened = await openInChromium(chrome, bridge.serveShown());
  await opened.page.waitForSelector('#screen-year:not([hidden])');
  return opened;
}

test('on an empty workbook: every screen, a wrong answer named by the server, Save, the checklist', async () => {
  const b = toolkit();
  const bridge = await new BrowserBridge(b).start();
  try {
    const { page, dialogs, errors } = await open(b, bridge);
    expect(await page.textContent('#steps')).toBe('1. School year2. District goal3. Schools4. Reasons for absence5. Outreach6. Ready');
    expect(await page.inputValue('#schoolYearStart')).toBe('2026-08-27');
    expect(await page.inputValue('#daysInSchoolYear')).toBe('180');

    // A number of days the toolkit cannot use: the server names the field, which gets the focus.
    await page.fill('#daysInSchoolYear', '90');
    await page.press('#daysInSchoolYear', 'Enter');
    await page.waitForFunction(() => document.getElementById('err-daysInSchoolYear')!.textContent !== '');
    expect(await page.textContent('#err-daysInSchoolYear')).toBe(
      'Days in school year must be a whole number from 100 to 250; it says "90".',
    );
    expect(await page.getAttribute('#daysInSchoolYear', 'aria-invalid')).toBe('true');
    expect(await focused(page)).toBe('daysInSchoolYear');
    expect(await page.locator('#screen-goal').isHidden()).toBe(true);

    await page.fill('#daysInSchoolYear', '181');
    await next(page, 'goal');
    expect(await page.inputValue('#districtGoal')).toBe('30');
    await page.fill('#districtGoal', '28');
    await next(page, 'schools');

    // No schools yet: add one, with an address that is not one first.
    expect(await page.isVisible('#noSchools')).toBe(true);
    await page.click('#addSchool');
    expect(await focused(page)).toBe('schools.0.name');
    await page.keyboard.type('Oak Street School');
    await page.keyboard.press('Tab');
    await page.keyboard.type('oak lead');
    await page.click('#next');
    await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]') !== null);
    expect(await page.textContent('[id="err-schools.0.attendanceLead"]')).toBe(
      '"oak lead" is not an email address (Oak Street School\'s attendance lead). Type one address, such as lead@district.org.',
    );
    await page.fill('[data-field="schools.0.attendanceLead"]', 'lead.oak@district.example.org');
    // The row's boxes are named after the school typed, for a screen reader.
    expect(await page.getAttribute('[data-field="schools.0.principal"]', 'aria-label')).toBe('Oak Street School: principal email');

    // A second school, removed by mistake, comes back with what was typed in it.
    await page.click('#addSchool');
    await page.keyboard.type('Maple School');
    await page.fill('[data-field="schools.1.officePhone"]', '(203) 555-0177');
    await page.click('button[aria-label="Remove Maple School"]');
    expect(await page.textContent('#status')).toBe('Removed Maple School.');
    expect(await focused(page)).toBe('undoRemove');
    await page.keyboard.press('Enter');
    expect(await page.inputValue('[data-field="schools.1.officePhone"]')).toBe('(203) 555-0177');
    await page.click('button[aria-label="Remove Maple School"]');

    // Close with answers not saved asks first: the first press says so, and nothing closes.
    await page.click('#close');
    expect(await page.textContent('#status')).toMatch(/^Close without saving\? Your answers are not saved yet/);
    expect(bridge.page(bridge.calls[0].page)!.closed).toBe(false);
    await next(page, 'reasons');

    await page.fill('#absenceReasons', 'Illness\nBus did not come\nOther');
    await next(page, 'outreach');
    expect(await page.textContent('#next')).toBe('Save');
    await page.uncheck('#followUps');

    // Back keeps the answers.
    await page.click('#back');
    await page.waitForSelector('#screen-reasons:not([hidden])');
    expect(await page.inputValue('#absenceReasons')).toBe('Illness\nBus did not come\nOther');
    await next(page, 'outreach');
    expect(await page.isChecked('#followUps')).toBe(false);

    await page.click('#next');
    await page.waitForSelector('#screen-done:not([hidden])', { timeout: 60000 });
    const items = await page.locator('#checklist li').allTextContents();
    expect(items[0]).toBe('To doRoster: Not imported yet - use Attendance Toolkit > Import attendance export...');
    expect(items).toContain('CheckSchools: 1 school has no principal email (Oak Street School): the bi-weekly report leaves it out.');
    expect(items).toContain(
      'CheckSchools: 1 school has no office phone (Oak Street School): letters and emails to its families give no number to call.',
    );
    expect(items).toContain('ReadyOutreach: Prepare outreach makes letters and call sheets and Gmail drafts to families (never sent).');
    expect(await page.textContent('#next')).toBe('Done');
    await page.screenshot({ path: path.join(OUT, 'setup-wizard-empty.png'), fullPage: true });

    const settings = b.ws.values('Settings');
    expect(settings.find((r) => r[0] === 'Days in school year')![1]).toBe(181);
    expect(settings.find((r) => r[0] === 'Oak Street School')).toEqual(['Oak Street School', '', 'lead.oak@district.example.org', '', '']);
    expect(settings.find((r) => r[0] === 'Outreach: Calendar follow-ups')![1]).toBe('No');
    await page.click('#next');
    // "Done" closes the dialog through google.script.host.close(), which arrives a moment later.
    await eventually(
      () => bridge.page(bridge.calls[0].page)!.closed,
      (closed) => closed,
    );
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await bridge.stop();
  }
});

test('on a workbook in use: the Roster schools are listed, their leads filled in, nothing lost', async () => {
  const b = toolkit();
  const imported = importCsv(
    b,
    csv([
      psRow('1001', 'Rivera, Ana', 7),
      psRow('1002', 'Núñez, José', 12, { school: 'Elm Grove School', language: 'Spanish' }),
      psRow('1003', 'Test, <img src=x onerror=alert(1)>', 3, { school: '<b>Central</b> High School' }),
    ]),
  );
  expect(imported.ok).toBe(true);
  const contact = { studentId: '1001', method: 'Phone call', outcome: 'Reached', reason: 'Transportation', notes: 'Bus never came.' };
  expect(b.scriptRun<{ ok: boolean }>('saveContact', contact).ok).toBe(true);
  const contactsBefore = b.ws.values('Contacts');
  const bridge = await new BrowserBridge(b).start();
  try {
    const { page, dialogs, errors } = await open(b, bridge);
    await next(page, 'goal');
    await next(page, 'schools');
    // School names are shown as text: the one that looks like markup makes no element.
    expect(await page.locator('#schoolRows th').allTextContents()).toEqual([
      '<b>Central</b> High School',
      'Elm Grove School',
      'Oak Street School',
    ]);
    expect(await page.locator('#schoolRows b').count()).toBe(0);
    const leads = page.locator('#schoolRows input[type="email"]');
    expect(await leads.count()).toBe(6);
    for (const [i, slug] of ['central', 'elm', 'oak'].entries()) {
      await page.fill(`[data-field="schools.${i}.attendanceLead"]`, `lead.${slug}@district.example.org`);
      await page.fill(`[data-field="schools.${i}.principal"]`, `principal.${slug}@district.example.org`);
      // With an office phone too, or the checklist asks for one (letters would give no number to call).
      await page.fill(`[data-field="schools.${i}.officePhone"]`, `(203) 555-010${i}`);
    }
    expect(await page.getAttribute('[data-field="schools.1.attendanceLead"]', 'aria-label')).toBe(
      'Elm Grove School: attendance lead email',
    );
    await page.screenshot({ path: path.join(OUT, 'setup-wizard-schools.png'), fullPage: true });
    await next(page, 'reasons');
    await next(page, 'outreach');
    await page.click('#next');
    await page.waitForSelector('#screen-done:not([hidden])', { timeout: 60000 });
    const items = await page.locator('#checklist li').allTextContents();
    expect(items.slice(0, 3)).toEqual([
      'ReadyRoster: 3 students from the last import.',
      'ReadySettings: Saved. Changed: School: <b>Central</b> High School, School: Elm Grove School and School: Oak Street School.',
      'ReadySchools: 3 schools in Settings.',
    ]);
    expect(await page.textContent('#savedMessage')).toBe('Set-up saved. Everything is ready.');
    await page.screenshot({ path: path.join(OUT, 'setup-wizard.png'), fullPage: true });

    expect(b.ws.values('Contacts')).toEqual(contactsBefore);
    expect(b.ws.values('Contacts')[0]).toEqual([...LOGS.contacts.columns]);
    expect(b.ws.values('Settings').find((r) => r[0] === 'Elm Grove School')).toEqual([
      'Elm Grove School',
      '',
      'lead.elm@district.example.org',
      'principal.elm@district.example.org',
      '(203) 555-0101',
    ]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await bridge.stop();
  }
});
