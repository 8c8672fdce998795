/** Attendance Toolkit > Build report, end to end through the built bundle in the emulated Workspace. */
import { LOGS } from '../../src/core/logs';
import { HISTORY_HEADERS, HISTORY_MAX_IMPORTS } from '../../src/core/report';
import { REPORT_SHEETS } from '../../src/core/sheet-names';
import { LoadedBundle } from '../../src/emulator/bundle';
import { CellValue } from '../../src/emulator/cell-input';
import { csv, importCsv, psRow, toolkit } from '../helpers';

const DAY = 86400000;
type Built = {
  ok: boolean;
  message: string;
  result?: { message: string; copy: string; figures: Record<string, number | null>; html?: string; settingsWarnings: string[] };
};

function build(b: LoadedBundle, html = false): Built {
  return b.scriptRun<Built>('buildReport', { html });
}

function app(b: LoadedBundle) {
  return (b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp }).SpreadsheetApp;
}

/** Change a value in the Settings sheet, as a coordinator would. */
export function setSetting(b: LoadedBundle, label: string, value: string | number): void {
  const sheet = app(b).getActiveSpreadsheet().getSheetByName('Settings')!;
  const row = sheet
    .getRange(1, 1, sheet.getLastRow(), 1)
    .getValues()
    .findIndex((r) => r[0] === label);
  if (row < 0) throw new Error(`no setting ${label}`);
  sheet.getRange(row + 1, 2).setValue(value);
}

/** The rows of the Report sheet that follow a table's title, up to the first blank row. */
/** A log sheet with its header and these entries (by column name), typed in as a person would. */
function writeLog(b: LoadedBundle, log: keyof typeof LOGS, entries: Record<string, unknown>[]): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = app(b).getActiveSpreadsheet().insertSheet(LOGS[log].sheet);
  const header: string[] = [...LOGS[log].columns];
  sheet.getRange(1, 1, entries.length + 1, header.length).setValues([header, ...entries.map((e) => header.map((h) => e[h] ?? ''))]);
  return sheet;
}

function sheetTable(values: CellValue[][], title: string, col = 0): CellValue[][] {
  const at = values.findIndex((r) => r[col] === title);
  if (at < 0) throw new Error(`no table "${title}" on the Report sheet`);
  const out: CellValue[][] = [];
  for (let r = at + 1; r < values.length && values[r][col] !== ''; r++) out.push(values[r]);
  return out;
}

/** Twelve students at Oak Street, a fortnight apart: Ana moves from L1 to L3, Wei stays in L2, Omar is new. */
function twoImports(): LoadedBundle {
  const b = toolkit();
  const oak = (extra: (string | number)[][]) =>
    csv([...Array.from({ length: 10 }, (_, i) => psRow(String(2000 + i), `Pupil, P${i}`, i % 3)), ...extra]);
  importCsv(b, oak([psRow('1001', 'Rivera, Ana', 1, { enrolled: 48 }), psRow('1002', 'Chen, Wei', 3, { enrolled: 48 })]));
  b.advance(14 * DAY);
  importCsv(
    b,
    oak([
      psRow('1001', 'Rivera, Ana', 6),
      psRow('1002', 'Chen, Wei', 3),
      psRow('1003', 'Ali, Omar', 2, { school: 'Elm High School', grade: '10' }),
    ]),
  );
  return b;
}

describe('Build report', () => {
  test('writes the Report sheet with every section, the toolkit tables and the same numbers as report.html', () => {
    const b = twoImports();
    const out = build(b, true);
    expect(out.ok).toBe(true);
    expect(out.result!.message).toMatch(/^The Report sheet is up to date \(a copy is kept as "Report 2026-12-07"\)/);
    const values = b.ws.values(REPORT_SHEETS.report);
    const firstCol = values.map((r) => r[0]);
    for (const title of [
      'District headline',
      'Attendance category (the toolkit tables)',
      'Share of enrolled days missed (Attendance Works bands)',
      'Chronic absence and tiers by school',
      'Chronic absence and tiers by grade',
      'Chronic absence and tiers by student group',
      'Tier movement since the previous import (2026-11-23)',
      'Early warning: projected to become chronically absent by June',
      'Outreach coverage: contacted and engaged',
    ])
      expect(firstCol).toContain(title);
    const district = sheetTable(values, 'District');
    expect(district[0].slice(0, 3)).toEqual(['Category', 'Frequency', 'Percent']);
    // 13 students with attendance: L1 7 (pupils with 0 or 1 day), L2 5 (three pupils with 2, Wei, Omar), L3 1 (Ana).
    expect(district.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['L1 = on Track', 7, 53.8],
      ['L2 = 2 to 5 days', 5, 38.5],
      ['L3 = 6 to 10 days', 1, 7.7],
      ['L4 = 11 to 14 days', 0, 0],
      ['L5 = 15 to 17 days', 0, 0],
      ['L6 = 18 Plus days', 0, 0],
      ['Total', 13, 100],
    ]);
    const html = out.result!.html!;
    expect(html).toContain('<td>L2 = 2 to 5 days</td><td class="num">5</td><td class="num">38.5</td>');
    // The by-grade table counts the students with attendance reported, and says so beside the enrollment table's "On the roster".
    const gradeHeader = values.find((r) => r[0] === 'Grade')!;
    expect(gradeHeader.slice(0, 3)).toEqual(['Grade', 'With attendance reported', 'Chronically absent']);
    expect(gradeHeader).toContain('On the roster');
    expect(gradeHeader).not.toContain('Students');
    expect(html).toMatch(/<th[^>]*>Grade<\/th><th[^>]*>With attendance reported<\/th>/);
    // Ana moved up; the list is on the sheet and in the HTML.
    const moved = sheetTable(values, 'Students who moved between tiers');
    expect(moved.slice(1).map((r) => r.slice(0, 9))).toEqual([['Oak Street School', '1001', 'Ana Rivera', '5', 'L1', 'L3', 1, 6, 'Up']]);
    expect(html).toContain('<td>Ana Rivera</td>');
    expect(out.result!.figures).toMatchObject({ students: 13, chronic_rate: 7.7, enrolled_rate: 100, no_attendance_rate: 0, moved_up: 1 });
    // Shares are written as numbers shown to one decimal, counts with separators.
    const sheet = b.ws.sheet(REPORT_SHEETS.report)!;
    const row = values.findIndex((r) => r[0] === 'L2 = 2 to 5 days');
    expect(sheet.numberFormats.get(row, 2)).toBe('0.0');
    expect(sheet.numberFormats.get(row, 1)).toBe('#,##0');
  });

  test('charts: stacked bars of tiers by school and a line of the chronic rate against the goal, drawn from the tables', () => {
    const b = twoImports();
    build(b);
    const report = app(b).getActiveSpreadsheet().getSheetByName(REPORT_SHEETS.report)!;
    const charts = report.getCharts();
    expect(charts.map((c) => c.modify().getChartType())).toEqual(['LINE', 'BAR']);
    const [line, bar] = charts;
    const lineRange = line.getRanges()[0].getValues();
    expect(lineRange).toEqual([
      ['Import', '% chronically absent', 'Goal (under)'],
      ['2026-11-23', 0, 30],
      ['2026-12-07', 7.7, 30],
    ]);
    const [schools, tiers] = bar.getRanges().map((r) => r.getValues());
    expect(schools.map((r) => r[0])).toEqual(['School', 'Elm High School', 'Oak Street School']);
    expect(tiers[0]).toEqual(['% L1', '% L2', '% L3', '% L4', '% L5', '% L6']);
    // Elm High has one student: hidden in the table, so the chart has no figures for it either.
    expect(tiers[1]).toEqual(['n<10', 'n<10', 'n<10', 'n<10', 'n<10', 'n<10']);
    expect(bar.getOptions().get('isStacked')).toBe('percent');
    expect(line.getOptions().get('title')).toBe('Chronic absence across imports, against the goal');
  });

  test('a dated copy is kept per run: a rebuild the same day replaces it, older copies past 12 are removed', () => {
    const b = twoImports();
    build(b);
    build(b);
    const names = () => b.ws.active.sheets.map((s) => s.name).filter((n) => n.startsWith('Report '));
    expect(names()).toEqual(['Report 2026-12-07']);
    const copy = b.ws.sheet('Report 2026-12-07')!;
    expect(copy.charts).toHaveLength(2);
    expect(copy.charts[0].id).not.toBe(b.ws.sheet(REPORT_SHEETS.report)!.charts[0].id);
    for (let i = 0; i < 13; i++) {
      b.advance(DAY);
      build(b);
    }
    expect(names()).toHaveLength(12);
    expect(names()[names().length - 1]).toBe('Report 2026-12-20');
    expect(names()).not.toContain('Report 2026-12-07');
  });

  test('reads each sheet once and writes the report in one call, whatever the number of students', () => {
    const calls = (n: number) => {
      const b = toolkit();
      const rows = (shift: number) =>
        csv(
          Array.from({ length: n }, (_, i) =>
            psRow(String(i), 'A, B', (i + shift) % 20, { school: `School ${i % 4}`, grade: String((i % 12) + 1) }),
          ),
        );
      importCsv(b, rows(0));
      b.advance(14 * DAY);
      importCsv(b, rows(1));
      b.ws.rt.resetCounts();
      expect(build(b).ok).toBe(true);
      return new Map(b.ws.rt.calls);
    };
    const small = calls(60);
    const large = calls(3000);
    // Roster, Settings, Imports and one block of History (the previous and current imports).
    expect(large.get('SpreadsheetApp.Range.getValues')).toBe(4);
    expect(large.get('SpreadsheetApp.Range.setValues')).toBe(1);
    for (const m of ['setNumberFormats', 'setFontWeights', 'setBackgrounds']) expect(large.get(`SpreadsheetApp.Range.${m}`)).toBe(1);
    const differ = [...new Set([...small.keys(), ...large.keys()])].filter((k) => small.get(k) !== large.get(k));
    // Only the sheet's size changes: rows added for a longer report (or removed after a shorter one).
    expect(differ.filter((k) => !/Sheet\.(insertRowsAfter|deleteRows)$/.test(k))).toEqual([]);
  });

  test('thresholds changed on the Settings sheet after the import: the report says the Roster still follows the old ones', () => {
    const b = twoImports();
    expect(build(b).result!.settingsWarnings).toEqual([]);
    setSetting(b, 'Chronic absence threshold', '5%');
    const warnings = build(b).result!.settingsWarnings;
    expect(warnings).toEqual([
      expect.stringMatching(
        /^The tier bands or the chronic absence threshold were changed after the last import: 1 student's tier or chronic flag on the Roster, and so in this report, still follows the old ones\. Import the attendance export again to re-tier them\.$/,
      ),
    ]);
    // A new import re-tiers the Roster under the new threshold: nothing more to say.
    importCsv(b, csv([...Array.from({ length: 10 }, (_, i) => psRow(String(2000 + i), `Pupil, P${i}`, i % 3))]));
    expect(build(b).result!.settingsWarnings).toEqual([]);
  });

  test('the log sheets, when they exist, are read for outreach coverage and overdue referrals', () => {
    const b = twoImports();
    // Two schools, one with a single student: both would be hidden at the default of 10.
    setSetting(b, 'Smallest group shown in reports', 1);
    writeLog(b, 'contacts', [{ Timestamp: new Date(Date.UTC(2026, 11, 7, 16)), 'Student ID': "'1001", 'Tier at the time': 'L3' }]);
    writeLog(b, 'referrals', [
      {
        Timestamp: new Date(Date.UTC(2026, 10, 2, 16)),
        'Student ID': "'1002",
        'Tier at the time': 'L2',
        'Referral ID': 'R-7',
        Partner: 'YouthConnect',
        Status: 'Referred',
        'Next update due': '2026-11-16',
      },
    ]);
    const out = build(b);
    expect(out.result!.figures).toMatchObject({ overdue_referrals: 1 });
    const values = b.ws.values(REPORT_SHEETS.report);
    const coverage = sheetTable(values, 'Outreach coverage by school');
    // In L2-L6 at Oak Street: Ana (contacted the day History saw her enter L3), Wei (in L2 since the first
    // import, so History cannot tell when he entered it: his referral counts as logged at L2 this school year)
    // and three pupils: 2 of 5.
    expect(coverage.find((r) => r[0] === 'Oak Street School')!.slice(0, 6)).toEqual(['Oak Street School', 5, 2, 40, 1, 1]);
    const overdue = sheetTable(values, 'Referrals whose bi-weekly update is overdue');
    expect(overdue[1].slice(0, 9)).toEqual([
      'Oak Street School',
      '1002',
      'Wei Chen',
      'R-7',
      'YouthConnect',
      'Referred',
      '2026-11-02',
      '2026-11-16',
      21,
    ]);
  });

  test('an L4 student contacted at L3 has the L4 phone-call step open in the panel, as the report counts him not reached; a call logged after the move ticks it in both', () => {
    type Step = { text: string; done: boolean; earlier: { tier: string; day: string; text: string } | null };
    const b = toolkit();
    const roster = (joseAbsent: number) => csv([psRow('1002', 'Núñez, José', joseAbsent), psRow('1001', 'Rivera, Ana', 0)]);
    importCsv(b, roster(8)); // L3 on 2026-11-23
    setSetting(b, 'Smallest group shown in reports', 1);
    const saved = (fn: string, form: Record<string, unknown>) => {
      const out = b.scriptRun<{ ok: boolean; message: string }>(fn, { studentId: '1002', ...form });
      if (!out.ok) throw new Error(out.message);
    };
    // At L3: contacted, home-visited, referred and given a success plan.
    saved('saveContact', { method: 'Phone call', outcome: 'Reached', reason: 'Transportation', notes: '' });
    saved('saveHomeVisit', {
      visitor: 'Ms. Lopez',
      reason: 'Designated by school attendance team',
      otherReason: '',
      type: 'Visit 1 - current student absences',
      how: 'In person',
      scheduled: 'Yes',
      notes: 'Met his grandmother.',
    });
    saved('saveReferral', { referralId: '', partner: 'YouthConnect', status: 'Made', nextUpdateDue: '2026-12-21', notes: '' });
    saved('saveSuccessPlan', {
      planId: '',
      mentorName: 'Mr. Chen',
      mentorEmail: 'chen@district.example.org',
      goals: 'On time',
      supports: 'Check-in',
      nextCheckIn: '2026-11-30',
      notes: '',
    });
    b.advance(14 * DAY);
    importCsv(b, roster(12)); // L4 on 2026-12-07
    const phoneStep = () =>
      b
        .scriptRun<{ ok: boolean; result: { checklist: Step[] } }>('studentPanel', '1002')
        .result.checklist.find((c) => c.text === 'Parent Link - phone call')!;
    const reached = () => {
      build(b);
      return sheetTable(b.ws.values(REPORT_SHEETS.report), 'Outreach coverage by school')
        .find((r) => r[0] === 'Oak Street School')!
        .slice(0, 3);
    };
    expect(phoneStep()).toMatchObject({ done: false, earlier: { tier: 'L3', text: 'Done at L3 on Nov 23: do it again at this level.' } });
    // José is the only one in L2-L6 at Oak Street, and not reached at L4.
    expect(reached()).toEqual(['Oak Street School', 1, 0]);

    saved('saveContact', { method: 'Phone call', outcome: 'Reached', reason: 'Illness', notes: '' });
    expect(phoneStep()).toMatchObject({ done: true, earlier: null });
    expect(reached()).toEqual(['Oak Street School', 1, 1]);
  });

  test('the movement table says how many students of the previous import left, in words that fit one or several', () => {
    const b = toolkit();
    const oak = (n: number) => csv(Array.from({ length: n }, (_, i) => psRow(String(2000 + i), `Pupil, P${i}`, i % 3)));
    importCsv(b, oak(14));
    b.advance(14 * DAY);
    importCsv(b, oak(13));
    build(b);
    expect(sheetTable(b.ws.values(REPORT_SHEETS.report), 'Movement by school since 2026-11-23').at(-1)![0]).toBe(
      '1 student in the 2026-11-23 import is no longer on the roster.',
    );
    b.advance(14 * DAY);
    importCsv(b, oak(11));
    build(b);
    expect(sheetTable(b.ws.values(REPORT_SHEETS.report), 'Movement by school since 2026-12-07').at(-1)![0]).toBe(
      '2 students in the 2026-12-07 import are no longer on the roster.',
    );
  });

  test('a "Next update due" typed as a date in October (summer time), with a time of day or not, is that day in December, as the student panel reads it', () => {
    // Midnight of 2026-10-30 in New York (EDT), as Sheets keeps a date typed into a cell; and the
    // same day typed with a time, which Sheets keeps as that date-time.
    for (const due of [new Date(Date.UTC(2026, 9, 30, 4)), '10/30/2026 11:30 PM', '2026-10-30 00:15']) {
      const b = twoImports();
      setSetting(b, 'Smallest group shown in reports', 1);
      const referrals = writeLog(b, 'referrals', [
        {
          Timestamp: new Date(Date.UTC(2026, 9, 16, 16)),
          'Student ID': "'1002",
          'Tier at the time': 'L2',
          'Referral ID': 'R-8',
          Partner: 'YouthConnect',
          Status: 'Referred',
          'Next update due': due,
        },
      ]);
      const dueColumn = LOGS.referrals.columns.indexOf('Next update due') + 1;
      expect(Object.prototype.toString.call(referrals.getRange(2, dueColumn).getValue())).toBe('[object Date]');
      expect(build(b).ok).toBe(true);
      const overdue = sheetTable(b.ws.values(REPORT_SHEETS.report), 'Referrals whose bi-weekly update is overdue');
      expect({ due, row: overdue[1].slice(3, 9) }).toEqual({
        due,
        row: ['R-8', 'YouthConnect', 'Referred', '2026-10-16', '2026-10-30', 38],
      });
    }
  });

  test('a hidden grade hides a second grade of its band on the sheet, so the 9-12 table cannot give it away', () => {
    // Grade 12 has 5 students, all absent 20 days: hidden alone, 9-12's total (95) and L6 count less
    // grades 9-11 would give them.
    const b = toolkit();
    let id = 5000;
    const grade = (g: string, n: number, absent: number) =>
      Array.from({ length: n }, () => psRow(String(id++), 'Pupil, P', absent, { grade: g, school: 'Central School' }));
    importCsv(
      b,
      csv([
        ...grade('PK', 8, 1),
        ...grade('K', 30, 1),
        ...grade('9', 30, 1),
        ...grade('10', 30, 1),
        ...grade('11', 30, 1),
        ...grade('12', 5, 20),
      ]),
    );
    expect(build(b).ok).toBe(true);
    const values = b.ws.values(REPORT_SHEETS.report);
    expect(
      sheetTable(values, 'By grade')
        .slice(1)
        .map((r) => [r[0], r[1]]),
    ).toEqual([
      ['PK', 'n<10'],
      ['K', 'n<10'],
      ['9', 'n<10'],
      ['10', 30],
      ['11', 30],
      ['12', 'n<10'],
    ]);
    const at = values.findIndex((r) => r.includes('High School 9-12'));
    const col = values[at].indexOf('High School 9-12');
    const high = sheetTable(values.slice(at), 'High School 9-12', col).map((r) => r.slice(col, col + 3));
    // 95 - 30 - 30 = 35: grades 9 and 12 together, 5 of them in L6.
    expect(high[high.length - 1]).toEqual(['Total', 95, 100]);
  });

  test('no student data goes to the execution log', () => {
    const b = twoImports();
    build(b);
    const log = b.ws.logs.map((l) => l.message).join('\n');
    expect(log).not.toMatch(/Rivera|Chen|1001/);
  });

  test('with no roster yet, the user is told to import first', () => {
    const b = toolkit();
    expect(build(b)).toEqual({ ok: false, message: expect.stringMatching(/^There is no roster to report on yet/) });
  });

  test('the menu item builds the report and says what it found', () => {
    const b = twoImports();
    b.open('FULL');
    expect(b.ws.ui.menus[0].items.map((i) => [i.caption, i.functionName])).toEqual(
      expect.arrayContaining([
        ['Build report', 'buildReportMenu'],
        ['Schedule the bi-weekly report...', 'reportScheduleMenu'],
      ]),
    );
    b.run('buildReportMenu');
    expect(b.ws.ui.alerts[0].prompt).toMatch(/7\.7% of 13 students are chronically absent, under the goal of 30\.0%/);
    expect(b.ws.active.sheets[b.ws.active.activeSheet].name).toBe(REPORT_SHEETS.report);
  });

  test('a rate that rounds to the goal but is under it (86 of 287: 29.97%) is said to be under it by less than 0.1 point', () => {
    const b = toolkit();
    importCsv(b, csv(Array.from({ length: 287 }, (_, i) => psRow(String(2000 + i), `Pupil, P${i}`, i < 86 ? 6 : 0))));
    expect(build(b).result!.message).toMatch(
      /30\.0% of 287 students are chronically absent, under the goal of 30\.0% by less than 0\.1 point\./,
    );
  });
});

describe('the History kept by each import', () => {
  test('a compact, hidden sheet of 7 columns, one block per import, and the Imports list', () => {
    const b = twoImports();
    const history = b.ws.sheet('Attendance history')!;
    expect(history.hidden).toBe(true);
    expect(history.maxCols).toBe(HISTORY_HEADERS.length);
    const rows = b.ws.values('Attendance history');
    expect(rows[0]).toEqual([...HISTORY_HEADERS]);
    expect(rows.length).toBe(1 + 12 + 13);
    const ana = rows.filter((r) => r[2] === '1001');
    expect(ana.map((r) => [r[3], r[4], r[5]])).toEqual([
      [48, 1, 'L1'],
      [58, 6, 'L3'],
    ]);
    const imports = b.ws.values('Imports');
    expect(imports.slice(1).map((r) => [r[2], r[3], r[4], r[5], r[7]])).toEqual([
      ['export.csv', 12, 12, 0, 12],
      ['export.csv', 13, 13, 1, 13],
    ]);
  });

  test('a re-import the same day replaces that day; History keeps the last 26 imports', () => {
    const b = toolkit();
    const file = (absent: number) => csv([psRow('1', 'A, B', absent), psRow('2', 'C, D', 0)]);
    for (let i = 0; i < HISTORY_MAX_IMPORTS + 2; i++) {
      importCsv(b, file(i % 5));
      b.advance(3600 * 1000); // same day
      importCsv(b, file(i % 5));
      b.advance(DAY);
    }
    const imports = b.ws.values('Imports').slice(1);
    expect(imports).toHaveLength(HISTORY_MAX_IMPORTS);
    expect(b.ws.values('Attendance history')).toHaveLength(1 + 2 * HISTORY_MAX_IMPORTS);
    // Blocks follow the Imports order.
    const ids = b.ws
      .values('Attendance history')
      .slice(1)
      .map((r) => r[0]);
    expect([...new Set(ids)]).toEqual(imports.map((r) => r[0]));
  });

  test('a corrected re-import the same day works for a roster that fills the History sheet', () => {
    // History is grown to fit exactly, so replacing its only block must not delete every row
    // below the frozen header (Sheets refuses that).
    const b = toolkit();
    const file = (absent: number) => csv(Array.from({ length: 1200 }, (_, i) => psRow(String(5000 + i), 'Lee, Sam', absent)));
    importCsv(b, file(1));
    b.advance(3600 * 1000);
    importCsv(b, file(7));
    const rows = b.ws.values('Attendance history');
    expect(rows).toHaveLength(1 + 1200);
    expect(new Set(rows.slice(1).map((r) => r[5]))).toEqual(new Set(['L3']));
    expect(b.ws.values('Imports').slice(1)).toHaveLength(1);
  });

  test('a History sheet someone sorted is put back in order, and the report still compares the right imports', () => {
    const b = toolkit();
    importCsv(b, csv([psRow('1', 'A, B', 1), psRow('2', 'C, D', 0)]));
    b.advance(14 * DAY);
    importCsv(b, csv([psRow('1', 'A, B', 3), psRow('2', 'C, D', 0)]));
    // Someone sorts History by Student ID, mixing the blocks.
    const sheet = app(b).getActiveSpreadsheet().getSheetByName('Attendance history')!;
    const data = sheet.getRange(2, 1, 4, 7).getValues();
    sheet
      .getRange(2, 1, 4, 7)
      .setValues(
        [...data].sort((x, y) => String(x[2]).localeCompare(String(y[2]))).map((r) => r.map((v) => (typeof v === 'string' ? "'" + v : v))),
      );
    b.advance(14 * DAY);
    importCsv(b, csv([psRow('1', 'A, B', 7), psRow('2', 'C, D', 0)]));
    const ids = b.ws
      .values('Attendance history')
      .slice(1)
      .map((r) => r[0]);
    const imports = b.ws
      .values('Imports')
      .slice(1)
      .map((r) => r[0]);
    expect(ids).toEqual([imports[0], imports[0], imports[1], imports[1], imports[2], imports[2]]);
    build(b);
    const moved = sheetTable(b.ws.values(REPORT_SHEETS.report), 'Students who moved between tiers');
    expect(moved[1].slice(4, 8)).toEqual(['L2', 'L3', 3, 7]);
  });

  test('the toolkit sheets are not offered as exports to import', () => {
    const b = twoImports();
    build(b);
    const choices = b.scriptRun<{ result: { name: string }[] }>('listImportableSheets').result.map((c) => c.name);
    expect(choices).not.toEqual(expect.arrayContaining(['Attendance history']));
    expect(choices.filter((n) => /Report|Imports|history/.test(n))).toEqual([]);
  });
});
