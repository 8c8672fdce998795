import {
  DEFAULT_SETTINGS,
  findSchool,
  isoDate,
  outreachSettingsCheck,
  readSettings,
  schoolYearProblem,
  SETTING_ROWS,
  settingsSheetValues,
  settingsWarning,
} from '../../src/core/settings';
import { editSettingsValues } from '../../src/core/settings-edit';

/** The Settings sheet with one value typed over, and the cell that value is in. */
function withValue(label: string, typed: unknown) {
  const values: unknown[][] = settingsSheetValues(DEFAULT_SETTINGS);
  const row = values.findIndex((r) => r[0] === label);
  if (row < 0) throw new Error(`no row ${label}`);
  values[row][1] = typed;
  return { values, cell: `Settings!B${row + 1}` };
}

describe('the Settings sheet', () => {
  test("written with the toolkit's defaults, it reads back as the defaults", () => {
    const { settings, problems } = readSettings(settingsSheetValues(DEFAULT_SETTINGS));
    expect(problems).toEqual([]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });

  test('schools and their emails are read from the Schools table', () => {
    const values = settingsSheetValues({
      ...DEFAULT_SETTINGS,
      schools: [
        { name: 'Oak Street School', schoolId: '12', attendanceLead: 'LEAD@district.org', principal: 'p@district.org', officePhone: '' },
      ],
    });
    const { settings } = readSettings(values);
    expect(findSchool(settings, 'oak street school')).toEqual({
      name: 'Oak Street School',
      schoolId: '12',
      attendanceLead: 'lead@district.org',
      principal: 'p@district.org',
      officePhone: '',
    });
    expect(findSchool(settings, 'Unknown', '12')?.name).toBe('Oak Street School');
  });

  test('a school listed twice (by name or ID) is reported with its cell; the first row is the one used everywhere', () => {
    const values = settingsSheetValues({
      ...DEFAULT_SETTINGS,
      schools: [
        { name: 'Oak Street School', schoolId: '12', attendanceLead: 'old@district.org', principal: 'p@district.org', officePhone: '' },
        { name: 'Maple', schoolId: '14', attendanceLead: '', principal: '', officePhone: '' },
        { name: 'Oak Street Elementary', schoolId: '12', attendanceLead: 'new@district.org', principal: '', officePhone: '' },
      ],
    });
    const { settings, problems } = readSettings(values);
    expect(settings.schools.map((x) => x.name)).toEqual(['Oak Street School', 'Maple']);
    expect(problems).toEqual([
      expect.objectContaining({
        message:
          'Oak Street Elementary (ID 12) is listed twice in the Schools table; the first row (Oak Street School) is used. Delete the other row.',
      }),
    ]);
  });

  test('a wrong value is named by its cell, in plain words, and the default is kept', () => {
    const values = settingsSheetValues(DEFAULT_SETTINGS);
    values[2][1] = 'about 180';
    const { settings, problems } = readSettings(values);
    expect(problems).toEqual([
      {
        cell: 'Settings!B3',
        message: 'Days in school year must be a whole number from 100 to 250; it says "about 180".',
        label: 'Days in school year',
      },
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

  test('tier bands that do not go up are refused, naming the cell, and the toolkit bands are used', () => {
    const { values, cell } = withValue('L4 Serious starts at', 5);
    const { settings, problems } = readSettings(values);
    expect(problems).toEqual([
      {
        cell,
        label: 'L4 Serious starts at',
        message:
          "Tier bands must go up: L4 Serious starts at (5) must be more than L3 Moderate starts at (6). The toolkit's bands are used until this is fixed.",
      },
    ]);
    expect(cell).toBe('Settings!B8');
    expect(settings.rules.tierStarts).toEqual([2, 6, 11, 15, 18]);
  });

  test('equal tier bands are refused too', () => {
    const { values, cell } = withValue('L6 Extreme starts at', 15);
    expect(readSettings(values).problems.map((p) => [p.cell, p.message])).toEqual([
      [
        cell,
        "Tier bands must go up: L6 Extreme starts at (15) must be more than L5 Severe starts at (15). The toolkit's bands are used until this is fixed.",
      ],
    ]);
  });

  test('a school email that is not an email is reported with its cell and left out', () => {
    const values = settingsSheetValues({
      ...DEFAULT_SETTINGS,
      schools: [{ name: 'Oak', schoolId: '', attendanceLead: 'not an email', principal: 'Pat <pat@district.org>', officePhone: '' }],
    });
    const row = values.findIndex((r) => r[0] === 'Oak') + 1;
    const { problems, settings, typedSchools } = readSettings(values);
    expect(problems).toEqual([
      { cell: `Settings!C${row}`, message: '"not an email" is not an email address (Oak\'s attendance lead).', label: 'School: Oak' },
      { cell: `Settings!D${row}`, message: '"Pat <pat@district.org>" is not an email address (Oak\'s principal).', label: 'School: Oak' },
    ]);
    expect(settings.schools[0]).toMatchObject({ attendanceLead: '', principal: '', officePhone: '' });
    // As typed, for the set-up wizard to show what needs fixing.
    expect(typedSchools[0]).toMatchObject({ attendanceLead: 'not an email', principal: 'Pat <pat@district.org>', officePhone: '' });
  });

  test("the reasons for absence list is the district's own when it has one", () => {
    const values = settingsSheetValues({ ...DEFAULT_SETTINGS, absenceReasons: ['Illness', 'Bus did not come'] });
    expect(readSettings(values).settings.absenceReasons).toEqual(['Illness', 'Bus did not come']);
  });
});

describe('every Settings validation message', () => {
  // Each setting a district may tune, a value it cannot be, and what the coordinator reads.
  const cases: [label: string, typed: unknown, message: string][] = [
    ['School year start', 'next fall', 'School year start must be a date such as 2026-08-27; it says "next fall".'],
    ['School year start', '2026-02-30', 'School year start must be a date such as 2026-08-27; it says "2026-02-30".'],
    ['School year start', '13/01/2026', 'School year start must be a date such as 2026-08-27; it says "13/01/2026".'],
    ['Days in school year', 'about 180', 'Days in school year must be a whole number from 100 to 250; it says "about 180".'],
    ['Days in school year', 90, 'Days in school year must be a whole number from 100 to 250; it says "90".'],
    ['Days in school year', 180.5, 'Days in school year must be a whole number from 100 to 250; it says "180.5".'],
    ['Days in school year', '', 'Days in school year must be a whole number from 100 to 250; it says "".'],
    [
      'District goal (chronic absence under)',
      'thirty',
      'District goal must be a percentage between 1% and 99%, such as 30%; it says "thirty".',
    ],
    [
      'District goal (chronic absence under)',
      '150%',
      'District goal must be a percentage between 1% and 99%, such as 30%; it says "150%".',
    ],
    ['Chronic absence threshold', '0%', 'Chronic absence threshold must be a percentage such as 10%; it says "0%".'],
    ['Chronic absence threshold', 'ten', 'Chronic absence threshold must be a percentage such as 10%; it says "ten".'],
    ['L2 Alert starts at (days absent)', 'two', 'L2 Alert starts at must be a number of days from 1 to 200; it says "two".'],
    ['L3 Moderate starts at', 0, 'L3 Moderate starts at must be a number of days from 1 to 200; it says "0".'],
    ['L4 Serious starts at', 500, 'L4 Serious starts at must be a number of days from 1 to 200; it says "500".'],
    ['L5 Severe starts at', '-3', 'L5 Severe starts at must be a number of days from 1 to 200; it says "-3".'],
    ['L6 Extreme starts at', 'many', 'L6 Extreme starts at must be a number of days from 1 to 200; it says "many".'],
    ['Smallest group shown in reports', 0, 'Smallest group shown in reports must be a whole number from 1 to 100; it says "0".'],
    ['Smallest group shown in reports', 'ten', 'Smallest group shown in reports must be a whole number from 1 to 100; it says "ten".'],
    ['Outreach: merge letters and call sheets', 'maybe', 'Outreach: merge letters and call sheets must be Yes or No; it says "maybe".'],
    ['Outreach: Gmail drafts to families', 'Nope', 'Outreach: Gmail drafts to families must be Yes or No; it says "Nope".'],
    ['Outreach: Calendar follow-ups', 'sometimes', 'Outreach: Calendar follow-ups must be Yes or No; it says "sometimes".'],
    ['Outreach: one document per student', 2, 'Outreach: one document per student must be Yes or No; it says "2".'],
    ['Email principals directly', 'perhaps', 'Email principals directly must be Yes or No; it says "perhaps".'],
    ...(['L2 Alert', 'L3 Moderate', 'L4 Serious', 'L5 Severe', 'L6 Extreme'] as const).flatMap((name): [string, unknown, string][] => [
      [
        `${name}: outreach`,
        'Phone call sheet, robocall',
        `${name}: outreach lists "robocall", which is not one of: Phone call sheet, Superintendent letter, Letter of attendance, Gmail draft (or None).`,
      ],
      [
        `${name}: follow-up after (days)`,
        'a week',
        `${name}: follow-up after must be a whole number of days from 0 to 60 (0 for none); it says "a week".`,
      ],
    ]),
    [
      'L4 Serious: follow-up after (days)',
      90,
      'L4 Serious: follow-up after must be a whole number of days from 0 to 60 (0 for none); it says "90".',
    ],
  ];

  test.each(cases)('%s typed as %p', (label, typed, message) => {
    const { values, cell } = withValue(label, typed);
    const { settings, problems } = readSettings(values);
    expect(problems).toEqual([{ cell, message, label }]);
    // The toolkit's value is kept, so one typo does not stop the team.
    const def = SETTING_ROWS.find((r) => r.label === label)!;
    expect(def.write(settings)).toEqual(def.write(DEFAULT_SETTINGS));
  });

  test('every setting with a rule has a case above (the Superintendent name is free text)', () => {
    const covered = new Set(cases.map((c) => c[0]));
    const free = ['Superintendent name (signs the L4 letter)'];
    expect(SETTING_ROWS.map((r) => r.label).filter((l) => !covered.has(l))).toEqual(free);
    expect(readSettings(withValue(free[0], '').values).problems).toEqual([]);
  });

  test("a district chooses each level's outreach and follow-up rhythm; the toolkit's are the defaults", () => {
    expect(DEFAULT_SETTINGS.outreachByTier.L4).toEqual({ letters: ['call-sheet', 'superintendent-letter'], email: true, followUpDays: 14 });
    const { values } = withValue('L5 Severe: outreach', 'letters of attendance; Gmail drafts; Superintendent letter');
    const row = values.findIndex((r) => r[0] === 'L2 Alert: outreach');
    values[row][1] = 'None';
    const days = values.findIndex((r) => r[0] === 'L3 Moderate: follow-up after (days)');
    values[days][1] = 0;
    const { settings, problems } = readSettings(values);
    expect(problems).toEqual([]);
    expect(settings.outreachByTier.L5).toEqual({ letters: ['attendance-letter', 'superintendent-letter'], email: true, followUpDays: 14 });
    expect(settings.outreachByTier.L2).toEqual({ letters: [], email: false, followUpDays: 7 });
    expect(settings.outreachByTier.L3!.followUpDays).toBeNull();
    // Written back in the toolkit's words.
    expect(settingsSheetValues(settings).find((r) => r[0] === 'L5 Severe: outreach')![1]).toBe(
      'Superintendent letter, Letter of attendance, Gmail draft',
    );
  });

  test('yes and no may be typed many ways', () => {
    for (const [typed, on] of [
      ['yes', true],
      ['Y', true],
      [true, true],
      ['Sí', true],
      ['no', false],
      ['OFF', false],
      [false, false],
    ] as const) {
      const { values } = withValue('Outreach: Gmail drafts to families', typed);
      const read = readSettings(values);
      expect(read.problems).toEqual([]);
      expect(read.settings.outreach.drafts).toBe(on);
    }
  });

  test('dates may be typed as 2026-08-27, 8/27/2026 or be a date cell; impossible days are not dates', () => {
    expect(isoDate('2026-8-27')).toBe('2026-08-27');
    expect(isoDate('8/27/2026')).toBe('2026-08-27');
    expect(isoDate(new Date(2026, 7, 27))).toBe('2026-08-27');
    expect(isoDate('2028-02-29')).toBe('2028-02-29');
    expect(isoDate('2027-02-29')).toBeNull();
    expect(isoDate('2026-13-01')).toBeNull();
  });

  test('each feature reads a problem as the cell, the message and what the toolkit does meanwhile', () => {
    const days = readSettings(withValue('Days in school year', 'about 180').values).problems[0];
    expect(settingsWarning(days)).toBe(
      'Settings!B3: Days in school year must be a whole number from 100 to 250; it says "about 180". The toolkit\'s value, 180, is used until it is fixed.',
    );
    const bands = readSettings(withValue('L4 Serious starts at', 5).values).problems[0];
    expect(settingsWarning(bands)).toBe(`${bands.cell}: ${bands.message}`);
    const email = readSettings(
      settingsSheetValues({
        ...DEFAULT_SETTINGS,
        schools: [{ name: 'Oak', schoolId: '', attendanceLead: 'x', principal: '', officePhone: '' }],
      }),
    ).problems[0];
    expect(settingsWarning(email)).toMatch(
      /^Settings!C\d+: "x" is not an email address \(Oak's attendance lead\)\. The toolkit leaves that address out until it is fixed\.$/,
    );
  });

  test('outreach stops for a wrong school year start or outreach Yes/No, and notes the others', () => {
    const { values } = withValue('Outreach: Gmail drafts to families', 'Nope');
    values[2][1] = 'about 180';
    const { blocking, notes } = outreachSettingsCheck(readSettings(values).problems);
    expect(blocking).toEqual([
      'Settings!B13: Outreach: Gmail drafts to families must be Yes or No; it says "Nope". Outreach waits until it is fixed on the Settings sheet.',
    ]);
    expect(notes).toEqual([
      'Settings!B3: Days in school year must be a whole number from 100 to 250; it says "about 180". The toolkit\'s value, 180, is used until it is fixed.',
    ]);
  });
});

describe('what each level gets is never guessed by outreach', () => {
  test('a mistyped outreach choice for a level stops outreach instead of bringing back the default', () => {
    const { values } = withValue('L2 Alert: outreach', 'Nothing');
    const { blocking } = outreachSettingsCheck(readSettings(values).problems);
    expect(blocking).toEqual([expect.stringMatching(/L2 Alert: outreach lists "Nothing".*Outreach waits until it is fixed/)]);
  });

  test('so does a follow-up rhythm that is not a number of days', () => {
    const { values } = withValue('L4 Serious: follow-up after (days)', 'biweekly');
    const { blocking } = outreachSettingsCheck(readSettings(values).problems);
    expect(blocking).toEqual([expect.stringMatching(/L4 Serious: follow-up after must be a whole number/)]);
  });
});

describe("a cleared, deleted or relabelled outreach setting stops outreach instead of bringing back the toolkit's value", () => {
  test('a cleared Yes/No or level choice', () => {
    for (const [label, said] of [
      ['Outreach: Gmail drafts to families', /Outreach: Gmail drafts to families is empty; write Yes or No\./],
      ['L2 Alert: outreach', /L2 Alert: outreach is empty; write what the level gets .* or None\./],
    ] as const) {
      const { values } = withValue(label, '');
      const { blocking } = outreachSettingsCheck(readSettings(values).problems);
      expect(blocking).toEqual([expect.stringMatching(said)]);
    }
  });

  test('a deleted row, or one whose label was retyped', () => {
    const values: unknown[][] = settingsSheetValues(DEFAULT_SETTINGS);
    const drafts = values.findIndex((r) => r[0] === 'Outreach: Gmail drafts to families');
    values[drafts][0] = 'Outreach: Gmail drafts to families:';
    values.splice(
      values.findIndex((r) => r[0] === 'L3 Moderate: outreach'),
      1,
    );
    const { blocking } = outreachSettingsCheck(readSettings(values).problems);
    expect(blocking).toEqual([
      expect.stringMatching(
        /^Settings: The "Outreach: Gmail drafts to families" row is missing from the Settings sheet .* Set up\.\.\. puts it back/,
      ),
      expect.stringMatching(/^Settings: The "L3 Moderate: outreach" row is missing/),
    ]);
  });

  test('Set up puts a missing row back, with the value Set up saves', () => {
    const values: unknown[][] = settingsSheetValues(DEFAULT_SETTINGS);
    values.splice(
      values.findIndex((r) => r[0] === 'Outreach: Gmail drafts to families'),
      1,
    );
    const edited = editSettingsValues(values, { ...DEFAULT_SETTINGS, outreach: { ...DEFAULT_SETTINGS.outreach, drafts: false } }).values;
    const { settings, problems } = readSettings(edited);
    expect(problems).toEqual([]);
    expect(settings.outreach.drafts).toBe(false);
  });
});

describe("last year's school year start", () => {
  const values = settingsSheetValues(DEFAULT_SETTINGS);
  const read = () => readSettings(values).settings;

  test('a start within the last year is fine', () => {
    expect(schoolYearProblem(values, read(), '2026-11-23')).toBeNull();
    expect(schoolYearProblem(values, read(), '2027-06-15')).toBeNull();
    // Set up in July for a year that starts in August.
    expect(schoolYearProblem(values, read(), '2026-07-20')).toBeNull();
  });

  test('a start more than a year ago is reported with its cell, because outreach and the report count from it', () => {
    expect(schoolYearProblem(values, read(), '2027-09-10')).toEqual({
      cell: 'Settings!B2',
      label: 'School year start',
      message:
        "School year start is 2026-08-27, more than a year ago. Set it to this school year's first day (Attendance Toolkit > Set up...); it is still used until this is fixed.",
    });
  });

  test('a start far in the future is reported too', () => {
    expect(schoolYearProblem(values, read(), '2026-03-01')?.message).toMatch(/more than four months away/);
  });
});

describe('a Settings sheet whose sections were moved around', () => {
  /** The sheet with its Schools and Reasons sections cut and pasted above the settings. */
  function sectionsOnTop(settings = DEFAULT_SETTINGS) {
    const values = settingsSheetValues(settings);
    const title = values.findIndex((r) => r[0] === 'Schools');
    return [...values.slice(title), ['', '', '', ''], ...values.slice(0, title)];
  }
  const oak = {
    name: 'Oak Street School',
    schoolId: '12',
    attendanceLead: 'lead@district.org',
    principal: 'p@district.org',
    officePhone: '',
  };
  const chosen = {
    ...DEFAULT_SETTINGS,
    rules: { ...DEFAULT_SETTINGS.rules, chronicShare: 0.12 },
    outreach: { ...DEFAULT_SETTINGS.outreach, drafts: false },
    schools: [oak],
    absenceReasons: ['Illness', 'Transportation'],
  };

  test('reads the same settings, schools and reasons: no setting is taken for a school or a reason', () => {
    const { settings, problems } = readSettings(sectionsOnTop(chosen));
    expect(problems).toEqual([]);
    expect(settings).toEqual(readSettings(settingsSheetValues(chosen)).settings);
    expect(settings.schools).toEqual([oak]);
    expect(settings.absenceReasons).toEqual(['Illness', 'Transportation']);
  });

  test('a reason or a school called "Setting" is still a reason or a school (only the header row has "Value" beside it)', () => {
    const values = settingsSheetValues({
      ...chosen,
      schools: [oak, { ...oak, name: 'Setting', schoolId: '13' }],
      absenceReasons: ['Illness', 'Setting'],
    });
    const { settings } = readSettings(values);
    expect(settings.absenceReasons).toEqual(['Illness', 'Setting']);
    expect(settings.schools.map((s) => s.name)).toEqual(['Oak Street School', 'Setting']);
    expect(editSettingsValues(values, settings).changes).toEqual([]);
  });

  test('with only the Schools table moved to the top, a new school goes under the schools, a restored setting under the settings', () => {
    const values = settingsSheetValues(chosen);
    const title = values.findIndex((r) => r[0] === 'Schools');
    const reasons = values.findIndex((r) => r[0] === 'Reasons for absence');
    const moved = [...values.slice(title, reasons), ...values.slice(0, title), ...values.slice(reasons)].filter(
      (r) => r[0] !== 'Days in school year',
    );
    const maple = { name: 'Maple School', schoolId: '14', attendanceLead: '', principal: '', officePhone: '' };
    const edited = editSettingsValues(moved, { ...chosen, schools: [oak, maple] }).values;
    const labels = edited.map((r) => r[0]);
    expect(labels.indexOf('Maple School')).toBe(labels.indexOf('Oak Street School') + 1);
    const settingRows = labels.flatMap((l, i) => (SETTING_ROWS.some((d) => d.label === l) ? [i] : []));
    expect(settingRows.every((r, i) => i === 0 || r === settingRows[i - 1] + 1)).toBe(true);
    expect(readSettings(edited).settings.schools).toEqual([oak, maple]);
    expect(readSettings(edited).problems).toEqual([]);
  });

  test('Set up changes the setting where it stands, adds no second row and drops no setting as a reason', () => {
    const values = sectionsOnTop(chosen);
    for (const reasons of [
      ['Illness', 'Transportation', 'Weather'],
      ['Transportation', 'Illness'],
    ]) {
      const next = { ...chosen, outreach: { ...chosen.outreach, drafts: true }, absenceReasons: reasons };
      const edited = editSettingsValues(values, next).values;
      const { settings, problems } = readSettings(edited);
      expect(problems).toEqual([]);
      expect(settings.outreach.drafts).toBe(true);
      expect(settings.absenceReasons).toEqual(reasons);
      expect(settings.rules.chronicShare).toBe(0.12);
      for (const def of SETTING_ROWS) expect(edited.filter((r) => r[0] === def.label)).toHaveLength(1);
    }
  });
});
