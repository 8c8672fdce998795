/**
 * Attendance Toolkit > Open student panel, through the built bundle in the emulated Workspace:
 * what each save writes, what it refuses, the lock, the protections, and what is read to show a
 * student.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LoadedBundle } from '../../src/emulator/bundle';
import { LOGS } from '../../src/core/logs';
import { BUILD_DIR } from '../../src/emulator/bundle';
import { CalendarPlugin, shownDescription } from '../../src/emulator/calendar';
import { pluginOf } from '../../src/emulator/plugins';
import { csv, importCsv, psRow, toolkit } from '../helpers';

type Outcome<T = unknown> = { ok: boolean; message: string; result?: T; problems?: { field: string; message: string }[] };
type Panel = {
  student: { id: string; name: string; tier: string };
  history: { kind: string; when: string; by: string; title: string; notes: string; tierAtTheTime: string }[];
  checklist: { text: string; done: boolean; earlier: { tier: string; day: string; text: string } | null }[];
  referrals: { id: string; status: string; partner: string }[];
  plans: { id: string }[];
  dates: { today: string; nextUpdateDue: string; nextCheckIn: string };
  onRoster: boolean;
};
type Found = { hits: { id: string; name: string; notOnRoster: boolean }[]; more: number; moreNote: string };
type Saved = { panel: Panel; savedAt: string; entryId: string; followUp: { key: string; date: string; guestEmail: string } | null };

const HOSTILE_NAME = 'Test, <img src=x onerror=alert(1)>';
const FORMULA_NAME = 'Test, =HYPERLINK("http://evil.example","click")';

function district(options: { user?: string; owner?: string } = {}): LoadedBundle {
  const b = toolkit(options);
  const out = importCsv(
    b,
    csv([
      psRow('1001', 'Rivera, Ana', 7),
      psRow('1002', 'Núñez, José', 12, { language: 'Spanish' }),
      psRow('1003', HOSTILE_NAME, 3),
      psRow('1004', FORMULA_NAME, 20, { enrolled: 100 }),
      psRow('1005', 'Okafor, Chidi', 1),
    ]),
  );
  if (!out.ok) throw new Error(out.message);
  return b;
}

const contact = (over: Record<string, unknown> = {}) => ({
  studentId: '1001',
  method: 'Phone call',
  outcome: 'Reached',
  reason: 'Transportation',
  notes: '',
  ...over,
});
const visit = (over: Record<string, unknown> = {}) => ({
  studentId: '1001',
  visitor: 'Ms. Lopez',
  reason: 'Other',
  otherReason: 'Family asked for a visit',
  type: 'Visit 2 - current student absences',
  how: 'Virtual',
  scheduled: 'No',
  notes: 'Spoke with grandmother; Ana has asthma flare-ups.',
  ...over,
});
const referral = (over: Record<string, unknown> = {}) => ({
  studentId: '1001',
  referralId: '',
  partner: 'YouthConnect',
  status: 'Made',
  nextUpdateDue: '2026-12-07',
  notes: '',
  ...over,
});
const plan = (over: Record<string, unknown> = {}) => ({
  studentId: '1001',
  planId: '',
  mentorName: 'Mr. Chen',
  mentorEmail: 'chen@district.example.org',
  goals: 'On time every day',
  supports: 'Morning check-in',
  nextCheckIn: '2026-11-30',
  notes: '',
  ...over,
});

function rows(b: LoadedBundle, sheet: string): Record<string, unknown>[] {
  const values = b.ws.values(sheet);
  return values.slice(1).map((r) => Object.fromEntries(values[0].map((h, i) => [String(h), r[i]])));
}

const save = <T = Saved>(b: LoadedBundle, fn: string, form: unknown) => b.scriptRun<Outcome<T>>(fn, form);

describe('the menu opens the student panel', () => {
  test('"Open student panel" is on the Attendance Toolkit menu', () => {
    const b = toolkit();
    b.open('NONE');
    expect(b.ws.ui.menus[0].items.map((i) => [i.caption, i.functionName])).toContainEqual(['Open student panel', 'showStudentPanel']);
  });

  test('with a Roster row selected, the sidebar opens on that student; the ID reaches the page only as an escaped script string', () => {
    const b = toolkit();
    importCsv(b, csv([psRow('1001', 'Rivera, Ana', 7), psRow('</script><script>alert(1)</script>', 'Evil, Eve', 3)]));
    b.ws.select('Roster', 3, 4);
    b.run('showStudentPanel');
    const shown = b.ws.ui.shown.at(-1)!;
    expect([shown.kind, shown.title]).toEqual(['sidebar', 'Student panel']);
    const html = shown.output.content;
    expect(html).toContain('var INITIAL_ID = "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e";');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    // The sidebar gets the Partners sheet, seeded from the toolkit.
    expect(rows(b, 'Partners').map((r) => r['Partner'])).toContain('LEAP home visits');
  });

  test('without a Roster row selected, the sidebar opens on the search', () => {
    const b = district();
    b.ws.select('Settings', 2);
    b.run('showStudentPanel');
    expect(b.ws.ui.shown.at(-1)!.output.content).toContain('var INITIAL_ID = "";');
  });

  test('Refresh shows the student on the selected Roster row; with no Roster row selected, it reads the shown student again', () => {
    const b = district();
    b.ws.select('Roster', 3);
    expect(b.scriptRun<Outcome<Panel>>('panelRefresh', '1001').result!.student.name).toBe('José Núñez');
    b.ws.select('Settings', 3);
    expect(b.scriptRun<Outcome<Panel>>('panelRefresh', '1001').result!.student.name).toBe('Ana Rivera');
    expect(b.scriptRun<Outcome<Panel>>('panelRefresh', '')).toEqual({
      ok: false,
      message: 'Select a student\u2019s row on the Roster sheet, then press Refresh.',
    });
    b.ws.select('Roster', 1);
    expect(b.scriptRun<Outcome<Panel>>('panelRefresh', '1005').result!.student.name).toBe('Chidi Okafor');
  });

  test('the panel starts with the forms\u2019 choices, the district\u2019s reasons for absence and the partners', () => {
    const b = district();
    const start = b.scriptRun<
      Outcome<{
        user: string;
        today: string;
        options: { reasons: string[]; partners: { name: string }[] };
        panel: Panel | null;
        notice: string;
      }>
    >('panelStart', '1002');
    expect(start.ok).toBe(true);
    expect(start.result!.user).toBe('clerk@district.example.org');
    expect(start.result!.today).toBe('2026-11-23');
    expect(start.result!.options.reasons).toContain('Transportation');
    expect(start.result!.options.partners.map((p) => p.name)).toContain('New Haven Reads');
    expect(start.result!.panel!.student.name).toBe('José Núñez');
    expect(b.scriptRun<Outcome<{ notice: string }>>('panelStart', 'nope').result!.notice).toMatch(/no student with ID "nope"/);
    expect(b.scriptRun<Outcome<{ notice: string }>>('panelStart').result!.notice).toBe('');
  });

  test('opened before any import, it says the Roster is empty at once, not after a first search', () => {
    const b = toolkit();
    expect(b.scriptRun<Outcome<{ notice: string; panel: unknown }>>('panelStart').result).toMatchObject({
      panel: null,
      notice: 'The Roster is empty. Import an attendance export first (Attendance Toolkit > Import attendance export).',
    });
  });
});

describe('the Partners sheet as the team keeps it', () => {
  type Start = Outcome<{ options: { partners: { name: string }[] }; partnersWarnings: string[] }>;
  /** A district whose Partners sheet (seeded when the panel first opened) the team has since edited. */
  function partnersSheet(): { b: LoadedBundle; sheet: GoogleAppsScript.Spreadsheet.Sheet; rowOf: (name: string) => number } {
    const b = district();
    b.run('showStudentPanel');
    const ss = (b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp }).SpreadsheetApp.getActiveSpreadsheet();
    return { b, sheet: ss.getSheetByName('Partners')!, rowOf: (name) => b.ws.values('Partners').findIndex((r) => r[0] === name) + 1 };
  }
  const offered = (start: Start) => start.result!.options.partners.map((p) => p.name);

  test('a partner marked "Inactive", "0" or "N" is not offered for referrals, and a new referral to it is refused', () => {
    const { b, sheet, rowOf } = partnersSheet();
    sheet.getRange(rowOf('Kiyama'), 6).setValue('Inactive');
    sheet.getRange(rowOf('DCF'), 6).setValue(0);
    sheet.getRange(rowOf('Probation'), 6).setValue(' N ');
    const start = b.scriptRun<Start>('panelStart', '1001');
    expect(offered(start).filter((n) => ['Kiyama', 'DCF', 'Probation'].includes(n))).toEqual([]);
    expect(offered(start)).toContain('New Haven Reads');
    expect(start.result!.partnersWarnings).toEqual([]);
    const refused = save(b, 'saveReferral', referral({ partner: 'Kiyama' }));
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining('Kiyama is marked inactive on the Partners sheet.') });
  });

  test('an Active the toolkit cannot read keeps that partner off the list, and the panel says which cell to fix', () => {
    const { b, sheet, rowOf } = partnersSheet();
    const row = rowOf('Kiyama');
    sheet.getRange(row, 6).setValue('Paused');
    const start = b.scriptRun<Start>('panelStart', '1001');
    expect(offered(start)).not.toContain('Kiyama');
    expect(start.result!.partnersWarnings).toEqual([
      `Partners!F${row}: Active for Kiyama says "Paused", which is neither Yes nor No. Kiyama is not offered for referrals until it says Yes (or No, to keep it off the list).`,
    ]);
  });

  test("a renamed Partner header is said plainly; the toolkit's list does not take the district's place, and the panel keeps working", () => {
    const { b, sheet } = partnersSheet();
    const made = save(b, 'saveReferral', referral());
    expect(made.ok).toBe(true);
    sheet.getRange(1, 1).setValue('Organization');
    const start = b.scriptRun<Start>('panelStart', '1001');
    expect(start.ok).toBe(true);
    expect(offered(start)).toEqual([]);
    expect(start.result!.partnersWarnings).toEqual([
      "Partners: row 1 has no \"Partner\" header, so the district's partners cannot be read and the referral form lists none (the toolkit's own list is not put in their place). Type Partner back in row 1 above the partners' names. Updates to referrals already made can still be saved.",
    ]);
    // What can be read still works: an update to the referral already made, and the other forms.
    const update = save(b, 'saveReferral', referral({ referralId: made.result!.entryId, partner: '', status: 'In progress' }));
    expect(update.ok).toBe(true);
    expect(save(b, 'saveContact', contact()).ok).toBe(true);
  });
});

describe('searching the Roster', () => {
  test('by name with or without accents, or by ID', () => {
    const b = district();
    const find = (q: string) => b.scriptRun<Outcome<Found>>('findStudents', q).result!.hits.map((h) => h.id);
    expect(find('jose nunez')).toEqual(['1002']);
    expect(find('NÚÑEZ')).toEqual(['1002']);
    expect(find('1005')).toEqual(['1005']);
    expect(find('test')).toEqual(['1004', '1003']);
    expect(b.scriptRun<Outcome<Found>>('findStudents', 'test').result).toMatchObject({ more: 0, moreNote: '' });
  });

  test('a first name common across the district lists the best 20 and says how many more matched and what to type', () => {
    const b = toolkit();
    const marias = Array.from({ length: 57 }, (_, i) => psRow(String(2000 + i), `Student${i}, María`, 3, { school: 'Elm High School' }));
    expect(importCsv(b, csv([...marias, psRow('1001', 'Rivera, Ana', 7)])).ok).toBe(true);
    const found = b.scriptRun<Outcome<Found>>('findStudents', 'maria').result!;
    expect(found.hits).toHaveLength(20);
    expect(found.more).toBe(37);
    expect(found.moreNote).toBe('37 more students match. Type more of the name, or the student ID, to find the one you want.');
    // Typing more finds the one.
    expect(b.scriptRun<Outcome<Found>>('findStudents', 'maria student42').result).toMatchObject({
      hits: [{ id: '2042', name: 'María Student42' }],
      more: 0,
      moreNote: '',
    });
  });
});

describe('a student who left the district with a referral open', () => {
  /** Ana (1001) and Chidi (1005) have referrals; Chidi's is closed. Then an export without either. */
  function leftWithReferrals(): { b: LoadedBundle; anaReferral: string } {
    const b = district();
    const anaReferral = save(b, 'saveReferral', referral()).result!.entryId;
    const chidi = save(b, 'saveReferral', referral({ studentId: '1005' })).result!.entryId;
    expect(
      save(b, 'saveReferral', referral({ studentId: '1005', referralId: chidi, partner: '', status: 'Closed', nextUpdateDue: '' })).ok,
    ).toBe(true);
    const out = importCsv(b, csv([psRow('1002', 'Núñez, José', 12), psRow('1003', HOSTILE_NAME, 3)]));
    if (!out.ok) throw new Error(out.message);
    return { b, anaReferral };
  }

  test('is found by name, marked not on the roster, and the referral can be closed; no new contact can be logged for them', () => {
    const { b, anaReferral } = leftWithReferrals();
    const found = b.scriptRun<Outcome<Found>>('findStudents', 'ana rivera').result!;
    expect(found.hits).toEqual([expect.objectContaining({ id: '1001', name: 'Ana Rivera', notOnRoster: true })]);
    // Chidi left too, but his referral is closed: nothing to monitor, so the search does not find him.
    expect(b.scriptRun<Outcome<Found>>('findStudents', 'chidi').result!.hits).toEqual([]);
    expect(b.scriptRun<Outcome<Found>>('findStudents', 'jose').result!.hits[0]).toMatchObject({ id: '1002', notOnRoster: false });

    const panel = b.scriptRun<Outcome<Panel>>('studentPanel', '1001').result!;
    expect(panel).toMatchObject({ onRoster: false, student: { id: '1001', name: 'Ana Rivera', tier: '' }, checklist: [] });
    expect(panel.referrals).toEqual([expect.objectContaining({ id: anaReferral, status: 'Made', partner: 'YouthConnect' })]);

    const refused = save(b, 'saveContact', contact());
    expect(refused.ok).toBe(false);
    expect(refused.problems).toEqual([{ field: 'studentId', message: expect.stringContaining('Ana Rivera is not on the current roster') }]);
    expect(save(b, 'saveHomeVisit', visit()).ok).toBe(false);
    expect(save(b, 'saveSuccessPlan', plan()).ok).toBe(false);
    const newReferral = save(b, 'saveReferral', referral());
    expect(newReferral.ok).toBe(false);
    expect(newReferral.problems!.map((p) => p.field)).toEqual(['referralId']);
    const g = b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
    expect(g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Contacts')).toBeNull();

    const closed = save(
      b,
      'saveReferral',
      referral({ referralId: anaReferral, partner: '', status: 'Closed', nextUpdateDue: '', notes: 'Moved away' }),
    );
    expect(closed.ok).toBe(true);
    expect(closed.result!.panel).toMatchObject({ onRoster: false, referrals: [{ id: anaReferral, status: 'Closed' }] });
    const last = rows(b, 'Referrals').at(-1)!;
    // Logged as the log knew her, with no level: she has none in the current export.
    expect(last).toMatchObject({
      'Student ID': '1001',
      'Student name': 'Ana Rivera',
      'Referral ID': anaReferral,
      Status: 'Closed',
      'Tier at the time': '',
      Notes: 'Moved away',
    });
    // Closed: no longer found, and a second close is refused.
    expect(b.scriptRun<Outcome<Found>>('findStudents', 'ana rivera').result!.hits).toEqual([]);
    expect(b.scriptRun<Outcome<Panel>>('studentPanel', '1001').ok).toBe(false);
  });

  test('opening their panel and searching read each sheet once, whatever the number of entries', () => {
    const { b } = leftWithReferrals();
    const reads = () => {
      b.ws.rt.resetCounts();
      expect(b.scriptRun<Outcome<Panel>>('studentPanel', '1001').ok).toBe(true);
      const panel = b.ws.rt.calls.get('SpreadsheetApp.Range.getValues');
      b.ws.rt.resetCounts();
      expect(b.scriptRun<Outcome<Found>>('findStudents', 'ana').result!.hits).toHaveLength(1);
      return [panel, b.ws.rt.calls.get('SpreadsheetApp.Range.getValues')];
    };
    // The Roster's header and ID column (she is not there), then each log sheet there is (only
    // Referrals here) once; the search: the Roster and the Referrals log.
    expect(reads()).toEqual([2 + 1, 2]);
    for (let i = 0; i < 30; i++) save(b, 'saveReferral', referral({ studentId: '1002', notes: `n${i}` }));
    expect(reads()).toEqual([2 + 1, 2]);
  });
});

describe('saving a contact', () => {
  test('lands on the Contacts log with timestamp, the user\u2019s email, student ID, name, school and tier at the time; the panel comes back with it on top', () => {
    const b = district({ user: 'Lopez@District.Example.org' });
    const out = save(b, 'saveContact', contact({ notes: 'Bus never came.' }));
    expect(out.ok).toBe(true);
    expect(out.message).toBe('Saved.');
    const [entry] = rows(b, 'Contacts');
    expect(b.ws.values('Contacts')[0]).toEqual([...LOGS.contacts.columns]);
    expect(entry).toMatchObject({
      'Entered by': 'lopez@district.example.org',
      'Student ID': '1001',
      'Student name': 'Ana Rivera',
      School: 'Oak Street School',
      'Tier at the time': 'L3',
      Method: 'Phone call',
      Outcome: 'Reached',
      'Reason for absence': 'Transportation',
      Notes: 'Bus never came.',
    });
    expect((entry['Timestamp'] as Date).toISOString()).toBe(out.result!.savedAt);
    const top = out.result!.panel.history[0];
    expect(top).toMatchObject({
      kind: 'Contact',
      title: 'Phone call: Reached',
      by: 'lopez@district.example.org',
      notes: 'Bus never came.',
    });
    expect(top.when).toBe(out.result!.savedAt);
    expect(out.result!.panel.checklist.find((c) => c.text === 'Contact with family/meeting with student is documented')!.done).toBe(true);
  });

  test('notes with quotes, line breaks, emoji and leading =, +, - or apostrophes round-trip exactly', () => {
    const b = district();
    const notes = [
      'Mom said "call after 5" \u2014 it\u2019s fine.\nSecond line\r\n\tIndented 😀👨‍👩‍👧',
      '=HYPERLINK("http://evil.example","x")',
      '+1 555 0100',
      '-5 days',
      "'quoted'",
      '  leading and trailing spaces  ',
      '2026-12-01',
      'TRUE',
      '007',
    ];
    for (const n of notes) expect(save(b, 'saveContact', contact({ notes: n })).ok).toBe(true);
    expect(rows(b, 'Contacts').map((r) => r['Notes'])).toEqual(notes);
    expect(b.ws.sheet('Contacts')!.formulas.lastRow()).toBe(0);
    const history = b.scriptRun<Outcome<Panel>>('studentPanel', '1001').result!.history;
    expect(history.map((h) => h.notes).reverse()).toEqual(notes);
  });

  test('a student named like a formula or like HTML is written to the log as that text', () => {
    const b = district();
    save(b, 'saveContact', contact({ studentId: '1004' }));
    save(b, 'saveContact', contact({ studentId: '1003' }));
    expect(rows(b, 'Contacts').map((r) => r['Student name'])).toEqual([
      '=HYPERLINK("http://evil.example","click") Test',
      '<img src=x onerror=alert(1)> Test',
    ]);
    expect(b.ws.sheet('Contacts')!.formulas.lastRow()).toBe(0);
  });
});

describe('saving a home visit', () => {
  test("records the toolkit's six fields", () => {
    const b = district();
    const out = save(b, 'saveHomeVisit', visit());
    expect(out.ok).toBe(true);
    expect(rows(b, 'Home visits')[0]).toMatchObject({
      'Name of home visitor': 'Ms. Lopez',
      'Reason for visit': 'Other',
      'Other reason (explain)': 'Family asked for a visit',
      'Type of visit': 'Visit 2 - current student absences',
      'How the visit took place': 'Virtual',
      Scheduled: 'No',
      'Detailed field notes': 'Spoke with grandmother; Ana has asthma flare-ups.',
      'Tier at the time': 'L3',
    });
    expect(out.result!.panel.checklist.find((c) => c.text === 'Virtual and in-person home visiting implemented')!.done).toBe(true);
  });
});

describe('saving a referral and updating its status', () => {
  test('an update adds a new row with the same Referral ID; the first row is never changed', () => {
    const b = district();
    const made = save(b, 'saveReferral', referral());
    expect(made.ok).toBe(true);
    const id = made.result!.entryId;
    expect(id).toMatch(/^R-/);
    const first = JSON.stringify(b.ws.values('Referrals')[1]);
    const update = save(
      b,
      'saveReferral',
      referral({ referralId: id, partner: '', status: 'In progress', nextUpdateDue: '2026-12-21', notes: 'Intake done' }),
    );
    expect(update.ok).toBe(true);
    expect(JSON.stringify(b.ws.values('Referrals')[1])).toBe(first);
    expect(rows(b, 'Referrals').map((r) => [r['Referral ID'], r['Partner'], r['Status'], r['Next update due']])).toEqual([
      [id, 'YouthConnect', 'Made', '2026-12-07'],
      [id, 'YouthConnect', 'In progress', '2026-12-21'],
    ]);
    expect(update.result!.panel.referrals).toEqual([expect.objectContaining({ id, status: 'In progress', partner: 'YouthConnect' })]);
    expect(update.result!.panel.history.map((h) => h.kind)).toEqual(['Referral update', 'Referral']);
  });

  test('a referral someone closes while another update is being saved stays closed', () => {
    const b = district();
    const id = save(b, 'saveReferral', referral()).result!.entryId;
    // Clerk A's update is checked, then waits for the lock while clerk B closes the referral.
    let closedByB: Outcome<Saved> | null = null;
    const happened = b.interleave(
      (service, method) => service === 'LockService' && method === 'getDocumentLock',
      () => (closedByB = save(b, 'saveReferral', referral({ referralId: id, partner: '', status: 'Closed', nextUpdateDue: '' }))),
    );
    const byA = save(b, 'saveReferral', referral({ referralId: id, partner: '', status: 'In progress', nextUpdateDue: '2026-12-21' }));
    expect(happened()).toBe(true);
    expect(closedByB!.ok).toBe(true);
    expect(byA.ok).toBe(false);
    expect(byA.message).toMatch(/is closed/);
    expect(rows(b, 'Referrals').map((r) => r['Status'])).toEqual(['Made', 'Closed']);
  });

  test('an update of a referral the student does not have is refused and writes nothing', () => {
    const b = district();
    save(b, 'saveReferral', referral());
    const before = JSON.stringify(b.ws.values('Referrals'));
    const out = save(b, 'saveReferral', referral({ referralId: 'R-NOPE' }));
    expect(out.ok).toBe(false);
    expect(out.problems![0].field).toBe('referralId');
    expect(JSON.stringify(b.ws.values('Referrals'))).toBe(before);
  });
});

describe('a save sent again after its answer was lost is logged once', () => {
  test('a contact saved again with the same text (same save key) is one entry; the answer says it was already saved', () => {
    const b = district();
    const first = save(b, 'saveContact', contact({ saveKey: 'kx1-contact-ana', notes: 'Mom will drive her' }));
    expect(first.ok).toBe(true);
    // The answer never reached the panel (Wi-Fi dropped); the clerk presses Save again.
    b.advance(40_000);
    const again = save(b, 'saveContact', contact({ saveKey: 'kx1-contact-ana', notes: 'Mom will drive her' }));
    expect(again.ok).toBe(true);
    expect(again.message).toMatch(
      /^Saved\. This contact was already saved at \d{1,2}:\d\d [AP]M, when the answer did not reach the panel; it is logged once\.$/,
    );
    expect(rows(b, 'Contacts')).toHaveLength(1);
    expect(again.result!.panel.history.filter((h) => h.kind === 'Contact')).toHaveLength(1);
    expect(again.result!.savedAt).toBe(first.result!.savedAt);
    // A second call (new text, so a new key) is a second entry.
    expect(save(b, 'saveContact', contact({ saveKey: 'kx2-contact-ana', notes: 'Mom will drive her' })).ok).toBe(true);
    expect(rows(b, 'Contacts')).toHaveLength(2);
  });

  test('a new referral sent again is not made twice under two IDs; a closing update sent again is not refused as closed', () => {
    const b = district();
    const made = save(b, 'saveReferral', referral({ saveKey: 'kx3-referral-new' }));
    const again = save(b, 'saveReferral', referral({ saveKey: 'kx3-referral-new' }));
    expect(again.result!.entryId).toBe(made.result!.entryId);
    const id = made.result!.entryId;
    const close = referral({ referralId: id, partner: '', status: 'Closed', nextUpdateDue: '', saveKey: 'kx4-referral-close' });
    expect(save(b, 'saveReferral', close).ok).toBe(true);
    const closeAgain = save(b, 'saveReferral', close);
    expect(closeAgain.ok).toBe(true);
    expect(closeAgain.message).toMatch(/already saved/);
    expect(rows(b, 'Referrals').map((r) => r['Status'])).toEqual(['Made', 'Closed']);
  });

  test('a second send that waited for the lock while the first one landed is logged once', () => {
    const b = district();
    let first: Outcome<Saved> | null = null;
    const visitOnce = visit({ saveKey: 'kx5-visit-ana' });
    const happened = b.interleave(
      (service, method) => service === 'LockService' && method === 'getDocumentLock',
      () => (first = save(b, 'saveHomeVisit', visitOnce)),
    );
    const second = save(b, 'saveHomeVisit', visitOnce);
    expect(happened()).toBe(true);
    expect(first!.ok).toBe(true);
    expect(second.ok).toBe(true);
    expect(second.message).toMatch(/already saved/);
    expect(rows(b, 'Home visits')).toHaveLength(1);
  });
});

describe("the forms' default days follow the spreadsheet's today while the sidebar stays open", () => {
  test("a student chosen, Refresh and every save send the day in the spreadsheet's zone, so a week-old default is never offered", () => {
    const b = district();
    const start = b.scriptRun<Outcome<{ options: { defaults: Panel['dates'] }; panel: Panel }>>('panelStart', '1001').result!;
    expect(start.options.defaults).toMatchObject({ today: '2026-11-23', nextUpdateDue: '2026-12-07', nextCheckIn: '2026-11-30' });
    expect(start.panel.dates).toEqual({ today: '2026-11-23', nextUpdateDue: '2026-12-07', nextCheckIn: '2026-11-30' });
    const until = (iso: string) => b.advance(Date.parse(iso) - b.ws.rt.now);
    // 10 pm in New York, the spreadsheet's zone: already the 24th in UTC, still the 23rd there.
    until('2026-11-24T03:00:00Z');
    expect(b.scriptRun<Outcome<Panel>>('studentPanel', '1001').result!.dates.today).toBe('2026-11-23');
    // Past midnight in New York: the next day's defaults.
    until('2026-11-24T06:00:00Z');
    expect(b.scriptRun<Outcome<Panel>>('studentPanel', '1002').result!.dates).toEqual({
      today: '2026-11-24',
      nextUpdateDue: '2026-12-08',
      nextCheckIn: '2026-12-01',
    });
    // A week on: Refresh and a save bring that day's.
    until('2026-12-01T14:00:00Z');
    const week = { today: '2026-12-01', nextUpdateDue: '2026-12-15', nextCheckIn: '2026-12-08' };
    b.ws.select('Settings', 2);
    expect(b.scriptRun<Outcome<Panel>>('panelRefresh', '1001').result!.dates).toEqual(week);
    expect(save(b, 'saveContact', contact()).result!.panel.dates).toEqual(week);
    // The default the sidebar opened with is in the past now (the server refuses it); today's saves.
    expect(save(b, 'saveSuccessPlan', plan({ nextCheckIn: start.options.defaults.nextCheckIn })).message).toMatch(
      /Next check-in \(2026-11-30\) is in the past/,
    );
    const saved = save(b, 'saveSuccessPlan', plan({ nextCheckIn: week.nextCheckIn }));
    expect(saved.ok).toBe(true);
    expect(saved.result!.panel.dates).toEqual(week);
  });
});

describe('dates people type into the logs', () => {
  test('in a spreadsheet east of New York (Guam), a "Next update due" typed as 11/30/2026 is the 30th in the panel, not the 29th', () => {
    const b = district();
    const ss = (b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp }).SpreadsheetApp.getActiveSpreadsheet();
    ss.setSpreadsheetTimeZone('Pacific/Guam');
    const id = save(b, 'saveReferral', referral()).result!.entryId;
    const column = LOGS.referrals.columns.indexOf('Next update due') + 1;
    ss.getSheetByName('Referrals')!.getRange(2, column).setValue('11/30/2026');
    expect(Object.prototype.toString.call(ss.getSheetByName('Referrals')!.getRange(2, column).getValue())).toBe('[object Date]');
    const panel = b.scriptRun<Outcome<Panel>>('studentPanel', '1001').result!;
    expect(panel.referrals).toEqual([expect.objectContaining({ id, nextUpdateDue: '2026-11-30' })]);
  });

  test("in Guam, a home visit logged at 7:00 on the school year's first day ticks the checklist (it is the day before in UTC)", () => {
    const b = district();
    const ss = (b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp }).SpreadsheetApp.getActiveSpreadsheet();
    ss.setSpreadsheetTimeZone('Pacific/Guam');
    const settings = ss.getSheetByName('Settings')!;
    const row = b.ws.values('Settings').findIndex((r) => r[0] === 'School year start') + 1;
    // Typed as the team would; Sheets keeps a date.
    settings.getRange(row, 2).setValue('11/24/2026');
    // 7:00 on Tuesday 2026-11-24 in Guam (UTC+10).
    b.ws.rt.now = Date.UTC(2026, 10, 23, 21);
    const saved = save(b, 'saveHomeVisit', visit());
    expect(saved.ok).toBe(true);
    const step = (p: Panel) => p.checklist.find((c) => c.text === 'Virtual and in-person home visiting implemented')!.done;
    expect(step(saved.result!.panel)).toBe(true);
    expect(step(b.scriptRun<Outcome<Panel>>('studentPanel', '1001').result!)).toBe(true);
  });
});

describe('saving a success plan', () => {
  test('each update is a new dated entry of the same plan, and the next check-in is handed on as a follow-up', () => {
    const b = district();
    const first = save(b, 'saveSuccessPlan', plan());
    expect(first.ok).toBe(true);
    const id = first.result!.entryId;
    expect(first.result!.followUp).toMatchObject({
      key: `success-plan:${id}:2026-11-30`,
      date: '2026-11-30',
      guestEmail: 'chen@district.example.org',
    });
    const second = save(
      b,
      'saveSuccessPlan',
      plan({ planId: id, goals: 'On time; homework club twice a week', nextCheckIn: '2026-12-07' }),
    );
    expect(second.ok).toBe(true);
    const entries = rows(b, 'Success plans');
    expect(entries.map((r) => [r['Plan ID'], r['Goals'], r['Next check-in']])).toEqual([
      [id, 'On time every day', '2026-11-30'],
      [id, 'On time; homework club twice a week', '2026-12-07'],
    ]);
    expect((entries[1]['Timestamp'] as Date).getTime()).toBeGreaterThan((entries[0]['Timestamp'] as Date).getTime());
    expect(second.result!.panel.checklist.find((c) => c.text === 'Updates are documented')!.done).toBe(true);
  });

  test("the mentor's next check-in becomes a Calendar follow-up with the mentor as a guest, never made twice", () => {
    const b = district();
    const calendar = pluginOf(b.ws.plugins, CalendarPlugin);
    const first = save(b, 'saveSuccessPlan', plan());
    expect(first.message).toBe('Saved. The check-in on November 30 is on your calendar, with chen@district.example.org invited.');
    const [event] = calendar.eventsOf(b.ws.user);
    expect(event).toMatchObject({
      start: { date: '2026-11-30' },
      end: { date: '2026-12-01' },
      attendees: [{ email: 'chen@district.example.org' }],
      sendUpdates: 'all',
    });
    // The title names no student (it shows in notifications and to anyone the calendar is shared with); the description does.
    expect(event.summary).toBe('Success plan check-in (Oak Street School)');
    expect(event.description).toMatch(/^Success mentor check-in with Ana Rivera \(1001\), Oak Street School/);
    expect(event.description).not.toMatch(/Morning check-in/);
    // Calendar reads the description as HTML: the mentor's address, in <...>, still shows.
    expect(shownDescription(event.description).text).toContain('<chen@district.example.org>');
    expect(event.reminders.overrides).toHaveLength(1);
    // The same plan saved again for the same date: still one event.
    save(b, 'saveSuccessPlan', plan({ planId: first.result!.entryId }));
    expect(calendar.eventsOf(b.ws.user).map((e) => e.start.date)).toEqual(['2026-11-30']);
  });

  test("a plan update saved by another staff member for the same check-in day leaves the event on the first saver's calendar: the mentor is invited once", () => {
    const b = district({ user: 'lead@district.example.org' });
    const calendar = pluginOf(b.ws.plugins, CalendarPlugin);
    const first = save(b, 'saveSuccessPlan', plan());
    b.ws.user = 'counselor@district.example.org';
    const update = save(b, 'saveSuccessPlan', plan({ planId: first.result!.entryId, notes: 'Doing better' }));
    expect(update.message).toBe(
      'Saved. The check-in on November 30 is already on the calendar of lead@district.example.org, whose save of this plan set it.',
    );
    expect(calendar.eventsOf('counselor@district.example.org')).toEqual([]);
    expect(calendar.eventsOf('lead@district.example.org').map((e) => e.start.date)).toEqual(['2026-11-30']);
    // The counselor moves the check-in: the new day is on the counselor's calendar; the lead's
    // event is theirs to take off.
    const moved = save(b, 'saveSuccessPlan', plan({ planId: first.result!.entryId, nextCheckIn: '2026-12-14' }));
    expect(moved.message).toBe(
      'Saved. The check-in on December 14 is on your calendar, with chen@district.example.org invited. The one on November 30 is on the calendar of lead@district.example.org: ask them to take it off.',
    );
    expect(calendar.eventsOf('counselor@district.example.org').map((e) => e.start.date)).toEqual(['2026-12-14']);
    // Back with the lead, who saves the plan again for December 14: the counselor has it.
    b.ws.user = 'lead@district.example.org';
    expect(save(b, 'saveSuccessPlan', plan({ planId: first.result!.entryId, nextCheckIn: '2026-12-14' })).message).toMatch(
      /already on the calendar of counselor@district\.example\.org/,
    );
  });

  test('a check-in moved to another day takes the earlier day off the calendar, so the mentor is not expected twice', () => {
    const b = district();
    const calendar = pluginOf(b.ws.plugins, CalendarPlugin);
    const first = save(b, 'saveSuccessPlan', plan());
    const moved = save(b, 'saveSuccessPlan', plan({ planId: first.result!.entryId, nextCheckIn: '2026-12-14' }));
    expect(moved.message).toBe(
      'Saved. The check-in on December 14 is on your calendar, with chen@district.example.org invited. The one on November 30 was taken off the calendar.',
    );
    expect(calendar.eventsOf(b.ws.user).map((e) => e.start.date)).toEqual(['2026-12-14']);
    // Saved again on the new day: nothing more to take off.
    expect(save(b, 'saveSuccessPlan', plan({ planId: first.result!.entryId, nextCheckIn: '2026-12-14' })).message).toBe(
      'Saved. The check-in on December 14 is on your calendar, with chen@district.example.org invited.',
    );
    // Moved back: the first day's event returns (a deleted event keeps its ID), the other goes.
    save(b, 'saveSuccessPlan', plan({ planId: first.result!.entryId, nextCheckIn: '2026-11-30' }));
    const back = calendar.eventsOf(b.ws.user);
    expect(back.map((e) => e.start.date)).toEqual(['2026-11-30']);
    expect(back[0].attendees.map((a) => a.email)).toEqual(['chen@district.example.org']);
  });
});

describe('the server checks every field again; nothing partial is written', () => {
  const bad: [string, object, string][] = [
    ['saveContact', contact({ method: 'Carrier pigeon' }), 'method'],
    ['saveContact', contact({ studentId: '9999' }), 'studentId'],
    ['saveContact', contact({ notes: 'x'.repeat(5001) }), 'notes'],
    ['saveHomeVisit', visit({ notes: '' }), 'notes'],
    ['saveHomeVisit', visit({ reason: 'Other', otherReason: '' }), 'otherReason'],
    ['saveReferral', referral({ partner: 'Not a partner' }), 'partner'],
    ['saveReferral', referral({ nextUpdateDue: '2026-02-30' }), 'nextUpdateDue'],
    ['saveSuccessPlan', plan({ mentorEmail: 'not-an-email' }), 'mentorEmail'],
    ['saveSuccessPlan', plan({ nextCheckIn: '2020-01-01' }), 'nextCheckIn'],
  ];

  test.each(bad)('%s with a wrong %#: refused in plain language, nothing written', (fn, form, field) => {
    const b = district();
    const out = save(b, fn, form);
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(/^Not saved: one thing needs fixing in the [a-z ]+ form\. /);
    expect(out.problems!.map((p) => p.field)).toEqual([field]);
    for (const log of ['Contacts', 'Home visits', 'Referrals', 'Success plans']) expect(b.ws.sheet(log)).toBeUndefined();
  });

  test('a form that is not an object is refused', () => {
    const b = district();
    expect(save(b, 'saveContact', 'hello')).toMatchObject({ ok: false, problems: [{ field: 'form' }] });
    expect(save(b, 'saveContact', null)).toMatchObject({ ok: false });
  });

  test('when a team deleted a column the save is refused by name and nothing is written', () => {
    const b = district();
    save(b, 'saveContact', contact());
    const sheet = b.ws.sheet('Contacts')!;
    sheet.values.set(0, 9, undefined); // the "Notes" header, cleared by hand
    const before = JSON.stringify(b.ws.values('Contacts'));
    const out = save(b, 'saveContact', contact());
    expect(out).toEqual({
      ok: false,
      message:
        'The Contacts sheet has no "Notes" column, so nothing was saved. Ask an attendance lead to put the column header back in row 1, then save again.',
    });
    expect(JSON.stringify(b.ws.values('Contacts'))).toBe(before);
  });

  test('a team may reorder log columns and add its own: entries are placed by header', () => {
    const b = district();
    save(b, 'saveContact', contact());
    const sheet = b.ws.sheet('Contacts')!;
    // Swap Method and Notes, and add "Follow-up by" on the right (a log people write in keeps Sheets' spare columns).
    const header = b.ws.values('Contacts')[0];
    expect(sheet.maxCols).toBe(26);
    sheet.values.set(0, 6, 'Notes');
    sheet.values.set(0, 9, 'Method');
    sheet.values.set(0, header.length, 'Follow-up by');
    save(b, 'saveContact', contact({ method: 'Letter', notes: 'Sent home' }));
    expect(b.ws.values('Contacts')[2].slice(6)).toEqual(['Sent home', 'Reached', 'Transportation', 'Letter', '']);
    expect(b.ws.values('Contacts')[0][header.length]).toBe('Follow-up by');
  });
});

describe('writes take the document lock', () => {
  test('while someone else holds it, the save gives a plain-language message and writes nothing', () => {
    const b = district();
    save(b, 'saveContact', contact());
    const before = JSON.stringify(b.ws.values('Contacts'));
    b.ws.locks.hold(`document:${b.ws.activeSpreadsheetId}`, 'an import');
    const out = save(b, 'saveContact', contact({ notes: 'typed while the import ran' }));
    expect(out).toEqual({
      ok: false,
      message:
        'Someone else is saving in this spreadsheet right now, so your contact was not saved yet. Your text is still in the form: press Save again in a moment.',
    });
    expect(JSON.stringify(b.ws.values('Contacts'))).toBe(before);
  });

  test('a save waits for a holder that lets go in time, then lands', () => {
    const b = district();
    b.ws.locks.hold(`document:${b.ws.activeSpreadsheetId}`, 'another save', b.ws.rt.now + 3000);
    expect(save(b, 'saveContact', contact()).ok).toBe(true);
    expect(rows(b, 'Contacts')).toHaveLength(1);
  });

  test('the lock is taken, the write flushed, and the lock released, in that order', () => {
    const b = district();
    save(b, 'saveContact', contact());
    b.ws.rt.logCalls = true;
    b.ws.rt.resetCounts();
    save(b, 'saveContact', contact());
    const calls = b.ws.rt.callLog.map((c) => `${c.service}.${c.method}`);
    const i = (m: string) => calls.indexOf(m);
    expect(i('LockService.Lock.tryLock')).toBeLessThan(i('SpreadsheetApp.Range.setValues'));
    expect(i('SpreadsheetApp.Range.setValues')).toBeLessThan(i('SpreadsheetApp.flush'));
    expect(i('SpreadsheetApp.flush')).toBeLessThan(i('LockService.Lock.releaseLock'));
    expect(calls.filter((c) => c === 'SpreadsheetApp.Range.setValues')).toHaveLength(1);
  });
});

describe('log sheets are protected', () => {
  function withLead(owner: string, staff: string): LoadedBundle {
    const b = district({ user: owner, owner });
    // The owner names an attendance lead in Settings.
    const settings = b.ws.sheet('Settings')!;
    const values = b.ws.values('Settings');
    const row = values.findIndex((r) => r[0] === 'Oak Street School');
    settings.values.set(row, 2, 'lead@district.example.org');
    b.ws.user = staff;
    return b;
  }

  test('the header row: only the owner and the attendance leads; the whole sheet: a warning for anyone editing past entries', () => {
    const b = withLead('owner@district.example.org', 'staff@district.example.org');
    expect(save(b, 'saveContact', contact()).ok).toBe(true);
    const protections = b.ws.sheet('Contacts')!.protections;
    const header = protections.find((p) => p.range !== null)!;
    const whole = protections.find((p) => p.range === null)!;
    expect(header).toMatchObject({ warningOnly: false, range: { row: 1, col: 1, numRows: 1, numCols: 10 } });
    expect(header.editors.sort()).toEqual(['lead@district.example.org', 'owner@district.example.org']);
    expect(whole.warningOnly).toBe(true);
    expect(whole.description).toMatch(/Past entries are the record/);
  });

  test("a staff member who is not a lead still saves (Sheets runs the script as them), but cannot change the log's columns", () => {
    const b = withLead('owner@district.example.org', 'staff@district.example.org');
    save(b, 'saveContact', contact());
    expect(save(b, 'saveContact', contact({ notes: 'second' })).ok).toBe(true);
    expect(rows(b, 'Contacts')).toHaveLength(2);
    const g = b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
    const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Contacts')!;
    expect(() => sheet.getRange(1, 10).setValue('Remarks')).toThrow(/protected cell/);
    b.ws.user = 'lead@district.example.org';
    sheet.insertColumnsAfter(10, 1);
    expect(() => sheet.getRange(1, 11).setValue('Remarks')).not.toThrow();
  });

  test('a re-import of the roster never touches the logs; the tier at the time stays what it was', () => {
    const b = district();
    save(b, 'saveContact', contact());
    const before = JSON.stringify(b.ws.values('Contacts'));
    importCsv(b, csv([psRow('1001', 'Rivera, Ana', 16), psRow('1002', 'Núñez, José', 12)]));
    expect(JSON.stringify(b.ws.values('Contacts'))).toBe(before);
    const panel = b.scriptRun<Outcome<Panel>>('studentPanel', '1001').result!;
    expect(panel.student.tier).toBe('L5');
    expect(panel.history[0].tierAtTheTime).toBe('L3');
  });

  test('the log sheets are not offered as exports to import', () => {
    const b = district();
    save(b, 'saveContact', contact());
    b.run('showStudentPanel');
    expect(b.scriptRun<{ result: { name: string }[] }>('listImportableSheets').result.map((s) => s.name)).not.toContain('Contacts');
    expect(b.scriptRun<{ result: { name: string }[] }>('listImportableSheets').result.map((s) => s.name)).not.toContain('Partners');
  });
});

describe('who made the entry', () => {
  test('the active user\u2019s email needs the userinfo.email scope, which the manifest asks for', () => {
    const manifest = JSON.parse(readFileSync(path.join(BUILD_DIR, 'appsscript.json'), 'utf8'));
    expect(manifest.oauthScopes).toContain('https://www.googleapis.com/auth/userinfo.email');
  });

  test('where Google hides the email, an anonymous per-user key still tells people apart', () => {
    const b = district();
    b.ws.emailHidden = true;
    expect(save(b, 'saveContact', contact()).ok).toBe(true);
    expect(rows(b, 'Contacts')[0]['Entered by']).toMatch(/^user key [0-9a-f]{12} \(email hidden by Google\)$/);
  });
});

describe('reading for the panel', () => {
  function withEntries(students: number, entries: number): LoadedBundle {
    const b = toolkit();
    importCsv(b, csv(Array.from({ length: students }, (_, i) => psRow(String(1000 + i), `Student, Number${i}`, i % 20))));
    const g = b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    for (const log of Object.values(LOGS)) {
      const sheet = ss.insertSheet(log.sheet);
      const width = log.columns.length;
      const n = Math.floor(entries / 5);
      const values = [
        [...log.columns],
        ...Array.from({ length: n }, (_, i) =>
          log.columns.map((c) =>
            c === 'Timestamp'
              ? new Date(Date.UTC(2026, 9, 1) + i * 60000)
              : c === 'Student ID'
                ? String(1000 + (i % students))
                : `'${c} ${i}`,
          ),
        ),
      ];
      sheet.insertRowsAfter(1000, Math.max(0, values.length - 1000));
      sheet.getRange(1, 1, values.length, width).setValues(values);
    }
    return b;
  }

  /** Spreadsheet calls and getValues reads of opening one student, with 20 students and 50 entries, then 400 and 2,000. */
  function panelReads(studentId: string, check: (panel: Panel) => void): (number | undefined)[][] {
    return [
      [20, 50],
      [400, 2000],
    ].map(([students, entries]) => {
      const b = withEntries(students, entries);
      b.ws.rt.resetCounts();
      const out = b.scriptRun<Outcome<Panel>>('studentPanel', studentId);
      expect(out.ok).toBe(true);
      check(out.result!);
      return [b.ws.rt.count('SpreadsheetApp'), b.ws.rt.calls.get('SpreadsheetApp.Range.getValues')];
    });
  }

  test('opening a student makes the same number of Spreadsheet calls for 50 or 2,000 entries (one read per sheet, none per row)', () => {
    const counts = panelReads('1001', (panel) => expect(panel.history.length).toBeGreaterThan(0));
    expect(counts[0]).toEqual(counts[1]);
    // The Roster's header, its ID column and the student's row; then Settings and the five logs, once each.
    expect(counts[0][1]).toBe(3 + 1 + 5);
  });

  test("for a student in L2-L6, when they reached their level costs two reads more, whatever History's size: the Imports sheet and the student's one History row", () => {
    const counts = panelReads('1002', (panel) => expect(panel.student.tier).toBe('L2')); // 2 days absent
    expect(counts[0]).toEqual(counts[1]);
    expect(counts[0][1]).toBe(3 + 1 + 5 + 2);
  });

  test('a student who left L4 and came back: a call from the first spell does not tick the step, as in the report, even with the Roster or History sorted', () => {
    const b = toolkit();
    const g = b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
    const roster = (joseAbsent: number) => csv([psRow('1002', 'Núñez, José', joseAbsent), psRow('1001', 'Rivera, Ana', 12)]);
    importCsv(b, roster(12)); // L4 on 2026-11-23
    expect(save(b, 'saveContact', contact({ studentId: '1002' })).ok).toBe(true); // logged at L4
    b.advance(14 * 86400000);
    // The district corrected his absences: L3 on 2026-12-07, then L4 again on 2026-12-21.
    importCsv(b, roster(9));
    b.advance(14 * 86400000);
    importCsv(b, roster(12));
    const step = () =>
      b.scriptRun<Outcome<Panel>>('studentPanel', '1002').result!.checklist.find((c) => c.text === 'Parent Link - phone call')!;
    const firstSpell = {
      done: false,
      earlier: { tier: 'L4', day: '2026-11-23', text: 'Done on Nov 23, before the student reached this level: do it again.' },
    };
    expect(step()).toEqual(expect.objectContaining(firstSpell));
    // Someone sorts the Roster (José moves to its second row), then the hidden History sheet.
    const reverse = (name: string) => {
      const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName(name)!;
      const range = sheet.getRange(2, 1, sheet.getLastRow() - 1, sheet.getLastColumn());
      range.setValues(range.getValues().reverse());
    };
    reverse('Roster');
    expect(step()).toEqual(expect.objectContaining(firstSpell));
    reverse('Attendance history');
    expect(step()).toEqual(expect.objectContaining(firstSpell));
    // The report agrees: neither José nor Ana (also in L4, nothing logged) is reached at L4.
    const settings = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Settings')!;
    const labels = settings.getRange(1, 1, settings.getLastRow(), 1).getValues();
    settings.getRange(labels.findIndex((r) => r[0] === 'Smallest group shown in reports') + 1, 2).setValue(1);
    const report = b.scriptRun<Outcome<{ figures: { reached_rate: number | null } }>>('buildReport', {});
    expect(report.result!.figures.reached_rate).toBe(0);
  });

  test('timestamps reach the page as ISO strings (a Date would fail google.script.run)', () => {
    const b = district();
    save(b, 'saveContact', contact());
    const h = b.scriptRun<Outcome<Panel>>('studentPanel', '1001').result!.history[0];
    expect(h.when).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});

describe('privacy', () => {
  test('nothing about a student reaches the execution log, even when a save fails unexpectedly', () => {
    const b = district();
    save(b, 'saveContact', contact({ notes: 'Private note about Ana' }));
    save(b, 'saveContact', contact({ method: 'Fax' }));
    // An unexpected failure: the Contacts sheet is protected against this user by someone else.
    b.ws.sheet('Contacts')!.protections.push({ id: 99, range: null, description: '', warningOnly: false, editors: [], domainEdit: false });
    b.ws.active.owner = 'someone-else@district.example.org';
    const out = save(b, 'saveContact', contact({ notes: 'Another private note' }));
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(/A protected sheet stopped the toolkit while saving the contact/);
    const log = JSON.stringify(b.ws.logs);
    for (const secret of ['Ana', 'Rivera', '1001', 'Private', 'private', 'Transportation']) expect(log).not.toContain(secret);
  });
});
