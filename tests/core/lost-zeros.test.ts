import { idsThatLostZeros, lostZerosMessage } from '../../src/core/lost-zeros';

describe('student IDs that lost their leading zeros on the way', () => {
  test('123 in the new file stands for 000123 on the roster', () => {
    expect(idsThatLostZeros(['123', '4567', '2001'], ['000123', '0004567', '2001'])).toEqual([
      { id: '123', was: '000123' },
      { id: '4567', was: '0004567' },
    ]);
  });

  test('a file that holds both 000123 and 123 has two students, and IDs with letters or no zeros are left alone', () => {
    expect(idsThatLostZeros(['000123', '123'], ['000123'])).toEqual([]);
    expect(idsThatLostZeros(['A12', '12', '0'], ['0A12', '12', '0'])).toEqual([]);
    expect(idsThatLostZeros(['123'], [])).toEqual([]);
  });

  test('the message says what happened, that nothing was imported, and what to do', () => {
    expect(lostZerosMessage([{ id: '123', was: '000123' }])).toMatch(
      /^One student ID has lost its leading zeros \(123 in this file is 000123 on the Roster\).*Nothing was imported.*plain text/,
    );
    expect(lostZerosMessage(new Array(1200).fill({ id: '1', was: '01' }))).toMatch(/^1,200 student IDs have lost their leading zeros/);
  });

  test('of a tab in the spreadsheet, it says "this tab" and how to bring the IDs in with their zeros', () => {
    expect(lostZerosMessage([{ id: '123', was: '000123' }], 'tab')).toBe(
      'One student ID has lost its leading zeros (123 in this tab is 000123 on the Roster): ' +
        'Sheets read them as numbers when the file was brought in or pasted. Nothing was imported, so no student loses their history. ' +
        "Import the CSV file itself instead (Import attendance export..., then choose the file), or format the tab's ID column as plain text, " +
        'paste the IDs in again from the original file, and import the tab again.',
    );
    expect(lostZerosMessage([{ id: '123', was: '000123' }], 'file')).toBe(lostZerosMessage([{ id: '123', was: '000123' }]));
    expect(lostZerosMessage([{ id: '123', was: '000123' }])).not.toMatch(/tab/);
  });
});
