/* eslint-disable @typescript-eslint/no-explicit-any -- dialog results are read as loose JSON, as the page would */
/**
 * Attendance Toolkit > Set up..., through the built bundle in the emulated Workspace: on an empty
 * workbook and on one in use (nothing lost, nothing duplicated), run again (only what changed is
 * written), each screen checked on the server, and how the set-up is offered when the spreadsheet
 * opens in each authorization mode.
 */
import { LOGS } from '../../src/core/logs';
import { SEED_PARTNERS } from '../../src/core/partners';
import { DEFAULT_TEMPLATES } from '../../src/core/outreach/templates';
import { LoadedBundle } from '../../src/emulator/bundle';
import { DocsPlugin } from '../../src/emulator/docs';
import { DrivePlugin, MIME } from '../../src/emulator/drive';
import { pluginOf } from '../../src/emulator/plugins';
import { csv, importCsv, psRow, toolkit } from '../helpers';

type Outcome<T> = { ok: boolean; message: string; result?: T; problems?: { field: string; message: string }[]; screen?: string };
type Answers = {
  schoolYearStart: string;
  daysInSchoolYear: string;
  districtGoal: string;
  schools: { name: string; schoolId: string; attendanceLead: string; principal: string; fixed: boolean }[];
  absenceReasons: string[];
  outreach: { letters: boolean; drafts: boolean; followUps: boolean; perStudentFiles: boolean; superintendent: string };
};
type Start = { answers: Answers; notices: { screen: string; text: string }[]; firstTime: boolean; rosterStudents: number | null };
type Saved = { message: string; changes: string[]; checklist: { status: string; title: string; text: string }[] };

const start = (b: LoadedBundle) => {
  const out = b.scriptRun<Outcome<Start>>('setupStart');
  expect(out.ok).toBe(true);
  return out.result!;
};
const save = (b: LoadedBundle, answers: Answers) => b.scriptRun<Outcome<Saved>>('setupSave', answers);
const lines = (saved: Saved) => saved.checklist.map((c) => `${c.status} ${c.title}: ${c.text}`);
const g = (b: LoadedBundle) => (b.context as any).SpreadsheetApp.getActiveSpreadsheet();

/** Service calls that change a spreadsheet. */
function writeCalls(b: LoadedBundle): number {
  let n = 0;
  for (const [k, v] of b.ws.rt.calls) {
    if (
      /^SpreadsheetApp\.(Range\.(set|clear|insert|delete|merge)|Sheet\.(insert|delete|clear|set|hide|append)|Spreadsheet\.(insert|delete))/.test(
        k,
      )
    )
      n += v;
  }
  return n;
}

function templateDocs(b: LoadedBundle) {
  return pluginOf(b.ws.plugins, DrivePlugin)
    .filesOf(b.ws.user, MIME.document)
    .filter((f) => !f.trashed && f.name.startsWith('Template - '));
}

const SCHOOLS = [
  psRow('1001', 'Rivera, Ana', 7),
  psRow('1002', 'Núñez, José', 12, { language: 'Spanish', school: 'Elm Grove School' }),
  psRow('1003', 'Okafor, Chidi', 3, { school: 'Central High School', grade: '10' }),
  psRow('1004', 'Kim, Joon', 16, { school: 'Central High School', grade: '11' }),
];

describe('Set up... on an empty workbook', () => {
  const b = toolkit();
  let first: Start;
  let saved: Outcome<Saved>;

  beforeAll(() => {
    first = start(b);
    saved = save(b, first.answers);
  });

  test("starts from the toolkit's defaults", () => {
    expect(first.firstTime).toBe(true);
    expect(first.rosterStudents).toBeNull();
    expect(first.notices).toEqual([]);
    expect(first.answers).toMatchObject({ schoolYearStart: '2026-08-27', daysInSchoolYear: '180', districtGoal: '30', schools: [] });
  });

  test('Save makes Settings, the five log sheets, Partners and Templates with its Google Docs', () => {
    expect(saved.ok).toBe(true);
    expect(b.ws.active.sheets.map((s) => s.name).sort()).toEqual(
      ['Sheet1', 'Settings', 'Partners', 'Templates', ...Object.values(LOGS).map((l) => l.sheet)].sort(),
    );
    for (const log of Object.values(LOGS)) expect(b.ws.values(log.sheet)).toEqual([[...log.columns]]);
    expect(b.ws.values('Partners').length).toBe(SEED_PARTNERS.length + 1);
    expect(b.ws.values('Templates').length).toBe(DEFAULT_TEMPLATES.length + 1);
    expect(templateDocs(b)).toHaveLength(DEFAULT_TEMPLATES.length);
    // The logs are protected as the student panel makes them: header for leads and the owner, the rest warns.
    expect(
      b.ws
        .sheet('Contacts')!
        .protections.map((p) => p.warningOnly)
        .sort(),
    ).toEqual([false, true]);
  });

  test('ends with the checklist of what is ready', () => {
    expect(saved.result!.message).toBe('Set-up saved. 2 things need your attention (below).');
    expect(lines(saved.result!)).toEqual([
      'todo Roster: Not imported yet - use Attendance Toolkit > Import attendance export...',
      'ready Settings: The Settings sheet was made with your answers.',
      'todo Schools: None listed yet: the first import adds the schools on the Roster, or add them in Set up...',
      `ready Templates: ${DEFAULT_TEMPLATES.length} made in English and Spanish, as Google Docs in your Drive folder "Attendance Toolkit/Templates".`,
      `ready Partners: ${SEED_PARTNERS.length} partners from the toolkit's list, ready for referrals.`,
      'ready Log sheets: Contacts, Home visits, Referrals, Success plans and Outreach log made.',
      'ready Outreach: Prepare outreach makes letters and call sheets, Gmail drafts to families (never sent) and Calendar follow-ups.',
    ]);
  });

  test('a second Save with the same answers changes nothing', () => {
    const again = start(b);
    expect(again.firstTime).toBe(false);
    const before = JSON.stringify(b.ws.snapshot());
    b.ws.rt.resetCounts();
    const out = save(b, again.answers);
    expect(out.ok).toBe(true);
    expect(out.result!.changes).toEqual([]);
    expect(writeCalls(b)).toBe(0);
    const after = JSON.parse(JSON.stringify(b.ws.snapshot()));
    const was = JSON.parse(before);
    // Only the clock moved.
    expect({ ...after, runtime: null }).toEqual({ ...was, runtime: null });
  });

  test('one changed value changes only that cell', () => {
    const answers = start(b).answers;
    const before = b.ws.values('Settings');
    b.ws.rt.resetCounts();
    const out = save(b, { ...answers, daysInSchoolYear: '181' });
    expect(out.result!.changes).toEqual(['Days in school year']);
    const after = b.ws.values('Settings');
    const changed: string[] = [];
    after.forEach((row, r) => row.forEach((v, c) => v !== before[r]?.[c] && changed.push(`${String.fromCharCode(65 + c)}${r + 1}=${v}`)));
    expect(changed).toEqual(['B3=181']);
    expect(b.ws.rt.calls.get('SpreadsheetApp.Range.setValues')).toBe(1);
    expect(writeCalls(b)).toBe(1);
  });
});

describe('each screen is checked on the server and nothing is written before Save', () => {
  test('Next on a screen with a wrong answer gets messages naming the fields; no sheet is made', () => {
    const b = toolkit();
    const answers = start(b).answers;
    b.ws.rt.resetCounts();
    const year = b.scriptRun<Outcome<{ problems: unknown[] }>>('setupCheck', 'year', { ...answers, daysInSchoolYear: 'about 180' });
    expect(year.result!.problems).toEqual([
      { field: 'daysInSchoolYear', message: 'Days in school year must be a whole number from 100 to 250; it says "about 180".' },
    ]);
    // Last year's first day is asked for again here; Save refuses it too.
    const lastYear = { ...answers, schoolYearStart: '2019-08-27' };
    expect(b.scriptRun<Outcome<{ problems: { message: string }[] }>>('setupCheck', 'year', lastYear).result!.problems[0].message).toBe(
      'School year start 2019-08-27 is more than a year ago: enter the first day of this school year.',
    );
    expect(save(b, lastYear).message).toMatch(
      /^Nothing was saved: the .* screen needs fixing\. School year start 2019-08-27 is more than a year ago/,
    );
    const schools = b.scriptRun<Outcome<{ problems: unknown[] }>>('setupCheck', 'schools', {
      ...answers,
      schools: [{ name: 'Oak', schoolId: '', attendanceLead: 'oak lead', principal: '', fixed: false }],
    });
    expect(schools.result!.problems).toEqual([
      {
        field: 'schools.0.attendanceLead',
        message: '"oak lead" is not an email address (Oak\'s attendance lead). Type one address, such as lead@district.org.',
      },
    ]);
    for (const screen of ['goal', 'reasons', 'outreach']) {
      expect(b.scriptRun<Outcome<{ problems: unknown[] }>>('setupCheck', screen, answers).result!.problems).toEqual([]);
    }
    expect(b.scriptRun<Outcome<unknown>>('setupCheck', 'nowhere', answers)).toEqual({
      ok: false,
      message: 'The set-up does not have that screen. Close the dialog and open Set up... again.',
    });
    expect(writeCalls(b)).toBe(0);
    expect(b.ws.active.sheets.map((s) => s.name)).toEqual(['Sheet1']);
  });

  test('Save checks every screen again: a wrong answer sent past the dialog writes nothing and names its screen', () => {
    const b = toolkit();
    const answers = start(b).answers;
    const out = save(b, { ...answers, districtGoal: '130', absenceReasons: [] });
    expect(out).toEqual({
      ok: false,
      message:
        'Nothing was saved: the District goal screen needs fixing. District goal must be a percentage above 0 and under 100, such as 30; it says "130".',
      problems: [
        { field: 'districtGoal', message: 'District goal must be a percentage above 0 and under 100, such as 30; it says "130".' },
      ],
      screen: 'goal',
    });
    expect(b.ws.active.sheets.map((s) => s.name)).toEqual(['Sheet1']);
    expect(b.ws.documentProperties.get(b.ws.activeSpreadsheetId!)?.['toolkit.setup']).toBeUndefined();
  });
});

describe('Set up... on a workbook in use: nothing lost, nothing duplicated', () => {
  const b = toolkit();
  let before: {
    contacts: unknown[][];
    homeVisits: unknown[][];
    outreachLog: unknown[][];
    partners: unknown[][];
    templates: unknown[][];
    templateDocs: number;
    settings: unknown[][];
  };
  let out: Outcome<Saved>;
  let first: Start;

  beforeAll(() => {
    expect(importCsv(b, csv(SCHOOLS)).ok).toBe(true);
    // The team has been at work: the student panel opened (it makes Partners), contacts and a home
    // visit logged, outreach prepared (Templates and its documents made).
    b.run('showStudentPanel');
    const contact = { studentId: '1001', method: 'Phone call', outcome: 'Reached', reason: 'Transportation', notes: 'Bus never came.' };
    expect(b.scriptRun<Outcome<unknown>>('saveContact', contact).ok).toBe(true);
    expect(b.scriptRun<Outcome<unknown>>('saveContact', { ...contact, studentId: '1002', notes: '' }).ok).toBe(true);
    const visit = {
      studentId: '1004',
      visitor: 'Ms. Lopez',
      reason: 'Other',
      otherReason: 'Family asked',
      type: 'Visit 2 - current student absences',
      how: 'Virtual',
      scheduled: 'No',
      notes: 'Spoke with grandmother.',
    };
    expect(b.scriptRun<Outcome<unknown>>('saveHomeVisit', visit).ok).toBe(true);
    let job = b.scriptRun<Outcome<{ status: string }>>('outreachStart', {});
    while (job.ok && job.result!.status === 'running') job = b.scriptRun<Outcome<{ status: string }>>('outreachContinue');
    expect(job.ok).toBe(true);

    const ss = g(b);
    // Partners: the team deleted a toolkit partner and added its own.
    const partners = ss.getSheetByName('Partners');
    const kiyama = b.ws.values('Partners').findIndex((r) => r[0] === 'Kiyama') + 1;
    partners.deleteRows(kiyama, 1);
    partners.appendRow([
      'Neighborhood Boxing Club',
      'Community partner',
      'After school boxing and homework help',
      'L4',
      'coach@boxing.example.org',
      'Yes',
    ]);
    // Settings: a note beside a setting, a cell note, and the team's own rows at the end.
    const settings = ss.getSheetByName('Settings');
    const days = b.ws.values('Settings').findIndex((r) => r[0] === 'Days in school year') + 1;
    settings.getRange(days, 4).setValue('Board approved 180 days');
    settings.getRange(days, 2).setNote('Checked with the calendar office');
    const end = settings.getLastRow();
    settings.getRange(end + 2, 1, 1, 2).setValues([['Team notes', 'Meet on Mondays']]);
    // Contacts: someone cleared the "Notes" header (its entries are still below it) and retyped "Method" in lower case.
    const contacts = ss.getSheetByName('Contacts');
    const header = b.ws.values('Contacts')[0].map(String);
    contacts.getRange(1, header.indexOf('Notes') + 1).setValue('');
    contacts.getRange(1, header.indexOf('Method') + 1).setValue('method');

    before = {
      contacts: b.ws.values('Contacts'),
      homeVisits: b.ws.values('Home visits'),
      outreachLog: b.ws.values('Outreach log'),
      partners: b.ws.values('Partners'),
      templates: b.ws.values('Templates'),
      templateDocs: templateDocs(b).length,
      settings: b.ws.values('Settings'),
    };

    first = start(b);
    const answers = first.answers;
    answers.schools = answers.schools.map((s) => ({
      ...s,
      attendanceLead: `lead.${s.name.split(' ')[0].toLowerCase()}@district.example.org`,
      principal: s.name === 'Elm Grove School' ? '' : `principal.${s.name.split(' ')[0].toLowerCase()}@district.example.org`,
    }));
    out = save(b, answers);
  });

  test('the wizard starts with the schools seen on the Roster', () => {
    expect(first.firstTime).toBe(true);
    expect(first.rosterStudents).toBe(4);
    expect(first.answers.schools.map((s) => [s.name, s.fixed])).toEqual([
      ['Central High School', true],
      ['Elm Grove School', true],
      ['Oak Street School', true],
    ]);
  });

  test('log entries are kept where they were; the missing header is put back over its own column', () => {
    expect(out.ok).toBe(true);
    const contacts = b.ws.values('Contacts');
    expect(contacts[0]).toEqual([...LOGS.contacts.columns]);
    expect(contacts.slice(1)).toEqual(before.contacts.slice(1));
    expect(contacts.slice(1).map((r) => r[LOGS.contacts.columns.indexOf('Notes')])).toEqual(['Bus never came.', '']);
    expect(b.ws.values('Home visits')).toEqual(before.homeVisits);
    expect(b.ws.values('Outreach log')).toEqual(before.outreachLog);
    expect(before.outreachLog.length).toBeGreaterThan(1);
  });

  test("Partners keep the team's own row, and the toolkit partner the team deleted is not added back", () => {
    expect(b.ws.values('Partners')).toEqual(before.partners);
    expect(b.ws.values('Partners').map((r) => r[0])).toContain('Neighborhood Boxing Club');
    expect(b.ws.values('Partners').map((r) => r[0])).not.toContain('Kiyama');
  });

  test('Templates are not duplicated: the same rows, the same documents', () => {
    expect(b.ws.values('Templates')).toEqual(before.templates);
    expect(templateDocs(b)).toHaveLength(before.templateDocs);
    expect(before.templateDocs).toBe(DEFAULT_TEMPLATES.length);
  });

  test("Settings: the leads and principals are written; the team's notes, cell note and own rows are kept", () => {
    const settings = b.ws.values('Settings');
    const days = settings.findIndex((r) => r[0] === 'Days in school year');
    expect(settings[days]).toEqual(before.settings[days]);
    expect(b.ws.sheet('Settings')!.notes.get(days, 1)).toBe('Checked with the calendar office');
    expect(settings.find((r) => r[0] === 'Team notes')).toEqual(['Team notes', 'Meet on Mondays', '', '', '']);
    expect(settings.find((r) => r[0] === 'Central High School')).toEqual([
      'Central High School',
      '',
      'lead.central@district.example.org',
      'principal.central@district.example.org',
      '',
    ]);
    const changed = settings
      .flatMap((row, r) => row.map((v, c) => (v !== (before.settings[r]?.[c] ?? '') ? `${r + 1}:${c + 1}` : '')))
      .filter(Boolean);
    // Two addresses for each of three schools, one of them left blank.
    expect(changed).toHaveLength(5);
    expect(out.result!.changes).toEqual(['School: Central High School', 'School: Elm Grove School', 'School: Oak Street School']);
  });

  test('the checklist counts what is there', () => {
    expect(lines(out.result!)).toEqual([
      'ready Roster: 4 students from the last import.',
      'ready Settings: Saved. Changed: School: Central High School, School: Elm Grove School and School: Oak Street School.',
      'ready Schools: 3 schools in Settings.',
      'attention Schools: 1 school has no principal email (Elm Grove School): the bi-weekly report leaves it out.',
      'attention Schools: 3 schools have no office phone (Central High School, Elm Grove School and Oak Street School): letters and emails to their families give no number to call.',
      `ready Templates: ${DEFAULT_TEMPLATES.length} ready in English and Spanish.`,
      `ready Partners: ${SEED_PARTNERS.length} partners, ${SEED_PARTNERS.length} active.`,
      `ready Log sheets: Contacts, Home visits, Referrals, Success plans and Outreach log ready. Made now: Referrals and Success plans. ${
        before.contacts.length - 1 + before.homeVisits.length - 1 + before.outreachLog.length - 1
      } entries kept as they were.`,
      'ready Contacts: Column headers put back: Notes and Method.',
      'ready Outreach: Prepare outreach makes letters and call sheets, Gmail drafts to families (never sent) and Calendar follow-ups.',
    ]);
  });

  test('the follow-ups of a later outreach go to the school teams', () => {
    expect(importCsv(b, csv([...SCHOOLS, psRow('1005', 'Lee, Sam', 4, { school: 'Elm Grove School' })])).ok).toBe(true);
    let job = b.scriptRun<Outcome<{ status: string }>>('outreachStart', {});
    while (job.ok && job.result!.status === 'running') job = b.scriptRun<Outcome<{ status: string }>>('outreachContinue');
    const log = b.ws.values('Outreach log');
    const assigned = log.slice(before.outreachLog.length).map((r) => r[log[0].indexOf('Assigned to')]);
    expect(assigned.filter(Boolean)).toEqual(['lead.elm@district.example.org']);
  });
});

describe('a Partners sheet the toolkit cannot fully read', () => {
  test('Set up lists an Active that is neither Yes nor No as needing attention, naming the cell; the partner is not counted as active', () => {
    const b = toolkit();
    expect(save(b, start(b).answers).ok).toBe(true);
    const row = b.ws.values('Partners').findIndex((r) => r[0] === 'Kiyama') + 1;
    g(b).getSheetByName('Partners').getRange(row, 6).setValue('Paused');
    const again = save(b, start(b).answers);
    expect(lines(again.result!).filter((l) => l.includes('Partners'))).toEqual([
      `ready Partners: ${SEED_PARTNERS.length} partners, ${SEED_PARTNERS.length - 1} active.`,
      `attention Partners: Partners!F${row}: Active for Kiyama says "Paused", which is neither Yes nor No. Kiyama is not offered for referrals until it says Yes (or No, to keep it off the list).`,
    ]);
  });
});

describe('sheets that exist but are empty', () => {
  test('an empty Partners or Templates sheet is filled as a missing one would be; an empty log gets its header', () => {
    const b = toolkit();
    for (const name of ['Partners', 'Templates', 'Contacts']) g(b).insertSheet(name);
    expect(save(b, start(b).answers).ok).toBe(true);
    expect(b.ws.values('Partners').length).toBe(SEED_PARTNERS.length + 1);
    expect(b.ws.values('Templates').length).toBe(DEFAULT_TEMPLATES.length + 1);
    expect(templateDocs(b)).toHaveLength(DEFAULT_TEMPLATES.length);
    expect(b.ws.values('Contacts')).toEqual([[...LOGS.contacts.columns]]);
  });
});

describe("sharing the team's templates", () => {
  test("the spreadsheet's editors get the Templates folder; one Drive refuses is named in the checklist", () => {
    const b = toolkit();
    b.ws.active.editors.push('clerk2@district.example.org', 'someone-outside');
    const saved = save(b, start(b).answers);
    expect(saved.ok).toBe(true);
    expect(lines(saved.result!)).toContainEqual(
      'attention Templates: The template documents could not be shared with someone-outside: until the person who made them shares the folder "Attendance Toolkit/Templates" with them in Drive, they cannot prepare outreach with the team\'s templates.',
    );
    const drive = pluginOf(b.ws.plugins, DrivePlugin);
    const folder = drive.filesOf(b.ws.user, MIME.folder).find((f) => f.name === 'Templates')!;
    expect(folder.sharedWith).toEqual(['clerk2@district.example.org']);
  });
});

describe('a date typed on the Settings sheet', () => {
  test('in a spreadsheet east of New York (Guam), a School year start typed as 8/27/2026 is shown as the 27th, and saving keeps that day', () => {
    const b = toolkit();
    g(b).setSpreadsheetTimeZone('Pacific/Guam');
    expect(save(b, start(b).answers).ok).toBe(true);
    const settings = g(b).getSheetByName('Settings')!;
    const row =
      settings
        .getDataRange()
        .getValues()
        .findIndex((r: unknown[]) => r[0] === 'School year start') + 1;
    settings.getRange(row, 2).setValue('8/27/2026');
    expect(Object.prototype.toString.call(settings.getRange(row, 2).getValue())).toBe('[object Date]');
    const answers = start(b).answers;
    expect(answers.schoolYearStart).toBe('2026-08-27');
    expect(save(b, answers).ok).toBe(true);
    expect(start(b).answers.schoolYearStart).toBe('2026-08-27');
    // The same day saved again is no change: the typed date stays as it is.
    expect(Object.prototype.toString.call(settings.getRange(row, 2).getValue())).toBe('[object Date]');
  });
});

describe('attendance leads named on a later run', () => {
  test('get edit rights to the log columns', () => {
    const b = toolkit();
    const first = start(b);
    expect(save(b, first.answers).ok).toBe(true);
    const answers = start(b).answers;
    answers.schools = [{ name: 'Oak Street School', schoolId: '', attendanceLead: 'lead@example.org', principal: '', fixed: false }];
    expect(save(b, answers).ok).toBe(true);
    for (const log of Object.values(LOGS)) {
      const header = b.ws.sheet(log.sheet)!.protections.find((p) => !p.warningOnly)!;
      expect(header.editors).toContain('lead@example.org');
    }
  });
});

describe('a header the user may not change is reported, not forced', () => {
  test('a log whose protected header lost a column: the checklist says who can put it back', () => {
    const b = toolkit({ owner: 'owner@district.example.org' });
    // The owner set the workbook up; a clerk who is not a lead runs Set up... later.
    b.ws.user = 'owner@district.example.org';
    expect(save(b, start(b).answers).ok).toBe(true);
    g(b).getSheetByName('Referrals').getRange(1, LOGS.referrals.columns.length).setValue('');
    b.ws.user = 'clerk@district.example.org';
    const out = save(b, start(b).answers);
    expect(out.ok).toBe(true);
    expect(lines(out.result!)).toContain(
      'attention Referrals: The column header "Notes" is missing from row 1, which is protected. Ask the spreadsheet owner or an attendance lead to run Set up... (or to type it back).',
    );
  });
});

describe('how the set-up is offered when the spreadsheet opens', () => {
  const items = (b: LoadedBundle) => b.ws.ui.menus[0].items.map((i) => (i.separator ? '---' : i.caption));

  test('AuthMode.NONE (never used in this spreadsheet): Set up... first, every item there, no data touched', () => {
    const b = toolkit();
    b.open('NONE');
    expect(items(b)).toEqual([
      'Set up...',
      '---',
      'Import attendance export...',
      'Prepare outreach...',
      'Open student panel',
      'Build report',
      'Schedule the bi-weekly report...',
    ]);
    expect(b.ws.rt.count('PropertiesService')).toBe(0);
    expect(b.ws.rt.calls.get('SpreadsheetApp.getActiveSpreadsheet')).toBeUndefined();
    expect(b.ws.active.toasts).toEqual([]);
  });

  test('AuthMode.LIMITED before the set-up: Set up... first and a toast that says where it is; no dialog', () => {
    const b = toolkit();
    b.open('LIMITED');
    expect(items(b)[0]).toBe('Set up...');
    expect(b.ws.active.toasts.map((t) => t.message)).toEqual([
      'The Attendance Toolkit is not set up in this spreadsheet yet. Choose Extensions > Attendance Toolkit > Set up... (about five minutes).',
    ]);
    expect(b.ws.ui.shown).toEqual([]);
  });

  test('AuthMode.LIMITED after the set-up: Set up... moves to the end, no toast', () => {
    const b = toolkit();
    expect(save(b, start(b).answers).ok).toBe(true);
    b.open('LIMITED');
    expect(items(b).slice(-2)).toEqual(['---', 'Set up...']);
    expect(items(b)[0]).toBe('Import attendance export...');
    expect(b.ws.active.toasts).toEqual([]);
  });

  test('onInstall (AuthMode.FULL) builds the menu and opens the wizard, once', () => {
    const b = toolkit();
    b.run('onInstall', [{ authMode: 'FULL' }]);
    expect(items(b)[0]).toBe('Set up...');
    expect(b.ws.ui.shown.map((s) => [s.kind, s.title])).toEqual([['modal', 'Set up the Attendance Toolkit']]);
    expect(b.ws.ui.shown[0].output.content).toContain('setupSave');
    expect(save(b, start(b).answers).ok).toBe(true);
    b.run('onInstall', [{ authMode: 'FULL' }]);
    expect(b.ws.ui.shown).toHaveLength(1);
  });

  test('every menu item calls a function the bundle defines, in every mode', () => {
    for (const mode of ['NONE', 'LIMITED', 'FULL'] as const) {
      const b = toolkit();
      b.open(mode);
      const fns = new Set(b.globalFunctions());
      for (const item of b.ws.ui.menus[0].items) if (item.functionName) expect(fns).toContain(item.functionName);
    }
  });

  test('Set up... from the menu opens the dialog', () => {
    const b = toolkit();
    b.run('showSetupDialog');
    expect(b.ws.ui.shown.map((s) => [s.title, s.output.width, s.output.height])).toEqual([['Set up the Attendance Toolkit', 640, 620]]);
  });
});

describe('Set up on a spreadsheet from an earlier version', () => {
  const b = toolkit();
  const docs = () => pluginOf(b.ws.plugins, DocsPlugin);
  const isNewCallSheet = (r: unknown[]) => (r[0] === 'L5' || r[0] === 'L6') && r[1] === 'Phone call sheet';
  let fresh: { templates: unknown[][]; settings: unknown[][] };
  let before: { templates: unknown[][]; settings: unknown[][]; texts: Map<string, string>; docs: number };
  let out: Outcome<Saved>;

  beforeAll(() => {
    expect(importCsv(b, csv(SCHOOLS)).ok).toBe(true);
    expect(save(b, start(b).answers).ok).toBe(true);
    fresh = { templates: b.ws.values('Templates'), settings: b.ws.values('Settings') };
    const ss = g(b);

    // What an earlier version's Set up left (checked against that version's own): Templates without
    // the L5 and L6 call sheets (nor their documents), letters and emails without the school's phone
    // sentence, a four-column Schools table, and L5 and L6 getting no call sheet in Settings.
    const templates = ss.getSheetByName('Templates');
    for (let r = fresh.templates.length; r >= 2; r--) if (isNewCallSheet(fresh.templates[r - 1])) templates.deleteRows(r, 1);
    for (const f of templateDocs(b)) {
      if (/^Template - L[56] Phone call sheet/.test(f.name)) f.trashed = true;
      for (const e of f.doc ?? []) e.text = e.text.replace(/ (The number is|El número es) \{\{School phone\}\}\./, '');
    }
    const settings = ss.getSheetByName('Settings');
    // Its sheets were 26 columns wide, as Sheets makes a new sheet (and as the toolkit still makes Settings).
    settings.deleteColumns(5, 1);
    settings.insertColumnsAfter(settings.getMaxColumns(), 1);
    for (const level of ['L5 Severe', 'L6 Extreme']) {
      const row = b.ws.values('Settings').findIndex((r) => r[0] === `${level}: outreach`) + 1;
      settings.getRange(row, 2).setValue('Letter of attendance, Gmail draft');
    }
    delete b.ws.documentProperties.get(b.ws.activeSpreadsheetId!)!['toolkit.templates'];
    // Its Outreach log was 26 columns wide too, for its 14.
    const outreachLog = ss.getSheetByName('Outreach log');
    expect(outreachLog.getMaxColumns()).toBe(LOGS.outreach.columns.length);
    outreachLog.insertColumnsAfter(outreachLog.getMaxColumns(), 26 - outreachLog.getMaxColumns());

    // The team's own work: a note beside a template, a French email of their own, the phone put
    // back in one letter in their own words, notes in Settings.
    templates.getRange(2, 6).setValue('Checked by Ms. Lopez');
    templates.appendRow(['L2', 'Email', 'French', 'team-french-doc', 'Our own']);
    const letter = templateDocs(b).find((f) => f.name === 'Template - L4 Superintendent letter - English')!;
    letter.doc!.push({ ...letter.doc![0], text: 'Call us at {{School phone}} any time.', heading: 'NORMAL' });
    const days = b.ws.values('Settings').findIndex((r) => r[0] === 'Days in school year') + 1;
    settings.getRange(days, 4).setValue('Board approved 180 days');
    settings.getRange(settings.getLastRow() + 2, 1, 1, 2).setValues([['Team notes', 'Meet on Mondays']]);

    before = {
      templates: b.ws.values('Templates'),
      settings: b.ws.values('Settings'),
      texts: new Map(templateDocs(b).map((f) => [f.id, docs().text(f.id)])),
      docs: templateDocs(b).length,
    };
    out = save(b, start(b).answers);
  });

  test('adds the L5 and L6 call sheets and the Office phone column, and leaves every cell the team typed as it was', () => {
    expect(out.ok).toBe(true);
    expect(before.settings.every((r) => r.length === 4)).toBe(true);
    expect(before.templates.length).toBe(fresh.templates.length - 4 + 1);

    // Templates: every row as it was, then the four new rows as a new sheet has them, each with a new document.
    const templates = b.ws.values('Templates');
    expect(templates.slice(0, before.templates.length)).toEqual(before.templates);
    const added = templates.slice(before.templates.length);
    expect(added.map((r) => r.slice(0, 3))).toEqual([
      ['L5', 'Phone call sheet', 'English'],
      ['L6', 'Phone call sheet', 'English'],
      ['L5', 'Phone call sheet', 'Spanish'],
      ['L6', 'Phone call sheet', 'Spanish'],
    ]);
    expect(added.map((r) => r[4])).toEqual(fresh.templates.filter(isNewCallSheet).map((r) => r[4]));
    expect(templateDocs(b)).toHaveLength(before.docs + 4);
    for (const r of added) {
      const doc = templateDocs(b).find((f) => f.id === r[3])!;
      expect(doc.name).toBe(`Template - ${String(r[0])} Phone call sheet - ${String(r[2])}`);
      expect(docs().text(doc.id)).toContain(`Level: {{Tier}}`);
    }
    // The documents already there are not rewritten, edited or not.
    for (const [id, text] of before.texts) expect(docs().text(id)).toBe(text);

    // Settings: the one new cell is the Office phone header; L5 and L6 still say what they said.
    const settings = b.ws.values('Settings');
    const changed = settings
      .flatMap((row, r) => row.map((v, c) => (v !== (before.settings[r]?.[c] ?? '') ? `${r + 1}:${c + 1}=${String(v)}` : '')))
      .filter(Boolean);
    const header = before.settings.findIndex((r) => r[0] === 'School') + 1;
    expect(changed).toEqual([`${header}:5=Office phone`]);
    expect(settings[header - 1]).toEqual(fresh.settings[header - 1]);
  });

  test("the checklist says what was added, what Settings must ask for, and which documents lack the school's phone", () => {
    const templates = lines(out.result!).filter((l) => /^\w+ (Settings|Templates):/.test(l));
    // Rows 2-7 are the call sheets (no phone sentence), 8 the L4 letter the team fixed, 9-23 the other
    // letters and the emails, 24 the team's French email (no toolkit wording to compare with).
    expect(before.templates.map((r) => r.slice(0, 3).join(' ')).slice(7, 10)).toEqual([
      'L4 Superintendent letter English',
      'L4 Superintendent letter Spanish',
      'L5 Letter of attendance English',
    ]);
    expect(before.templates.length).toBe(24);
    expect(templates).toEqual([
      'ready Settings: Added the Office phone column to the Schools table.',
      `ready Templates: ${DEFAULT_TEMPLATES.length + 1} ready in English, Spanish and French.`,
      'ready Templates: Added the L5 and L6 call sheets to Templates (English and Spanish).',
      'attention Templates: Outreach makes them only where Settings asks for them: add "Phone call sheet" to "L5 Severe: outreach" and "L6 Extreme: outreach" on the Settings sheet if your team wants them.',
      `attention Templates: 15 template documents (the Superintendent letters, letters of attendance and emails, Templates rows 9 to 23) were made before the toolkit's wording gave families the school's phone: it now says "The number is {{School phone}}." where it asks them to call. Set up does not change your documents; add the sentence to them if you want it.`,
    ]);
    expect(out.result!.changes).toEqual(['Schools: Office phone column']);
  });

  test('the Outreach log, with nothing beyond its 14 columns, is cut to them, and the checklist says so', () => {
    expect(g(b).getSheetByName('Outreach log').getMaxColumns()).toBe(14);
    expect(b.ws.values('Outreach log')).toEqual([[...LOGS.outreach.columns]]);
    expect(lines(out.result!).filter((l) => /Outreach log:/.test(l))).toEqual([
      'ready Outreach log: Removed 12 empty columns from the Outreach log.',
    ]);
  });

  test('run again, Set up changes nothing and has nothing more to say; a template row the team deletes now stays deleted', () => {
    b.ws.rt.resetCounts();
    const again = save(b, start(b).answers);
    expect(writeCalls(b)).toBe(0);
    expect(b.ws.rt.calls.get('DocumentApp.openById')).toBeUndefined();
    expect(lines(again.result!).filter((l) => /Added|School phone|Removed/.test(l))).toEqual([]);
    const templates = b.ws.values('Templates');
    const l6 = templates.findIndex((r) => r[0] === 'L6' && r[1] === 'Phone call sheet' && r[2] === 'Spanish') + 1;
    g(b).getSheetByName('Templates').deleteRows(l6, 1);
    expect(save(b, start(b).answers).ok).toBe(true);
    expect(b.ws.values('Templates')).toEqual([...templates.slice(0, l6 - 1), ...templates.slice(l6)]);
  });

  test('once Settings asks for them, outreach makes the L5 call sheet from the new template', () => {
    const callSheets = () => {
      const preview = b.scriptRun<Outcome<any>>('outreachPreview', {});
      expect(preview.result.problems).toEqual([]);
      return preview.result.counts.letters.find((l: { kind: string }) => l.kind === 'call-sheet').total;
    };
    // L2, L3 and L4 students get one; Joon Kim (16 days, L5) does once L5 asks for it.
    expect(callSheets()).toBe(3);
    const row = b.ws.values('Settings').findIndex((r) => r[0] === 'L5 Severe: outreach') + 1;
    g(b).getSheetByName('Settings').getRange(row, 2).setValue('Phone call sheet, Letter of attendance, Gmail draft');
    expect(callSheets()).toBe(4);
  });
});

describe("an earlier version's 26-column Outreach log holding a person's note in column 16", () => {
  /** A set-up spreadsheet whose Outreach log is 26 columns wide, as an earlier version made it. */
  function withWideLog() {
    const b = toolkit();
    expect(importCsv(b, csv(SCHOOLS)).ok).toBe(true);
    expect(save(b, start(b).answers).ok).toBe(true);
    const log = g(b).getSheetByName('Outreach log');
    log.insertColumnsAfter(log.getMaxColumns(), 26 - log.getMaxColumns());
    return { b, log };
  }

  test('keeps its columns up to the note; the empty ones right of it are deleted in one call', () => {
    const { b, log } = withWideLog();
    const entry = ['2026-11-02', 'clerk@district.example.org', '1001', 'Ana Rivera', 'Oak Street School', 'L3', 'Phone call sheet'];
    log.getRange(2, 1, 1, entry.length).setValues([entry]);
    log.getRange(2, 16).setValue('Family called back 11/5');
    const before = b.ws.values('Outreach log');
    b.ws.rt.resetCounts();
    const out = save(b, start(b).answers);
    expect(out.ok).toBe(true);
    expect(log.getMaxColumns()).toBe(16);
    expect(b.ws.values('Outreach log')).toEqual(before);
    expect(b.ws.values('Outreach log')[1][15]).toBe('Family called back 11/5');
    expect(b.ws.rt.calls.get('SpreadsheetApp.Sheet.deleteColumns')).toBe(1);
    expect(lines(out.result!).filter((l) => /Outreach log:/.test(l))).toEqual([
      'ready Outreach log: Removed 10 empty columns from the Outreach log.',
    ]);
    // The other logs keep Sheets' spare columns for the team's notes.
    expect(g(b).getSheetByName('Contacts').getMaxColumns()).toBe(26);
  });

  test("a note a person left on an empty cell keeps its column too (Sheets' last column counts only values)", () => {
    const { b, log } = withWideLog();
    log.getRange(3, 18).setNote('Ask Ms. Lopez about the Rivera letter');
    expect(save(b, start(b).answers).ok).toBe(true);
    expect(log.getMaxColumns()).toBe(18);
    expect(log.getRange(3, 18).getNote()).toBe('Ask Ms. Lopez about the Rivera letter');
  });
});
