/**
 * The emulated SpreadsheetApp behaves as Apps Script's does where the toolkit depends on it.
 * These tests call the emulated services directly, as a script would.
 */
import { Workspace } from '../../src/emulator/workspace';

function sheets(ws = new Workspace()) {
  const g = ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
  return { ws, app: g.SpreadsheetApp, ss: g.SpreadsheetApp.getActiveSpreadsheet() };
}

describe('values and their types', () => {
  test('setValues stores numbers, booleans, dates and strings; getValues returns them with "" for empty cells', () => {
    const { ss } = sheets();
    const r = ss.getSheets()[0].getRange(1, 1, 2, 3);
    const d = new Date(Date.UTC(2026, 10, 23));
    r.setValues([
      [1.5, true, d],
      ['text', null, ''],
    ]);
    const v = r.getValues();
    expect(v[0][0]).toBe(1.5);
    expect(v[0][1]).toBe(true);
    expect((v[0][2] as Date).getTime()).toBe(d.getTime());
    expect(v[1]).toEqual(['text', '', '']);
  });

  test('a typed date is midnight of that day in the spreadsheet time zone, and displays as that day', () => {
    const { ss } = sheets();
    const r = ss.getSheets()[0].getRange(1, 1, 1, 2);
    r.setValues([['2026-11-16', '7/4/2026']]);
    const [nov, jul] = r.getValues()[0] as Date[];
    expect(nov.toISOString()).toBe('2026-11-16T05:00:00.000Z'); // New York, standard time
    expect(jul.toISOString()).toBe('2026-07-04T04:00:00.000Z'); // daylight time
    expect(r.getDisplayValues()[0][0]).toMatch(/^11\/16\/2026/);
  });

  test('a typed date with a time of day is that wall-clock time in the spreadsheet time zone', () => {
    const { ss } = sheets();
    const r = ss.getSheets()[0].getRange(1, 1, 1, 5);
    r.setValues([['11/23/2026 14:30', '2026-07-04 9:05:30', '11/23/2026 2:30 PM', '11/23/2026 12:15 am', '11/23/2026 25:00']]);
    const v = r.getValues()[0];
    expect((v[0] as Date).toISOString()).toBe('2026-11-23T19:30:00.000Z'); // New York, standard time
    expect((v[1] as Date).toISOString()).toBe('2026-07-04T13:05:30.000Z'); // daylight time
    expect((v[2] as Date).toISOString()).toBe('2026-11-23T19:30:00.000Z');
    expect((v[3] as Date).toISOString()).toBe('2026-11-23T05:15:00.000Z');
    expect(v[4]).toBe('11/23/2026 25:00'); // not a time: stays text
  });

  test('a typed day that is not on the calendar stays text, as Sheets leaves it', () => {
    const { ss } = sheets();
    const r = ss.getSheets()[0].getRange(1, 1, 1, 3);
    r.setValues([['2026-02-30', '2/29/2027', '2/29/2028']]);
    const v = r.getValues()[0];
    expect(v.slice(0, 2)).toEqual(['2026-02-30', '2/29/2027']);
    expect(Object.prototype.toString.call(v[2])).toBe('[object Date]');
  });

  test('strings are read as typing: "=" makes a formula, numbers and dates are parsed, leading zeros are lost', () => {
    const { ss } = sheets();
    const r = ss.getSheets()[0].getRange(1, 1, 1, 6);
    r.setValues([['=HYPERLINK("http://x","click")', '00123', '1/2/2026', 'TRUE', '-abc', '50%']]);
    const v = r.getValues()[0];
    expect(r.getFormulas()[0][0]).toBe('=HYPERLINK("http://x","click")');
    expect(v[0]).toBe('click');
    expect(v[1]).toBe(123);
    expect(Object.prototype.toString.call(v[2])).toBe('[object Date]');
    expect(v[3]).toBe(true);
    expect(v[4]).toBe('#ERROR!');
    expect(v[5]).toBe(0.5);
  });

  test('words are stored as typed unless they read as TRUE or FALSE or hold a digit', () => {
    const { ss } = sheets();
    const r = ss.getSheets()[0].getRange(1, 1, 1, 6);
    r.setValues([['Truett', ' true ', 'Fálse', 'Ζωή', 'Room 5', 'FALSE']]);
    expect(r.getValues()[0]).toEqual(['Truett', true, 'Fálse', 'Ζωή', 'Room 5', false]);
  });

  test('a leading apostrophe keeps any string literal and is not part of the value', () => {
    const { ss } = sheets();
    const r = ss.getSheets()[0].getRange(1, 1, 1, 4);
    r.setValues([['\'=HYPERLINK("http://x")', "'00123", "'<b>x</b>", "''quoted"]]);
    expect(r.getValues()[0]).toEqual(['=HYPERLINK("http://x")', '00123', '<b>x</b>', "'quoted"]);
    expect(r.getFormulas()[0]).toEqual(['', '', '', '']);
  });

  test('cells formatted as plain text keep numbers-as-text but still turn "=" into a formula', () => {
    const { ss } = sheets();
    const r = ss.getSheets()[0].getRange(1, 1, 1, 2);
    r.setNumberFormat('@');
    r.setValues([['00123', '=1+1']]);
    expect(r.getValues()[0][0]).toBe('00123');
    expect(r.getFormulas()[0][1]).toBe('=1+1');
  });

  test('plain-text cells keep dates, booleans, signs and percentages as the text given; the apostrophe is still the mark', () => {
    const { ss } = sheets();
    const r = ss.getSheets()[0].getRange(1, 1, 1, 8);
    r.setNumberFormat('@');
    r.setValues([['1/2/2026', 'TRUE', '+1-555-0100', '-5', '50%', '@x', "'=1", 'Ana Lee']]);
    expect(r.getValues()[0]).toEqual(['1/2/2026', 'TRUE', '+1-555-0100', '-5', '50%', '@x', '=1', 'Ana Lee']);
    expect(r.getFormulas()[0]).toEqual(['', '', '', '', '', '', '', '']);
  });

  test('each cell read back holds its own date, even where one date was written to many cells', () => {
    const { ss } = sheets();
    const r = ss.getSheets()[0].getRange(1, 1, 3, 1);
    const d = new Date(Date.UTC(2026, 10, 23));
    r.setValues([[d], [d], [new Date(Date.UTC(2026, 10, 24))]]);
    d.setUTCFullYear(2000);
    const [[a], [b], [c]] = r.getValues() as Date[][];
    expect([a.getTime(), b.getTime(), c.getTime()]).toEqual([Date.UTC(2026, 10, 23), Date.UTC(2026, 10, 23), Date.UTC(2026, 10, 24)]);
    a.setUTCDate(1);
    expect((r.getValues()[1][0] as Date).getTime()).toBe(Date.UTC(2026, 10, 23));
    expect((r.getValues()[0][0] as Date).getTime()).toBe(Date.UTC(2026, 10, 23));
  });

  test('a write over rows already holding values replaces the cells written, clears their formulas and keeps the cells beyond', () => {
    const { ss } = sheets();
    const sheet = ss.getSheets()[0];
    sheet.getRange(1, 1, 2, 3).setValues([
      ['a', '=1+1', 'keep'],
      ['b', 'c', 'd'],
    ]);
    sheet.getRange(1, 1, 2, 2).setValues([
      ['x', 'y'],
      ["'=2", 5],
    ]);
    sheet.getRange(2, 1, 1, 3).setValues([['p', '007', '']]);
    expect(sheet.getRange(1, 1, 2, 3).getValues()).toEqual([
      ['x', 'y', 'keep'],
      ['p', 7, ''],
    ]);
    expect(sheet.getRange(1, 2).getFormula()).toBe('');
  });

  test('getDisplayValues formats numbers by their number format', () => {
    const { ss } = sheets();
    const r = ss.getSheets()[0].getRange(1, 1, 1, 3);
    r.setValues([[0.9137, 58, true]]);
    ss.getSheets()[0].getRange(1, 1).setNumberFormat('0.0%');
    expect(r.getDisplayValues()[0]).toEqual(['91.4%', '58', 'TRUE']);
  });

  test("formats set over whole columns stay each cell's own: changing one cell, one row or a column changes only those", () => {
    const { ss } = sheets();
    const sheet = ss.getSheets()[0];
    const formats = () => sheet.getRange(1, 1, 4, 4).getNumberFormats();
    const D = '0.###############';
    sheet.getRange(1, 1, 4, 2).setNumberFormat('@');
    sheet.getRange(1, 3, 4, 1).setNumberFormat('0.0%');
    sheet.getRange(2, 2).setNumberFormat('0.#');
    sheet.getRange(3, 1, 1, 4).setNumberFormats([['0', '0', '0', '0']]);
    sheet.getRange(4, 3).clearFormat();
    expect(formats()).toEqual([
      ['@', '@', '0.0%', D],
      ['@', '0.#', '0.0%', D],
      ['0', '0', '0', '0'],
      ['@', '@', D, D],
    ]);
    sheet.insertColumnsAfter(1, 1);
    sheet.getRange(1, 2, 4, 1).setNumberFormat('0.00');
    expect(sheet.getRange(1, 1, 4, 5).getNumberFormats()).toEqual([
      ['@', '0.00', '@', '0.0%', D],
      ['@', '0.00', '0.#', '0.0%', D],
      ['0', '0.00', '0', '0', '0'],
      ['@', '0.00', '@', D, D],
    ]);
    sheet.deleteColumns(2, 1);
    sheet.getRange(1, 1).setNumberFormat('#,##0');
    expect(formats()).toEqual([
      ['#,##0', '@', '0.0%', D],
      ['@', '0.#', '0.0%', D],
      ['0', '0', '0', '0'],
      ['@', '@', D, D],
    ]);
  });

  test('a number format set over a block reaches every cell of it, also past cells formatted before', () => {
    const { ss } = sheets();
    const sheet = ss.getSheets()[0];
    sheet.getRange(2, 1).setNumberFormat('0.0%');
    sheet.getRange(1, 2, 3, 3).setNumberFormat('@');
    expect(sheet.getRange(1, 1, 3, 5).getNumberFormats()).toEqual([
      ['0.###############', '@', '@', '@', '0.###############'],
      ['0.0%', '@', '@', '@', '0.###############'],
      ['0.###############', '@', '@', '@', '0.###############'],
    ]);
  });
});

describe("Apps Script's checks and messages", () => {
  test('setValues needs exactly the range dimensions', () => {
    const { ss } = sheets();
    const r = ss.getSheets()[0].getRange(1, 1, 3, 2);
    expect(() => r.setValues([[1, 2]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 3.',
    );
    expect(() => r.setValues([[1], [2], [3]])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
  });

  test('a range past the edge of the sheet is an error until rows are inserted', () => {
    const { ss } = sheets();
    const sheet = ss.getSheets()[0];
    expect(() => sheet.getRange(1000, 1, 2, 1)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
    sheet.insertRowsAfter(1000, 5);
    expect(sheet.getRange(1000, 1, 2, 1).getNumRows()).toBe(2);
  });

  test('a workbook cannot grow past 10 million cells', () => {
    const { ss } = sheets();
    const sheet = ss.getSheets()[0];
    expect(() => sheet.insertRowsAfter(1000, 400000)).toThrow(/above the limit of 10000000 cells/);
  });

  test('empty grid counts toward the 10 million cells as Sheets counts it, and deleting it makes room', () => {
    const { ss } = sheets();
    const sheet = ss.getSheets()[0];
    // 9,958,000 cells, all of them empty: a new sheet (1000 x 26) still fits, a second one does not.
    sheet.insertRowsAfter(1000, 382_000);
    expect(sheet.getMaxRows() * sheet.getMaxColumns()).toBe(9_958_000);
    ss.insertSheet('Full');
    expect(() => ss.insertSheet('One more')).toThrow(/above the limit of 10000000 cells/);
    expect(() => ss.getSheetByName('Full')!.insertRowsAfter(1000, 1000)).toThrow(/above the limit of 10000000 cells/);
    // Deleting empty rows is what makes room again.
    sheet.deleteRows(2, 1000);
    expect(ss.insertSheet('One more').getMaxRows()).toBe(1000);
  });

  test('a cell holds at most 50,000 characters: a longer text fails the whole write, and no cell changes', () => {
    const { ss } = sheets();
    const sheet = ss.getSheets()[0];
    const r = sheet.getRange(1, 1, 2, 1);
    r.setValues([['a'], ['b']]);
    const message = 'Your input contains more than the maximum of 50000 characters in a single cell.';
    expect(() => r.setValues([['c'], ['x'.repeat(50_001)]])).toThrow(message);
    expect(r.getValues()).toEqual([['a'], ['b']]);
    expect(() => sheet.getRange(3, 1).setValue('x'.repeat(50_001))).toThrow(message);
    const rows = sheet.getMaxRows();
    sheet.getRange(rows, 1).setValue('last');
    expect(() => sheet.appendRow(['x'.repeat(50_001)])).toThrow(message);
    expect(sheet.getMaxRows()).toBe(rows);
    r.setValues([['x'.repeat(50_000)], [1]]);
    expect(String(r.getValues()[0][0]).length).toBe(50_000);
  });

  test('at least one row stays below the frozen ones', () => {
    const { ss } = sheets();
    const sheet = ss.getSheets()[0];
    sheet.setFrozenRows(1);
    expect(() => sheet.deleteRows(2, 999)).toThrow('Sorry, it is not possible to delete all non-frozen rows.');
    sheet.deleteRows(2, 998);
    expect(sheet.getMaxRows()).toBe(2);
  });

  test('two sheets cannot share a name', () => {
    const { ss } = sheets();
    ss.insertSheet('Roster');
    expect(() => ss.insertSheet('roster')).toThrow('A sheet with the name "roster" already exists. Please enter another name.');
  });

  test('a sheet has one filter at a time', () => {
    const { ss } = sheets();
    const sheet = ss.getSheets()[0];
    sheet.getRange(1, 1, 5, 2).createFilter();
    expect(() => sheet.getRange(1, 1, 5, 2).createFilter()).toThrow("You can't create a filter in a sheet that already has a filter.");
    sheet.getFilter()!.remove();
    expect(sheet.getFilter()).toBeNull();
  });

  test('getLastRow and getDataRange follow the content', () => {
    const { ss } = sheets();
    const sheet = ss.getSheets()[0];
    expect(sheet.getLastRow()).toBe(0);
    sheet.getRange(3, 2).setValue('x');
    expect(sheet.getLastRow()).toBe(3);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1:B3');
    sheet.appendRow(['a', 'b']);
    expect(sheet.getLastRow()).toBe(4);
  });
});

describe('protection binds scripts too, since they run as the user', () => {
  test('a protected sheet blocks a user who is not an editor; a warning-only one does not', () => {
    const ws = new Workspace({ user: 'owner@district.org' });
    const { ss } = sheets(ws);
    const sheet = ss.insertSheet('Contacts');
    const p = sheet.protect();
    ws.user = 'teacher@district.org';
    const fresh = sheets(ws).ss.getSheetByName('Contacts')!;
    expect(() => fresh.appendRow(['x'])).toThrow(/protected cell or object/);
    ws.user = 'owner@district.org';
    p.setWarningOnly(true);
    ws.user = 'teacher@district.org';
    expect(() => fresh.appendRow(['x'])).not.toThrow();
  });
});

describe('protection binds formats too', () => {
  test("a protected header row refuses a non-editor's number format, color, weight, note and clearing; rows below do not", () => {
    const ws = new Workspace({ user: 'owner@district.org' });
    const { ss } = sheets(ws);
    ss.insertSheet('Contacts').getRange(1, 1, 1, 3).protect();
    ws.user = 'teacher@district.org';
    const sheet = sheets(ws).ss.getSheetByName('Contacts')!;
    const header = sheet.getRange(1, 1, 2, 3);
    const message = /You are trying to edit a protected cell or object/;
    expect(() => header.setNumberFormat('@')).toThrow(message);
    expect(() =>
      header.setNumberFormats([
        ['@', '@', '@'],
        ['@', '@', '@'],
      ]),
    ).toThrow(message);
    expect(() => header.setBackground('#ffffff')).toThrow(message);
    expect(() => header.setFontWeight('bold')).toThrow(message);
    expect(() => header.setFontColor('#000000')).toThrow(message);
    expect(() => header.setNote('x')).toThrow(message);
    expect(() => header.clearFormat()).toThrow(message);
    expect(() => sheet.clearFormats()).toThrow(message);
    expect(() => sheet.getRange(2, 1, 5, 3).setNumberFormat('@').setBackground('#eeeeee')).not.toThrow();
    ws.user = 'owner@district.org';
    expect(() => sheets(ws).ss.getSheetByName('Contacts')!.getRange(1, 1).setFontWeight('bold')).not.toThrow();
  });
});

describe('every service call is counted', () => {
  test('calls are counted per method and charged to the virtual clock', () => {
    const { ws, ss } = sheets();
    ws.rt.resetCounts();
    const before = ws.rt.now;
    const sheet = ss.getSheets()[0];
    sheet.getRange(1, 1, 100, 10).setValues(Array.from({ length: 100 }, () => new Array(10).fill(1)));
    expect(ws.rt.calls.get('SpreadsheetApp.Range.setValues')).toBe(1);
    expect(ws.rt.count('SpreadsheetApp')).toBe(3);
    expect(ws.rt.now).toBeGreaterThan(before);
  });
});
