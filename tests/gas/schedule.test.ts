/** The bi-weekly schedule: the toolkit clock's report duty, a rebuilt report and each principal's draft (or email). */
import { REPORT_SHEETS } from '../../src/core/sheet-names';
import { LoadedBundle } from '../../src/emulator/bundle';
import { GmailPlugin } from '../../src/emulator/gmail';
import { pluginOf } from '../../src/emulator/plugins';
import { csv, duties, importCsv, POWERSCHOOL_HEADER, psRow, timeTriggers, toolkit } from '../helpers';

const HOUR = 3600000;
const DAY = 86400000;
/** Monday 30 November 2026, 6:00 in New York (the spreadsheet's time zone): the first Monday after the start. */
const FIRST_MONDAY = Date.UTC(2026, 10, 30, 11);

function app(b: LoadedBundle) {
  return (b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp }).SpreadsheetApp;
}

/** Four schools: Oak (20) and Maple (20) in full; Tiny (3) hidden, and Elm (11) hidden with it. */
function district(): LoadedBundle {
  const b = toolkit();
  const rows: (string | number)[][] = [];
  let id = 1000;
  const school = (name: string, n: number, grade = '5') => {
    for (let i = 0; i < n; i++) rows.push(psRow(String(id++), `Pupil, N${id}`, (i * 3) % 13, { school: name, grade }));
  };
  school('Oak Street School', 20);
  school('Maple School', 20);
  school('Elm High School', 11, '10');
  school('Tiny School', 3);
  rows[0][1] = 'Rivera, Ana';
  importCsv(b, csv(rows));
  const settings = app(b).getActiveSpreadsheet().getSheetByName('Settings')!;
  const values = settings.getDataRange().getValues();
  const emails: Record<string, string> = {
    'Oak Street School': 'oak.principal@district.example.org',
    'Maple School': 'maple.principal@district.example.org',
    'Tiny School': 'tiny.principal@district.example.org',
  };
  values.forEach((r, i) => {
    if (emails[String(r[0])]) settings.getRange(i + 1, 4).setValue(emails[String(r[0])]);
  });
  return b;
}

function setSetting(b: LoadedBundle, label: string, value: string) {
  const sheet = app(b).getActiveSpreadsheet().getSheetByName('Settings')!;
  const row = sheet
    .getDataRange()
    .getValues()
    .findIndex((r) => r[0] === label);
  sheet.getRange(row + 1, 2).setValue(value);
}

describe('the schedule', () => {
  test("arms the clock's report duty for next Monday 6:00 on one time-based trigger, however many times it is turned on", () => {
    const b = district();
    b.ws.ui.answers.push({ button: 'YES' }, { button: 'OK' });
    b.run('reportScheduleMenu');
    expect(b.ws.ui.alerts[0].prompt).toMatch(/^Rebuild the report every two weeks/);
    expect(b.ws.ui.alerts[1].prompt).toBe('The schedule is on. The first report will be built on Monday, November 30, in the morning.');
    expect(duties(b)).toEqual({ report: FIRST_MONDAY });
    expect(b.ws.triggers).toEqual([expect.objectContaining({ handler: 'toolkitClock', kind: 'CLOCK', everyMs: HOUR })]);
    // Clicking the menu again shows the schedule is on; answering No keeps it.
    b.ws.ui.answers.push({ button: 'NO' });
    b.run('reportScheduleMenu');
    expect(b.ws.ui.alerts[2].prompt).toMatch(/^The report rebuilds every two weeks/);
    for (let i = 0; i < 3; i++) {
      const status = b.scriptRun<{ ok: boolean; result: { on: boolean; next: string } }>('setReportSchedule', true).result;
      expect(status).toMatchObject({ on: true, next: new Date(FIRST_MONDAY).toISOString() });
    }
    expect(duties(b)).toEqual({ report: FIRST_MONDAY });
    expect(timeTriggers(b)).toEqual(['toolkitClock']);
    b.ws.ui.answers.push({ button: 'YES' }, { button: 'OK' });
    b.run('reportScheduleMenu');
    expect(duties(b)).toEqual({});
    expect(b.ws.triggers).toEqual([]);
    expect(b.scriptRun<{ result: { on: boolean; next: null } }>('reportScheduleStatus').result).toMatchObject({ on: false, next: null });
  });

  test("a schedule whose owner's account no longer runs it shows as stalled, and another person takes it over", () => {
    const b = district();
    b.scriptRun('setReportSchedule', true);
    // The person who turned it on leaves: their account, and so their clock trigger, is gone.
    b.ws.triggers.splice(0, b.ws.triggers.length);
    b.advance(20 * DAY);
    b.ws.user = 'coordinator@district.example.org';
    type Status = { on: boolean; next: string; by: string; stalled: boolean };
    const stalled = b.scriptRun<{ result: Status }>('reportScheduleStatus').result;
    expect(stalled).toMatchObject({
      on: true,
      by: 'clerk@district.example.org',
      stalled: true,
      next: new Date(FIRST_MONDAY).toISOString(),
    });
    b.ws.ui.answers.push({ button: 'YES' }, { button: 'OK' });
    b.run('reportScheduleMenu');
    expect(b.ws.ui.alerts.at(-2)!.prompt).toMatch(/^The schedule turned on by clerk@district\.example\.org has not run since November 30/);
    const mine = b.scriptRun<{ result: Status }>('reportScheduleStatus').result;
    expect(mine).toMatchObject({ on: true, by: 'coordinator@district.example.org', stalled: false });
    expect(Date.parse(mine.next)).toBeGreaterThan(b.ws.rt.now);
    expect(timeTriggers(b)).toEqual(['toolkitClock']);
    // A schedule that runs is not taken over by turning it on again.
    b.ws.user = 'clerk@district.example.org';
    b.scriptRun('setReportSchedule', true);
    expect(b.scriptRun<{ result: Status }>('reportScheduleStatus').result.by).toBe('coordinator@district.example.org');
  });

  test('two clicks while one is still running do not make two triggers', () => {
    const b = district();
    b.ws.locks.hold(`document:${b.ws.activeSpreadsheetId}`);
    expect(b.scriptRun<{ ok: boolean; message: string }>('setReportSchedule', true)).toEqual({
      ok: false,
      message: expect.stringMatching(/^Another job is already running/),
    });
    expect(duties(b)).toEqual({});
    expect(b.ws.triggers).toEqual([]);
  });

  test("every two weeks the report is rebuilt and each principal gets a draft of their school's numbers, small groups hidden", () => {
    const b = district();
    b.scriptRun('setReportSchedule', true);
    b.advance(8 * DAY); // the first Monday, 06:00
    expect(b.failures).toEqual([]); // the trigger path never touches the UI
    const gmail = pluginOf(b.ws.plugins, GmailPlugin);
    let drafts = gmail.draftsOf(b.ws.user);
    expect(drafts.map((d) => d.to[0]).sort()).toEqual([
      'maple.principal@district.example.org',
      'oak.principal@district.example.org',
      'tiny.principal@district.example.org',
    ]);
    expect(gmail.state.sent).toEqual([]);
    const oak = drafts.find((d) => d.to[0].startsWith('oak'))!;
    expect(oak.subject).toBe('Attendance report for Oak Street School, 2026-11-30');
    // The school's own numbers, the same as the Report sheet's row for Oak Street.
    const report = b.ws.values(REPORT_SHEETS.report);
    const oakRow = report.find((r) => r[0] === 'Oak Street School' && typeof r[1] === 'number')!;
    expect(oak.text).toContain(`Chronically absent | ${oakRow[2]} | ${(oakRow[3] as number).toFixed(1)}`);
    expect(oak.html).toContain('Open the full report');
    // The school's table by grade counts its students with attendance reported, as the Report sheet's does.
    expect(oak.text).toContain('Grade | With attendance reported | Chronically absent');
    expect(oak.html).toMatch(/<th[^>]*>Grade<\/th><th[^>]*>With attendance reported<\/th>/);
    expect(oak.text).toMatch(/https:\/\/docs\.google\.com\/spreadsheets\/d\/.+\/edit#gid=\d+/);
    expect(oak.text + oak.html).not.toMatch(/Ana|Rivera|Pupil/);
    const tiny = drafts.find((d) => d.to[0].startsWith('tiny'))!;
    expect(tiny.text).toMatch(/Fewer than 10 students have attendance reported, so no figures are shown/);
    expect(tiny.text).not.toMatch(/\| \d/);
    expect(b.ws.sheet('Report 2026-11-30')).toBeDefined();
    const status = b.scriptRun<{ result: { lastRun: { ok: boolean; drafts: number; noEmail: number; message: string } } }>(
      'reportScheduleStatus',
    );
    expect(status.result.lastRun).toMatchObject({ ok: true, drafts: 3, noEmail: 1 });
    // Elm High School has no principal's address: said every time, so someone adds it.
    expect(status.result.lastRun.message).toBe(
      "Report built; 3 drafts made. No email for Elm High School: the principal's address on the Settings sheet is missing or not an email address.",
    );
    b.ws.ui.answers.push({ button: 'NO' });
    b.run('reportScheduleMenu');
    expect(b.ws.ui.alerts.at(-1)!.prompt).toMatch(/Last run: 2026-11-30, done: Report built; 3 drafts made\. No email for Elm High School/);
    // The next one is due two weeks after the first, still on the one clock trigger.
    expect(duties(b)).toEqual({ report: FIRST_MONDAY + 14 * DAY });
    expect(timeTriggers(b)).toEqual(['toolkitClock']);
    b.advance(14 * DAY);
    drafts = gmail.draftsOf(b.ws.user);
    expect(drafts).toHaveLength(6);
    expect(b.ws.sheet('Report 2026-12-14')).toBeDefined();
  });

  test('missed Mondays are caught up once, then the schedule keeps its fortnightly Mondays', () => {
    const b = district();
    b.scriptRun('setReportSchedule', true);
    // Another execution holds the spreadsheet for three weeks: every tick finds it busy.
    b.ws.locks.hold(`document:${b.ws.activeSpreadsheetId}`, 'another execution', FIRST_MONDAY + 3 * 7 * DAY);
    b.advance(4 * 7 * DAY);
    const reports = () => b.ws.active.sheets.map((s) => s.name).filter((n) => n.startsWith('Report 2'));
    const gmail = pluginOf(b.ws.plugins, GmailPlugin);
    expect(reports()).toEqual(['Report 2026-12-21']);
    expect(gmail.draftsOf(b.ws.user)).toHaveLength(3);
    // Two weeks after the last missed Monday (14 December), not two weeks after the catch-up.
    expect(duties(b)).toEqual({ report: FIRST_MONDAY + 4 * 7 * DAY });
    b.advance(7 * DAY);
    expect(reports()).toEqual(['Report 2026-12-21', 'Report 2026-12-28']);
    expect(duties(b)).toEqual({ report: FIRST_MONDAY + 6 * 7 * DAY });
    expect(b.failures).toEqual([]);
  });

  test('when the district opts in, the emails are sent instead', () => {
    const b = district();
    setSetting(b, 'Email principals directly', 'Yes');
    b.scriptRun('setReportSchedule', true);
    b.advance(8 * DAY);
    const gmail = pluginOf(b.ws.plugins, GmailPlugin);
    expect(gmail.draftsOf(b.ws.user)).toEqual([]);
    expect(gmail.state.sent.map((m) => m.to[0]).sort()).toEqual([
      'maple.principal@district.example.org',
      'oak.principal@district.example.org',
      'tiny.principal@district.example.org',
    ]);
  });

  test("when the day's email limit stops the sending part-way, the emails already sent are not sent again", () => {
    const b = district();
    setSetting(b, 'Email principals directly', 'Yes');
    b.scriptRun('setReportSchedule', true);
    // Monday morning, before 6:00: today's email-recipients quota has room for one more.
    b.advance(FIRST_MONDAY - 3 * HOUR - b.ws.rt.now);
    b.ws.rt.useQuota('emailRecipients', 99);
    b.advance(2 * DAY);
    const gmail = pluginOf(b.ws.plugins, GmailPlugin);
    expect(gmail.state.sent).toHaveLength(1);
    const status = b.scriptRun<{ result: { lastRun: { ok: boolean; sent: number; message: string } } }>('reportScheduleStatus');
    expect(status.result.lastRun).toMatchObject({
      ok: false,
      sent: 1,
      message:
        "The report was built and 1 of the principals' emails were made, then it stopped: Google's daily limit was reached. The others wait for the next report.",
    });
    // Not retried hourly (that would send the first one again): the next report is the next fortnight's.
    expect(duties(b)).toEqual({ report: FIRST_MONDAY + 14 * DAY });
    b.advance(14 * DAY);
    expect(gmail.state.sent).toHaveLength(4);
    expect(b.failures).toEqual([]);
  });

  test('a run Apps Script cuts off while it builds the report is tried again within the hour, and still counts its fortnight from that Monday', () => {
    const b = district();
    b.scriptRun('setReportSchedule', true);
    // The Report sheet's charts are being made when the execution reaches its 6 minutes.
    const cut = b.interleave(
      (_service, method) => method === 'Sheet.getCharts',
      () => (b.ws.rt.slowdown = { SpreadsheetApp: 5000 }),
    );
    for (let i = 0; i < 9 * 24 && !cut(); i++) b.advance(HOUR); // up to the first Monday, 06:00
    b.ws.rt.slowdown = {};
    expect(cut()).toBe(true);
    expect(b.failures.map((f) => f.message)).toEqual([expect.stringMatching(/Exceeded maximum execution time/)]);
    const gmail = pluginOf(b.ws.plugins, GmailPlugin);
    expect(gmail.draftsOf(b.ws.user)).toEqual([]);
    expect(duties(b).report - b.ws.rt.now).toBeLessThanOrEqual(HOUR);
    b.advance(HOUR);
    expect(gmail.draftsOf(b.ws.user)).toHaveLength(3);
    expect(duties(b)).toEqual({ report: FIRST_MONDAY + 14 * DAY });
  });

  test("a run Apps Script cuts off among the principals' drafts says so, and is not run again until the next fortnight", () => {
    const b = district();
    b.scriptRun('setReportSchedule', true);
    // Gmail is slow today: each draft takes over two minutes, so the third is cut off at 6 minutes.
    const slow = b.interleave(
      (service) => service === 'Gmail',
      () => (b.ws.rt.slowdown = { Gmail: 200 }),
    );
    b.advance(8 * DAY); // the first Monday, 06:00
    b.ws.rt.slowdown = {};
    expect(slow()).toBe(true);
    expect(b.failures.map((f) => f.message)).toEqual([expect.stringMatching(/Exceeded maximum execution time/)]);
    const gmail = pluginOf(b.ws.plugins, GmailPlugin);
    expect(gmail.draftsOf(b.ws.user)).toHaveLength(2);
    const status = b.scriptRun<{ result: { lastRun: { at: string; ok: boolean; message: string } } }>('reportScheduleStatus');
    expect(status.result.lastRun).toMatchObject({
      at: expect.stringMatching(/^2026-11-30T11:/),
      ok: false,
      message:
        "The report was built, then the run was stopped by Apps Script while it made the principals' drafts: some may have been made (see Drafts in Gmail). The others wait for the next report.",
    });
    // Not tried again hourly (the two principals would get a second draft): the next report is the next fortnight's.
    expect(duties(b)).toEqual({ report: FIRST_MONDAY + 14 * DAY });
    b.advance(2 * DAY);
    expect(gmail.draftsOf(b.ws.user)).toHaveLength(2);
  });

  test("a school renamed on the Settings sheet keeps its principal's email (matched by school ID, as import and outreach do)", () => {
    const b = toolkit();
    const rows = Array.from({ length: 12 }, (_, i) => [...psRow(String(2000 + i), `Pupil, N${i}`, i % 9), '101']);
    importCsv(b, csv(rows, [...POWERSCHOOL_HEADER, 'SchoolID']));
    const settings = app(b).getActiveSpreadsheet().getSheetByName('Settings')!;
    const at = settings
      .getDataRange()
      .getValues()
      .findIndex((r) => r[0] === 'Oak Street School');
    expect(settings.getRange(at + 1, 2).getValue()).toBe('101');
    settings.getRange(at + 1, 1).setValue('Oak Street Elementary');
    settings.getRange(at + 1, 4).setValue('oak.principal@district.example.org');
    b.scriptRun('setReportSchedule', true);
    b.advance(8 * DAY);
    const drafts = pluginOf(b.ws.plugins, GmailPlugin).draftsOf(b.ws.user);
    expect(drafts.map((d) => d.to[0])).toEqual(['oak.principal@district.example.org']);
    const status = b.scriptRun<{ result: { lastRun: { ok: boolean; drafts: number; noStudents: number; message: string } } }>(
      'reportScheduleStatus',
    );
    expect(status.result.lastRun).toMatchObject({ ok: true, drafts: 1, noStudents: 0, message: 'Report built; 1 draft made.' });
  });

  test("a school on the roster with nobody's attendance reported yet: its principal still gets the school's draft, which says so", () => {
    const b = toolkit();
    const rows = [
      ...Array.from({ length: 20 }, (_, i) => psRow(String(2000 + i), `Pupil, N${i}`, i % 9)),
      ...Array.from({ length: 12 }, (_, i) => psRow(String(3000 + i), `Pupil, P${i}`, '', { school: 'Pine School' })),
    ];
    importCsv(b, csv(rows));
    const settings = app(b).getActiveSpreadsheet().getSheetByName('Settings')!;
    const at = settings
      .getDataRange()
      .getValues()
      .findIndex((r) => r[0] === 'Pine School');
    settings.getRange(at + 1, 4).setValue('pine.principal@district.example.org');
    b.scriptRun('setReportSchedule', true);
    b.advance(8 * DAY);
    const pine = pluginOf(b.ws.plugins, GmailPlugin)
      .draftsOf(b.ws.user)
      .find((d) => d.to[0].startsWith('pine'))!;
    expect(pine.text).toMatch(/No student of Pine School has attendance reported in this import yet/);
    expect(pine.text).toContain('No attendance reported (of the enrolled) | 12 | 100.0 | of 12 enrolled');
    const status = b.scriptRun<{ result: { lastRun: { ok: boolean; drafts: number; noStudents: number; message: string } } }>(
      'reportScheduleStatus',
    );
    // Not "no students on the roster": it has twelve.
    expect(status.result.lastRun).toMatchObject({
      ok: true,
      drafts: 1,
      noStudents: 0,
      message: expect.stringMatching(/^Report built; 1 draft made\. No email for Oak Street School:/),
    });
  });

  test('a school hidden only to protect a smaller one says so (its principal could otherwise subtract)', () => {
    // Tiny (3) is hidden with Maple (20), not Elm (11): Elm is the only 9-12 school, so the High
    // School 9-12 table shows Elm's figures anyway (see src/core/report/suppression.ts).
    const b = district();
    b.scriptRun('setReportSchedule', true);
    b.advance(8 * DAY);
    const maple = pluginOf(b.ws.plugins, GmailPlugin)
      .draftsOf(b.ws.user)
      .find((d) => d.to[0].startsWith('maple'))!;
    expect(maple.text).toMatch(/would let anyone work out a group of fewer than 10 students/);
  });

  test('the manifest asks for the trigger and draft scopes and enables the Gmail advanced service', () => {
    const b = toolkit();
    const m = b.manifest as { oauthScopes: string[]; dependencies: { enabledAdvancedServices: { userSymbol: string; version: string }[] } };
    expect(m.oauthScopes).toEqual(
      expect.arrayContaining(['https://www.googleapis.com/auth/script.scriptapp', 'https://www.googleapis.com/auth/gmail.compose']),
    );
    expect(m.dependencies.enabledAdvancedServices).toEqual(
      expect.arrayContaining([expect.objectContaining({ userSymbol: 'Gmail', version: 'v1' })]),
    );
  });
});

test('a scheduled run with no roster records what went wrong for the menu to show, and the clock tries again hourly until it works', () => {
  const b = toolkit();
  importCsv(b, csv([psRow('1', 'A, B', 1)]));
  app(b).getActiveSpreadsheet().deleteSheet(app(b).getActiveSpreadsheet().getSheetByName('Roster')!);
  b.scriptRun('setReportSchedule', true);
  b.advance(8 * DAY);
  // The clock caught the failure: the trigger did not fail, and stays.
  expect(b.failures).toEqual([]);
  const status = b.scriptRun<{ result: { lastRun: { ok: boolean; message: string } } }>('reportScheduleStatus');
  expect(status.result.lastRun).toMatchObject({ ok: false, message: expect.stringMatching(/^There is no roster to report on yet/) });
  expect(duties(b).report - b.ws.rt.now).toBeLessThanOrEqual(HOUR);
  expect(timeTriggers(b)).toEqual(['toolkitClock']);
  // With a roster again, the next tick builds the report; the next one is two weeks after the Monday it was due.
  importCsv(b, csv([psRow('1', 'A, B', 1)]));
  b.advance(HOUR);
  const after = b.scriptRun<{ result: { lastRun: { ok: boolean } } }>('reportScheduleStatus');
  expect(after.result.lastRun).toMatchObject({ ok: true });
  expect(duties(b)).toEqual({ report: FIRST_MONDAY + 14 * DAY });
});
