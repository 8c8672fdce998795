import { DEFAULT_SETTINGS, findSchool, readSettings, settingsSheetValues } from '../../src/core/settings';

describe('the Settings sheet', () => {
  test("written with the toolkit's defaults, it reads back as the defaults", () => {
    const { settings, problems } = readSettings(settingsSheetValues(DEFAULT_SETTINGS));
    expect(problems).toEqual([]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });

  test('schools and their emails are read from the Schools table', () => {
    const values = settingsSheetValues({
      ...DEFAULT_SETTINGS,
      schools: [{ name: 'Oak Street School', schoolId: '12', attendanceLead: 'LEAD@district.org', principal: 'p@district.org' }],
    });
    const { settings } = readSettings(values);
    expect(findSchool(settings, 'oak street school')).toEqual({
      name: 'Oak Street School',
      schoolId: '12',
      attendanceLead: 'lead@district.org',
      principal: 'p@district.org',
    });
    expect(findSchool(settings, 'Unknown', '12')?.name).toBe('Oak Street School');
  });

  test('a wrong value is named by its cell, in plain words, and the default is kept', () => {
    const values = settingsSheetValues(DEFAULT_SETTINGS);
    values[2][1] = 'about 180';
    const { settings, problems } = readSettings(values);
    expect(problems).toEqual([
      { cell: 'Settings!B3', message: 'Days in school year must be a whole number from 100 to 250; it says "about 180".' },
    ]);
    expect(settings.daysInSchoolYear).toBe(180);
  });

  test('percentages may be typed as 30%, 30 or 0.3', () => {
    for (const typed of ['25%', '25', 0.25]) {
      const values = settingsSheetValues(DEFAULT_SETTINGS);
      values[3][1] = typed;
      expect(readSettings(values).settings.districtGoal).toBeCloseTo(0.25);
    }
  });

  test('tier bands that do not go up are refused and the toolkit bands are used', () => {
    const values = settingsSheetValues(DEFAULT_SETTINGS);
    const row = values.findIndex((r) => r[0] === 'L4 Serious starts at');
    values[row][1] = 5;
    const { settings, problems } = readSettings(values);
    expect(problems[0].message).toMatch(/Tier bands must go up: L4 Serious starts at \(5\) must be more than L3 Moderate starts at \(6\)/);
    expect(settings.rules.tierStarts).toEqual([2, 6, 11, 15, 18]);
  });

  test('a school email that is not an email is reported with its cell', () => {
    const values = settingsSheetValues({
      ...DEFAULT_SETTINGS,
      schools: [{ name: 'Oak', schoolId: '', attendanceLead: 'not an email', principal: '' }],
    });
    const { problems } = readSettings(values);
    expect(problems).toEqual([
      expect.objectContaining({
        cell: expect.stringMatching(/^Settings!C\d+$/),
        message: '"not an email" is not an email address (for Oak).',
      }),
    ]);
  });

  test("the reasons for absence list is the district's own when it has one", () => {
    const values = settingsSheetValues({ ...DEFAULT_SETTINGS, absenceReasons: ['Illness', 'Bus did not come'] });
    expect(readSettings(values).settings.absenceReasons).toEqual(['Illness', 'Bus did not come']);
  });
});
