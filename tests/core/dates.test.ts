import { DAY_COLUMNS, dayAtOffset, typedDaysAsText } from '../../src/core/dates';

/** Midnight of a day in a zone `offset` minutes from UTC, as Sheets gives a date typed there. */
const typedMidnight = (day: string, offset: number) => new Date(Date.parse(`${day}T00:00:00Z`) - offset * 60000);

describe('days people type into a sheet are read in the spreadsheet\u2019s zone', () => {
  test('a date typed in Guam (UTC+10), Puerto Rico (UTC-4) or Honolulu (UTC-10) is that day', () => {
    for (const offset of [600, -240, -600]) expect(dayAtOffset(typedMidnight('2026-11-30', offset), offset)).toBe('2026-11-30');
  });

  test('only the named day columns change; timestamps, text and the values given stay as they are', () => {
    const stamp = new Date(Date.UTC(2026, 10, 23, 15, 30));
    const due = typedMidnight('2026-11-30', 600);
    const values = [
      ['Timestamp', 'Referral ID', 'Next update due', 'Notes'],
      [stamp, 'R-1', due, 'x'],
      [stamp, 'R-2', '2026-12-07', ''],
    ];
    const out = typedDaysAsText(values, () => 600, DAY_COLUMNS);
    expect(out).toEqual([values[0], [stamp, 'R-1', '2026-11-30', 'x'], values[2]]);
    expect(values[1][2]).toBe(due);
  });

  test('with no columns named, every date cell is read as its day (the Settings sheet)', () => {
    const start = typedMidnight('2026-08-27', 600);
    expect(
      typedDaysAsText(
        [
          ['Setting', 'Value'],
          ['School year start', start],
        ],
        () => 600,
      ),
    ).toEqual([
      ['Setting', 'Value'],
      ['School year start', '2026-08-27'],
    ]);
  });

  test('the offset is taken at each date (summer and winter time differ)', () => {
    const summer = typedMidnight('2026-07-01', -240);
    const winter = typedMidnight('2026-12-01', -300);
    const newYork = (ms: number) => (ms < Date.UTC(2026, 10, 1, 6) ? -240 : -300);
    expect(typedDaysAsText([['Due date'], [summer], [winter]], newYork, ['Due date'])).toEqual([
      ['Due date'],
      ['2026-07-01'],
      ['2026-12-01'],
    ]);
  });
});
