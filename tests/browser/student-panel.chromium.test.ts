/**
 * The student panel in real headless Chromium (Debian's chromium), 300 px wide as Sheets shows
 * a sidebar, against the built bundle in the emulator: search a student, log each form, see
 * the history update, and check that hostile names stay inert. Screenshots: test-output/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Page } from 'playwright-core';
import { BrowserBridge } from '../../src/emulator/browser-bridge';
import { LoadedBundle } from '../../src/emulator/bundle';
import { CalendarPlugin } from '../../src/emulator/calendar';
import { pluginOf } from '../../src/emulator/plugins';
import { Chromium, launchChromium, OpenedPage, openInChromium } from '../../src/emulator/chromium';
import { eventually } from '../eventually';
import { csv, importCsv, psRow, toolkit } from '../helpers';

const OUT = path.resolve(__dirname, '../../test-output');
const IMG = 'Test, <img src=x onerror=alert(1)>';
const LINK = 'Test, =HYPERLINK("http://evil.example","click")';
const SCRIPT = 'Test, </script><script>alert(2)</script>';

let chrome: Chromium;
let bundle: LoadedBundle;
let bridge: BrowserBridge;
let opened: OpenedPage;
let page: Page;

function rows(sheet: string): Record<string, unknown>[] {
  const values = bundle.ws.values(sheet);
  return values.slice(1).map((r) => Object.fromEntries(values[0].map((h, i) => [String(h), r[i]])));
}

const shot = (name: string) => page.screenshot({ path: path.join(OUT, `student-panel-${name}.png`), fullPage: true });
const formStatus = (kind: string) => page.locator(`#form-${kind} .formStatus`);

async function saved(kind: string, on: Page = page): Promise<string> {
  await on.locator(`#form-${kind} button[type="submit"]`).click();
  await on.waitForSelector(`#form-${kind} .formStatus.ok`);
  const status = (await on.locator(`#form-${kind} .formStatus`).textContent()) ?? '';
  expect(status).toMatch(/^Saved\./);
  return status;
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  bundle = toolkit({ user: 'lopez@district.example.org' });
  const out = importCsv(
    bundle,
    csv([
      psRow('1001', 'Rivera, Ana', 7, { language: 'Spanish' }),
      psRow('1002', 'Núñez, José', 12),
      psRow('1003', IMG, 3),
      psRow('1004', LINK, 20, { enrolled: 100 }),
      psRow('1005', SCRIPT, 16),
    ]),
  );
  expect(out.ok).toBe(true);
  bundle.ws.select('Roster', 2); // Ana Rivera's row
  bundle.run('showStudentPanel');
  bridge = await new BrowserBridge(bundle).start();
  chrome = await launchChromium();
  opened = await openInChromium(chrome, bridge.serveShown());
  page = opened.page;
  await page.waitForSelector('#sname:text("Ana Rivera")');
});

afterAll(async () => {
  await chrome?.close();
  await bridge?.stop();
});

describe('opening the panel on the selected Roster row', () => {
  test("shows the student card, the level's guidance and the checklist, readable at 300 px", async () => {
    expect(await page.evaluate(() => window.innerWidth)).toBe(300);
    expect(await page.textContent('#smeta')).toBe('ID 1001 · Oak Street School · Grade 5');
    expect(await page.textContent('#tierBadge')).toBe('L3 Moderate');
    expect(await page.isVisible('#chronic')).toBe(true);
    const facts = await page.locator('#facts').innerText();
    for (const f of ['Days absent', '7 of 58 enrolled', 'Attendance', '87.9%', 'Phone', '(203) 555-0100', 'Home language', 'Spanish'])
      expect(facts).toContain(f);
    await page.click('#guidanceSummary');
    expect(await page.locator('#interventions li').allTextContents()).toContain('LEAP home visits');
    expect(await page.textContent('#script')).toContain('your child Ana has missed 7 days of school');
    expect(await page.textContent('#guidanceSummary')).toBe('What the toolkit asks for (0 of 10 documented)');
    // Nothing sticks out of a 300 px sidebar.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(300);
    await shot('1-opened');
  });
});

describe('logging each form', () => {
  test('a contact: "Saved" appears only once the server confirmed, and the history shows it with its notes exactly', async () => {
    const notes = 'Mom said "the bus never came".\nShe will call back 😀';
    await page.selectOption('#contact-method', 'Phone call');
    await page.selectOption('#contact-outcome', 'Reached');
    await page.selectOption('#contact-reason', 'Transportation');
    await page.fill('#contact-notes', notes);
    bridge.pause();
    await page.click('#form-contact button[type="submit"]');
    await eventually(
      () => bridge.heldCalls,
      (n) => n === 1,
    );
    expect(await formStatus('contact').textContent()).toBe('Saving…');
    expect(bundle.ws.sheet('Contacts')).toBeUndefined();
    bridge.resume();
    await page.waitForSelector('#form-contact .formStatus.ok');
    expect(await formStatus('contact').textContent()).toBe('Saved.');
    expect(rows('Contacts')[0]).toMatchObject({ 'Student ID': '1001', 'Entered by': 'lopez@district.example.org', Notes: notes });
    const top = page.locator('#history li').first();
    expect(await top.locator('.kind').textContent()).toBe('Contact');
    expect(await top.locator('.notes').textContent()).toBe(notes);
    expect(await page.inputValue('#contact-notes')).toBe('');
    expect(await page.textContent('#guidanceSummary')).toBe('What the toolkit asks for (2 of 10 documented)');
  });

  test("a home visit with the toolkit's six fields, reached with the keyboard", async () => {
    await page.focus('#tab-contact');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement!.id)).toBe('tab-homeVisit');
    expect(await page.isVisible('#form-homeVisit')).toBe(true);
    expect(await page.inputValue('#hv-visitor')).toBe('lopez@district.example.org');
    await page.fill('#hv-visitor', 'Ms. Lopez');
    await page.selectOption('#hv-reason', 'Other');
    expect(await page.isVisible('#hv-other')).toBe(true);
    await page.fill('#hv-other', 'Family asked for a visit');
    await page.selectOption('#hv-type', 'Visit 2 - current student absences');
    await page.check('#hv-how input[value="Virtual"]');
    await page.check('#hv-scheduled input[value="No"]');
    await page.fill('#hv-notes', 'Grandmother: asthma flare-ups.');
    await saved('homeVisit');
    expect(rows('Home visits')[0]).toMatchObject({
      'Name of home visitor': 'Ms. Lopez',
      'Reason for visit': 'Other',
      'Other reason (explain)': 'Family asked for a visit',
      'Type of visit': 'Visit 2 - current student absences',
      'How the visit took place': 'Virtual',
      Scheduled: 'No',
      'Detailed field notes': 'Grandmother: asthma flare-ups.',
    });
    expect(await page.locator('#history li .kind').first().textContent()).toBe('Home visit');
    await shot('2-home-visit');
  });

  test('a referral, then an update of its status as a new entry', async () => {
    await page.click('#tab-referral');
    await page.selectOption('#ref-partner', 'YouthConnect');
    expect(await page.textContent('#ref-offers')).toMatch(/bi-weekly/);
    expect(await page.inputValue('#ref-due')).toBe('2026-12-07');
    await saved('referral');
    const id = rows('Referrals')[0]['Referral ID'] as string;
    // The new referral is offered for an update; its partner cannot change.
    await page.selectOption('#ref-id', id);
    expect(await page.isDisabled('#ref-partner')).toBe(true);
    expect(await page.inputValue('#ref-partner')).toBe('YouthConnect');
    await page.selectOption('#ref-status', 'In progress');
    await page.fill('#ref-notes', 'Intake meeting held');
    await saved('referral');
    expect(rows('Referrals').map((r) => [r['Referral ID'], r['Status']])).toEqual([
      [id, 'Made'],
      [id, 'In progress'],
    ]);
    expect(await page.locator('#history li .kind').first().textContent()).toBe('Referral update');
  });

  test('a success plan', async () => {
    await page.click('#tab-successPlan');
    await page.fill('#sp-mentor', 'Mr. Chen');
    await page.fill('#sp-email', 'chen@district.example.org');
    await page.fill('#sp-goals', 'On time every day for two weeks');
    await page.fill('#sp-supports', 'Morning check-in; bus pass');
    expect(await page.inputValue('#sp-next')).toBe('2026-11-30');
    expect(await saved('successPlan')).toBe(
      'Saved. The check-in on November 30 is on your calendar, with chen@district.example.org invited.',
    );
    expect(rows('Success plans')[0]).toMatchObject({ 'Mentor name': 'Mr. Chen', 'Next check-in': '2026-11-30' });
    // The event's title names the school, not the student (titles show in notifications and shared calendars).
    const [event] = pluginOf(bundle.ws.plugins, CalendarPlugin).eventsOf(bundle.ws.user);
    expect(event.summary).toBe('Success plan check-in (Oak Street School)');
    expect(event.description).toMatch(/^Success mentor check-in with Ana Rivera \(\d+\)/);
    expect(await page.locator('#history li').count()).toBe(5);
    expect(await page.locator('#history li .kind').allTextContents()).toEqual([
      'Success plan',
      'Referral update',
      'Referral',
      'Home visit',
      'Contact',
    ]);
    await shot('3-all-forms');
  });

  test('an update starts from where the referral or plan stands (its status, its check-in day), so a note alone changes nothing else', async () => {
    await page.click('#tab-referral');
    const id = rows('Referrals')[0]['Referral ID'] as string;
    await page.selectOption('#ref-id', id);
    expect(await page.inputValue('#ref-status')).toBe('In progress');
    await page.fill('#ref-notes', 'Called the partner');
    await saved('referral');
    expect(rows('Referrals').map((r) => r['Status'])).toEqual(['Made', 'In progress', 'In progress']);
    // Focus comes back to the Save button, not to the top of the page.
    expect(await page.evaluate(() => document.activeElement!.textContent)).toBe('Save referral');
    // Closed: the form is a new referral again, with its due date shown.
    await page.selectOption('#ref-id', id);
    await page.selectOption('#ref-status', 'Closed');
    expect(await page.isVisible('#ref-due')).toBe(false);
    await saved('referral');
    expect(await page.inputValue('#ref-status')).toBe('Made');
    expect(await page.isVisible('#ref-due')).toBe(true);
    expect(await page.inputValue('#ref-due')).toBe('2026-12-07');

    await page.click('#tab-successPlan');
    const planId = rows('Success plans')[0]['Plan ID'] as string;
    await page.selectOption('#sp-id', planId);
    await page.fill('#sp-next', '2026-12-10');
    await saved('successPlan');
    await page.selectOption('#sp-id', planId);
    expect(await page.inputValue('#sp-next')).toBe('2026-12-10');
    await page.fill('#sp-goals', 'On time every day for two weeks.');
    expect(await saved('successPlan')).toBe(
      'Saved. The check-in on December 10 is on your calendar, with chen@district.example.org invited.',
    );
    expect(rows('Success plans').map((r) => r['Next check-in'])).toEqual(['2026-11-30', '2026-12-10', '2026-12-10']);
  });
});

describe('when a save does not go through, the form keeps every word', () => {
  test('a field the server refuses is marked, focused and explained', async () => {
    await page.click('#tab-successPlan');
    await page.fill('#sp-mentor', 'Ms. Diaz');
    await page.fill('#sp-email', 'diaz at school');
    await page.fill('#sp-goals', 'Attend every Monday');
    await page.fill('#sp-supports', 'Call on Sunday evening');
    await page.click('#form-successPlan button[type="submit"]');
    await page.waitForSelector('#form-successPlan .formStatus.error');
    expect(await page.getAttribute('#sp-email', 'aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement!.id)).toBe('sp-email');
    const described = await page.getAttribute('#sp-email', 'aria-describedby');
    expect(await page.textContent(`#${described}`)).toBe('"diaz at school" is not an email address. Check the mentor\'s email.');
    expect(await page.inputValue('#sp-goals')).toBe('Attend every Monday');
    expect(rows('Success plans')).toHaveLength(3);
  });

  test('a contact whose method or outcome was not chosen is asked for, never logged as a phone call that reached the family', async () => {
    await page.click('#tab-contact');
    expect(await page.inputValue('#contact-method')).toBe('');
    expect(await page.inputValue('#contact-outcome')).toBe('');
    const before = rows('Contacts').length;
    await page.fill('#contact-notes', 'Left a note at the door');
    await page.click('#form-contact button[type="submit"]');
    await page.waitForSelector('#form-contact .formStatus.error');
    expect(await page.evaluate(() => document.activeElement!.id)).toBe('contact-method');
    expect(await page.locator('#form-contact .err').allTextContents()).toEqual([
      'Choose how you contacted the family or student.',
      'Choose the outcome of the contact.',
    ]);
    expect(rows('Contacts')).toHaveLength(before);
    expect(await page.inputValue('#contact-notes')).toBe('Left a note at the door');
    await page.fill('#contact-notes', '');
    await page.click('#tab-successPlan'); // where the next test goes on
  });

  test('notes pasted over the limit are not cut: a note says by how much, and the save says what to shorten', async () => {
    await page.click('#tab-contact');
    await page.selectOption('#contact-method', 'Phone call');
    await page.selectOption('#contact-outcome', 'Reached');
    const long = 'Spoke with the family. '.repeat(230); // 5,290 characters
    await page.fill('#contact-notes', long);
    expect(await page.inputValue('#contact-notes')).toBe(long);
    expect(await page.textContent('#form-contact .limitNote')).toBe('290 characters over the limit of 5,000: shorten it before saving.');
    expect(await page.getAttribute('#contact-notes', 'aria-describedby')).toBe('contact-notes-limit');
    const before = rows('Contacts').length;
    await page.click('#form-contact button[type="submit"]');
    await page.waitForSelector('#form-contact .formStatus.error');
    expect(await page.textContent('#form-contact .err')).toMatch(/5,290 characters long; the limit is 5,000/);
    expect(await page.inputValue('#contact-notes')).toBe(long);
    expect(rows('Contacts')).toHaveLength(before);
    await page.fill('#contact-notes', 'Spoke with the family.');
    expect(await page.locator('#form-contact .limitNote').count()).toBe(0);
    await page.click('#tab-successPlan'); // where the next test goes on
  });

  test('an explanation typed for "Other" goes when another reason is chosen, so the visit saves', async () => {
    await page.click('#tab-homeVisit');
    await page.selectOption('#hv-reason', 'Other');
    await page.fill('#hv-other', 'Asked by the family');
    const reasons = await page.$$eval('#hv-reason option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value).filter((v) => v && v !== 'Other'),
    );
    await page.selectOption('#hv-reason', reasons[0]);
    expect(await page.isVisible('#hv-other')).toBe(false);
    expect(await page.inputValue('#hv-other')).toBe('');
    await page.selectOption('#hv-type', { index: 1 });
    await page.fill('#hv-notes', 'Met at the door.');
    const before = rows('Home visits').length;
    await saved('homeVisit');
    expect(rows('Home visits')).toHaveLength(before + 1);
    expect(rows('Home visits')[before]).toMatchObject({ 'Reason for visit': reasons[0], 'Other reason (explain)': '' });
    await page.click('#tab-successPlan'); // where the next test goes on
  });

  test('someone else holding the lock: a plain message, the text stays, and saving again works', async () => {
    await page.fill('#sp-email', 'diaz@district.example.org');
    bundle.ws.locks.hold(`document:${bundle.ws.activeSpreadsheetId}`, 'an import');
    await page.click('#form-successPlan button[type="submit"]');
    await page.waitForSelector('#form-successPlan .formStatus.error');
    expect(await formStatus('successPlan').textContent()).toMatch(/^Someone else is saving in this spreadsheet right now/);
    expect(await page.inputValue('#sp-supports')).toBe('Call on Sunday evening');
    bundle.ws.locks.letGo(`document:${bundle.ws.activeSpreadsheetId}`);
    await saved('successPlan');
    expect(rows('Success plans')).toHaveLength(4);
  });

  test('a call that fails on the way: the failure is said, the text stays', async () => {
    await page.click('#tab-contact');
    await page.selectOption('#contact-method', 'Text message');
    await page.selectOption('#contact-outcome', 'Sent, no reply yet');
    await page.fill('#contact-notes', 'Sent the reminder in Spanish');
    bridge.failNext('NetworkError: Connection failure due to HTTP 0');
    await page.click('#form-contact button[type="submit"]');
    await page.waitForSelector('#form-contact .formStatus.error');
    expect(await formStatus('contact').textContent()).toBe(
      'The save was not confirmed (NetworkError: Connection failure due to HTTP 0). Your text is still here: press Save again. If it was saved, it is not logged twice.',
    );
    expect(await page.inputValue('#contact-notes')).toBe('Sent the reminder in Spanish');
    await saved('contact');
    expect(rows('Contacts').map((r) => r['Notes'])).toContain('Sent the reminder in Spanish');
  });

  test('a save whose answer is lost after it landed, pressed again, is logged once', async () => {
    await page.selectOption('#contact-method', 'Phone call');
    await page.selectOption('#contact-outcome', 'Left message');
    await page.fill('#contact-notes', 'Left a message about Monday');
    const before = rows('Contacts').length;
    bridge.loseNextAnswer('NetworkError: Connection failure due to HTTP 0');
    await page.click('#form-contact button[type="submit"]');
    await page.waitForSelector('#form-contact .formStatus.error');
    expect(rows('Contacts')).toHaveLength(before + 1);
    expect(await formStatus('contact').textContent()).toMatch(/^The save was not confirmed/);
    const status = await saved('contact');
    expect(status).toMatch(/already saved at .*it is logged once\.$/);
    expect(rows('Contacts')).toHaveLength(before + 1);
    expect(await page.locator('#history li', { hasText: 'Left a message about Monday' }).count()).toBe(1);
    // The same words typed again for a second call are a second entry.
    await page.selectOption('#contact-method', 'Phone call');
    await page.selectOption('#contact-outcome', 'Left message');
    await page.fill('#contact-notes', 'Left a message about Monday');
    await saved('contact');
    expect(rows('Contacts')).toHaveLength(before + 2);
  });
});

describe('searching', () => {
  test('by name without accents, with the keyboard', async () => {
    await page.fill('#q', 'jose nunez');
    await page.waitForSelector('#results li[role="option"]');
    await page.keyboard.press('ArrowDown');
    expect(await page.getAttribute('#q', 'aria-activedescendant')).toBe('opt-0');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#sname:text("José Núñez")');
    expect(await page.textContent('#tierBadge')).toBe('L4 Serious');
    expect(await page.textContent('#noHistory')).toBe('Nothing is documented for this student yet.');
  });

  test('unsaved text is not carried to another student: switching asks for a second choice first', async () => {
    await page.click('#tab-contact');
    await page.fill('#contact-notes', 'About José only');
    await page.fill('#q', '1001');
    await page.waitForSelector('#results li[data-id="1001"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#status.error');
    expect(await page.textContent('#sname')).toBe('José Núñez');
    expect(await page.textContent('#status')).toMatch(/unsaved text for José Núñez/);
    await page.fill('#q', '1001');
    await page.waitForSelector('#results li[data-id="1001"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#sname:text("Ana Rivera")');
    expect(await page.inputValue('#contact-notes')).toBe('');
  });
});

describe('following the Roster', () => {
  test('Refresh shows the student on the row selected on the Roster, or reads the shown student again', async () => {
    bundle.ws.select('Roster', 3, 2);
    await page.click('#refresh');
    await page.waitForSelector('#sname:text("José Núñez")');
    bundle.ws.select('Settings', 2);
    const before = bridge.calls.length;
    await page.click('#refresh');
    await eventually(
      () => bridge.calls.slice(before),
      (calls) => calls.some((c) => c.fn === 'panelRefresh' && c.ok),
    );
    await eventually(
      () => page.textContent('#status'),
      (t) => t === '',
    );
    expect(await page.textContent('#sname')).toBe('José Núñez');
  });
});

describe('hostile names stay inert', () => {
  test.each([
    ['<img src=x onerror=alert(1)> Test', '1003'],
    ['=HYPERLINK("http://evil.example","click") Test', '1004'],
    ['</script><script>alert(2)</script> Test', '1005'],
  ])('%s shows as that text, runs nothing, adds no element', async (name, id) => {
    await page.fill('#q', 'test');
    await page.waitForSelector(`#results li[data-id="${id}"]`);
    expect(await page.locator(`#results li[data-id="${id}"] .who`).textContent()).toBe(name);
    await page.locator(`#results li[data-id="${id}"]`).dispatchEvent('mousedown');
    await page.waitForSelector(`#smeta:text("ID ${id}")`);
    expect(await page.textContent('#sname')).toBe(name);
    expect(await page.textContent('#logFor')).toBe(name);
    // 3 of 58 days is not chronic absence; 20 of 100 and 16 of 58 are.
    expect(await page.isVisible('#chronic')).toBe(id !== '1003');
    // Log a contact for them: the history shows the entry, still as text.
    await page.selectOption('#contact-method', 'Letter');
    await page.selectOption('#contact-outcome', 'Sent, no reply yet');
    await page.fill('#contact-notes', `<b>${name}</b>`);
    await saved('contact');
    expect(await page.locator('#history li .notes').first().textContent()).toBe(`<b>${name}</b>`);
    expect(
      await page.evaluate(() => ({
        img: document.querySelectorAll('img').length,
        links: document.querySelectorAll('a').length,
        bold: document.querySelectorAll('b').length,
        scripts: document.querySelectorAll('script').length,
      })),
    ).toEqual({ img: 0, links: 0, bold: 0, scripts: 2 });
    expect(opened.dialogs).toEqual([]);
    await shot(`4-hostile-${id}`);
  });

  test('no alert, no dialog and no script error fired during the whole session', () => {
    expect(opened.dialogs).toEqual([]);
    expect(opened.errors).toEqual([]);
  });
});

describe('a hostile student ID on the selected row', () => {
  test('reaches the page only through the escaped template tag: the panel opens on that student and nothing runs', async () => {
    const evilId = '</script><script>alert(3)</script>';
    const b = toolkit();
    importCsv(b, csv([psRow(evilId, 'Evil, Eve', 4)]));
    b.ws.select('Roster', 2);
    b.run('showStudentPanel');
    const other = await new BrowserBridge(b).start();
    try {
      const tab = await openInChromium(chrome, other.serveShown());
      await tab.page.waitForSelector('#sname:text("Eve Evil")');
      expect(await tab.page.textContent('#smeta')).toBe(`ID ${evilId} · Oak Street School · Grade 5`);
      expect(await tab.page.evaluate(() => document.querySelectorAll('script').length)).toBe(2);
      expect(tab.dialogs).toEqual([]);
      expect(tab.errors).toEqual([]);
      await tab.page.close();
    } finally {
      await other.stop();
    }
  });
});

describe('a Partners sheet the toolkit cannot fully read', () => {
  test("the panel says at the top which cell to fix, and the partner is not in the referral form's list", async () => {
    const b = toolkit();
    importCsv(b, csv([psRow('1001', 'Rivera, Ana', 12)]));
    b.ws.select('Roster', 2);
    b.run('showStudentPanel');
    const row = b.ws.values('Partners').findIndex((r) => r[0] === 'Kiyama') + 1;
    const ss = (b.context as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp }).SpreadsheetApp.getActiveSpreadsheet();
    ss.getSheetByName('Partners')!.getRange(row, 6).setValue('Paused');
    b.run('showStudentPanel');
    const other = await new BrowserBridge(b).start();
    try {
      const tab = await openInChromium(chrome, other.serveShown());
      await tab.page.waitForSelector('#sname:text("Ana Rivera")');
      expect(await tab.page.locator('#settingsWarnings li').allTextContents()).toEqual([
        `Partners!F${row}: Active for Kiyama says "Paused", which is neither Yes nor No. Kiyama is not offered for referrals until it says Yes (or No, to keep it off the list).`,
      ]);
      const offered = await tab.page.locator('#ref-partner option').allTextContents();
      expect(offered).toContain('New Haven Reads');
      expect(offered).not.toContain('Kiyama');
      expect(tab.errors).toEqual([]);
      await tab.page.close();
    } finally {
      await other.stop();
    }
  });
});

describe('a student who moved up a level', () => {
  test('a step done only at the earlier level is not ticked: it says when it was done and to do it again; a call at this level ticks it', async () => {
    const b = toolkit({ user: 'lopez@district.example.org' });
    importCsv(b, csv([psRow('1002', 'Núñez, José', 8)])); // L3
    const call = { studentId: '1002', method: 'Phone call', outcome: 'Reached', reason: 'Transportation', notes: '' };
    expect(b.scriptRun<{ ok: boolean }>('saveContact', call).ok).toBe(true);
    b.advance(14 * 24 * 60 * 60 * 1000);
    importCsv(b, csv([psRow('1002', 'Núñez, José', 12)])); // L4
    b.ws.select('Roster', 2);
    b.run('showStudentPanel');
    const other = await new BrowserBridge(b).start();
    try {
      const tab = await openInChromium(chrome, other.serveShown());
      const p = tab.page;
      await p.waitForSelector('#sname:text("José Núñez")');
      await p.click('#guidanceSummary');
      const phone = p.locator('#steps li', { hasText: 'Parent Link - phone call' });
      expect(await phone.getAttribute('class')).toBe('todo');
      expect(await phone.innerText()).toContain('Done at L3 on Nov 23: do it again at this level.');
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(300);
      await p.screenshot({ path: path.join(OUT, 'student-panel-earlier-level.png'), fullPage: true });
      await p.selectOption('#contact-method', 'Phone call');
      await p.selectOption('#contact-outcome', 'Reached');
      await saved('contact', p);
      expect(await phone.getAttribute('class')).toBe('done');
      expect(await phone.innerText()).not.toContain('Done at L3');
      expect(tab.errors).toEqual([]);
      await p.close();
    } finally {
      await other.stop();
    }
  });
});

describe("a referral's bi-weekly update, on the student card", () => {
  test('open referrals show their next update; one past its day says it is overdue; closed ones are not listed', async () => {
    bundle.ws.select('Roster', 3); // José Núñez
    await page.click('#refresh');
    await page.waitForSelector('#sname:text("José Núñez")');
    expect(await page.isVisible('#openReferralsBox')).toBe(false);
    await page.click('#tab-referral');
    await page.selectOption('#ref-partner', "NHPS/Governor's Partnership mentoring");
    await saved('referral');
    expect(await page.locator('#openReferrals li').allTextContents()).toEqual([
      "NHPS/Governor's Partnership mentoring: Made · next update Dec 7, 2026",
    ]);
    // Fifteen days on, no update has come in.
    bundle.advance(15 * 24 * 60 * 60 * 1000);
    await page.click('#refresh');
    await page.waitForSelector('#openReferrals li.overdue');
    expect(await page.locator('#openReferrals li').allTextContents()).toEqual([
      "NHPS/Governor's Partnership mentoring: Made · update overdue (due Dec 7, 2026)",
    ]);
    await page.selectOption('#ref-id', { index: 1 });
    await page.selectOption('#ref-status', 'Closed');
    await saved('referral');
    expect(await page.isVisible('#openReferralsBox')).toBe(false);
  });
});

describe('a sidebar left open for days, in a district with many Marías', () => {
  const DAY = 24 * 60 * 60 * 1000;
  let b: LoadedBundle;
  let other: BrowserBridge;
  let tab: OpenedPage;
  let p: Page;

  beforeAll(async () => {
    b = toolkit({ user: 'lopez@district.example.org' });
    const marias = Array.from({ length: 30 }, (_, i) => psRow(String(3000 + i), `Student${i}, María`, 4));
    expect(importCsv(b, csv([psRow('1001', 'Rivera, Ana', 7), ...marias])).ok).toBe(true);
    const roster = b.ws.values('Roster');
    const idCol = roster[0].indexOf('Student ID');
    b.ws.select('Roster', roster.findIndex((r) => r[idCol] === '1001') + 1);
    b.run('showStudentPanel');
    other = await new BrowserBridge(b).start();
    tab = await openInChromium(chrome, other.serveShown());
    p = tab.page;
    await p.waitForSelector('#sname:text("Ana Rivera")');
  });

  afterAll(async () => {
    await tab?.page.close();
    await other?.stop();
  });

  test("the forms' default days follow the spreadsheet's today on Refresh and after a save; a date the person typed stays", async () => {
    expect(await p.inputValue('#ref-due')).toBe('2026-12-07');
    expect(await p.inputValue('#sp-next')).toBe('2026-11-30');
    // The person sets the referral's next update; in the plan form they write goals, not the date.
    await p.click('#tab-referral');
    await p.selectOption('#ref-partner', 'YouthConnect');
    await p.fill('#ref-due', '2026-12-04');
    await p.click('#tab-successPlan');
    await p.fill('#sp-goals', 'On time every day');

    // The next morning, Refresh: the plan's check-in is a week from the new today.
    b.advance(DAY);
    await p.click('#refresh');
    await eventually(
      () => p.inputValue('#sp-next'),
      (v) => v === '2026-12-01',
    );
    expect(await p.inputValue('#ref-due')).toBe('2026-12-04');
    expect(await p.inputValue('#sp-goals')).toBe('On time every day');

    // A week later, without Refresh: a contact saved brings that day's defaults to the other forms.
    b.advance(7 * DAY);
    await p.click('#tab-contact');
    await p.selectOption('#contact-method', 'Phone call');
    await p.selectOption('#contact-outcome', 'Reached');
    await saved('contact', p);
    expect(await p.inputValue('#sp-next')).toBe('2026-12-08');
    expect(await p.inputValue('#ref-due')).toBe('2026-12-04');
    // The new plan's default check-in is taken as it is, not refused as in the past.
    await p.click('#tab-successPlan');
    await p.fill('#sp-mentor', 'Mr. Chen');
    await p.fill('#sp-email', 'chen@district.example.org');
    await p.fill('#sp-supports', 'Morning check-in');
    expect(await saved('successPlan', p)).toBe(
      'Saved. The check-in on December 8 is on your calendar, with chen@district.example.org invited.',
    );
    // The saved form starts again from today's defaults; the referral form keeps its typed date.
    expect(await p.inputValue('#sp-next')).toBe('2026-12-08');
    await p.click('#tab-referral');
    expect(await p.inputValue('#ref-due')).toBe('2026-12-04');
    expect(tab.errors).toEqual([]);
  });

  test('a search matching more than 20 lists 20 and says how many more matched and to type more of the name or the ID', async () => {
    await p.fill('#q', 'maria');
    await p.waitForSelector('#results li[role="option"]');
    expect(await p.locator('#results li[role="option"]').count()).toBe(20);
    const note = p.locator('#results li:not([role="option"])');
    expect(await note.allTextContents()).toEqual([
      '10 more students match. Type more of the name, or the student ID, to find the one you want.',
    ]);
    expect(await note.getAttribute('aria-disabled')).toBe('true');
    // A screen reader is told the count and the note.
    expect(await p.textContent('#resultsCount')).toBe(
      '20 students listed. 10 more students match. Type more of the name, or the student ID, to find the one you want.',
    );
    // The note is not a choice: the arrow keys go round the 20 students only; up from the box is the last one.
    await p.keyboard.press('ArrowUp');
    expect(await p.getAttribute('#q', 'aria-activedescendant')).toBe('opt-19');
    await p.keyboard.press('ArrowDown');
    expect(await p.getAttribute('#q', 'aria-activedescendant')).toBe('opt-0');
    await p.keyboard.press('ArrowUp');
    expect(await p.getAttribute('#q', 'aria-activedescendant')).toBe('opt-19');
    await p.screenshot({ path: path.join(OUT, 'student-panel-5-more-matches.png'), fullPage: true });
    // Typing more of the name: the one student, and no note.
    await p.fill('#q', 'maria student27');
    await p.waitForSelector('#results li[data-id="3027"]');
    await eventually(
      () => p.locator('#results li').count(),
      (n) => n === 1,
    );
    expect(await p.locator('#results li .who').textContent()).toBe('María Student27');
    expect(await p.textContent('#resultsCount')).toBe('One student matches.');
  });
});
