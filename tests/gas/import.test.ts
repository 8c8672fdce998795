/** Attendance Toolkit > Import attendance export..., end to end through the built bundle. */
import { LoadedBundle } from '../../src/emulator/bundle';
import { CellValue } from '../../src/emulator/cell-input';
import { EmuRange } from '../../src/emulator/spreadsheet';
import { ROSTER_HEADERS } from '../../src/core/roster';
import { TIERS } from '../../src/core/rules';
import { csv, importCsv, POWERSCHOOL_HEADER, psRow, toolkit } from '../helpers';

const col = (name: string) => ROSTER_HEADERS.indexOf(name);

function rosterRows(values: CellValue[][]) {
  return values.slice(1).map((r) => Object.fromEntries(ROSTER_HEADERS.map((h, i) => [h, r[i]])));
}

describe('importing an export builds the Roster', () => {
  test('one row per student with tier, tier name and chronic flag; colored by tier, header frozen, filterable', () => {
    const b = toolkit();
    const out = importCsv(
      b,
      csv([psRow('1001', 'Rivera, Ana', 0), psRow('1002', 'Chen, Wei', 12), psRow('1003', 'Ali, Omar', 20, { enrolled: 100 })]),
    );
    expect(out.ok).toBe(true);
    const rows = rosterRows(b.ws.values('Roster'));
    expect(rows.map((r) => [r['Student ID'], r['Student name'], r['Tier'], r['Tier name'], r['Chronically absent']])).toEqual([
      ['1001', 'Ana Rivera', 'L1', 'On Track', 'No'],
      ['1002', 'Wei Chen', 'L4', 'Serious', 'Yes'],
      ['1003', 'Omar Ali', 'L6', 'Extreme', 'Yes'],
    ]);
    expect(rows[1]['Attendance rate']).toBeCloseTo(46 / 58);
    const sheet = b.ws.sheet('Roster')!;
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.filter).toEqual({ row: 1, col: 1, numRows: 4, numCols: ROSTER_HEADERS.length });
    // Colored by conditional rules on the Tier column: one per tier, over the whole table.
    const tierLetter = String.fromCharCode(65 + col('Tier'));
    expect(sheet.conditionalRules.map((r) => [r.formula, r.background])).toEqual([
      ...TIERS.map((t) => [`=$${tierLetter}2="${t.id}"`, t.color]),
      [`=AND($A2<>"",$${tierLetter}2="")`, '#f1f3f4'],
    ]);
    expect(sheet.conditionalRules[0].ranges).toEqual([{ row: 2, col: 1, numRows: 3, numCols: ROSTER_HEADERS.length }]);
    expect(sheet.numberFormats.get(1, col('Attendance rate'))).toBe('0.0%');
    expect(sheet.fontWeights.get(0, 0)).toBe('bold');
  });

  test('the dialog is told how many were imported, how many rejected and why', () => {
    const b = toolkit();
    const out = importCsv(
      b,
      csv([psRow('1', 'A, B', 1), psRow('', 'C, D', 1), psRow('3', 'E, F', 'x'), psRow('1', 'G, H', 1)]),
      'november.csv',
    );
    expect(out.result!.message).toBe(
      'Imported 1 student from november.csv. 3 rows were not imported (1 with no student ID; 1 with a day count that is not a number; 1 with student ID already seen earlier in the file). See the Rejected rows sheet.',
    );
    expect(out.result!.students).toBe(1);
    expect(out.result!.rejectedCount).toBe(3);
  });

  test('IDs keep their leading zeros and phone numbers stay text', () => {
    const b = toolkit();
    importCsv(b, csv([psRow('000123', 'A, B', 1)]));
    const row = rosterRows(b.ws.values('Roster'))[0];
    expect(row['Student ID']).toBe('000123');
    expect(row['Home phone']).toBe('(203) 555-0100');
    expect(row['Grade']).toBe('5');
  });

  test('text columns are formatted as plain text, so a team member typing an ID later keeps its zeros; day counts stay numbers', () => {
    const b = toolkit();
    importCsv(b, csv([psRow('000123', 'A, B', 1)]));
    const sheet = b.ws.sheet('Roster')!;
    const header = b.ws.values('Roster')[0].map(String);
    const format = (h: string) => sheet.numberFormats.get(1, header.indexOf(h));
    expect(['Student ID', 'Grade', 'Home phone', 'Guardian email', 'Tier', 'Chronically absent'].map(format)).toEqual(
      new Array(6).fill('@'),
    );
    expect(format('Days absent')).toBe('0.#');
    expect(format('Attendance rate')).toBe('0.0%');
    expect(typeof b.ws.values('Roster')[1][header.indexOf('Days absent')]).toBe('number');
  });

  test('a text column with a formula-looking value keeps the apostrophe mark instead of the plain-text format', () => {
    const b = toolkit();
    importCsv(b, csv([psRow('000123', 'Lee, =1+1', 1), psRow('000124', "O'Hara, 'Pat", 1)]));
    const sheet = b.ws.sheet('Roster')!;
    const header = b.ws.values('Roster')[0].map(String);
    const format = (h: string) => sheet.numberFormats.get(1, header.indexOf(h));
    // Whether Sheets reads "=" as a formula in a plain-text cell, or keeps an apostrophe there, is
    // not documented: such a column is written the documented way.
    expect([format('First name'), format('Student name')]).toEqual([undefined, undefined]);
    expect(format('Student ID')).toBe('@');
    expect(rosterRows(b.ws.values('Roster')).map((r) => r['First name'])).toEqual(['=1+1', "'Pat"]);
    expect(sheet.formulas.lastRow()).toBe(0);
  });

  test('a name that looks like a formula, or like HTML, lands as the same literal text', () => {
    const b = toolkit();
    const hostile = [
      '=HYPERLINK("http://evil.example","click")',
      '+1-555-0100',
      '-cmd|calc',
      '@SUM(1)',
      '<img src=x onerror=alert(1)>',
      "'quoted",
    ];
    importCsv(b, csv(hostile.map((name, i) => psRow(String(100 + i), `Test, ${name}`, 1, { school: name }))));
    const sheet = b.ws.sheet('Roster')!;
    const rows = rosterRows(b.ws.values('Roster'));
    expect(rows.map((r) => r['First name'])).toEqual(hostile);
    expect(rows.map((r) => r['School'])).toEqual(hostile);
    expect(rows[0]['Student name']).toBe('=HYPERLINK("http://evil.example","click") Test');
    expect(sheet.formulas.lastRow()).toBe(0);
  });
});

describe('the Rejected rows sheet lists every row not imported', () => {
  test('with its line in the file, the reason and the raw values, as text', () => {
    const b = toolkit();
    importCsv(b, csv([psRow('1', 'A, B', 1), psRow('2', '=1+1', -3), psRow('3', 'C, D', 30, { enrolled: 20 })]));
    const values = b.ws.values('Rejected rows');
    expect(values[0]).toEqual(['Line in file', 'Why it was not imported', ...POWERSCHOOL_HEADER]);
    expect(values.slice(1).map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      [3, 'Days absent is -3; a day count cannot be negative.', '2', '=1+1'],
      [4, 'Days absent (30) is more than days enrolled (20).', '3', 'C, D'],
    ]);
    expect(b.ws.sheet('Rejected rows')!.formulas.lastRow()).toBe(0);
  });

  test('a value longer than a Sheets cell holds (a damaged export) rejects its row; the roster and the Rejected rows sheet are still written', () => {
    // Sheets refuses a write holding a text over 50,000 characters: before, the import cleared the
    // Roster, failed on that write and said "Nothing was lost", leaving an empty roster.
    const b = toolkit();
    importCsv(b, csv([psRow('1001', 'Rivera, Ana', 3)]));
    const long = 'x'.repeat(60_000);
    const out = importCsv(b, csv([psRow('1001', 'Rivera, Ana', 4), psRow('1002', `Chen, ${long}`, 12)]));
    expect(out.ok).toBe(true);
    expect(out.result!.students).toBe(1);
    expect(rosterRows(b.ws.values('Roster')).map((r) => [r['Student ID'], r['Days absent']])).toEqual([['1001', 4]]);
    const rejected = b.ws.values('Rejected rows');
    expect(rejected[1][1]).toBe(
      'The LastFirst value is 60,006 characters long; a spreadsheet cell holds at most 50,000, so the file is probably damaged there.',
    );
    const shown = String(rejected[1][3]);
    expect(shown.length).toBeLessThan(50_000);
    expect(shown.startsWith('Chen, xxx')).toBe(true);
    expect(shown.endsWith('\u2026')).toBe(true);
  });

  test('columns the toolkit does not use (a date of birth, a medical note) are never written, not even here', () => {
    const b = toolkit();
    const header = ['Student_Number', 'LastFirst', 'DOB', 'Grade_Level', 'School_Name', 'Days_Membership', 'Days_Absent', 'Medical_Alert'];
    const out = importCsv(
      b,
      csv(
        [
          ['1', 'Rivera, Ana', '2015-04-05', '5', 'Oak', '58', '2', 'Asthma'],
          ['2', 'Chen, Wei', '2014-01-02', '5', 'Oak', '58', 'abc', 'Peanut allergy'],
        ],
        header,
      ),
    );
    expect(out.result!.message).toMatch(/Columns the toolkit does not use were not imported: DOB, Medical_Alert\./);
    const everything = JSON.stringify([b.ws.values('Rejected rows'), b.ws.values('Roster')]);
    expect(everything).not.toMatch(/2014-01-02|2015-04-05|Asthma|Peanut/);
    expect(b.ws.values('Rejected rows')[0]).toEqual([
      'Line in file',
      'Why it was not imported',
      'Student_Number',
      'LastFirst',
      'Grade_Level',
      'School_Name',
      'Days_Membership',
      'Days_Absent',
    ]);
    expect(b.ws.values('Rejected rows')[1]).toEqual([
      3,
      'Days absent is "abc", which is not a number of days.',
      '2',
      'Chen, Wei',
      '5',
      'Oak',
      '58',
      'abc',
    ]);
  });

  test('a 300-column export with many rejected rows still imports, and what is remembered fits the 9 KB property limit', () => {
    const b = toolkit();
    const extra = Array.from({ length: 300 }, (_, i) => `PowerSchool_Custom_Field_${i}`);
    const header = ['Student_Number', 'LastFirst', 'Grade_Level', 'School_Name', 'Days_Membership', 'Days_Absent', ...extra];
    const rows = Array.from({ length: 40 }, (_, i) => [
      String(i + 1),
      `Lee, Ann${i}`,
      '3',
      'Oak',
      '50',
      i < 20 ? 'abc' : '2',
      ...extra.map(() => 'x'),
    ]);
    const out = importCsv(b, csv(rows, header));
    expect(out.ok).toBe(true);
    expect(out.result!.rejectedCount).toBe(20);
    const stored = b.scriptRun<{ result: { importId: string; ignoredColumns: string[]; rejected: unknown[] } }>('lastImport').result;
    expect(stored.importId).toBe(out.result!.importId);
    expect(stored.ignoredColumns).toHaveLength(21);
    expect(stored.ignoredColumns[20]).toBe('and 280 more');
    // Rejection messages can quote student IDs: they stay on the sheet, not in the properties.
    expect(stored.rejected).toEqual([]);
  });

  test('a later clean import says every row was imported', () => {
    const b = toolkit();
    importCsv(b, csv([psRow('', 'A, B', 1), psRow('2', 'C, D', 1)]));
    importCsv(b, csv([psRow('1', 'A, B', 1)]));
    expect(b.ws.values('Rejected rows')[1]).toEqual(['', 'Every row of the last import was imported.', '', '', '', '', '', '', '', '', '']);
  });
});

describe('re-importing replaces the roster and nothing else', () => {
  test('sheets people write in are left exactly as they were', () => {
    const b = toolkit();
    importCsv(b, csv([psRow('1', 'A, B', 1), psRow('2', 'C, D', 7)]));
    const g = b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
    const contacts = g.SpreadsheetApp.getActiveSpreadsheet().insertSheet('Contacts');
    contacts.getRange(1, 1, 2, 3).setValues([
      ['Student ID', 'Method', 'Notes'],
      ['2', 'Phone', "'Mom says bus is late"],
    ]);
    const settingsBefore = JSON.stringify(b.ws.values('Settings'));
    const contactsBefore = JSON.stringify(b.ws.values('Contacts'));

    importCsv(b, csv([psRow('1', 'A, B', 3), psRow('3', 'E, F', 20)]));
    expect(rosterRows(b.ws.values('Roster')).map((r) => [r['Student ID'], r['Tier']])).toEqual([
      ['1', 'L2'],
      ['3', 'L6'],
    ]);
    expect(JSON.stringify(b.ws.values('Contacts'))).toBe(contactsBefore);
    expect(JSON.stringify(b.ws.values('Settings'))).toBe(settingsBefore);
  });

  test("a school new to the roster joins the Settings sheet's Schools table; the team's rows stay as typed", () => {
    const b = toolkit();
    importCsv(b, csv([psRow('1', 'A, B', 1)]));
    const g = b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
    const settings = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Settings')!;
    const values = settings.getDataRange().getValues();
    const oak = values.findIndex((r) => r[0] === 'Oak Street School');
    // The team typed Oak's lead (with a typo the toolkit reports but must not erase) and a note.
    settings.getRange(oak + 1, 3, 1, 3).setValues([['lead@oak', 'p@oak.org', 'Call before 9']]);

    const out = importCsv(b, csv([psRow('1', 'A, B', 1), psRow('2', 'C, D', 7, { school: 'Elm School' })]));
    expect(out.ok).toBe(true);
    expect(out.result!.warnings).toContain(
      'One school on the roster was added to the Schools table on the Settings sheet: add its attendance lead and principal there.',
    );
    const after = b.ws.values('Settings');
    expect(after[oak].slice(0, 5)).toEqual(['Oak Street School', '', 'lead@oak', 'p@oak.org', 'Call before 9']);
    expect(after[oak + 1].slice(0, 4)).toEqual(['Elm School', '', '', '']);

    // Importing again adds nothing more.
    const again = JSON.stringify(after);
    importCsv(b, csv([psRow('2', 'C, D', 8, { school: 'Elm School' })]));
    expect(JSON.stringify(b.ws.values('Settings'))).toBe(again);
  });

  test('a shorter roster leaves no rows of the old one behind', () => {
    const b = toolkit();
    importCsv(b, csv(Array.from({ length: 50 }, (_, i) => psRow(String(i + 1), 'A, B', i % 20))));
    importCsv(b, csv([psRow('1', 'A, B', 3)]));
    expect(b.ws.values('Roster')).toHaveLength(2);
    expect(b.ws.sheet('Roster')!.conditionalRules[0].ranges[0].numRows).toBe(1);
  });

  test('a Roster write Sheets gives up on (it times out on big writes) leaves the old roster as it was, not an empty sheet', () => {
    const b = toolkit();
    importCsv(b, csv([psRow('1', 'A, B', 1), psRow('2', 'C, D', 7)]));
    const before = JSON.stringify(b.ws.values('Roster'));
    const original = EmuRange.prototype.setValues;
    const spy = jest.spyOn(EmuRange.prototype, 'setValues').mockImplementation(function (this: EmuRange, values: unknown[][]) {
      if (this.sheet.getName() === 'Roster' && values.length > 1) {
        throw this.sheet.rt.error('Service Spreadsheets timed out while accessing document with id 1abc.');
      }
      return original.call(this, values);
    });
    try {
      const out = importCsv(b, csv([psRow('1', 'A, B', 3), psRow('3', 'E, F', 20)]));
      expect(out.ok).toBe(false);
      expect(out.message).toMatch(/^Something went wrong while importing the file\. Nothing was lost\./);
    } finally {
      spy.mockRestore();
    }
    expect(JSON.stringify(b.ws.values('Roster'))).toBe(before);
  });

  test("a team's column to the right of the Roster is cleared with it, as the rows of a longer old roster are", () => {
    const b = toolkit();
    importCsv(b, csv([psRow('1', 'A, B', 1), psRow('2', 'C, D', 7)]));
    const g = b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
    const roster = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Roster')!;
    roster.insertColumnsAfter(ROSTER_HEADERS.length, 1);
    roster.getRange(1, ROSTER_HEADERS.length + 1, 3, 1).setValues([['Team note'], ['x'], ['y']]);
    importCsv(b, csv([psRow('1', 'A, B', 3)]));
    expect(b.ws.values('Roster').map((r) => r.length)).toEqual([ROSTER_HEADERS.length, ROSTER_HEADERS.length]);
  });

  test('a file where no row can be imported leaves the roster as it was', () => {
    const b = toolkit();
    importCsv(b, csv([psRow('1', 'A, B', 1)]));
    const out = importCsv(b, csv([psRow('', 'A, B', 1)]));
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(/^The one row could not be imported, so the roster was left as it was\. The first problem, on line 2: /);
    const two = importCsv(b, csv([psRow('', 'A, B', 1), psRow('', 'C, D', 2)]));
    expect(two.message).toMatch(/^None of the 2 rows could be imported, so the roster was left as it was\./);
    expect(rosterRows(b.ws.values('Roster'))).toHaveLength(1);
  });

  test('a file without the needed columns gets a message naming the missing column and the headers seen', () => {
    const b = toolkit();
    const out = importCsv(b, 'Student_Number,LastFirst,Grade_Level,School_Name,Days_Membership\n1,"A, B",3,Oak,58\n');
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(
      /No Days absent column was found .* The file's headers are: "Student_Number", "LastFirst", "Grade_Level", "School_Name", "Days_Membership"\./,
    );
    expect(b.ws.sheet('Roster')).toBeUndefined();
  });

  test('a file read in the wrong encoding (names with \uFFFD) is imported, and the dialog says how to get the names right', () => {
    const b = toolkit();
    const out = importCsv(
      b,
      csv([
        psRow('1', 'Nu\uFFFDez, Jos\uFFFD', 1),
        psRow('2', 'MÃ¼ller, JosÃ©', 1),
        psRow('3', 'Núñez, José', 1),
        psRow('4', 'Ãlvarez, Ana', 1),
      ]),
    );
    expect(out.ok).toBe(true);
    expect(out.result!.warnings).toContain(
      '2 students have characters that could not be read (shown as \uFFFD or as "Ã©" for é) in a name or other text: the file was probably saved in another encoding. Export it again as "CSV UTF-8" and import that file to get the names right.',
    );
  });

  test('IDs that lost their leading zeros (a file opened in a spreadsheet program) stop the import; the roster is kept', () => {
    const b = toolkit();
    importCsv(b, csv([psRow('000123', 'Rivera, Ana', 1), psRow('000124', 'Chen, Wei', 3)]));
    const out = importCsv(b, csv([psRow('123', 'Rivera, Ana', 2), psRow('124', 'Chen, Wei', 4)]));
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(/^2 student IDs have lost their leading zeros \(123 in this file is 000123 on the Roster\)/);
    expect(rosterRows(b.ws.values('Roster')).map((r) => r['Student ID'])).toEqual(['000123', '000124']);
  });

  test('a file with the column names but no students says so, and leaves the roster as it was', () => {
    const b = toolkit();
    importCsv(b, csv([psRow('1001', 'Rivera, Ana', 1)]));
    const out = importCsv(b, csv([]));
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(/^There are column names but no student rows below them, so the roster was left as it was\./);
    expect(rosterRows(b.ws.values('Roster')).map((r) => r['Student ID'])).toEqual(['1001']);
  });

  test('a stray quote that would swallow the rows after it stops the import with its line, and nothing is written', () => {
    const b = toolkit();
    const text =
      csv([psRow('1001', 'Rivera, Ana', 1)]) +
      '1002,"Lee, Ann "Nan"",5,Oak Street School,,,,58,1\r\n1003,"Chen, Wei",5,Oak Street School,,,,58,1\r\n';
    const out = importCsv(b, text);
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(/Line 3 has a " character inside a value/);
    expect(b.ws.sheet('Roster')).toBeUndefined();
  });
});

describe('import from a tab brought in with File > Import', () => {
  /** A tab as File > Import leaves it: the header, then rows typed in as Sheets reads them. */
  function tabOf(b: LoadedBundle, name: string, rows: unknown[][]): void {
    const g = b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
    const header = ['Student ID', 'Student Name', 'Grade', 'School', 'Days Enrolled', 'Total Absences'];
    g.SpreadsheetApp.getActiveSpreadsheet()
      .insertSheet(name)
      .getRange(1, 1, rows.length + 1, header.length)
      .setValues([header, ...rows]);
  }

  test('the tab is listed in the dialog and imports like a file', () => {
    const b = toolkit();
    tabOf(b, 'export-nov', [
      [5001, 'Lopez, Rosa', 'K', 'Oak', 58, 6],
      [5002, 'Kim, Joon', 11, 'Central High School', 58, 19],
    ]);
    expect(b.scriptRun('listImportableSheets')).toEqual({
      ok: true,
      message: '',
      result: [
        { name: 'Sheet1', rows: 0 },
        { name: 'export-nov', rows: 2 },
      ].filter((c) => c.rows > 0),
    });
    const out = b.scriptRun<{ ok: boolean; result: { students: number; tiers: Record<string, number> } }>('importFromSheet', 'export-nov');
    expect(out.ok).toBe(true);
    expect(out.result.tiers).toMatchObject({ L3: 1, L6: 1 });
    expect(rosterRows(b.ws.values('Roster'))[0]['Student ID']).toBe('5001');
  });

  test('IDs Sheets turned into numbers are imported with a warning that zeros may be gone; an ID it turned into a date or a too-long number is rejected', () => {
    const b = toolkit();
    tabOf(b, 'export-dec', [
      [123, 'Lopez, Rosa', 'K', 'Oak', 58, 6],
      ['1/2', 'Kim, Joon', 11, 'Oak', 58, 19],
      [Number('12345678901234567'), 'Diaz, Eva', 3, 'Oak', 58, 2],
    ]);
    const out = b.scriptRun<{ ok: boolean; result: { students: number; warnings: string[] } }>('importFromSheet', 'export-dec');
    expect(out.ok).toBe(true);
    expect(out.result.students).toBe(1);
    expect(out.result.warnings.join(' ')).toMatch(
      /The student IDs in this tab are numbers, so any zeros they started with \(000123\) were dropped/,
    );
    const rejected = b.ws.values('Rejected rows');
    expect(rejected.slice(1).map((r) => [r[0], r[2]])).toEqual([
      [3, '2026-01-02'],
      [4, '12345678901234568'],
    ]);
    expect(String(rejected[1][1])).toMatch(/^The student ID cell holds a date \(2026-01-02\)/);
    expect(String(rejected[2][1])).toMatch(/is a number longer than a spreadsheet keeps \(15 digits\)/);
  });

  test('IDs that lost their leading zeros in a tab of the spreadsheet: the message speaks of the tab, and of importing the CSV file itself', () => {
    const b = toolkit();
    importCsv(b, csv([psRow('000123', 'Rivera, Ana', 1), psRow('000124', 'Chen, Wei', 3)]));
    tabOf(b, 'export-dec', [
      [123, 'Rivera, Ana', 3, 'Oak', 58, 2],
      [124, 'Chen, Wei', 3, 'Oak', 58, 4],
    ]);
    const out = b.scriptRun<{ ok: boolean; message: string }>('importFromSheet', 'export-dec');
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(
      /^2 student IDs have lost their leading zeros \(123 in this tab is 000123 on the Roster\): Sheets read them as numbers when the file was brought in or pasted\. Nothing was imported/,
    );
    expect(out.message).toMatch(/Import the CSV file itself instead/);
    expect(rosterRows(b.ws.values('Roster')).map((r) => r['Student ID'])).toEqual(['000123', '000124']);
  });
});

describe('one import at a time', () => {
  test('an import while another job holds the lock is refused with a plain message', () => {
    const b = toolkit();
    b.ws.locks.hold(`document:${b.ws.activeSpreadsheetId}`);
    const out = importCsv(b, csv([psRow('1', 'A, B', 1)]));
    expect(out).toEqual({ ok: false, message: expect.stringMatching(/^Another job is already running in this spreadsheet/) });
  });
});

describe('an import of any size makes the same number of Spreadsheet calls', () => {
  test('100 rows and 5,000 rows cost the same calls: one bulk write per sheet, never a call per row', () => {
    const calls = (n: number) => {
      const b = toolkit();
      importCsv(b, csv(Array.from({ length: 7 }, (_, i) => psRow(`x${i}`, 'A, B', 1, { school: `School ${i}` }))));
      b.ws.rt.resetCounts();
      importCsv(b, csv(Array.from({ length: n }, (_, i) => psRow(String(i), 'A, B', i % 25, { school: `School ${i % 7}` }))));
      return new Map(b.ws.rt.calls);
    };
    const small = calls(100);
    const large = calls(5000);
    const extra = [...large].filter(([k, v]) => (small.get(k) ?? 0) !== v).map(([k, v]) => [k, v - (small.get(k) ?? 0)]);
    // The only differences: progress toasts for a large file, and growing the Roster and the History
    // sheets past their 1,000 rows once.
    expect(Object.fromEntries(extra)).toEqual({ 'SpreadsheetApp.Spreadsheet.toast': 3, 'SpreadsheetApp.Sheet.insertRowsAfter': 2 });
    // One write each for the Roster (no row was rejected), the History snapshot and the Imports list;
    // one read each of the Settings and Imports sheets (this same-day import replaces the first one,
    // so no earlier History block is read), and two of the Roster there was (its header and its IDs,
    // to catch IDs that lost their leading zeros). Its guardian emails are read only when outreach
    // has made Gmail drafts (to name a draft made to an email the family no longer gives): none here.
    expect(large.get('SpreadsheetApp.Range.setValues')).toBe(3);
    expect(large.get('SpreadsheetApp.Range.getValues')).toBe(4);
  });
});

describe('the menu opens the import dialog', () => {
  test('a modal dialog with a file picker and a list of tabs', () => {
    const b = toolkit();
    b.run('showImportDialog');
    const shown = b.ws.ui.shown[0];
    expect(shown.kind).toBe('modal');
    expect(shown.title).toBe('Import attendance export');
    expect(shown.output.content).toContain('type="file"');
    expect(shown.output.content).toContain('listImportableSheets');
  });
});
