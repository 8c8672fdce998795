import { LOGS } from '../../src/core/logs';
import {
  DEFAULT_TEMPLATES,
  DefaultTemplate,
  lacksSchoolPhone,
  newDefaultTemplates,
  templateKey,
  TemplateRow,
} from '../../src/core/outreach/templates';
import { DEFAULT_SETTINGS, readSettings, Settings, settingsSheetValues } from '../../src/core/settings';
import { editSettingsValues } from '../../src/core/settings-edit';
import {
  checkSetup,
  checkSetupScreen,
  cleanAnswers,
  EditCell,
  headerRepair,
  planSheetEdit,
  readinessChecklist,
  SETUP_LABELS,
  SETUP_SCREENS,
  setupAnswersFrom,
  SetupAnswers,
  SetupState,
  settingsFromAnswers,
  SheetEditPlan,
} from '../../src/core/setup';
import { oak } from '../fixtures';

function answers(over: Partial<SetupAnswers> = {}): SetupAnswers {
  return { ...setupAnswersFrom(DEFAULT_SETTINGS, [oak], []), ...over };
}

/** Apply a plan to a copy of the rows, as the Sheets calls in src/gas/setup.ts do. */
function applyPlan(before: readonly EditCell[][], plan: SheetEditPlan): EditCell[][] {
  const rows = before.map((r) => [...r]);
  for (const op of plan.rows) {
    if ('insertBefore' in op) rows.splice(op.insertBefore - 1, 0, ...Array.from({ length: op.count }, () => [] as EditCell[]));
    else rows.splice(op.deleteAt - 1, op.count);
  }
  for (const w of plan.writes) {
    while (rows.length < w.row) rows.push([]);
    w.values.forEach((v, i) => (rows[w.row - 1][w.col - 1 + i] = v));
  }
  return trimmed(rows.map((r) => Array.from(r, (v) => (v === undefined ? '' : v))));
}

/** Rows without their trailing blank cells (a sheet has no "end of row"). */
function trimmed(rows: readonly EditCell[][]): EditCell[][] {
  return rows.map((r) => {
    const c = [...r];
    while (c.length && c[c.length - 1] === '') c.pop();
    return c;
  });
}

const filled = (rows: readonly EditCell[][]) =>
  rows.map((r) => r.map((v) => String(v)).join('|')).filter((r) => r.replace(/\|/g, '') !== '');

describe('the wizard starts from what the spreadsheet already says', () => {
  test('schools from Settings (emails as typed) then schools seen on the Roster that Settings lacks, by name or ID', () => {
    const typed = [{ ...oak, attendanceLead: 'not an email' }];
    const roster = [
      { name: 'Pine School', schoolId: '7' },
      { name: 'oak street school', schoolId: '' },
      { name: 'Oak St.', schoolId: '12' },
      { name: 'Elm Grove School', schoolId: '3' },
    ];
    const a = setupAnswersFrom(DEFAULT_SETTINGS, typed, roster);
    expect(a.schools).toEqual([
      { ...oak, attendanceLead: 'not an email', fixed: true },
      { name: 'Elm Grove School', schoolId: '3', attendanceLead: '', principal: '', officePhone: '', fixed: true },
      { name: 'Pine School', schoolId: '7', attendanceLead: '', principal: '', officePhone: '', fixed: true },
    ]);
    expect([a.schoolYearStart, a.daysInSchoolYear, a.districtGoal]).toEqual(['2026-08-27', '180', '30']);
    expect(a.outreach).toEqual({ ...DEFAULT_SETTINGS.outreach });
  });

  test('whatever a page sends is read as text, never an error', () => {
    expect(cleanAnswers(null)).toEqual({
      schoolYearStart: '',
      daysInSchoolYear: '',
      districtGoal: '',
      schools: [],
      absenceReasons: [],
      outreach: { letters: false, drafts: false, followUps: false, perStudentFiles: false, superintendent: '' },
    });
    const a = cleanAnswers({
      districtGoal: ' 28 % ',
      absenceReasons: 'Illness\n\n Bus \n',
      schools: [null, { name: 5 }],
      outreach: { drafts: 'yes' },
    });
    expect(a.districtGoal).toBe('28');
    expect(a.absenceReasons).toEqual(['Illness', 'Bus']);
    expect(a.schools.map((s) => s.name)).toEqual(['', '5']);
    expect(a.outreach.drafts).toBe(false);
  });
});

describe('each screen is checked, with messages that name the field', () => {
  test('the answers the wizard starts with pass every screen', () => {
    for (const screen of SETUP_SCREENS) expect(checkSetupScreen(screen, answers())).toEqual([]);
  });

  test('school year', () => {
    expect(checkSetupScreen('year', answers({ schoolYearStart: '', daysInSchoolYear: '' }))).toEqual([
      {
        field: 'schoolYearStart',
        message: 'School year start is empty or not a real date: enter the first day of school, such as 2026-08-27.',
      },
      {
        field: 'daysInSchoolYear',
        message: 'Days in school year is empty: enter the number of school days in the whole year (usually 180).',
      },
    ]);
    expect(checkSetupScreen('year', answers({ schoolYearStart: '2026-02-30', daysInSchoolYear: '1800' }))).toEqual([
      { field: 'schoolYearStart', message: 'School year start must be a date such as 2026-08-27; it says "2026-02-30".' },
      { field: 'daysInSchoolYear', message: 'Days in school year must be a whole number from 100 to 250; it says "1800".' },
    ]);
  });

  test("a school year start that cannot be this year's is asked for again on its screen, not after Save", () => {
    const today = '2026-11-23';
    expect(checkSetupScreen('year', answers({ schoolYearStart: '2019-08-27' }), today)).toEqual([
      {
        field: 'schoolYearStart',
        message: 'School year start 2019-08-27 is more than a year ago: enter the first day of this school year.',
      },
    ]);
    expect(checkSetupScreen('year', answers({ schoolYearStart: '2027-08-27' }), today)[0].message).toMatch(/more than four months away/);
    // This year's, last August, or next year's a few months ahead (set up over the summer) pass.
    for (const start of ['2026-08-27', '2025-11-23', '2027-03-01'])
      expect(checkSetupScreen('year', answers({ schoolYearStart: start }), today)).toEqual([]);
  });

  test('district goal', () => {
    expect(checkSetupScreen('goal', answers({ districtGoal: '' }))[0].message).toBe(
      'District goal is empty: enter the chronic absence rate to stay under, such as 30 (%).',
    );
    for (const typed of ['100', '0', 'thirty', '-5']) {
      expect(checkSetupScreen('goal', answers({ districtGoal: typed }))).toEqual([
        { field: 'districtGoal', message: `District goal must be a percentage above 0 and under 100, such as 30; it says "${typed}".` },
      ]);
    }
    expect(checkSetupScreen('goal', answers({ districtGoal: '27.5' }))).toEqual([]);
  });

  test('schools: a name, once, and email addresses that are addresses', () => {
    const schools = [
      { ...oak, fixed: true },
      { name: '', schoolId: '', attendanceLead: '', principal: '', officePhone: '', fixed: false },
      {
        name: 'OAK STREET SCHOOL',
        schoolId: '',
        attendanceLead: 'lead at district',
        principal: 'Pat <pat@district.org>',
        officePhone: '',
        fixed: false,
      },
    ];
    expect(checkSetupScreen('schools', answers({ schools }))).toEqual([
      { field: 'schools.1.name', message: "School 2 has no name: type the school's name as the export writes it, or remove the row." },
      { field: 'schools.2.name', message: 'OAK STREET SCHOOL is listed twice. Remove one of the two rows.' },
      {
        field: 'schools.2.attendanceLead',
        message:
          '"lead at district" is not an email address (OAK STREET SCHOOL\'s attendance lead). Type one address, such as lead@district.org.',
      },
      {
        field: 'schools.2.principal',
        message:
          '"Pat <pat@district.org>" is not an email address (OAK STREET SCHOOL\'s principal). Type one address, such as principal@district.org.',
      },
    ]);
  });

  test('reasons for absence', () => {
    expect(checkSetupScreen('reasons', answers({ absenceReasons: [] }))).toEqual([
      {
        field: 'absenceReasons',
        message: 'Reasons for absence is empty: list at least one reason (the contact form offers them), one per line.',
      },
    ]);
    expect(checkSetupScreen('reasons', answers({ absenceReasons: ['Illness', 'illness'] }))).toEqual([
      { field: 'absenceReasons', message: 'Reasons for absence: "illness" is listed twice.' },
    ]);
  });

  test('outreach', () => {
    const long = 'x'.repeat(121);
    expect(checkSetupScreen('outreach', answers({ outreach: { ...answers().outreach, superintendent: long } }))).toEqual([
      { field: 'outreach.superintendent', message: 'Superintendent name is longer than 120 characters.' },
    ]);
  });

  test('Save checks every screen and names the first one with problems', () => {
    expect(checkSetup(answers())).toBeNull();
    expect(checkSetup(answers({ districtGoal: 'x', absenceReasons: [] }))?.screen).toBe('goal');
  });
});

describe('answers become Settings', () => {
  test("only the wizard's settings change; tier bands and the rest stay the district's", () => {
    const current: Settings = {
      ...DEFAULT_SETTINGS,
      smallGroupSize: 20,
      rules: { ...DEFAULT_SETTINGS.rules, tierStarts: [3, 7, 12, 16, 19] },
    };
    const a = answers({ daysInSchoolYear: '181', districtGoal: '25', absenceReasons: ['Illness'] });
    a.outreach = { letters: false, drafts: true, followUps: true, perStudentFiles: true, superintendent: '' };
    a.schools = [{ ...oak, attendanceLead: 'LEAD@District.org', fixed: true }];
    const next = settingsFromAnswers(current, a);
    expect(next).toEqual({
      ...current,
      daysInSchoolYear: 181,
      districtGoal: 0.25,
      absenceReasons: ['Illness'],
      schools: [{ ...oak, attendanceLead: 'lead@district.org' }],
      outreach: {
        letters: false,
        drafts: true,
        followUps: true,
        perStudentFiles: true,
        superintendent: DEFAULT_SETTINGS.outreach.superintendent,
      },
    });
  });

  test('a wrong value in a setting the wizard does not show is left for the team to fix', () => {
    const values = settingsSheetValues(DEFAULT_SETTINGS);
    const row = values.findIndex((r) => r[0] === 'L4 Serious starts at');
    values[row][1] = 'eleven';
    const next = settingsFromAnswers(readSettings(values).settings, answers({ schools: [] }));
    const edit = editSettingsValues(values, next, { only: Object.values(SETUP_LABELS) });
    expect(edit.changes).toEqual([]);
    expect(edit.values[row][1]).toBe('eleven');
  });

  test('an email address typed in capitals is the same address', () => {
    const values = settingsSheetValues({ ...DEFAULT_SETTINGS, schools: [{ ...oak, attendanceLead: 'Lead@District.org' }] });
    const read = readSettings(values);
    const a = setupAnswersFrom(read.settings, read.typedSchools, []);
    expect(editSettingsValues(values, settingsFromAnswers(read.settings, a), { only: Object.values(SETUP_LABELS) }).changes).toEqual([]);
  });
});

describe('missing column headers are put back without moving data', () => {
  const columns = ['Timestamp', 'Entered by', 'Student ID', 'Notes'];

  test('a complete header needs nothing', () => {
    expect(headerRepair(columns, columns, 4)).toEqual({ writes: [], restored: [], respelled: [] });
    expect(headerRepair([...columns, 'Our own column'], columns, 5).writes).toEqual([]);
  });

  test('a header typed in another case or spacing is respelled where it is', () => {
    expect(headerRepair(['Timestamp', ' entered  BY ', 'Student ID', 'Notes'], columns, 4)).toEqual({
      writes: [{ col: 2, value: 'Entered by' }],
      restored: [],
      respelled: ['Entered by'],
    });
  });

  test('a cleared header goes back to its column; one whose column holds another header goes after the last column', () => {
    // "Student ID" was cleared (its data is still below it); "Notes" was typed over with the team's own column.
    const header = ['Timestamp', 'Entered by', '', 'Follow-up by'];
    expect(headerRepair(header, columns, 6)).toEqual({
      writes: [
        { col: 3, value: 'Student ID' },
        { col: 7, value: 'Notes' },
      ],
      restored: ['Student ID', 'Notes'],
      respelled: [],
    });
  });

  test('an empty sheet gets the whole header', () => {
    const repair = headerRepair([], LOGS.contacts.columns, 0);
    expect(repair.writes.map((w) => w.col)).toEqual(LOGS.contacts.columns.map((_, i) => i + 1));
    expect(repair.restored).toEqual([...LOGS.contacts.columns]);
  });
});

describe('Settings are written touching only the cells that change', () => {
  const base = settingsSheetValues({ ...DEFAULT_SETTINGS, schools: [oak] });

  test('nothing changed: nothing written', () => {
    expect(
      planSheetEdit(
        base,
        base.map((r) => [...r]),
      ),
    ).toEqual({ rows: [], writes: [] });
  });

  test('one value: one cell', () => {
    const after = base.map((r) => [...r]);
    after[2][1] = 181;
    expect(planSheetEdit(base, after)).toEqual({ rows: [], writes: [{ row: 3, col: 2, values: [181] }] });
  });

  test('a school added in the middle: one row inserted, the rows below move down untouched', () => {
    const next = {
      ...readSettings(base).settings,
      schools: [oak, { name: 'Pine School', schoolId: '7', attendanceLead: '', principal: '', officePhone: '' }],
    };
    const { values: after } = editSettingsValues(base, next);
    const plan = planSheetEdit(base, after);
    const pine = after.findIndex((r) => r[0] === 'Pine School') + 1;
    expect(plan).toEqual({ rows: [{ insertBefore: pine, count: 1 }], writes: [{ row: pine, col: 1, values: ['Pine School', '7'] }] });
    expect(applyPlan(base, plan)).toEqual(trimmed(after));
  });

  test('a shorter reasons list: its old rows are cleared, no row is deleted', () => {
    const { values: after } = editSettingsValues(base, { ...readSettings(base).settings, absenceReasons: ['Illness', 'Bus'] });
    const plan = planSheetEdit(base, after);
    expect(plan.rows).toEqual([]);
    expect(filled(applyPlan(base, plan))).toEqual(filled(trimmed(after)));
    expect(readSettings(applyPlan(base, plan)).settings.absenceReasons).toEqual(['Illness', 'Bus']);
  });

  test('rows removed from the middle are deleted from the bottom up', () => {
    const before = [['a'], ['b'], ['c'], ['d'], ['e']];
    const after = [['a'], ['d'], ['e'], ['f']];
    const plan = planSheetEdit(before, after);
    expect(plan.rows).toEqual([{ deleteAt: 2, count: 2 }]);
    expect(applyPlan(before, plan)).toEqual(after);
  });
});

describe('an older Templates sheet brought up to date', () => {
  const rowsOf = (templates: readonly DefaultTemplate[]): TemplateRow[] =>
    templates.map((t, i) => ({ tier: t.tier, kind: t.kind, language: t.language, docId: `doc${i}`, row: i + 2 }));
  const isCallSheet = (tier: string) => (t: DefaultTemplate) => t.tier === tier && t.kind === 'call-sheet';
  // The sheet as an earlier version made it: no L5 or L6 call sheets.
  const older = DEFAULT_TEMPLATES.filter((t) => !isCallSheet('L5')(t) && !isCallSheet('L6')(t));

  test('a sheet from an earlier version gets the kinds of outreach new since, in every language; a row the team deleted is not added back', () => {
    expect(older).toHaveLength(DEFAULT_TEMPLATES.length - 4);
    expect(newDefaultTemplates(rowsOf(older), null).map(templateKey)).toEqual([
      'L5|call-sheet|english',
      'L6|call-sheet|english',
      'L5|call-sheet|spanish',
      'L6|call-sheet|spanish',
    ]);
    // The team deleted the Spanish L2 email and keeps its own L5 call sheet in English only.
    const team = rowsOf(
      [...older, DEFAULT_TEMPLATES.find(isCallSheet('L5'))!].filter(
        (t) => !(t.tier === 'L2' && t.kind === 'email' && t.language === 'Spanish'),
      ),
    );
    expect(newDefaultTemplates(team, null).map(templateKey)).toEqual(['L6|call-sheet|english', 'L6|call-sheet|spanish']);
    // Once Set up has offered every default, a row deleted afterwards stays deleted.
    const offered = new Set(DEFAULT_TEMPLATES.map(templateKey));
    expect(newDefaultTemplates(team, offered)).toEqual([]);
    expect(newDefaultTemplates(rowsOf(DEFAULT_TEMPLATES), null)).toEqual([]);
  });

  test("a document lacks the phone sentence only where the toolkit's wording has it", () => {
    const letter = { tier: 'L4' as const, kind: 'superintendent-letter' as const, language: 'Spanish' };
    expect(lacksSchoolPhone(letter, 'Por favor, llame a la oficina esta semana.')).toBe(true);
    expect(lacksSchoolPhone(letter, 'El número es {{ School Phone }}.')).toBe(false);
    expect(lacksSchoolPhone({ tier: 'L2', kind: 'call-sheet', language: 'English' }, 'Call: {{Guardian}}')).toBe(false);
    expect(lacksSchoolPhone({ ...letter, language: 'French' }, 'Appelez-nous.')).toBe(false);
  });
});

describe('the checklist of what is ready', () => {
  const empty: SetupState = {
    rosterStudents: null,
    settings: DEFAULT_SETTINGS,
    settingsProblems: [],
    settingsCreated: true,
    settingsChanges: [],
    templates: { created: true, rows: [{ language: 'English', docId: 'd1' }], problems: [], restored: [], added: [], withoutPhone: [] },
    partners: { created: true, count: 30, active: 30, restored: [], problem: '' },
    logs: Object.values(LOGS).map((l) => ({ name: l.sheet, created: true, entries: 0, restored: [], problem: '', emptyColumnsRemoved: 0 })),
  };

  test('an empty workbook: what to do next, and what was made', () => {
    expect(readinessChecklist(empty).map((i) => `${i.status} ${i.title}: ${i.text}`)).toEqual([
      'todo Roster: Not imported yet - use Attendance Toolkit > Import attendance export...',
      'ready Settings: The Settings sheet was made with your answers.',
      'todo Schools: None listed yet: the first import adds the schools on the Roster, or add them in Set up...',
      'ready Templates: 1 made in English, as Google Docs in your Drive folder "Attendance Toolkit/Templates".',
      "ready Partners: 30 partners from the toolkit's list, ready for referrals.",
      'ready Log sheets: Contacts, Home visits, Referrals, Success plans and Outreach log made.',
      'ready Outreach: Prepare outreach makes letters and call sheets, Gmail drafts to families (never sent) and Calendar follow-ups.',
    ]);
  });

  test('a workbook in use: counts, schools without a lead, principal or office phone, problems to fix, repairs made', () => {
    const schools = ['A', 'B', 'C', 'D'].map((n, i) => ({
      name: `${n} School`,
      schoolId: '',
      attendanceLead: i === 0 ? 'a@d.org' : '',
      principal: i < 3 ? 'p@d.org' : '',
      officePhone: i % 2 === 0 ? '(203) 555-0100' : '',
    }));
    const state: SetupState = {
      ...empty,
      rosterStudents: 1234,
      settings: { ...DEFAULT_SETTINGS, schools, outreach: { ...DEFAULT_SETTINGS.outreach, letters: false, followUps: false } },
      settingsProblems: [
        {
          cell: 'Settings!B8',
          message: 'L4 Serious starts at must be a number of days from 1 to 200; it says "x".',
          label: 'L4 Serious starts at',
        },
      ],
      settingsCreated: false,
      settingsChanges: ['Days in school year', 'School: A School'],
      templates: {
        created: false,
        rows: [...['English', 'Spanish'].flatMap((language) => Array.from({ length: 5 }, (_, i) => ({ language, docId: `d${i}` })))],
        problems: [],
        restored: [],
        added: [],
        withoutPhone: [],
      },
      partners: { created: false, count: 31, active: 29, restored: [], problem: '' },
      logs: empty.logs.map((l, i) => ({ ...l, created: i === 4, entries: i < 2 ? 6 : 0, restored: i === 0 ? ['Notes'] : [] })),
    };
    const text = readinessChecklist(state).map((i) => `${i.status} ${i.title}: ${i.text}`);
    expect(text).toEqual([
      'ready Roster: 1,234 students from the last import.',
      'ready Settings: Saved. Changed: Days in school year and School: A School.',
      'attention Settings: Settings!B8: L4 Serious starts at must be a number of days from 1 to 200; it says "x". The toolkit\'s value, 11, is used until it is fixed.',
      'ready Schools: 4 schools in Settings.',
      'attention Schools: 3 schools have no attendance lead (B School, C School and D School): their Calendar follow-ups go to whoever prepares outreach.',
      'attention Schools: 1 school has no principal email (D School): the bi-weekly report leaves it out.',
      'attention Schools: 2 schools have no office phone (B School and D School): letters and emails to their families give no number to call.',
      'ready Templates: 10 ready in English and Spanish.',
      'ready Partners: 31 partners, 29 active.',
      'ready Log sheets: Contacts, Home visits, Referrals, Success plans and Outreach log ready. Made now: Outreach log. 12 entries kept as they were.',
      'ready Contacts: Column header put back: Notes.',
      'ready Outreach: Prepare outreach makes Gmail drafts to families (never sent).',
    ]);
  });

  test('empty columns deleted from an Outreach log are said on a line of their own, only when some were', () => {
    const logLines = (removed: number) =>
      readinessChecklist({
        ...empty,
        logs: empty.logs.map((l) => (l.name === 'Outreach log' ? { ...l, created: false, emptyColumnsRemoved: removed } : l)),
      })
        .filter((i) => i.title === 'Outreach log')
        .map((i) => `${i.status} ${i.text}`);
    expect(logLines(12)).toEqual(['ready Removed 12 empty columns from the Outreach log.']);
    expect(logLines(1)).toEqual(['ready Removed 1 empty column from the Outreach log.']);
    expect(logLines(0)).toEqual([]);
  });

  test('schools with no office phone: one is named, many are counted past the first five', () => {
    const school = (name: string, officePhone = '') => ({
      name,
      schoolId: '',
      attendanceLead: 'a@d.org',
      principal: 'p@d.org',
      officePhone,
    });
    const phoneLines = (schools: ReturnType<typeof school>[]) =>
      readinessChecklist({ ...empty, settings: { ...DEFAULT_SETTINGS, schools } })
        .filter((i) => i.title === 'Schools' && i.status === 'attention')
        .map((i) => i.text);
    expect(phoneLines([school('Oak School'), school('Elm School', '(203) 555-0100')])).toEqual([
      '1 school has no office phone (Oak School): letters and emails to its families give no number to call.',
    ]);
    const many = Array.from({ length: 12 }, (_, i) => school(`School ${i + 1}`));
    expect(phoneLines(many)).toEqual([
      '12 schools have no office phone (School 1, School 2, School 3, School 4, School 5 and 7 more): letters and emails to their families give no number to call.',
    ]);
    expect(phoneLines([school('Elm School', '(203) 555-0100')])).toEqual([]);
  });

  test('Set up on a spreadsheet from an earlier version says what it added, what Settings must ask for, and which documents lack the phone sentence', () => {
    // Settings from before the L5 and L6 call sheets: L5 and L6 get the letter and the draft only.
    const older = { letters: ['attendance-letter' as const], email: true, followUpDays: 14 };
    const state: SetupState = {
      ...empty,
      settings: { ...DEFAULT_SETTINGS, outreachByTier: { ...DEFAULT_SETTINGS.outreachByTier, L5: older, L6: older } },
      settingsCreated: false,
      settingsChanges: ['Schools: Office phone column'],
      templates: {
        ...empty.templates,
        created: false,
        added: (['L5', 'L6'] as const).flatMap((tier) =>
          ['English', 'Spanish'].map((language) => ({ tier, kind: 'call-sheet' as const, language })),
        ),
        withoutPhone: [
          { tier: 'L4', kind: 'superintendent-letter', language: 'English', row: 8 },
          { tier: 'L4', kind: 'superintendent-letter', language: 'Spanish', row: 9 },
          { tier: 'L2', kind: 'email', language: 'English', row: 14 },
          { tier: 'L2', kind: 'email', language: 'Spanish', row: 15 },
          { tier: 'L3', kind: 'email', language: 'English', row: 16 },
          { tier: 'L5', kind: 'email', language: 'English', row: 20 },
        ],
      },
    };
    const text = readinessChecklist(state).map((i) => `${i.status} ${i.title}: ${i.text}`);
    expect(text.filter((l) => /Settings|Templates/.test(l))).toEqual([
      'ready Settings: Added the Office phone column to the Schools table.',
      'ready Templates: 1 ready in English.',
      'ready Templates: Added the L5 and L6 call sheets to Templates (English and Spanish).',
      'attention Templates: Outreach makes them only where Settings asks for them: add "Phone call sheet" to "L5 Severe: outreach" and "L6 Extreme: outreach" on the Settings sheet if your team wants them.',
      'attention Templates: 6 template documents (the Superintendent letters and emails, Templates rows 8, 9, 14 to 16 and 20) were made before the toolkit\'s wording gave families the school\'s phone: it now says "The number is {{School phone}}." where it asks them to call. Set up does not change your documents; add the sentence to them if you want it.',
    ]);
    // Settings that already ask for the call sheets: nothing to add there. One new template is named as one.
    const asked = readinessChecklist({
      ...state,
      settings: DEFAULT_SETTINGS,
      settingsChanges: ['Schools: Office phone column', 'Days in school year'],
      templates: { ...state.templates, added: [{ tier: 'L6', kind: 'call-sheet', language: 'English' }], withoutPhone: [] },
    }).map((i) => `${i.status} ${i.title}: ${i.text}`);
    expect(asked.filter((l) => /Settings|Templates/.test(l))).toEqual([
      'ready Settings: Saved. Changed: Days in school year.',
      'ready Settings: Added the Office phone column to the Schools table.',
      'ready Templates: 1 ready in English.',
      'ready Templates: Added the L6 call sheet to Templates (English).',
    ]);
  });

  test('outreach turned off entirely is flagged', () => {
    const settings = { ...DEFAULT_SETTINGS, outreach: { ...DEFAULT_SETTINGS.outreach, letters: false, drafts: false, followUps: false } };
    expect(readinessChecklist({ ...empty, settings }).pop()).toEqual({
      status: 'attention',
      title: 'Outreach',
      text: 'Off: Prepare outreach makes nothing until one kind is turned on in Set up...',
    });
  });
});
