/** The bi-weekly schedule: one trigger, a rebuilt report and each principal's draft (or email). */
import { REPORT_SHEETS } from '../../src/core/sheet-names';
import { LoadedBundle } from '../../src/emulator/bundle';
import { GmailPlugin } from '../../src/emulator/gmail';
import { pluginOf } from '../../src/emulator/plugins';
import { csv, importCsv, psRow, toolkit } from '../helpers';

const DAY = 86400000;
const HANDLER = 'runScheduledReport';

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

const reportTriggers = (b: LoadedBundle) => b.ws.triggers.filter((t) => t.handler === HANDLER);

describe('the schedule', () => {
  test('is one time-based trigger every two weeks, however many times it is turned on', () => {
    const b = district();
    b.ws.ui.answers.push({ button: 'YES' }, { button: 'OK' });
    b.run('reportScheduleMenu');
    expect(b.ws.ui.alerts[0].prompt).toMatch(/^Rebuild the report every two weeks/);
    expect(reportTriggers(b)).toHaveLength(1);
    // Clicking the menu again shows the schedule is on; answering No keeps it.
    b.ws.ui.answers.push({ button: 'NO' });
    b.run('reportScheduleMenu');
    expect(b.ws.ui.alerts[2].prompt).toMatch(/^The report rebuilds every two weeks/);
    for (let i = 0; i < 3; i++)
      expect(b.scriptRun<{ ok: boolean; result: { on: boolean } }>('setReportSchedule', true).result.on).toBe(true);
    expect(reportTriggers(b)).toHaveLength(1);
    expect(reportTriggers(b)[0]).toMatchObject({ kind: 'CLOCK', everyMs: 14 * DAY });
    b.ws.ui.answers.push({ button: 'YES' }, { button: 'OK' });
    b.run('reportScheduleMenu');
    expect(reportTriggers(b)).toHaveLength(0);
  });

  test('two clicks while one is still running do not make two triggers', () => {
    const b = district();
    b.ws.locks.hold(`document:${b.ws.activeSpreadsheetId}`);
    expect(b.scriptRun<{ ok: boolean; message: string }>('setReportSchedule', true)).toEqual({
      ok: false,
      message: expect.stringMatching(/^Another job is already running/),
    });
    expect(reportTriggers(b)).toHaveLength(0);
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
    expect(oak.text).toMatch(/https:\/\/docs\.google\.com\/spreadsheets\/d\/.+\/edit#gid=\d+/);
    expect(oak.text + oak.html).not.toMatch(/Ana|Rivera|Pupil/);
    const tiny = drafts.find((d) => d.to[0].startsWith('tiny'))!;
    expect(tiny.text).toMatch(/Fewer than 10 students have attendance reported, so no figures are shown/);
    expect(tiny.text).not.toMatch(/\| \d/);
    expect(b.ws.sheet('Report 2026-11-30')).toBeDefined();
    const status = b.scriptRun<{ result: { lastRun: { ok: boolean; drafts: number; noEmail: number } } }>('reportScheduleStatus');
    expect(status.result.lastRun).toMatchObject({ ok: true, drafts: 3, noEmail: 1 });
    b.advance(14 * DAY);
    drafts = gmail.draftsOf(b.ws.user);
    expect(drafts).toHaveLength(6);
    expect(b.ws.sheet('Report 2026-12-14')).toBeDefined();
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

test('a scheduled run with no roster records what went wrong for the menu to show', () => {
  const b = toolkit();
  importCsv(b, csv([psRow('1', 'A, B', 1)]));
  app(b).getActiveSpreadsheet().deleteSheet(app(b).getActiveSpreadsheet().getSheetByName('Roster')!);
  b.scriptRun('setReportSchedule', true);
  b.advance(8 * DAY);
  expect(b.failures).toHaveLength(1);
  const status = b.scriptRun<{ result: { lastRun: { ok: boolean; message: string } } }>('reportScheduleStatus');
  expect(status.result.lastRun).toMatchObject({ ok: false, message: expect.stringMatching(/^There is no roster to report on yet/) });
});
