/* eslint-disable @typescript-eslint/no-explicit-any -- results are read as loose JSON, as the page would */
/**
 * Settings are validated where they are used: the import, Prepare outreach, the student panel and
 * the report each turn a value the toolkit cannot use into a plain-language message naming its
 * cell (never a stack trace), through the built bundle.
 */
import { LoadedBundle } from '../../src/emulator/bundle';
import { GmailPlugin } from '../../src/emulator/gmail';
import { pluginOf } from '../../src/emulator/plugins';
import { csv, importCsv, psRow, toolkit } from '../helpers';

type Outcome<T> = { ok: boolean; message: string; result?: T };

const ROWS = [
  psRow('1001', 'Rivera, Ana', 7),
  psRow('1002', 'Chen, Wei', 3),
  psRow('1003', 'Ali, Omar', 12, { school: 'Elm Grove School' }),
];

const DAYS_WARNING =
  'Settings!B3: Days in school year must be a whole number from 100 to 250; it says "about 180". The toolkit\'s value, 180, is used until it is fixed.';

/** A workbook after its first import, with Settings values typed over (label -> value, or [row label, column, value] for a school). */
function workbook(typed: Record<string, unknown>): LoadedBundle {
  const b = toolkit();
  expect(importCsv(b, csv(ROWS)).ok).toBe(true);
  const sheet = (b.context as any).SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Settings');
  const values = b.ws.values('Settings');
  for (const [label, value] of Object.entries(typed)) {
    const [first, col] = label.includes('|') ? label.split('|') : [label, '2'];
    const row = values.findIndex((r) => r[0] === first) + 1;
    if (row === 0) throw new Error(`no row ${first}`);
    sheet.getRange(row, Number(col)).setValue(value);
  }
  return b;
}

describe('the import', () => {
  test('a wrong "Days in school year" is a warning naming Settings!B3 in the import result; the import goes on', () => {
    const b = workbook({ 'Days in school year': 'about 180' });
    const out = importCsv(b, csv(ROWS));
    expect(out.ok).toBe(true);
    expect(out.result!.warnings).toEqual([DAYS_WARNING]);
    expect(out.result!.students).toBe(3);
  });

  test("tier bands that do not go up are named, and the toolkit's bands tier the students", () => {
    const b = workbook({ 'L3 Moderate starts at': 8, 'L4 Serious starts at': 7 });
    const out = importCsv(b, csv(ROWS));
    expect(out.result!.warnings).toEqual([
      "Settings!B8: Tier bands must go up: L4 Serious starts at (7) must be more than L3 Moderate starts at (8). The toolkit's bands are used until this is fixed.",
    ]);
    // 7 days absent is L3 in the toolkit's bands (the team's would have made it L2).
    expect(out.result!.tiers).toMatchObject({ L2: 1, L3: 1, L4: 1 });
  });

  test('a school email that is not an address names its cell', () => {
    const b = workbook({ 'Oak Street School|3': 'oak lead' });
    const row = b.ws.values('Settings').findIndex((r) => r[0] === 'Oak Street School') + 1;
    expect(importCsv(b, csv(ROWS)).result!.warnings).toEqual([
      `Settings!C${row}: "oak lead" is not an email address (Oak Street School's attendance lead). The toolkit leaves that address out until it is fixed.`,
    ]);
  });
});

describe('Prepare outreach', () => {
  test('a wrong outreach Yes/No is listed in the preview, Start stays off, and nothing is made', () => {
    const b = workbook({ 'Outreach: Gmail drafts to families': 'Nope' });
    const preview = b.scriptRun<Outcome<{ problems: string[]; notes: string[] }>>('outreachPreview', {});
    expect(preview.ok).toBe(true);
    const message =
      'Settings!B13: Outreach: Gmail drafts to families must be Yes or No; it says "Nope". Outreach waits until it is fixed on the Settings sheet.';
    expect(preview.result!.problems).toEqual([message]);
    const start = b.scriptRun<Outcome<unknown>>('outreachStart', {});
    expect(start).toEqual({ ok: false, message: `Nothing was created. ${message}` });
    expect(pluginOf(b.ws.plugins, GmailPlugin).draftsOf(b.ws.user)).toEqual([]);
    expect(b.ws.sheet('Outreach log')).toBeUndefined();
  });

  test('a wrong school year start stops outreach too (it is part of every outreach record)', () => {
    const b = workbook({ 'School year start': 'September' });
    expect(b.scriptRun<Outcome<{ problems: string[] }>>('outreachPreview', {}).result!.problems).toEqual([
      'Settings!B2: School year start must be a date such as 2026-08-27; it says "September". Outreach waits until it is fixed on the Settings sheet.',
    ]);
  });

  test("last year's school year start stops outreach (records would be skipped as already contacted) and is a warning on import", () => {
    const b = workbook({});
    // A year later, Settings still say the school year began on 2026-08-27.
    b.ws.rt.now = Date.UTC(2027, 8, 20, 13);
    const message =
      "Settings!B2: School year start is 2026-08-27, more than a year ago. Set it to this school year's first day (Attendance Toolkit > Set up...); it is still used until this is fixed. Outreach waits until it is fixed on the Settings sheet.";
    expect(b.scriptRun<Outcome<{ problems: string[] }>>('outreachPreview', {}).result!.problems).toEqual([message]);
    expect(importCsv(b, csv(ROWS)).result!.warnings).toEqual([
      "Settings!B2: School year start is 2026-08-27, more than a year ago. Set it to this school year's first day (Attendance Toolkit > Set up...); it is still used until this is fixed.",
    ]);
  });

  test('other wrong values are notes in the preview; outreach goes on with the toolkit value', () => {
    const b = workbook({ 'Days in school year': 'about 180' });
    const preview = b.scriptRun<Outcome<{ problems: string[]; notes: string[] }>>('outreachPreview', {});
    expect(preview.result!.problems).toEqual([]);
    expect(preview.result!.notes).toContain(DAYS_WARNING);
    let job = b.scriptRun<Outcome<{ status: string }>>('outreachStart', {});
    while (job.ok && job.result!.status === 'running') job = b.scriptRun<Outcome<{ status: string }>>('outreachContinue');
    expect(job).toMatchObject({ ok: true, result: { status: 'done' } });
  });
});

describe("a district's own outreach per level", () => {
  test('what Settings say each level gets is what Prepare outreach makes, with the follow-up rhythm chosen', () => {
    // Rivera is L3 (7 days), Chen L2 (3), Ali L4 (12). L2 gets nothing; L4 follows up after a week.
    const b = workbook({ 'L2 Alert: outreach': 'None', 'L2 Alert: follow-up after (days)': 0, 'L4 Serious: follow-up after (days)': 7 });
    let job = b.scriptRun<Outcome<{ status: string }>>('outreachStart', {});
    while (job.ok && job.result!.status === 'running') job = b.scriptRun<Outcome<{ status: string }>>('outreachContinue');
    expect(job).toMatchObject({ ok: true, result: { status: 'done' } });
    const log = b.ws.values('Outreach log');
    const col = (h: string) => log[0].indexOf(h);
    const made = log.slice(1).map((r) => [r[col('Student ID')], r[col('Kind')], r[col('Due date')]]);
    expect(made.filter((m) => m[0] === '1002')).toEqual([]);
    const dues = made.filter((m) => String(m[1]).includes('follow-up')).map((m) => [m[0], m[2]]);
    // Both the L3 and the L4 student are followed up a week later (the next weekday on or after 2026-11-30).
    expect(new Set(dues.map((d) => String(d[1]))).size).toBe(1);
    expect(dues.map((d) => d[0]).sort()).toEqual(['1001', '1003']);
  });
});

describe('the student panel', () => {
  test('opens with the Settings values to fix, each naming its cell', () => {
    const b = workbook({ 'Days in school year': 'about 180', 'School year start': '2026-02-30' });
    const out = b.scriptRun<Outcome<{ settingsWarnings: string[] }>>('panelStart', '1001');
    expect(out.ok).toBe(true);
    expect(out.result!.settingsWarnings).toEqual([
      'Settings!B2: School year start must be a date such as 2026-08-27; it says "2026-02-30". The toolkit\'s value, 2026-08-27, is used until it is fixed.',
      DAYS_WARNING,
    ]);
  });

  test('a correct Settings sheet gives no warnings', () => {
    const b = workbook({});
    expect(b.scriptRun<Outcome<{ settingsWarnings: string[] }>>('panelStart', '').result!.settingsWarnings).toEqual([]);
  });
});

describe('the report', () => {
  test('the report message names the cell and says the toolkit value was used', () => {
    const b = workbook({ 'Days in school year': 'about 180' });
    const out = b.scriptRun<Outcome<{ message: string; settingsWarnings: string[] }>>('buildReport');
    expect(out.ok).toBe(true);
    expect(out.result!.settingsWarnings).toEqual([DAYS_WARNING]);
    expect(out.result!.message.endsWith(`\n\nSettings: ${DAYS_WARNING}`)).toBe(true);
  });

  test('Build report from the menu shows it in the alert', () => {
    const b = workbook({ 'Smallest group shown in reports': 0 });
    b.run('buildReportMenu');
    expect(b.ws.ui.alerts.at(-1)!.prompt).toContain(
      'Settings: Settings!B11: Smallest group shown in reports must be a whole number from 1 to 100; it says "0". The toolkit\'s value, 10, is used until it is fixed.',
    );
  });
});
