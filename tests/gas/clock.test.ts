/**
 * The toolkit clock: one time-based trigger per spreadsheet for every feature that needs time.
 * An Editor add-on may have only one time-driven trigger per user per document, so an outreach
 * job waiting for tomorrow and the bi-weekly report could not each have their own (the second
 * trigger fails in Sheets, and in the emulator).
 */
import { DEFAULT_TEMPLATES } from '../../src/core/outreach/templates';
import { REPORT_SHEETS } from '../../src/core/sheet-names';
import { LoadedBundle } from '../../src/emulator/bundle';
import { GmailPlugin } from '../../src/emulator/gmail';
import { pluginOf } from '../../src/emulator/plugins';
import { csv, duties, importCsv, psRow, timeTriggers, toolkit } from '../helpers';

type Outcome<T> = { ok: boolean; message: string; result?: T };
type Progress = { status: string; done: number; total: number };

const HOUR = 3600000;
const DAY = 24 * HOUR;
/** Monday 30 November 2026, 6:00 in New York (the spreadsheet's time zone): the first Monday after the start. */
const FIRST_MONDAY = Date.UTC(2026, 10, 30, 11);
const PRINCIPALS = ['maple.principal@district.example.org', 'oak.principal@district.example.org'];

/** Two schools of `perSchool` students in every tier, each school with a principal in Settings. */
function district(perSchool = 25): LoadedBundle {
  const b = toolkit();
  const rows: (string | number)[][] = [];
  for (const [s, school] of ['Oak Street School', 'Maple School'].entries()) {
    for (let i = 0; i < perSchool; i++) rows.push(psRow(String(1000 + 1000 * s + i), `Pupil, N${s}${i}`, (i * 3) % 20, { school }));
  }
  expect(importCsv(b, csv(rows)).ok).toBe(true);
  const app = (b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp }).SpreadsheetApp;
  const settings = app.getActiveSpreadsheet().getSheetByName('Settings')!;
  settings
    .getDataRange()
    .getValues()
    .forEach((r, i) => {
      if (r[0] === 'Oak Street School') settings.getRange(i + 1, 4).setValue(PRINCIPALS[1]);
      if (r[0] === 'Maple School') settings.getRange(i + 1, 4).setValue(PRINCIPALS[0]);
    });
  return b;
}

const job = (b: LoadedBundle) => b.scriptRun<Outcome<Progress>>('outreachStatus').result!;
const principalDrafts = (b: LoadedBundle) =>
  pluginOf(b.ws.plugins, GmailPlugin)
    .draftsOf(b.ws.user)
    .filter((d) => PRINCIPALS.includes(d.to[0]));
const reportCopies = (b: LoadedBundle) => b.ws.active.sheets.map((s) => s.name).filter((n) => n.startsWith(`${REPORT_SHEETS.report} 2`));

/** The dialog drives the job until it stops running (done, or paused by a quota). */
function driveFromDialog(b: LoadedBundle): Progress {
  let out = b.scriptRun<Outcome<Progress>>('outreachStart', {});
  for (let i = 0; out.ok && out.result!.status === 'running' && i < 200; i++) out = b.scriptRun<Outcome<Progress>>('outreachContinue');
  expect(out.message).toBe('');
  return out.result!;
}

/** A time-based trigger an older version made, as Sheets keeps it: this user's, in this spreadsheet. */
function legacyTrigger(b: LoadedBundle, handler: string, nextAt: number, everyMs: number | null): void {
  b.ws.triggers.push({
    id: `legacy-${handler}`,
    handler,
    kind: 'CLOCK',
    nextAt,
    everyMs,
    sourceId: b.ws.activeSpreadsheetId,
    owner: b.ws.user,
  });
}

describe('one clock for outreach and the report', () => {
  test('with an outreach job paused for the day and the report scheduled, the spreadsheet has exactly one time-based trigger, and both duties are done when due', () => {
    const b = district();
    // Today's "documents created" quota is nearly used: room for the templates and one letter document.
    b.ws.rt.useQuota('documentsCreated', 250 - DEFAULT_TEMPLATES.length - 1);
    expect(driveFromDialog(b).status).toBe('paused');
    const scheduled = b.scriptRun<Outcome<{ on: boolean }>>('setReportSchedule', true);
    expect(scheduled).toMatchObject({ ok: true, result: { on: true } });
    expect(timeTriggers(b)).toEqual(['toolkitClock']);
    expect(duties(b)).toEqual({ outreach: expect.any(Number), report: FIRST_MONDAY });
    expect(duties(b).outreach - b.ws.rt.now).toBeGreaterThanOrEqual(23 * HOUR);

    b.advance(8 * DAY);
    expect(job(b).status).toBe('done');
    expect(reportCopies(b)).toEqual(['Report 2026-11-30']);
    expect(
      principalDrafts(b)
        .map((d) => d.to[0])
        .sort(),
    ).toEqual(PRINCIPALS);
    // The job's duty is done; the report's is due two weeks later, on the same single trigger.
    expect(duties(b)).toEqual({ report: FIRST_MONDAY + 14 * DAY });
    expect(timeTriggers(b)).toEqual(['toolkitClock']);
    expect(b.failures).toEqual([]);
  });

  test('a duty that throws does not stop the other or the clock; disarming everything removes the trigger', () => {
    const b = district();
    expect(b.scriptRun<Outcome<Progress>>('outreachStart', {}).result!.status).toBe('running');
    // The job's record is damaged (edited by hand in the document properties): from now on the outreach duty throws.
    b.ws.documentProperties.get(b.ws.activeSpreadsheetId!)!['toolkit.outreach.job'] = '{"id": "job-1", "status": "runn';
    b.scriptRun('setReportSchedule', true);

    b.advance(8 * DAY);
    // The report was built and the principals have their drafts, despite the failing duty beside it.
    expect(reportCopies(b)).toEqual(['Report 2026-11-30']);
    expect(principalDrafts(b)).toHaveLength(2);
    // The failing duty is tried again every hour; the clock itself never failed.
    expect(b.failures).toEqual([]);
    expect(duties(b).outreach - b.ws.rt.now).toBeLessThanOrEqual(HOUR);
    expect(timeTriggers(b)).toEqual(['toolkitClock']);
    const errors = b.ws.logs.filter((l) => l.level === 'error').map((l) => l.message);
    expect(errors.length).toBeGreaterThan(24);
    expect(errors[0]).toMatch(/^\[[0-9A-Z]+\] running the toolkit's outreach duty failed: SyntaxError/);
    expect(errors.join('\n')).not.toMatch(/Pupil|@example\.org/);

    // Stopping the job removes the damaged record and disarms its duty; the report keeps the trigger. Turning the schedule off removes it.
    expect(b.scriptRun<Outcome<Progress>>('outreachStop')).toEqual({ ok: true, message: '', result: null });
    expect(duties(b)).toEqual({ report: FIRST_MONDAY + 14 * DAY });
    expect(timeTriggers(b)).toEqual(['toolkitClock']);
    b.scriptRun('setReportSchedule', false);
    expect(duties(b)).toEqual({});
    expect(b.ws.triggers).toEqual([]);
  });

  test('while the dialog drives the job, the clock ticks but leaves the job to the dialog', () => {
    const b = district();
    let out = b.scriptRun<Outcome<Progress>>('outreachStart', {});
    let calls = 1;
    // A chunk every 50 minutes: each one puts the outreach duty an hour ahead, so the hourly ticks find nothing due.
    while (out.result!.status === 'running' && calls < 100) {
      const before = job(b).done;
      b.advance(50 * 60 * 1000);
      expect(job(b).done).toBe(before);
      out = b.scriptRun<Outcome<Progress>>('outreachContinue');
      calls++;
    }
    expect(out.result!.status).toBe('done');
    expect(calls).toBeGreaterThan(2);
    expect(b.ws.triggers).toEqual([]);
    expect(b.failures).toEqual([]);
  });
});

describe('a script bound to the spreadsheet (not an add-on)', () => {
  test("one clock even if Sheets does not list a script's time-driven trigger as the spreadsheet's (not documented either way)", () => {
    const b = toolkit({ isAddOn: false });
    b.ws.scriptClocksInUserTriggers = false;
    expect(importCsv(b, csv([psRow('1001', 'Rivera, Ana', 7)])).ok).toBe(true);
    const clocks = () => b.ws.triggers.filter((t) => t.kind === 'CLOCK' && t.handler === 'toolkitClock');
    b.scriptRun('setReportSchedule', true);
    expect(clocks()).toHaveLength(1);
    b.scriptRun('setReportSchedule', false);
    b.scriptRun('setReportSchedule', true);
    b.scriptRun('setReportSchedule', true);
    expect(clocks()).toHaveLength(1);
    b.advance(22 * DAY);
    expect(reportCopies(b)).toEqual(['Report 2026-11-30', 'Report 2026-12-14']);
    expect(clocks()).toHaveLength(1);
    b.scriptRun('setReportSchedule', false);
    expect(clocks()).toHaveLength(0);
  });
});

describe('two people', () => {
  test('each has one clock for the duties they armed; the report is drafted in the Gmail of the person who scheduled it', () => {
    const b = district(150);
    const clerk = b.ws.user;
    const lead = 'lead@district.example.org';
    // The clerk starts a job and closes the dialog; the attendance lead turns the schedule on.
    expect(b.scriptRun<Outcome<Progress>>('outreachStart', {}).result!.status).toBe('running');
    b.ws.user = lead;
    b.scriptRun('setReportSchedule', true);
    b.ws.user = clerk;
    const clocks = () => b.ws.triggers.map((t) => `${t.handler} ${t.owner}`).sort();
    expect(clocks()).toEqual([`toolkitClock ${clerk}`, `toolkitClock ${lead}`]);

    b.advance(8 * DAY);
    expect(job(b).status).toBe('done');
    expect(reportCopies(b)).toEqual(['Report 2026-11-30']);
    const gmail = pluginOf(b.ws.plugins, GmailPlugin);
    expect(
      gmail
        .draftsOf(lead)
        .map((d) => d.to[0])
        .sort(),
    ).toEqual(PRINCIPALS);
    expect(principalDrafts(b)).toEqual([]);
    // The clerk's clock went with the job; the lead's stays for the next report.
    expect(clocks()).toEqual([`toolkitClock ${lead}`]);
    expect(b.failures).toEqual([]);
  });
});

describe('triggers left by older versions', () => {
  test('an older schedule (its own bi-weekly trigger) is taken over when an outreach job starts: one trigger, both done', () => {
    const b = district();
    legacyTrigger(b, 'runScheduledReport', FIRST_MONDAY, 14 * DAY);
    expect(b.scriptRun<Outcome<Progress>>('outreachStart', {}).result!.status).toBe('running');
    expect(timeTriggers(b)).toEqual(['toolkitClock']);
    expect(duties(b)).toEqual({ outreach: expect.any(Number), report: FIRST_MONDAY });
    expect(b.scriptRun<Outcome<{ on: boolean }>>('reportScheduleStatus').result!.on).toBe(true);
    b.advance(8 * DAY);
    expect(job(b).status).toBe('done');
    expect(reportCopies(b)).toEqual(['Report 2026-11-30']);
    expect(principalDrafts(b)).toHaveLength(2);
    expect(b.failures).toEqual([]);
  });

  test("an older version's resume trigger, when it fires, hands the job to the clock, which finishes it", () => {
    const b = district(150);
    expect(b.scriptRun<Outcome<Progress>>('outreachStart', {}).result!.status).toBe('running');
    const before = job(b).done;
    // As an older version left it: the job record and a one-off outreachResume trigger, no clock.
    b.ws.triggers.splice(0);
    delete b.ws.documentProperties.get(b.ws.activeSpreadsheetId!)!['toolkit.clock'];
    legacyTrigger(b, 'outreachResume', b.ws.rt.now + HOUR, null);
    b.advance(HOUR);
    // The old trigger ran a chunk and is gone; the clock has the job now.
    expect(timeTriggers(b)).toEqual(['toolkitClock']);
    expect(duties(b)).toEqual({ outreach: expect.any(Number) });
    expect(job(b).status).toBe('running');
    expect(job(b).done).toBeGreaterThan(before);
    for (let h = 0; job(b).status === 'running' && h < 48; h++) b.advance(HOUR);
    expect(job(b).status).toBe('done');
    expect(b.ws.triggers).toEqual([]);
    expect(b.failures).toEqual([]);
  });

  test("an older version's report trigger, when it fires, builds the report and hands the schedule to the clock", () => {
    const b = district();
    legacyTrigger(b, 'runScheduledReport', FIRST_MONDAY, 14 * DAY);
    b.advance(8 * DAY);
    expect(reportCopies(b)).toEqual(['Report 2026-11-30']);
    expect(principalDrafts(b)).toHaveLength(2);
    expect(timeTriggers(b)).toEqual(['toolkitClock']);
    expect(duties(b)).toEqual({ report: FIRST_MONDAY + 14 * DAY });
    b.advance(14 * DAY);
    expect(reportCopies(b)).toEqual(['Report 2026-11-30', 'Report 2026-12-14']);
    expect(principalDrafts(b)).toHaveLength(4);
    expect(b.failures).toEqual([]);
  });

  test('the schedule menu shows an older schedule as on, and turning it off removes the old trigger too', () => {
    const b = district();
    legacyTrigger(b, 'runScheduledReport', FIRST_MONDAY, 14 * DAY);
    b.ws.ui.answers.push({ button: 'YES' }, { button: 'OK' });
    b.run('reportScheduleMenu');
    expect(b.ws.ui.alerts[0].prompt).toMatch(/^The report rebuilds every two weeks .*\n\nTurn the schedule off\?$/s);
    expect(b.ws.ui.alerts[1].prompt).toMatch(/^The schedule is off/);
    expect(duties(b)).toEqual({});
    expect(b.ws.triggers).toEqual([]);
  });
});
