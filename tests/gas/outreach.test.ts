/* eslint-disable @typescript-eslint/no-explicit-any -- dialog results are read as loose JSON, as the page would */
/** Attendance Toolkit > Prepare outreach..., end to end through the built bundle in the emulated Workspace. */
import { draftTag } from '../../src/core/outreach/follow-up';
import { DEFAULT_TEMPLATES } from '../../src/core/outreach/templates';
import { LoadedBundle } from '../../src/emulator/bundle';
import { CalendarPlugin, shownDescription } from '../../src/emulator/calendar';
import { DocsPlugin } from '../../src/emulator/docs';
import { DrivePlugin, MIME } from '../../src/emulator/drive';
import { GmailPlugin } from '../../src/emulator/gmail';
import { pluginOf } from '../../src/emulator/plugins';
import { ExecutionTimeout } from '../../src/emulator/runtime';
import { csv, duties, grid, importCsv, POWERSCHOOL_HEADER, psRow, timeTriggers, toolkit } from '../helpers';

type Outcome<T> = { ok: boolean; message: string; result?: T };
type Progress = { status: string; done: number; total: number; made: Record<string, number>; message: string; finished: boolean };

const HOUR = 60 * 60 * 1000;

function setup(rows: (string | number)[][]): LoadedBundle {
  const b = toolkit();
  expect(importCsv(b, csv(rows)).ok).toBe(true);
  return b;
}

const plugins = (b: LoadedBundle) => ({
  drive: pluginOf(b.ws.plugins, DrivePlugin),
  docs: pluginOf(b.ws.plugins, DocsPlugin),
  gmail: pluginOf(b.ws.plugins, GmailPlugin),
  calendar: pluginOf(b.ws.plugins, CalendarPlugin),
});

function runToEnd(b: LoadedBundle, filters: object = {}): Progress {
  let out = b.scriptRun<Outcome<Progress>>('outreachStart', filters);
  expect(out.message).toBe('');
  for (let i = 0; out.ok && out.result!.status === 'running' && i < 500; i++) out = b.scriptRun<Outcome<Progress>>('outreachContinue');
  expect(out.ok).toBe(true);
  return out.result!;
}

function logRows(b: LoadedBundle): Record<string, string>[] {
  const values = b.ws.values('Outreach log');
  return values.slice(1).map((r) => Object.fromEntries(values[0].map((h, i) => [String(h), String(r[i] instanceof Date ? 'date' : r[i])])));
}

/** Merged documents (not the templates), with their text. */
function letterDocs(b: LoadedBundle) {
  const { drive, docs } = plugins(b);
  return drive
    .filesOf(b.ws.user, MIME.document)
    .filter((f) => !f.trashed && f.byApp && !f.name.startsWith('Template - '))
    .map((f) => ({ name: f.name, url: drive.url(f), text: docs.text(f.id) }));
}

function references(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('Ref. '));
}

/** Never twice, never half: one log row per key, one page per letter row, one draft per email row. */
function expectNoDuplicates(b: LoadedBundle): void {
  const log = logRows(b);
  const keys = log.map((r) => r['Key']);
  expect(new Set(keys).size).toBe(keys.length);
  const pages = letterDocs(b).flatMap((d) => references(d.text));
  expect(new Set(pages).size).toBe(pages.length);
  expect(pages.length).toBe(log.filter((r) => /sheet|letter/i.test(r['Kind'])).length);
  for (const d of letterDocs(b)) {
    // Every page is whole: the text after the last reference line is empty.
    const lines = d.text.split('\n');
    const last = lines.map((l) => l.startsWith('Ref. ')).lastIndexOf(true);
    expect(lines.slice(last + 1).join('')).toBe('');
  }
  const drafts = plugins(b).gmail.draftsOf(b.ws.user);
  expect(drafts.length).toBe(log.filter((r) => r['Kind'] === 'Email').length);
  const draftKeys = drafts.map((d) => /X-Attendance-Toolkit-Key: (.*)/.exec(Buffer.from(d.raw, 'base64url').toString())?.[1]);
  expect(new Set(draftKeys).size).toBe(draftKeys.length);
}

const SMALL = [
  psRow('1001', 'Rivera, Ana', 3),
  psRow('1002', 'Chen, Wei', 8, { language: 'Spanish' }),
  psRow('1003', 'Ali, Omar', 12),
  psRow('1004', 'Diaz, Eva', 16, { email: '' }),
  psRow('1005', 'Kim, Joon', 20, { email: 'NO EMAIL' }),
  psRow('1006', 'Lee, Sam', 0),
  psRow('1007', 'Haddad, Layla', 4, { language: 'Arabic' }),
];

describe('the preview', () => {
  test('Create after a new import is refused until the preview is updated: it makes what the preview showed', () => {
    const b = setup(SMALL);
    const preview = b.scriptRun<Outcome<any>>('outreachPreview', {}).result;
    expect(preview.basis).toMatch(/^import-/);
    expect(importCsv(b, csv([...SMALL, ...many(30)])).ok).toBe(true);
    const refused = b.scriptRun<Outcome<Progress>>('outreachStart', { basis: preview.basis });
    expect(refused).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Nothing was created: a new attendance export was imported after this preview/),
    });
    expect(b.ws.sheet('Outreach log')).toBeUndefined();
    const again = b.scriptRun<Outcome<any>>('outreachPreview', {}).result;
    expect(again.basis).not.toBe(preview.basis);
    expect(runToEnd(b, { basis: again.basis }).status).toBe('done');
  });

  test('counts letters by kind and school, drafts, follow-ups and skipped students, with samples, and creates nothing', () => {
    const b = setup(SMALL);
    const out = b.scriptRun<Outcome<any>>('outreachPreview', {});
    expect(out.ok).toBe(true);
    const p = out.result;
    expect(p.counts.letters.map((l: any) => [l.label, l.total])).toEqual([
      ['Phone call sheet', 6],
      ['Superintendent letter', 1],
      ['Letter of attendance', 2],
    ]);
    expect(p.counts.letters[0].bySchool).toEqual([{ school: 'Oak Street School', count: 6 }]);
    expect(p.counts.drafts).toBe(4);
    expect(p.counts.events).toBe(2);
    expect(Object.fromEntries(p.counts.skipped.map((s: any) => [s.reason, s.count]))).toEqual({
      'no-email': 1,
      'invalid-email': 1,
      'already-contacted': 0,
      'had-higher-level': 0,
    });
    expect(p.notes).toContain('The outreach for 1 student with home language Arabic is in English: there is no Arabic template.');
    expect(p.samples.map((s: any) => s.title)).toEqual(
      expect.arrayContaining([
        'Phone call sheet (L2, Oak Street School)',
        'Superintendent letter (L4, Oak Street School)',
        'Gmail draft (L2)',
      ]),
    );
    expect(p.samples.find((s: any) => s.language === 'Spanish' && /Gmail/.test(s.title)).text).toMatch(/Subject: La asistencia de Wei/);
    const { drive, gmail, calendar } = plugins(b);
    expect(drive.state.files).toEqual([]);
    expect(gmail.state.drafts).toEqual([]);
    expect(calendar.state.events).toEqual([]);
    expect(b.ws.sheet('Outreach log')).toBeUndefined();
  });

  test('narrowed to some schools and tiers', () => {
    const b = setup([...SMALL, psRow('2001', 'Park, Min', 3, { school: 'Elm Grove School' })]);
    const p = b.scriptRun<Outcome<any>>('outreachPreview', { schools: ['Elm Grove School'], tiers: ['L2'] }).result;
    expect(p.counts.students).toBe(1);
    expect(p.counts.letters[0].bySchool).toEqual([{ school: 'Elm Grove School', count: 1 }]);
    expect(p.schools.map((s: any) => s.school)).toEqual(['Elm Grove School', 'Oak Street School']);
  });

  test('no school or no tier ticked means nothing, never every student: the preview says so and Create makes nothing', () => {
    const b = setup([...SMALL, psRow('2001', 'Park, Min', 3, { school: 'Elm Grove School' })]);
    for (const filters of [{ schools: [] }, { tiers: [] }, { schools: [], tiers: [] }]) {
      const p = b.scriptRun<Outcome<any>>('outreachPreview', filters).result;
      expect(p.counts.students).toBe(0);
      expect([p.counts.documents, p.counts.drafts, p.counts.events]).toEqual([0, 0, 0]);
      expect(p.problems.join(' ')).toMatch(/^No (school|tier) is ticked, so nothing would be made/);
      const start = b.scriptRun<Outcome<Progress>>('outreachStart', filters);
      expect(start.ok).toBe(false);
      expect(start.message).toMatch(/^Nothing was created\. No (school|tier) is ticked/);
    }
    const { gmail, calendar } = plugins(b);
    expect(letterDocs(b)).toEqual([]);
    expect(gmail.state.drafts).toEqual([]);
    expect(calendar.state.events).toEqual([]);
    // Sent without a choice (the offline run, older pages): every school and tier, as before.
    expect(b.scriptRun<Outcome<any>>('outreachPreview', {}).result.counts.students).toBe(7);
  });
});

describe('a job makes what the toolkit asks for each tier', () => {
  const b = setup(SMALL);
  const done = runToEnd(b);
  const log = logRows(b);
  const kindsOf = (id: string) =>
    log
      .filter((r) => r['Student ID'] === id)
      .map((r) => r['Kind'])
      .sort();

  test('the job finishes and says what it made', () => {
    expect(done.status).toBe('done');
    expect(done.made).toMatchObject({ letters: 9, drafts: 4, followUps: 6, documents: 3, events: 2 });
    expect(done.message).toMatch(
      /^Done: 9 letter and call-sheet pages in 3 documents, 4 Gmail drafts, 6 students on 2 Calendar follow-ups/,
    );
  });

  test("an L2 student gets a call sheet with the toolkit's phone script, a Gmail draft and a follow-up after a week", () => {
    expect(kindsOf('1001')).toEqual(['Calendar follow-up', 'Email', 'Phone call sheet']);
    const sheets = letterDocs(b).find((d) => d.name.startsWith('Phone call sheets - Oak Street School'))!;
    expect(sheets.text).toContain('"Hello. We saw that Ana was out of school for 3 days. We are calling to check in.');
    const draft = plugins(b)
      .gmail.draftsOf(b.ws.user)
      .find((d) => d.to[0] === '1001@example.org')!;
    expect(draft.subject).toBe("Ana's attendance at Oak Street School");
    // Seven students: too few (Settings: "Smallest group shown in reports", 10) to compare with the school's typical count.
    expect(draft.text).toMatch(/Ana has missed 3 days of school so far this year\.(\r?\n){2}We miss Ana\. Every day counts\./);
    expect(draft.text).not.toMatch(/typical/);
    const events = plugins(b).calendar.eventsOf(b.ws.user);
    const week = events.find((e) => e.start.dateTime!.startsWith('2026-11-30'))!;
    expect(week.description).toMatch(/L2 Alert: Check attendance after a week/);
    expect(week.description).toMatch(/Open student panel \(search by name or ID\)/);
    expect(shownDescription(week.description).text).toMatch(/^\* Ana Rivera \(1001\), Oak Street School, 3 days absent$/m);
    // No link to a Roster row: the next import reorders the Roster.
    expect(week.description).not.toMatch(/range=A\d+/);
    expect(week.reminders).toEqual({ useDefault: false, overrides: [{ method: 'popup', minutes: 30 }] });
  });

  test('an L4 student gets a Superintendent letter, a mentor referral and a bi-weekly follow-up', () => {
    expect(kindsOf('1003')).toEqual(['Calendar follow-up', 'Email', 'Phone call sheet', 'Superintendent letter']);
    const letters = letterDocs(b).find((d) => d.name.startsWith('Superintendent letters'))!;
    expect(letters.text).toMatch(/Omar has missed 12 days of school this year/);
    expect(letters.text).toMatch(/mentor from our community/);
    const twoWeeks = plugins(b)
      .calendar.eventsOf(b.ws.user)
      .find((e) => e.start.dateTime!.startsWith('2026-12-07'))!;
    expect(twoWeeks.description).toMatch(/Mentor referral \(NHPS\/Governor's Partnership\): status/);
    expect(twoWeeks.description).toMatch(/Omar Ali \(1003\)/);
  });

  test('L5 and L6 students get a letter of attendance in one document with a page break between them', () => {
    const doc = letterDocs(b).find((d) => d.name.startsWith('Letters of attendance'))!;
    expect(references(doc.text)).toHaveLength(2);
    const file = plugins(b)
      .drive.filesOf(b.ws.user, MIME.document)
      .find((f) => f.name === doc.name)!;
    expect(file.doc!.filter((e) => e.pageBreak)).toHaveLength(1);
  });

  test("a draft's headers, which go to the family with it, name neither the student's ID nor their level", () => {
    const draft = plugins(b)
      .gmail.draftsOf(b.ws.user)
      .find((d) => d.to[0] === '1003@example.org')!;
    const head = Buffer.from(draft.raw, 'base64url').toString().split('\r\n\r\n')[0];
    // (The test's family addresses are made from the student IDs: 1003@example.org.)
    const tag = /^X-Attendance-Toolkit-Key: (.*)$/m.exec(head)![1];
    expect(tag).toMatch(/^d[0-9a-v]{28}$/);
    expect(head.replace(/^To: .*$/m, '')).not.toMatch(/1003|L4|2026/);
  });

  test('a Spanish-speaking family gets the Spanish call sheet and draft; a language without a template gets English', () => {
    expect(log.filter((r) => r['Student ID'] === '1002' && r['Kind'] !== 'Calendar follow-up').map((r) => r['Language'])).toEqual([
      'Spanish',
      'Spanish',
    ]);
    const draft = plugins(b)
      .gmail.draftsOf(b.ws.user)
      .find((d) => d.to[0] === '1002@example.org')!;
    expect(draft.subject).toBe('La asistencia de Wei en Oak Street School');
    expect(log.find((r) => r['Student ID'] === '1007' && r['Kind'] === 'Email')!['Language']).toBe('English');
  });

  test('missing and invalid emails get no draft and are listed on the Phone or mail follow-up sheet', () => {
    expect(kindsOf('1004')).toEqual(['Calendar follow-up', 'Letter of attendance', 'Phone call sheet']);
    expect(kindsOf('1005')).toEqual(['Calendar follow-up', 'Letter of attendance', 'Phone call sheet']);
    expect(b.ws.values('Phone or mail follow-up').map((r) => [r[0], r[7]])).toEqual([
      ['Student ID', 'Why no draft'],
      ['1004', 'No guardian email'],
      ['1005', 'Not a valid email address'],
    ]);
  });

  test('letters are in a Drive folder for the run; each roster row links to its documents', () => {
    const { drive } = plugins(b);
    const folder = drive.state.files.find((f) => f.mimeType === MIME.folder && f.name.startsWith('Outreach 2026-11-23'))!;
    expect(letterDocs(b)).toHaveLength(3);
    for (const f of drive.filesOf(b.ws.user, MIME.document).filter((x) => !x.name.startsWith('Template')))
      expect(f.parents).toEqual([folder.id]);
    const roster = b.ws.values('Roster');
    const col = roster[0].indexOf('Outreach documents');
    const omar = roster.find((r) => r[0] === '1003')!;
    expect(String(omar[col]).split('\n')).toHaveLength(2);
    expect(String(omar[col])).toMatch(/^https:\/\/docs\.google\.com\/document\/d\//);
  });

  test('the Templates sheet lists the default templates (English and Spanish) as documents the team can edit', () => {
    const t = b.ws.values('Templates');
    expect(t[0]).toEqual(['Tier', 'Kind', 'Language', 'Doc ID', 'About']);
    expect(t.slice(1).map((r) => `${r[0]} ${r[1]} ${r[2]}`)).toEqual(
      expect.arrayContaining(['L4 Superintendent letter Spanish', 'L6 Email English']),
    );
    for (const r of t.slice(1)) expect(plugins(b).drive.file(String(r[3]))!.name).toMatch(/^Template - /);
  });

  test('nothing is made twice', () => {
    expectNoDuplicates(b);
  });

  test('running again for the same import and tiers creates nothing', () => {
    const before = {
      docs: letterDocs(b).length,
      drafts: plugins(b).gmail.state.drafts.length,
      events: plugins(b).calendar.state.events.length,
    };
    const p = b.scriptRun<Outcome<any>>('outreachPreview', {}).result;
    expect(p.counts.drafts + p.counts.documents + p.counts.events).toBe(0);
    expect(p.counts.skipped.find((s: any) => s.reason === 'already-contacted').count).toBe(6);
    const again = runToEnd(b);
    expect(again.total).toBe(0);
    expect({
      docs: letterDocs(b).length,
      drafts: plugins(b).gmail.state.drafts.length,
      events: plugins(b).calendar.state.events.length,
    }).toEqual(before);
    expectNoDuplicates(b);
  });

  test("after a re-import, the document links are still on the roster, and a student who moved up a tier gets the new tier's outreach", () => {
    const rows = SMALL.map((r) => (r[0] === '1001' ? psRow('1001', 'Rivera, Ana', 7) : r));
    expect(importCsv(b, csv(rows)).ok).toBe(true);
    const roster = b.ws.values('Roster');
    const col = roster[0].indexOf('Outreach documents');
    expect(String(roster.find((r) => r[0] === '1003')![col])).toMatch(/^https:\/\/docs/);
    const p = b.scriptRun<Outcome<any>>('outreachPreview', {}).result;
    expect(p.counts.students).toBe(6);
    runToEnd(b);
    expect(
      logRows(b)
        .filter((r) => r['Student ID'] === '1001' && r['Tier at the time'] === 'L3')
        .map((r) => r['Kind'])
        .sort(),
    ).toEqual(['Calendar follow-up', 'Email', 'Phone call sheet']);
    expectNoDuplicates(b);
  });
});

describe('templates', () => {
  test("a second staff member prepares outreach with the team's templates, made in the first one's Drive and shared with the spreadsheet's editors", () => {
    const b = toolkit({ user: 'lead@district.example.org' });
    b.ws.active.editors.push('clerk2@district.example.org');
    expect(importCsv(b, csv([psRow('1', 'Moss, Ada', 3), psRow('2', 'Vale, Ben', 3, { school: 'Maple School' })])).ok).toBe(true);
    runToEnd(b, { schools: ['Oak Street School'] });
    // The team words its L2 call sheet its own way, in the template document.
    const { drive, docs } = plugins(b);
    const template = drive
      .filesOf('lead@district.example.org', MIME.document)
      .find((f) => f.name === 'Template - L2 Phone call sheet - English')!;
    template.doc!.find((e) => e.text.startsWith('After the call'))!.text = 'After the call (Oak and Maple team)';
    b.ws.user = 'clerk2@district.example.org';
    const out = runToEnd(b, { schools: ['Maple School'] });
    expect(out.status).toBe('done');
    const maple = drive
      .filesOf('clerk2@district.example.org', MIME.document)
      .find((f) => f.name.startsWith('Phone call sheets - Maple School'))!;
    expect(docs.text(maple.id)).toContain('After the call (Oak and Maple team)');
  });

  test('a template moved out of the Templates folder never takes the folder it sits in (with the letters below it) into the sharing', () => {
    const b = toolkit({ user: 'lead@district.example.org' });
    expect(importCsv(b, csv([psRow('1', 'Moss, Ada', 3)])).ok).toBe(true);
    runToEnd(b);
    const { drive } = plugins(b);
    const template = drive
      .filesOf('lead@district.example.org', MIME.document)
      .find((f) => f.name === 'Template - L2 Phone call sheet - English')!;
    const root = drive.filesOf('lead@district.example.org', MIME.folder).find((f) => f.name === 'Attendance Toolkit')!;
    template.parents = [root.id];
    b.ws.active.editors.push('new.clerk@district.example.org');
    expect(b.scriptRun<Outcome<unknown>>('setupSave', b.scriptRun<Outcome<{ answers: unknown }>>('setupStart').result!.answers).ok).toBe(
      true,
    );
    expect(root.sharedWith ?? []).toEqual([]);
    const letter = letterDocs(b)[0];
    expect(
      drive.canOpen(
        drive.state.files.find((f) => drive.url(f) === letter.url)!,
        'new.clerk@district.example.org',
      ),
    ).toBe(false);
    // The Templates folder itself is shared.
    const templates = drive.filesOf('lead@district.example.org', MIME.folder).find((f) => f.name === 'Templates')!;
    expect(templates.sharedWith).toEqual(['new.clerk@district.example.org']);
  });

  test('someone added to the spreadsheet later gets the templates when the person who made them runs Set up again', () => {
    const b = toolkit({ user: 'lead@district.example.org' });
    expect(importCsv(b, csv([psRow('1', 'Moss, Ada', 3), psRow('2', 'Vale, Ben', 3, { school: 'Maple School' })])).ok).toBe(true);
    runToEnd(b, { schools: ['Oak Street School'] });
    b.ws.active.editors.push('new.clerk@district.example.org');
    b.ws.user = 'new.clerk@district.example.org';
    const refused = b.scriptRun<Outcome<Progress>>('outreachStart', { schools: ['Maple School'] });
    expect(refused.message).toMatch(
      /cannot be opened: it may have been deleted or not shared with you\. .*runs Attendance Toolkit > Set up/,
    );
    b.ws.user = 'lead@district.example.org';
    expect(b.scriptRun<Outcome<unknown>>('setupSave', b.scriptRun<Outcome<{ answers: unknown }>>('setupStart').result!.answers).ok).toBe(
      true,
    );
    b.ws.user = 'new.clerk@district.example.org';
    expect(runToEnd(b, { schools: ['Maple School'] }).status).toBe('done');
  });

  test("letters and drafts give families the school office's phone from the Settings sheet", () => {
    const b = setup(SMALL);
    const settings = b.ws.sheet('Settings')!;
    const values = b.ws.values('Settings');
    expect(values.find((r) => r[0] === 'School')).toEqual([
      'School',
      'School ID',
      'Attendance lead email',
      'Principal email',
      'Office phone',
    ]);
    settings.values.set(
      values.findIndex((r) => r[0] === 'Oak Street School'),
      4,
      '(203) 555-0142',
    );
    runToEnd(b);
    expect(letterDocs(b).find((d) => d.name.startsWith('Letters of attendance'))!.text).toContain('The number is (203) 555-0142.');
    const drafts = plugins(b).gmail.draftsOf(b.ws.user);
    expect(drafts.every((d) => /The number is \(203\) 555-0142\.|El número es \(203\) 555-0142\./.test(d.text))).toBe(true);
  });

  test("with a template's Doc ID cleared, each student's call sheet in one document has the toolkit's wording for that student's own level", () => {
    const b = setup([psRow('1', 'Moss, Ada', 8), psRow('2', 'Vale, Ben', 12)]);
    runToEnd(b, { tiers: ['L3'], schools: ['Nowhere'] }); // makes the Templates sheet, nothing else
    const t = b.ws.sheet('Templates')!;
    b.ws.values('Templates').forEach((r, i) => i > 0 && r[1] === 'Phone call sheet' && t.values.set(i, 3, ''));
    runToEnd(b);
    const sheets = letterDocs(b).filter((d) => d.name.startsWith('Phone call sheets'));
    expect(sheets).toHaveLength(1);
    const [ada, ben] = sheets[0].text.split(/(?=Call sheet: Ben Vale)/);
    expect(ada).toMatch(/^Call sheet: Ada Moss/);
    expect(ada).toContain('Set up a success plan and a success mentor.');
    expect(ben).toContain("Send the mentor referral (NHPS/Governor's Partnership).");
    expect(ben).not.toContain('Set up a success plan and a success mentor.');
  });
});

describe('placeholder values are merged literally', () => {
  test('names with $, \\, {{, regex characters and HTML land in letters and drafts exactly as they are', () => {
    const hostile = '$1 $& \\1 \\ {{School}} (.*)+? [a-z]^ <b>x</b> <a href="https://evil.example">y</a>';
    const b = setup([psRow('9001', `Stone, ${hostile}`, 12)]);
    runToEnd(b);
    const sheet = letterDocs(b).find((d) => d.name.startsWith('Phone call sheets'))!;
    expect(sheet.text).toContain(`Call sheet: ${hostile} Stone`);
    expect(sheet.text).toContain(`"Hello. ${hostile} has missed 12 days of school.`);
    const draft = plugins(b).gmail.draftsOf(b.ws.user)[0];
    expect(draft.subject).toBe(`${hostile}'s attendance at Oak Street School`);
    expect(draft.text).toContain(`${hostile} has missed 12 days`);
    // Calendar reads an event's description as HTML: the name must show as the text it is.
    const shown = shownDescription(plugins(b).calendar.eventsOf(b.ws.user)[0].description);
    expect(shown.text).toContain(`${hostile} Stone (9001)`);
    expect(shown.links).toEqual([]);
  });
});

/** A roster big enough that a job needs several executions. */
function many(n: number, start = 3000): (string | number)[][] {
  return Array.from({ length: n }, (_, i) =>
    psRow(String(start + i), `Family${i % 7}, Kid${i}`, [3, 7, 12, 16, 19][i % 5], { language: i % 3 ? 'English' : 'Spanish' }),
  );
}

describe('resumable and never twice', () => {
  test('pages an earlier version made (ending "Reference: ...") are still recognized when a cut-off run resumes after an upgrade', () => {
    const b = setup(many(60));
    plugins(b).docs.onKill = 'keep';
    expect(b.scriptRun<Outcome<Progress>>('outreachStart', {}).result!.status).toBe('running');
    b.ws.rt.slowdown = { DocumentApp: 60, Gmail: 60 };
    expect(() => b.scriptRun('outreachContinue')).toThrow(ExecutionTimeout);
    b.ws.rt.slowdown = {};
    // The documents as the earlier version wrote them.
    let renamed = 0;
    for (const f of plugins(b).drive.filesOf(b.ws.user, MIME.document))
      for (const e of f.doc ?? [])
        if (e.text.startsWith('Ref. ')) {
          e.text = 'Reference: ' + e.text.slice('Ref. '.length);
          renamed++;
        }
    expect(renamed).toBeGreaterThan(0);
    expect(runToEnd2(b).status).toBe('done');
    const pages = letterDocs(b).flatMap((d) => d.text.split('\n').filter((l) => /^(Ref\. |Reference: )/.test(l)));
    const keys = pages.map((l) => l.replace(/^(Ref\. |Reference: )/, ''));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(logRows(b).filter((r) => /sheet|letter/i.test(r['Kind'])).length);
    // The documents those pages are in were kept, not started again: every logged link opens one.
    const open = new Set(letterDocs(b).map((d) => d.url));
    expect(logRows(b).filter((r) => /sheet|letter/i.test(r['Kind']) && !open.has(r['Link or ID']))).toEqual([]);
  });

  test('drafts an earlier version tagged with the key itself are still found when a cut-off run resumes after an upgrade', () => {
    const b = setup(many(60));
    expect(b.scriptRun<Outcome<Progress>>('outreachStart', {}).result!.status).toBe('running');
    b.ws.rt.slowdown = { Gmail: 60 };
    expect(() => b.scriptRun('outreachContinue')).toThrow(ExecutionTimeout);
    b.ws.rt.slowdown = {};
    // The drafts as the earlier version tagged them: the key, URI-encoded.
    const id = b.ws.activeSpreadsheetId!;
    const keyOf = new Map(
      b.ws
        .values('Outreach job')
        .slice(1)
        .map((r) => [draftTag(id, String(r[0])), String(r[0])]),
    );
    const logged = new Set(logRows(b).map((r) => r['Key']));
    let unlogged = 0;
    for (const d of plugins(b).gmail.state.drafts) {
      const text = Buffer.from(d.message.raw, 'base64url').toString();
      const tag = /X-Attendance-Toolkit-Key: (.*)\r\n/.exec(text)![1];
      if (!logged.has(keyOf.get(tag)!)) unlogged++;
      d.message.raw = Buffer.from(text.replace(tag, encodeURIComponent(keyOf.get(tag)!))).toString('base64url');
    }
    expect(unlogged).toBeGreaterThan(0);
    expect(runToEnd2(b).status).toBe('done');
    expectNoDuplicates(b);
  });

  test.each(['keep', 'discard'] as const)(
    'a run killed at the 6-minute limit (unsaved document changes: %s) resumes with no duplicate and no half page',
    (onKill) => {
      const b = setup(many(120));
      plugins(b).docs.onKill = onKill;
      let out = b.scriptRun<Outcome<Progress>>('outreachStart', {});
      expect(out.result!.status).toBe('running');
      // Docs and Gmail slow down: an execution runs past 6 minutes mid-batch and Apps Script kills it.
      let kills = 0;
      for (let i = 0; kills < 3 && i < 20; i++) {
        b.ws.rt.slowdown = { DocumentApp: 60, Gmail: 60 };
        try {
          out = b.scriptRun<Outcome<Progress>>('outreachContinue');
        } catch (e) {
          expect(e).toBeInstanceOf(ExecutionTimeout);
          kills++;
        }
        b.ws.rt.slowdown = {};
        out = b.scriptRun<Outcome<Progress>>('outreachContinue');
        expect(out.ok).toBe(true);
      }
      expect(kills).toBe(3);
      // The resumed runs found what the killed ones made: half-written pages trimmed (or lost with the execution).
      if (onKill === 'keep') expect(b.ws.rt.calls.get('DocumentApp.Body.removeChild') ?? 0).toBeGreaterThan(0);
      for (let i = 0; out.result!.status === 'running' && i < 200; i++) out = b.scriptRun<Outcome<Progress>>('outreachContinue');
      expect(out.result!.status).toBe('done');
      expectNoDuplicates(b);
      const log = logRows(b);
      expect(log.filter((r) => r['Kind'] === 'Email')).toHaveLength(120);
      expect(new Set(log.filter((r) => r['Kind'] === 'Calendar follow-up').map((r) => r['Student ID'])).size).toBe(120);
      expect(plugins(b).calendar.eventsOf(b.ws.user)).toHaveLength(2);
    },
  );

  test('a quota error stops the job cleanly, records where it stopped, and it resumes the next day', () => {
    const b = setup(many(40, 5000).map((r, i) => psRow(String(r[0]), String(r[1]), 3, { school: `School ${i}` })));
    // Most of today's "documents created" quota is already used elsewhere: room for the templates and 3 letter documents.
    b.ws.rt.useQuota('documentsCreated', 250 - DEFAULT_TEMPLATES.length - 3);
    let out = runToEnd(b);
    expect(out.status).toBe('paused');
    expect(out.message).toMatch(/Google's daily limit was reached \(Service invoked too many times for one day: docs create\.\)/);
    expect(out.done).toBeGreaterThan(0);
    const log = logRows(b);
    expect(log.filter((r) => r['Kind'] === 'Phone call sheet')).toHaveLength(3);
    // The toolkit clock's outreach duty waits for tomorrow, on the spreadsheet's one time-based trigger.
    expect(duties(b).outreach - b.ws.rt.now).toBeGreaterThanOrEqual(23 * HOUR);
    expect(timeTriggers(b)).toEqual(['toolkitClock']);
    expectNoDuplicates(b);
    // The next day the clock continues the job by itself, until it is done; then the trigger goes.
    b.advance(26 * HOUR);
    const status = b.scriptRun<Outcome<Progress>>('outreachStatus').result!;
    expect(status.status).toBe('done');
    expect(logRows(b).filter((r) => r['Kind'] === 'Phone call sheet')).toHaveLength(40);
    expect(duties(b)).toEqual({});
    expect(b.ws.triggers).toEqual([]);
    expect(b.failures).toEqual([]);
    expectNoDuplicates(b);
    out = b.scriptRun<Outcome<Progress>>('outreachStatus').result!;
    expect(out.made.documents).toBe(40);
  });

  test('the preview says how many days the job takes at the daily limits of the account, and the progress what is left', () => {
    const rows = many(300, 7000).map((r) => psRow(String(r[0]), String(r[1]), 3, { school: `School ${r[0]}` }));
    const howLong = (user: string) => {
      const b = toolkit({ user });
      expect(importCsv(b, csv(rows)).ok).toBe(true);
      const preview = b.scriptRun<Outcome<any>>('outreachPreview', {}).result!;
      expect(preview.counts.documents).toBe(300);
      return { b, note: String(preview.notes.find((n: string) => n.startsWith('How long:')) ?? '') };
    };
    // A personal account may create 250 documents a day: 300 letter documents and the templates take two days, window open or not.
    const consumer = howLong('clerk@gmail.com');
    expect(consumer.note).toContain(
      'Google lets a personal Google account (gmail.com) create 250 Google Docs a day, and this job needs 326: it takes at least 2 days, whether this window is open or not',
    );
    expect(consumer.note).toContain('With this window open, the job is done in at least 2 days.');
    // The district's Workspace account may create 1,500: the job fits in a day, and the note says how long it works.
    const workspace = howLong('clerk@district.example.org');
    expect(workspace.note).not.toContain('Google lets');
    expect(workspace.note).toMatch(
      /With this window open, the job is done in about \d+ minutes\. If you close it, .* so it takes about 1 day\.$/,
    );
    // While it runs, the progress says what is left at the same limits.
    const out = consumer.b.scriptRun<Outcome<any>>('outreachStart', {});
    expect(out.result!.status).toBe('running');
    expect(out.result!.pace).toMatch(
      /^Left: at least 2 days with this window open; about 2 days with it closed \(Google's daily limit on documents\)\.$/,
    );
  });

  test('the letter document a paused job was filling, deleted in Drive, is started again: the job finishes, once per student', () => {
    const b = setup(Array.from({ length: 60 }, (_, i) => psRow(String(4000 + i), `Family, Kid${i}`, 3)));
    const rt = b.ws.rt;
    let n = 0;
    const rateLimit = (service: string, method: string) => {
      if (service === 'DocumentApp' && /appendParagraph/.test(method) && ++n === 400) {
        rt.callHooks.splice(rt.callHooks.indexOf(rateLimit), 1);
        throw rt.error('Service invoked too many times in a short time: docs', 'Exception');
      }
    };
    rt.callHooks.push(rateLimit);
    expect(runToEnd(b).status).toBe('paused');
    const current = jobRecord(b).currentDoc;
    expect(current).toBeTruthy();
    plugins(b).drive.delete(current.id);
    b.advance(3 * HOUR);
    expect(b.scriptRun<Outcome<Progress>>('outreachStatus').result!.status).toBe('done');
    // Every student has a call sheet in a document that exists; the pages lost with the deleted one were made again.
    const sheets = logRows(b).filter((r) => r['Kind'] === 'Phone call sheet');
    expect(new Set(sheets.map((r) => r['Student ID'])).size).toBe(60);
    const pages = letterDocs(b).flatMap((d) => references(d.text));
    expect(new Set(pages).size).toBe(pages.length);
    expect(b.failures).toEqual([]);
  });

  test('a colleague who opens Prepare outreach watches the running job and never works on it (drafts would land in their Gmail)', () => {
    const b = setup(many(150, 6000));
    const starter = b.ws.user;
    const first = b.scriptRun<Outcome<Progress>>('outreachStart', {});
    expect(first.ok && first.result!.status).toBe('running');
    const draftsBefore = plugins(b).gmail.draftsOf(starter).length;
    b.ws.user = 'counselor@district.example.org';
    b.ws.rt.now += 60 * 1000;
    const watched = b.scriptRun<Outcome<Progress & { watchOnly?: boolean }>>('outreachContinue');
    expect(watched.ok).toBe(true);
    expect(watched.result!.watchOnly).toBe(true);
    expect(watched.result!.message).toMatch(
      new RegExp(`^${starter.replace(/[.]/g, '\\.')} started this job: it goes on from their Prepare outreach window`),
    );
    expect(plugins(b).gmail.draftsOf('counselor@district.example.org')).toHaveLength(0);
    expect(plugins(b).gmail.draftsOf(starter)).toHaveLength(draftsBefore);
    expect(b.scriptRun<Outcome<{ job: Progress & { watchOnly?: boolean } }>>('outreachPreview', {}).result!.job.watchOnly).toBe(true);
    // The starter's window (or the clock) finishes it.
    b.ws.user = starter;
    let out = b.scriptRun<Outcome<Progress>>('outreachContinue');
    for (let i = 0; out.ok && out.result!.status === 'running' && i < 500; i++) out = b.scriptRun<Outcome<Progress>>('outreachContinue');
    expect(out.result!.status).toBe('done');
    expect(plugins(b).gmail.draftsOf('counselor@district.example.org')).toHaveLength(0);
    expectNoDuplicates(b);
  });

  test('two jobs at once: a second start says a job is already running; a second execution waits for the lock, then says so', () => {
    const b = setup(many(150));
    const first = b.scriptRun<Outcome<Progress>>('outreachStart', {});
    expect(first.result!.status).toBe('running');
    const second = b.scriptRun<Outcome<Progress>>('outreachStart', {});
    expect(second.ok).toBe(false);
    expect(second.message).toMatch(/^An outreach job is already running in this spreadsheet \(started by clerk@district.example.org/);
    b.ws.locks.hold(`document:${b.ws.activeSpreadsheetId}`, 'another execution');
    const busy = b.scriptRun<Outcome<Progress>>('outreachContinue');
    expect(busy.ok).toBe(false);
    expect(busy.message).toMatch(/^Another job is already running in this spreadsheet, so preparing outreach did not start/);
  });

  test('when the dialog is closed, the toolkit clock continues the job hourly on one trigger, which goes when the job is done', () => {
    const b = setup(many(200));
    const first = b.scriptRun<Outcome<Progress>>('outreachStart', {});
    expect(first.result!.status).toBe('running');
    expect(b.ws.triggers.map((t) => [t.handler, t.everyMs])).toEqual([['toolkitClock', HOUR]]);
    expect(duties(b)).toEqual({ outreach: expect.any(Number) });
    let hours = 0;
    while (b.scriptRun<Outcome<Progress>>('outreachStatus').result!.status === 'running' && hours < 48) {
      b.advance(HOUR);
      hours++;
      // Never more than one trigger.
      expect(b.ws.triggers.length).toBeLessThanOrEqual(1);
    }
    expect(b.scriptRun<Outcome<Progress>>('outreachStatus').result!.status).toBe('done');
    expect(hours).toBeGreaterThan(1);
    expect(duties(b)).toEqual({});
    expect(b.ws.triggers).toEqual([]);
    expect(b.failures).toEqual([]);
    expectNoDuplicates(b);
  });

  test('a stopped job keeps what it made; a new job makes only the rest', () => {
    const b = setup(many(150));
    b.scriptRun('outreachStart', {});
    b.scriptRun('outreachContinue');
    const stopped = b.scriptRun<Outcome<Progress>>('outreachStop').result!;
    expect(stopped.status).toBe('stopped');
    expect(duties(b)).toEqual({});
    expect(b.ws.triggers).toEqual([]);
    const made = logRows(b).length;
    expect(made).toBeGreaterThan(0);
    const rest = runToEnd(b);
    expect(rest.status).toBe('done');
    // Each student: a document, a draft and a follow-up; L4, L5 and L6 (3 in 5) a second document.
    expect(rest.total).toBe(150 * 3 + (150 / 5) * 3 - made);
    expectNoDuplicates(b);
  });
});

describe('permissions', () => {
  test('the manifest asks for the narrow scopes the job needs and enables the Gmail, Calendar and Drive advanced services', () => {
    const b = toolkit();
    expect(b.manifest.oauthScopes).toEqual([
      'https://www.googleapis.com/auth/spreadsheets.currentonly',
      'https://www.googleapis.com/auth/script.container.ui',
      'https://www.googleapis.com/auth/documents',
      'https://www.googleapis.com/auth/drive.file',
      'https://www.googleapis.com/auth/gmail.compose',
      'https://www.googleapis.com/auth/calendar.events.owned',
      'https://www.googleapis.com/auth/script.scriptapp',
      'https://www.googleapis.com/auth/userinfo.email',
    ]);
    expect((b.manifest.dependencies as any).enabledAdvancedServices.map((s: any) => `${s.userSymbol} ${s.version}`)).toEqual([
      'Gmail v1',
      'Calendar v3',
      'Drive v3',
    ]);
  });

  test('Drive work goes through the Drive advanced service (which documents drive.file), never DriveApp', () => {
    const b = setup(SMALL);
    runToEnd(b);
    const calls = [...b.ws.rt.calls.keys()];
    expect(calls.filter((k) => k.startsWith('DriveApp.'))).toEqual([]);
    // Documents too are made through Drive, in their folder (surely the add-on's own files); DocumentApp writes their bodies.
    expect(calls.filter((k) => k.startsWith('Drive.Files.')).sort()).toEqual(['Drive.Files.create', 'Drive.Files.get', 'Drive.Files.list']);
    expect(calls).not.toContain('DocumentApp.create');
    // The toolkit's folders, made with drive.file only: My Drive > Attendance Toolkit > Outreach > the run's folder.
    const { drive } = plugins(b);
    const path = (id: string): string[] => {
      const f = drive.file(id)!;
      return f.parents.length ? [...path(f.parents[0]), f.name] : [f.name];
    };
    const letters = letterDocs(b).map((d) => drive.state.files.find((f) => f.name === d.name)!);
    expect(new Set(letters.map((f) => path(f.id).slice(0, -1).join(' > ')))).toEqual(
      new Set([
        'My Drive > Attendance Toolkit > Outreach > Outreach 2026-11-23 (' +
          /\((job-[a-z0-9]+)\)/.exec(path(letters[0].id).join(''))![1] +
          ')',
      ]),
    );
  });

  test('with drive.file, a team template in Drive the add-on did not create is still read (DocumentApp uses the documents scope)', () => {
    const b = setup([psRow('1', 'A, B', 3)]);
    const { drive } = plugins(b);
    const own = drive.add(
      {
        name: 'Our call sheet',
        mimeType: MIME.document,
        parents: [],
        owner: b.ws.user,
        byApp: false,
        doc: [
          {
            type: 'PARAGRAPH',
            text: 'Call {{Guardian}} about {{First name}} ({{Days absent}} days).',
            heading: 'NORMAL',
            pageBreak: false,
            attributes: {},
          },
        ],
      },
      b.ws.rt.now,
    );
    b.scriptRun('outreachPreview', {});
    runToEnd(b, { tiers: ['L3'] }); // makes the Templates sheet, nothing else
    const t = b.ws.sheet('Templates')!;
    const values = b.ws.values('Templates');
    const r = values.findIndex((row) => row[0] === 'L2' && row[1] === 'Phone call sheet' && row[2] === 'English');
    t.values.set(r, 3, own.id);
    runToEnd(b);
    expect(letterDocs(b)[0].text).toContain('Call Parent or guardian of B about B (3 days).');
  });
});

/** The job's record in the document properties, as stored. */
function jobRecord(b: LoadedBundle): any {
  return JSON.parse(b.ws.documentProperties.get(b.ws.activeSpreadsheetId!)!['toolkit.outreach.job']);
}

const whileMakingDrafts = (service: string, method: string) => service === 'Gmail' && method === 'Users.Drafts.create';

describe('the job holds the spreadsheet only for moments: staff keep working while it runs', () => {
  test('a contact saved in the student panel while the job makes drafts lands at once', () => {
    const b = setup(many(60));
    let saved: Outcome<unknown> | null = null;
    const happened = b.interleave(whileMakingDrafts, () => {
      // Another person, in their sidebar, in the middle of the job's execution.
      b.ws.user = 'counselor@district.example.org';
      saved = b.scriptRun<Outcome<unknown>>('saveContact', {
        studentId: '3001',
        method: 'Phone call',
        outcome: 'Reached',
        reason: 'Transportation',
        notes: 'Called while outreach ran',
      });
      b.ws.user = 'clerk@district.example.org';
    });
    const done = runToEnd(b);
    expect(happened()).toBe(true);
    expect(saved).toMatchObject({ ok: true, message: 'Saved.' });
    const contacts = b.ws.values('Contacts');
    expect(contacts.slice(1).map((r) => [r[1], r[2], r[9]])).toEqual([
      ['counselor@district.example.org', '3001', 'Called while outreach ran'],
    ]);
    expect(done.status).toBe('done');
    expectNoDuplicates(b);
  });

  test('an import while the job runs goes through; the job makes what was confirmed, once, and the links follow each student', () => {
    const rows = many(60);
    const b = setup(rows);
    let imported: { ok: boolean; message: string } | null = null;
    // The new export: rows in another order, one student gone, one moved from L4 to L6.
    const next = rows
      .slice(1)
      .reverse()
      .map((r) => (r[0] === '3002' ? psRow('3002', String(r[1]), 19) : r));
    b.interleave(whileMakingDrafts, () => {
      imported = importCsv(b, csv(next));
    });
    const done = runToEnd(b);
    expect(imported).toMatchObject({ ok: true });
    expect(done.status).toBe('done');
    expectNoDuplicates(b);
    // Everything the user confirmed was made, the student who left the roster included.
    expect(done.total).toBe(60 * 3 + (60 / 5) * 3);
    expect(
      logRows(b)
        .filter((r) => r['Student ID'] === '3000')
        .map((r) => r['Kind']),
    ).toEqual(expect.arrayContaining(['Calendar follow-up', 'Phone call sheet', 'Email']));
    // The roster is the new export's, and each row's links lead to documents with that student's pages.
    const roster = b.ws.values('Roster');
    const col = roster[0].indexOf('Outreach documents');
    expect(roster.slice(1).map((r) => r[0])).toEqual(next.map((r) => r[0]));
    const { drive, docs } = plugins(b);
    let linked = 0;
    for (const r of roster.slice(1)) {
      for (const url of String(r[col]).split('\n').filter(Boolean)) {
        const file = drive.state.files.find((f) => drive.url(f) === url)!;
        expect(docs.text(file.id)).toContain(`|${String(r[0])}|`);
        linked++;
      }
    }
    expect(linked).toBeGreaterThan(60);
    // The student who moved up a tier gets the new tier's outreach from the next job.
    expect(roster.find((r) => r[0] === '3002')![roster[0].indexOf('Tier')]).toBe('L6');
    const p = b.scriptRun<Outcome<any>>('outreachPreview', {}).result;
    expect([p.counts.drafts, p.counts.followUps, p.counts.letters.find((l: any) => l.kind === 'attendance-letter').total]).toEqual([
      1, 1, 1,
    ]);
  });

  test('Create pressed as an import starts plans nothing from the half-written Roster: it waits for the import and says the export changed', () => {
    const rows = many(60);
    const b = setup(rows);
    runToEnd(b, { tiers: ['L3'], schools: ['Nowhere'] }); // makes the Templates sheet, nothing else
    const { basis } = b.scriptRun<Outcome<{ basis: string }>>('outreachPreview', {}).result!;
    // The new export: another order, and the last ten students have left the district.
    const next = rows.slice(0, 50).reverse();
    const left = rows.slice(50).map((r) => String(r[0]));
    const app = (b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp }).SpreadsheetApp;
    const sheet = app.getActiveSpreadsheet().getSheetByName('Roster')!;
    const old = sheet.getDataRange().getValues();
    const rowOf = new Map(old.slice(1).map((r) => [String(r[0]), r]));
    const lock = `document:${b.ws.activeSpreadsheetId}`;
    let releases = 0;
    // Once Create has reserved the job (two moments under the lock), the import starts: it holds the
    // lock and has written the new rows over the old ones; the old Roster's last ten rows are not cleared yet.
    const importing = b.interleave(
      (_service, method) => {
        if (releases >= 2) return true;
        if (method === 'Lock.releaseLock') releases++;
        return false;
      },
      () => {
        b.ws.locks.hold(lock, 'an import');
        sheet.getRange(2, 1, next.length, old[0].length).setValues(next.map((r) => rowOf.get(String(r[0]))!));
        // The import finishes when Create next asks for the lock.
        b.interleave(
          (_service, method) => method === 'Lock.tryLock',
          () => {
            b.ws.locks.letGo(lock);
            expect(importCsv(b, csv(next)).ok).toBe(true);
          },
        );
      },
    );
    const out = b.scriptRun<Outcome<Progress>>('outreachStart', { basis });
    expect(importing()).toBe(true);
    expect(out).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Nothing was created: a new attendance export was imported after this preview/),
    });
    expect(plugins(b).gmail.state.drafts).toHaveLength(0);
    expect(b.ws.values('Roster').length).toBe(51);
    // Previewed and created again: outreach for the students on the new Roster, none for those who left.
    runToEnd(b);
    const ids = new Set(logRows(b).map((r) => r['Student ID']));
    expect(left.filter((id) => ids.has(id))).toEqual([]);
    expect(ids.size).toBe(50);
    expectNoDuplicates(b);
  });

  test('a second execution while one works on the job waits, makes nothing, and the job still makes everything once', () => {
    const b = setup(many(60));
    let second: Outcome<Progress> | null = null;
    let madeBefore = 0;
    b.interleave(whileMakingDrafts, () => {
      madeBefore = plugins(b).gmail.state.drafts.length;
      // The dialog in another tab (or a clock tick): the job's lease is held by the running execution.
      second = b.scriptRun<Outcome<Progress>>('outreachContinue');
      expect(plugins(b).gmail.state.drafts.length).toBe(madeBefore);
    });
    runToEnd(b);
    expect(second).toMatchObject({ ok: true, result: { status: 'running' } });
    expectNoDuplicates(b);
    expect(logRows(b).filter((r) => r['Kind'] === 'Email')).toHaveLength(60);
  });

  test('an execution cut off keeps the job until its lease expires; then the next one takes over and finds what it made', () => {
    const b = setup(many(120));
    b.scriptRun('outreachStart', {});
    b.ws.rt.slowdown = { Gmail: 60 };
    let killed = false;
    for (let i = 0; !killed && i < 20; i++) {
      try {
        b.scriptRun('outreachContinue');
      } catch (e) {
        expect(e).toBeInstanceOf(ExecutionTimeout);
        killed = true;
      }
    }
    b.ws.rt.slowdown = {};
    expect(killed).toBe(true);
    // The record still names the execution that was cut off, until its lease (7 minutes from its start) expires.
    const held = jobRecord(b);
    expect(held.lease.until).toBeGreaterThan(b.ws.rt.now);
    expect(held.inflight).not.toBeNull();
    const out = runToEnd2(b);
    expect(out.status).toBe('done');
    expect(jobRecord(b).lease).toBeNull();
    expectNoDuplicates(b);
    expect(logRows(b).filter((r) => r['Kind'] === 'Email')).toHaveLength(120);
  });
});

/** Continue a job already started until it is no longer running. */
function runToEnd2(b: LoadedBundle): Progress {
  let out = b.scriptRun<Outcome<Progress>>('outreachContinue');
  for (let i = 0; out.ok && out.result!.status === 'running' && i < 500; i++) out = b.scriptRun<Outcome<Progress>>('outreachContinue');
  expect(out.ok).toBe(true);
  return out.result!;
}

describe("a spreadsheet's 10 million cells: the toolkit's sheets hold no empty grid they do not need", () => {
  const gridOf = (b: LoadedBundle, name: string) => grid(b).sheets[name];
  /** The big sheets the toolkit writes, made with only their columns; and sheets people write in, which keep Sheets' 26. */
  const TOOLKIT_WRITTEN = ['Roster', 'Outreach log'];
  const PEOPLE_WRITE_IN = ['Settings', 'Templates', 'Partners', 'Phone or mail follow-up', 'Contacts'];

  test('the work list has the plan\u2019s rows and columns while the job can go on, and one cell once it is over: stopped, or done', () => {
    const b = setup(many(150));
    b.scriptRun('outreachStart', {});
    expect(gridOf(b, 'Outreach job')).toEqual([1 + jobRecord(b).total, b.ws.values('Outreach job')[0].length]);
    expect(b.scriptRun<Outcome<Progress>>('outreachStop').result!.status).toBe('stopped');
    expect(gridOf(b, 'Outreach job')).toEqual([1, 1]);
    expect(b.ws.values('Outreach job')).toEqual([['The last outreach job is over; its work list was cleared.']]);
    // The next job grows it again for its plan, and leaves one cell when done.
    expect(runToEnd(b).status).toBe('done');
    expect(gridOf(b, 'Outreach job')).toEqual([1, 1]);
    expectNoDuplicates(b);
  });

  test('the big sheets it writes have only their own columns, those people write in keep spare ones; a column a person adds beside a log is never deleted', () => {
    const b = setup(SMALL);
    expect(runToEnd(b).status).toBe('done');
    const { sheets } = grid(b);
    for (const name of TOOLKIT_WRITTEN) expect([name, sheets[name]?.[1]]).toEqual([name, b.ws.values(name)[0].length]);
    for (const name of PEOPLE_WRITE_IN) if (sheets[name]) expect([name, sheets[name][1]]).toEqual([name, 26]);
    expect(sheets['Outreach log'][1]).toBe(14);
    // Someone checks the log in a column of their own, inserted to its right.
    const app = (b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp }).SpreadsheetApp;
    const log = app.getActiveSpreadsheet().getSheetByName('Outreach log')!;
    log.insertColumnsAfter(14, 1);
    log.getRange(1, 15, 2, 1).setValues([['Checked by'], ['Ms. Lopez']]);
    // A new student, and outreach again: the job ends and its work list shrinks; the column stays.
    expect(importCsv(b, csv([...SMALL, psRow('1008', 'Ng, Bo', 3)])).ok).toBe(true);
    expect(runToEnd(b).made.drafts).toBe(1);
    expect(gridOf(b, 'Outreach job')).toEqual([1, 1]);
    expect(gridOf(b, 'Outreach log')[1]).toBe(15);
    const values = b.ws.values('Outreach log');
    expect(values.slice(0, 3).map((r) => r[14])).toEqual(['Checked by', 'Ms. Lopez', '']);
    expect(values[values.length - 1][2]).toBe('1008');
    expectNoDuplicates(b);
  });
});

describe('privacy', () => {
  /** The hidden work list: every student's merge fields (guardian, phone, email ...) while a job can go on. */
  const workList = (b: LoadedBundle) => b.ws.values('Outreach job');

  test('the work list holds the families\u2019 details only while the job can go on: emptied when done', () => {
    const b = setup(SMALL);
    b.scriptRun('outreachStart', {});
    runToEnd2(b);
    expect(JSON.stringify(workList(b))).not.toMatch(/example\.org|555-0100|Rivera/);
  });

  test('... when stopped', () => {
    const b = setup(many(150));
    b.scriptRun('outreachStart', {});
    expect(JSON.stringify(workList(b))).toMatch(/@example\.org/);
    expect(b.scriptRun<Outcome<Progress>>('outreachStop').result!.status).toBe('stopped');
    expect(JSON.stringify(workList(b))).not.toMatch(/example\.org|555-0100|Family/);
    // A new job plans the rest afresh.
    expect(runToEnd(b).status).toBe('done');
    expectNoDuplicates(b);
  });

  test('... when stopped while an execution is making drafts: it finishes its batch, logs it, sees the job stopped and empties the list', () => {
    const b = setup(many(60));
    let stopped: Outcome<Progress> | null = null;
    const happened = b.interleave(whileMakingDrafts, () => {
      stopped = b.scriptRun<Outcome<Progress>>('outreachStop');
      // The batch in flight still needs its rows: they stay until that execution is done with them.
      expect(JSON.stringify(workList(b))).toMatch(/@example\.org/);
    });
    let first = b.scriptRun<Outcome<Progress>>('outreachStart', {});
    while (!happened() && first.result!.status === 'running') first = b.scriptRun<Outcome<Progress>>('outreachContinue');
    expect(stopped).toMatchObject({ ok: true, result: { status: 'stopped' } });
    expect(first).toMatchObject({ ok: true, result: { status: 'stopped' } });
    expect(JSON.stringify(workList(b))).not.toMatch(/example\.org/);
    const drafts = plugins(b).gmail.state.drafts.length;
    expect(drafts).toBeGreaterThan(0);
    expect(logRows(b).filter((r) => r['Kind'] === 'Email')).toHaveLength(drafts);
    expect(jobRecord(b)).toMatchObject({ status: 'stopped', lease: null, inflight: null, made: { drafts } });
    expect(duties(b)).toEqual({});
    expect(runToEnd(b).status).toBe('done');
    expectNoDuplicates(b);
  });

  test('... when stopped while an execution was cut off mid-batch: what that batch made is found and logged first', () => {
    const b = setup(many(120));
    b.scriptRun('outreachStart', {});
    b.ws.rt.slowdown = { Gmail: 60 };
    for (let killed = false, i = 0; !killed && i < 20; i++) {
      try {
        b.scriptRun('outreachContinue');
      } catch {
        killed = true;
      }
    }
    b.ws.rt.slowdown = {};
    const drafts = plugins(b).gmail.state.drafts.length;
    // Stopped once the cut-off execution's lease has expired.
    b.ws.rt.now += 2 * 60 * 1000;
    const stopped = b.scriptRun<Outcome<Progress>>('outreachStop').result!;
    expect(stopped.status).toBe('stopped');
    expect(JSON.stringify(workList(b))).not.toMatch(/example\.org/);
    expect(logRows(b).filter((r) => r['Kind'] === 'Email')).toHaveLength(drafts);
    expect(runToEnd(b).status).toBe('done');
    expectNoDuplicates(b);
  });

  test('... and when it fails for good (a template document deleted while it runs)', () => {
    const b = setup(many(40));
    runToEnd(b, { tiers: ['L3'], schools: ['Nowhere'] }); // makes the Templates sheet, nothing else
    const values = b.ws.values('Templates');
    const row = values.find((r) => r[0] === 'L2' && r[1] === 'Phone call sheet' && r[2] === 'English')!;
    b.interleave(
      (service, method) => service === 'Calendar' && method === 'Events.insert',
      () => plugins(b).drive.delete(String(row[3])),
    );
    const out = runToEnd(b);
    expect(out.status).toBe('failed');
    expect(out.message).toMatch(/^A template document \(ID .*\) cannot be opened.* The job has ended: what it made is kept/);
    expect(JSON.stringify(workList(b))).not.toMatch(/example\.org/);
    expect(duties(b)).toEqual({});
    expect(b.ws.triggers).toEqual([]);
  });

  test('a deleted work list ends the job with a message instead of failing every hour', () => {
    const b = setup(many(150));
    b.scriptRun('outreachStart', {});
    const app = (b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp }).SpreadsheetApp;
    app.getActiveSpreadsheet().deleteSheet(app.getActiveSpreadsheet().getSheetByName('Outreach job')!);
    const out = b.scriptRun<Outcome<Progress>>('outreachContinue').result!;
    expect(out.status).toBe('failed');
    expect(out.message).toMatch(/work list \(the hidden sheet "Outreach job"\) was deleted/);
    expect(duties(b)).toEqual({});
  });

  test('letters compare with the school\u2019s typical days absent only where the school has enough students to hide each one', () => {
    const oak = Array.from({ length: 10 }, (_, i) => psRow(String(100 + i), `Oak, Kid${i}`, 3 + i));
    const elm = [psRow('201', 'Elm, Ana', 3, { school: 'Elm Grove School' }), psRow('202', 'Elm, Ben', 12, { school: 'Elm Grove School' })];
    const b = setup([...oak, ...elm]);
    runToEnd(b);
    const drafts = plugins(b).gmail.draftsOf(b.ws.user);
    const draftOf = (id: string) => drafts.find((d) => d.to[0] === `${id}@example.org`)!.text;
    // The median, 7.5, in whole days, and only to families whose child missed more.
    expect(draftOf('109')).toMatch(/A typical student at Oak Street School has missed 8 days\./);
    expect(draftOf('100')).not.toMatch(/typical/i);
    // Two students at Elm Grove: the median would give each family the other child's absences.
    expect(draftOf('201')).not.toMatch(/typical/i);
    expect(draftOf('201')).toMatch(/Ana has missed 3 days of school so far this year\.\s+We miss Ana/);
    const elmSheets = letterDocs(b).find((d) => d.name.startsWith('Phone call sheets - Elm Grove School'))!;
    expect(elmSheets.text).toContain('Days missed: 3.\n');
    expect(elmSheets.text).not.toMatch(/typical/i);
    const oakSheets = letterDocs(b).find((d) => d.name.startsWith('Phone call sheets - Oak Street School'))!;
    expect(oakSheets.text).toMatch(/Days missed: 12\. A typical student here missed 8\./);
    expect(oakSheets.text).toContain('Days missed: 3.\n');
  });
});

describe('drafts Gmail refuses', () => {
  test('are listed on the Phone or mail follow-up sheet with Gmail\u2019s reason, once, and the job says so', () => {
    const b = setup([
      psRow('1001', 'Rivera, Ana', 3),
      psRow('1002', 'Chen, Wei', 8, { email: 'wei.chen@blocked.example.org' }),
      psRow('1003', 'Ali, Omar', 12, { email: '' }),
    ]);
    plugins(b).gmail.refuse = (a) => a.endsWith('@blocked.example.org');
    const done = runToEnd(b);
    expect(done.status).toBe('done');
    expect(done.made.drafts).toBe(1);
    expect(done.message).toMatch(/Gmail refused 1 draft \(the address\); that student is on the Phone or mail follow-up sheet\.$/);
    expect(b.ws.values('Phone or mail follow-up').map((r) => [r[0], r[4], r[5], r[6], r[7]])).toEqual([
      ['Student ID', 'Guardian', 'Home phone', 'Guardian email as given', 'Why no draft'],
      ['1003', '', '(203) 555-0100', '', 'No guardian email'],
      ['1002', '', '(203) 555-0100', 'wei.chen@blocked.example.org', 'Gmail refused the address (Invalid To header)'],
    ]);
    // Not made, so not logged: the next job tries again (and lists the student again, once).
    expect(
      logRows(b)
        .filter((r) => r['Student ID'] === '1002')
        .map((r) => r['Kind']),
    ).not.toContain('Email');
    expect(runToEnd(b).message).toMatch(/Gmail refused 1 draft/);
    expect(b.ws.values('Phone or mail follow-up').filter((r) => r[0] === '1002')).toHaveLength(1);
  });
});

describe('a guardian named "Last, First"', () => {
  test('gets a draft addressed to "Garcia, Ana" <address> and is not listed on the Phone or mail follow-up sheet', () => {
    const b = toolkit();
    const rows = [
      [...psRow('1001', 'Garcia, Luis', 3, { email: 'ana.garcia@example.org' }), 'Garcia, Ana'],
      [...psRow('1002', 'Chen, Wei', 3, { email: '' }), 'Chen, Mei'],
    ];
    expect(importCsv(b, csv(rows, [...POWERSCHOOL_HEADER, 'Guardian'])).ok).toBe(true);
    const done = runToEnd(b);
    expect(done.status).toBe('done');
    expect(done.made.drafts).toBe(1);
    const [draft] = plugins(b).gmail.draftsOf(b.ws.user);
    expect(Buffer.from(draft.raw, 'base64url').toString()).toMatch(/^To: "Garcia, Ana" <ana\.garcia@example\.org>\r\n/);
    expect(draft.to).toEqual(['ana.garcia@example.org']);
    expect(b.ws.values('Phone or mail follow-up').map((r) => [r[0], r[4], r[7]])).toEqual([
      ['Student ID', 'Guardian', 'Why no draft'],
      ['1002', 'Chen, Mei', 'No guardian email'],
    ]);
  });
});

describe('who ran it', () => {
  test('where Google hides the email, the job records the same anonymous key as the student panel, and follow-ups invite no one', () => {
    const b = setup(SMALL);
    b.ws.emailHidden = true;
    const done = runToEnd(b);
    expect(done.status).toBe('done');
    const by = new Set(logRows(b).map((r) => r['Entered by']));
    expect([...by]).toEqual([expect.stringMatching(/^user key [0-9a-f]{12} \(email hidden by Google\)$/)]);
    expect(
      b.scriptRun<Outcome<unknown>>('saveContact', { studentId: '1001', method: 'Phone call', outcome: 'Reached', reason: '', notes: '' })
        .ok,
    ).toBe(true);
    expect(b.ws.values('Contacts')[1][1]).toBe([...by][0]);
    for (const e of plugins(b).calendar.eventsOf(b.ws.user)) expect(e.attendees).toEqual([]);
  });
});

describe('a busy spreadsheet never leaves the job without its clock', () => {
  test('a job the clock runs while the spreadsheet is busy books its next run', () => {
    const b = setup(many(200));
    expect(b.scriptRun<Outcome<Progress>>('outreachStart', {}).result!.status).toBe('running');
    // In the clock's run, as the job saves a batch of drafts: an import holds the spreadsheet for 100 seconds,
    // longer than the job waits to save the batch, the roster links and then to give the job back (30 s each),
    // but let go before the clock itself stops waiting.
    let drafting = false;
    const held = b.interleave(
      (service, method) => {
        if (whileMakingDrafts(service, method)) drafting = true;
        return drafting && service === 'LockService' && method === 'Lock.tryLock';
      },
      () => b.ws.locks.hold(`document:${b.ws.activeSpreadsheetId}`, 'an import', b.ws.rt.now + 100 * 1000),
    );
    b.advance(HOUR);
    expect(held()).toBe(true);
    // The job is still running, and its next run is booked on the clock.
    expect(b.scriptRun<Outcome<Progress>>('outreachStatus').result!.status).toBe('running');
    expect(duties(b).outreach).toBeGreaterThan(b.ws.rt.now);
    expect(timeTriggers(b)).toEqual(['toolkitClock']);
    // The clock finishes the job in the hours after.
    for (let hours = 0; b.scriptRun<Outcome<Progress>>('outreachStatus').result!.status === 'running' && hours < 48; hours++)
      b.advance(HOUR);
    expect(b.scriptRun<Outcome<Progress>>('outreachStatus').result!.status).toBe('done');
    expect(duties(b)).toEqual({});
    expect(b.ws.triggers).toEqual([]);
    expect(b.failures).toEqual([]);
    expectNoDuplicates(b);
  });
});

describe('Calendar follow-ups', () => {
  test("two staff preparing outreach the same day for one attendance lead: each event lists only its own job's students", () => {
    const b = toolkit({ user: 'a.clerk@district.example.org' });
    b.ws.active.editors.push('b.clerk@district.example.org');
    expect(importCsv(b, csv([psRow('1', 'Moss, Ada', 3), psRow('2', 'Vale, Ben', 3, { school: 'Maple School' })])).ok).toBe(true);
    const settings = b.ws.sheet('Settings')!;
    b.ws.values('Settings').forEach((r, i) => {
      if (r[0] === 'Oak Street School' || r[0] === 'Maple School') settings.values.set(i, 2, 'lead@district.example.org');
    });
    runToEnd(b, { schools: ['Oak Street School'] });
    b.ws.user = 'b.clerk@district.example.org';
    runToEnd(b, { schools: ['Maple School'] });
    const { calendar } = plugins(b);
    const mine = calendar.eventsOf('b.clerk@district.example.org');
    expect(mine).toHaveLength(1);
    expect(mine[0].description).toMatch(/Ben Vale/);
    expect(mine[0].description).not.toMatch(/Ada Moss/);
  });

  test('a case owner at gmial.com is not invited: the event stays on the runner\u2019s calendar and the preview names the address', () => {
    const b = toolkit();
    const header = [...POWERSCHOOL_HEADER, 'Case owner'];
    const rows = [
      [...psRow('1001', 'Rivera, Ana', 3), 'jsmith@gmial.com'],
      [...psRow('1002', 'Chen, Wei', 4), 'wei.teacher@district.example.org'],
      [...psRow('1003', 'Ali, Omar', 3, { school: 'Maple School' }), 'omar.parent@example.com'],
      [...psRow('1004', 'Diaz, Eva', 3), 'jsmith@gmial.com'],
    ];
    expect(importCsv(b, csv(rows, header)).ok).toBe(true);
    // Oak Street School's attendance lead; Maple School has none. The runner is clerk@district.example.org.
    const settings = b.ws.sheet('Settings')!;
    b.ws.values('Settings').forEach((r, i) => {
      if (r[0] === 'Oak Street School') settings.values.set(i, 2, 'lead@district.example.org');
    });
    const preview = b.scriptRun<Outcome<any>>('outreachPreview', {}).result;
    const note = preview.notes.find((x: string) => /not invited/.test(x));
    expect(note).toMatch(/^The Case owners jsmith@gmial\.com and omar\.parent@example\.com are not invited to Calendar follow-ups: /);
    // The case owners' addresses, never their students.
    expect(note).not.toMatch(/Rivera|Diaz|Ali|100[1-4]/);
    // The preview's follow-ups are the job's: the lead's (Ana and Eva), Wei's case owner's, and the runner's own (Omar).
    expect(preview.counts.events).toBe(3);
    expect(preview.samples.map((x: any) => x.title).filter((t: string) => t.startsWith('Calendar'))).toEqual([
      expect.stringMatching(/^Calendar follow-up for clerk@district\.example\.org on /),
    ]);

    const done = runToEnd(b, { basis: preview.basis });
    expect(done.status).toBe('done');
    expect(done.made.events).toBe(3);
    expect(done.message).toContain(note);
    const events = plugins(b).calendar.eventsOf(b.ws.user);
    const guests = events.flatMap((e) => e.attendees.map((a) => a.email)).sort();
    expect(guests).toEqual(['lead@district.example.org', 'wei.teacher@district.example.org']);
    const onEvent = (id: string) => events.filter((e) => e.description.includes(`(${id})`));
    expect(onEvent('1001').map((e) => e.attendees)).toEqual([[{ email: 'lead@district.example.org', responseStatus: 'needsAction' }]]);
    expect(onEvent('1004')).toEqual(onEvent('1001'));
    // Maple School has no lead: Omar's follow-up is on the runner's calendar alone, as a student's without a case owner.
    expect(onEvent('1003').map((e) => [e.attendees, e.sendUpdates])).toEqual([[[], 'none']]);
    const assigned = Object.fromEntries(
      logRows(b)
        .filter((r) => r['Kind'] === 'Calendar follow-up')
        .map((r) => [r['Student ID'], r['Assigned to']]),
    );
    expect(assigned).toEqual({
      '1001': 'lead@district.example.org',
      '1002': 'wei.teacher@district.example.org',
      '1003': 'clerk@district.example.org',
      '1004': 'lead@district.example.org',
    });
    expect(JSON.stringify(plugins(b).calendar.state)).not.toMatch(/gmial|example\.com/);
  });

  test('a stopped job names the case owners it did not invite too', () => {
    const b = toolkit();
    expect(importCsv(b, csv([...many(150).map((r) => [...r, 'jsmith@gmial.com'])], [...POWERSCHOOL_HEADER, 'Case owner'])).ok).toBe(true);
    expect(b.scriptRun<Outcome<Progress>>('outreachStart', {}).result!.status).toBe('running');
    const stopped = b.scriptRun<Outcome<Progress>>('outreachStop').result!;
    expect(stopped.status).toBe('stopped');
    expect(stopped.message).toMatch(/^Stopped\. .* The Case owner jsmith@gmial\.com is not invited to Calendar follow-ups: /);
    for (const e of plugins(b).calendar.eventsOf(b.ws.user)) expect(e.attendees).toEqual([]);
  });

  test('a follow-up someone deleted in Calendar comes back, with everyone on it, when new students join it', () => {
    const b = setup(SMALL);
    expect(runToEnd(b).status).toBe('done');
    const { calendar } = plugins(b);
    expect(calendar.eventsOf(b.ws.user)).toHaveLength(2);
    // Someone deletes the follow-ups in Calendar, which keeps them, cancelled, under the same ID.
    for (const e of calendar.state.events) e.status = 'cancelled';
    expect(calendar.eventsOf(b.ws.user)).toEqual([]);
    // New students in the same tiers the same day: their follow-ups go on the same events.
    expect(importCsv(b, csv([...SMALL, psRow('1008', 'Ng, Bo', 3), psRow('1009', 'Fox, Ada', 8)])).ok).toBe(true);
    const again = runToEnd(b);
    expect(again.status).toBe('done');
    // The week's follow-up (L2 and L3) is back on the calendar with the students it had and the new ones;
    // the other stays deleted (no new student joined it).
    const events = calendar.eventsOf(b.ws.user);
    expect(events).toHaveLength(1);
    expect(events[0].status).toBe('confirmed');
    for (const id of ['1001', '1002', '1007', '1008', '1009']) expect(events[0].description).toContain(`(${id})`);
    expect(events[0].summary).toBe('Attendance follow-up: 5 students (Oak Street School)');
    expect(events[0].start.dateTime).toMatch(/T15:30:00$/);
    expectNoDuplicates(b);
  });
});

describe('the Phone or mail follow-up sheet', () => {
  test("a job for one school keeps another school's rows and the notes staff typed beside them", () => {
    const b = setup([
      psRow('1001', 'Rivera, Ana', 3),
      psRow('1004', 'Diaz, Eva', 16, { email: '' }),
      psRow('2001', 'Park, Min', 3, { school: 'Elm Grove School', email: 'NO EMAIL' }),
      psRow('2002', 'Stone, Lee', 8, { school: 'Elm Grove School', email: '' }),
    ]);
    expect(runToEnd(b, { schools: ['Elm Grove School'] }).status).toBe('done');
    const sheet = () => b.ws.values('Phone or mail follow-up');
    expect(
      sheet()
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['2001', '2002']);
    // Staff add a Notes column in a spare column (a sheet people write in keeps them) and write beside Min Park.
    const app = (b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp }).SpreadsheetApp;
    const followUp = app.getActiveSpreadsheet().getSheetByName('Phone or mail follow-up')!;
    expect(followUp.getMaxColumns()).toBe(26);
    followUp.getRange(1, 9).setValue('Notes');
    followUp.getRange(2, 9).setValue('Letter mailed 11/24');

    expect(runToEnd(b, { schools: ['Oak Street School'] }).status).toBe('done');
    expect(sheet().map((r) => [r[0], r[2], r[7], r[8]])).toEqual([
      ['Student ID', 'School', 'Why no draft', 'Notes'],
      ['2001', 'Elm Grove School', 'Not a valid email address', 'Letter mailed 11/24'],
      ['2002', 'Elm Grove School', 'No guardian email', ''],
      ['1004', 'Oak Street School', 'No guardian email', ''],
    ]);
    // A student listed again (a new job for Elm after a re-import) is refreshed in place, once, with the note.
    expect(importCsv(b, csv([psRow('2001', 'Park, Min', 3, { school: 'Elm Grove School', email: '' })])).ok).toBe(true);
    runToEnd(b, { schools: ['Elm Grove School'] });
    expect(
      sheet()
        .filter((r) => r[0] === '2001')
        .map((r) => [r[7], r[8]]),
    ).toEqual([['No guardian email', 'Letter mailed 11/24']]);
    expect(sheet()).toHaveLength(4);
  });
});

describe('a family listed for a phone call that has an email now', () => {
  test('is marked as emailed when a later job drafts to them; the row and the notes beside it stay', () => {
    const b = setup([psRow('1001', 'Rivera, Ana', 3), psRow('1004', 'Diaz, Eva', 16, { email: '' })]);
    expect(runToEnd(b).status).toBe('done');
    const sheet = () => b.ws.values('Phone or mail follow-up');
    expect(sheet().map((r) => [r[0], r[6], r[7]])).toEqual([
      ['Student ID', 'Guardian email as given', 'Why no draft'],
      ['1004', '', 'No guardian email'],
    ]);
    const app = (b.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp }).SpreadsheetApp;
    const followUp = app.getActiveSpreadsheet().getSheetByName('Phone or mail follow-up')!;
    followUp.insertColumnsAfter(8, 1);
    followUp.getRange(1, 9).setValue('Notes');
    followUp.getRange(2, 9).setValue('Left a voicemail 11/24');

    // The school adds the mother's email; the next outreach drafts to her.
    expect(importCsv(b, csv([psRow('1001', 'Rivera, Ana', 3), psRow('1004', 'Diaz, Eva', 16, { email: 'eva.mom@example.org' })])).ok).toBe(
      true,
    );
    const done = runToEnd(b);
    expect(done.made.drafts).toBe(1);
    expect(sheet().map((r) => [r[0], r[6], r[7], r[8]])).toEqual([
      ['Student ID', 'Guardian email as given', 'Why no draft', 'Notes'],
      ['1004', 'eva.mom@example.org', 'Has an email now: a Gmail draft was made on 2026-11-23', 'Left a voicemail 11/24'],
    ]);
  });

  test('says the draft was planned until it is made, then on which day it was made', () => {
    const b = setup([psRow('1001', 'Rivera, Ana', 3), psRow('1004', 'Diaz, Eva', 16, { email: '' })]);
    expect(runToEnd(b).status).toBe('done');
    expect(importCsv(b, csv([psRow('1001', 'Rivera, Ana', 3), psRow('1004', 'Diaz, Eva', 16, { email: 'eva.mom@example.org' })])).ok).toBe(
      true,
    );
    // Gmail's daily limit is reached at the first draft: the job waits for the next day.
    const rt = b.ws.rt;
    const quota = (service: string, method: string) => {
      if (!whileMakingDrafts(service, method)) return;
      rt.callHooks.splice(rt.callHooks.indexOf(quota), 1);
      throw rt.error('API call to gmail.users.drafts.create failed with error: Daily Limit Exceeded', 'GoogleJsonResponseException');
    };
    rt.callHooks.push(quota);
    expect(runToEnd(b).status).toBe('paused');
    const why = () => b.ws.values('Phone or mail follow-up').map((r) => [r[0], r[7]]);
    expect(why()).toEqual([
      ['Student ID', 'Why no draft'],
      ['1004', 'Has an email now: a draft was planned on 2026-11-23'],
    ]);
    b.advance(26 * HOUR);
    expect(b.scriptRun<Outcome<Progress>>('outreachStatus').result!.status).toBe('done');
    expect(why()).toEqual([
      ['Student ID', 'Why no draft'],
      ['1004', 'Has an email now: a Gmail draft was made on 2026-11-24'],
    ]);
  });

  /** Eva's mother's email is added; the job drafts to her, logs it and is cut off before it marks her row. */
  function cutOffAfterLoggingTheDraft(b: LoadedBundle): void {
    expect(runToEnd(b).status).toBe('done');
    expect(importCsv(b, csv([psRow('1001', 'Rivera, Ana', 3), psRow('1004', 'Diaz, Eva', 16, { email: 'eva.mom@example.org' })])).ok).toBe(
      true,
    );
    // Apps Script stops the execution after the batch's Outreach log row is written (the first write
    // after the draft), at the next write: the one that would have changed Eva's row.
    const rt = b.ws.rt;
    let drafted = false;
    let writes = 0;
    const cutOff = (service: string, method: string) => {
      if (whileMakingDrafts(service, method)) drafted = true;
      if (!drafted || service !== 'SpreadsheetApp' || method !== 'Range.setValues' || ++writes < 2) return;
      rt.callHooks.splice(rt.callHooks.indexOf(cutOff), 1);
      rt.current!.killed = true;
      throw new ExecutionTimeout(rt.current!.functionName);
    };
    rt.callHooks.push(cutOff);
    expect(() => runToEnd(b)).toThrow(ExecutionTimeout);
    expect(writes).toBe(2);
    expect(logRows(b).filter((r) => r['Kind'] === 'Email' && r['Student ID'] === '1004')).toHaveLength(1);
    expect(why(b)).toEqual([
      ['Student ID', 'Why no draft'],
      ['1004', 'Has an email now: a draft was planned on 2026-11-23'],
    ]);
  }
  const why = (b: LoadedBundle) => b.ws.values('Phone or mail follow-up').map((r) => [r[0], r[7]]);

  test('an execution cut off after logging the draft, before marking the row: the next one marks it, with the day the draft was made', () => {
    const b = setup([psRow('1001', 'Rivera, Ana', 3), psRow('1004', 'Diaz, Eva', 16, { email: '' })]);
    cutOffAfterLoggingTheDraft(b);
    // The clock takes the job over the next day, once the cut-off execution's lease has expired.
    b.advance(26 * HOUR);
    expect(b.scriptRun<Outcome<Progress>>('outreachStatus').result!.status).toBe('done');
    expect(why(b)).toEqual([
      ['Student ID', 'Why no draft'],
      ['1004', 'Has an email now: a Gmail draft was made on 2026-11-23'],
    ]);
    expect(jobRecord(b).emailNow).toBe(0);
    expectNoDuplicates(b);
  });

  test('... and when the job is stopped after that cut-off, stopping marks it', () => {
    const b = setup([psRow('1001', 'Rivera, Ana', 3), psRow('1004', 'Diaz, Eva', 16, { email: '' })]);
    cutOffAfterLoggingTheDraft(b);
    b.ws.rt.now += 8 * 60 * 1000;
    expect(b.scriptRun<Outcome<Progress>>('outreachStop').result!.status).toBe('stopped');
    expect(why(b)).toEqual([
      ['Student ID', 'Why no draft'],
      ['1004', 'Has an email now: a Gmail draft was made on 2026-11-23'],
    ]);
    expectNoDuplicates(b);
  });

  test('drafts to students who were never listed leave the sheet as it was', () => {
    const b = setup([psRow('1001', 'Rivera, Ana', 3), psRow('1004', 'Diaz, Eva', 16, { email: '' })]);
    expect(runToEnd(b).status).toBe('done');
    const before = b.ws.values('Phone or mail follow-up');
    // Ana moves to L3: a new draft for her; Eva still has no email.
    expect(importCsv(b, csv([psRow('1001', 'Rivera, Ana', 9), psRow('1004', 'Diaz, Eva', 16, { email: '' })])).ok).toBe(true);
    expect(runToEnd(b).made.drafts).toBe(1);
    expect(b.ws.values('Phone or mail follow-up')).toEqual(before);
  });
});

describe('a family whose guardian email changed after their draft was made', () => {
  test('the next import names the students whose Gmail draft is addressed to the old email; others are not named', () => {
    const b = setup([
      psRow('1001', 'Rivera, Ana', 3),
      psRow('1002', 'Chen, Wei', 8),
      psRow('1003', 'Ali, Omar', 4),
      psRow('1004', 'Diaz, Eva', 16, { email: '' }),
      psRow('1006', 'Lee, Sam', 0),
    ]);
    expect(runToEnd(b).made.drafts).toBe(3);
    // Ana's and Wei's families gave a new email (Wei's none at all); Eva's mother added one (no draft
    // was made to her); Sam (L1) had no draft; Omar's stays.
    const out = importCsv(
      b,
      csv([
        psRow('1001', 'Rivera, Ana', 3, { email: 'ana.mom@example.org' }),
        psRow('1002', 'Chen, Wei', 8, { email: '' }),
        psRow('1003', 'Ali, Omar', 4, { email: '1003@EXAMPLE.org' }),
        psRow('1004', 'Diaz, Eva', 16, { email: 'eva.mom@example.org' }),
        psRow('1006', 'Lee, Sam', 0, { email: 'sam.dad@example.org' }),
      ]),
    );
    expect(out.ok).toBe(true);
    expect(out.result!.warnings).toEqual([
      'The guardian email of 2 students changed since the last import, and Prepare outreach already made Gmail drafts to the old address: ' +
        'Ana Rivera (1001) and Wei Chen (1002). Outreach makes one draft per level, so a draft not sent yet still goes to the old address: ' +
        'in Gmail, correct its To line to the email on the Roster, or delete it.',
    ]);
    // What is kept of the import (document properties) counts them and names no student.
    const kept = b.run<{ ok: boolean; result: { warnings: string[] } }>('lastImport').result.warnings;
    expect(kept).toEqual([
      expect.stringMatching(/^The guardian email of 2 students changed .* to the old address \(named when the file was imported\)\. /),
    ]);
    expect(JSON.stringify(kept)).not.toMatch(/Rivera|Chen|1001|1002/);
    // The next outreach makes no second draft for the same level: the warning is the one place it is said.
    expect(runToEnd(b).made.drafts).toBe(1);
    // An import with the same emails says nothing more.
    expect(
      importCsv(
        b,
        csv([
          psRow('1001', 'Rivera, Ana', 3, { email: 'ana.mom@example.org' }),
          psRow('1002', 'Chen, Wei', 8, { email: '' }),
          psRow('1003', 'Ali, Omar', 4),
          psRow('1004', 'Diaz, Eva', 16, { email: 'eva.mom@example.org' }),
          psRow('1006', 'Lee, Sam', 0, { email: 'sam.dad@example.org' }),
        ]),
      ).result!.warnings,
    ).toEqual([]);
  });
});

describe('Google limits', () => {
  /** Gmail answers the next draft with `message`, once. */
  function gmailSaysOnce(b: LoadedBundle, message: string): void {
    const rt = b.ws.rt;
    const hook = (service: string, method: string) => {
      if (!whileMakingDrafts(service, method)) return;
      rt.callHooks.splice(rt.callHooks.indexOf(hook), 1);
      throw rt.error(`API call to gmail.users.drafts.create failed with error: ${message}`, 'GoogleJsonResponseException');
    };
    rt.callHooks.push(hook);
  }

  test.each(['User-rate limit exceeded', 'Rate Limit Exceeded', 'Service invoked too many times in a short time: gmail'])(
    'a per-minute limit (%s) pauses the job for an hour, not a day',
    (message) => {
      const b = setup(many(60));
      gmailSaysOnce(b, message);
      const out = runToEnd(b);
      expect(out.status).toBe('paused');
      expect(out.message).toMatch(/^Google asked the toolkit to slow down/);
      expect(out.message).toMatch(/continues by itself within the hour/);
      expect(duties(b).outreach - b.ws.rt.now).toBeLessThanOrEqual(HOUR);
      b.advance(2 * HOUR);
      expect(b.scriptRun<Outcome<Progress>>('outreachStatus').result!.status).not.toBe('paused');
      for (let hours = 0; b.scriptRun<Outcome<Progress>>('outreachStatus').result!.status === 'running' && hours < 24; hours++)
        b.advance(HOUR);
      expect(b.scriptRun<Outcome<Progress>>('outreachStatus').result!.status).toBe('done');
      expectNoDuplicates(b);
      expect(b.failures).toEqual([]);
    },
  );

  test.each(['Service invoked too many times for one day: gmail.', 'Daily Limit Exceeded'])(
    'a daily limit (%s) pauses the job until the next day',
    (message) => {
      const b = setup(many(60));
      gmailSaysOnce(b, message);
      const out = runToEnd(b);
      expect(out.status).toBe('paused');
      expect(out.message).toMatch(/^Google's daily limit was reached/);
      expect(duties(b).outreach - b.ws.rt.now).toBeGreaterThanOrEqual(23 * HOUR);
    },
  );
});

describe('what the job says it made', () => {
  test('students added to follow-ups already on the calendar are not counted as new follow-ups', () => {
    const b = setup(SMALL);
    expect(runToEnd(b).made.events).toBe(2);
    // A new L2 student the same day: their follow-up goes on the week's event, already on the calendar.
    expect(importCsv(b, csv([...SMALL, psRow('1008', 'Ng, Bo', 3)])).ok).toBe(true);
    const again = runToEnd(b);
    expect(again.status).toBe('done');
    expect(again.made).toMatchObject({ followUps: 1, events: 0 });
    expect(again.message).toMatch(/, 1 student added to Calendar follow-ups already on the calendar\.$/);
    expect(plugins(b).calendar.eventsOf(b.ws.user)).toHaveLength(2);
  });

  test('a count of one is said in the singular', () => {
    const done = runToEnd(setup([psRow('1001', 'Rivera, Ana', 3)]));
    expect(done.made).toMatchObject({ letters: 1, documents: 1, drafts: 1, followUps: 1, events: 1 });
    expect(done.message).toBe('Done: 1 letter and call-sheet page in 1 document, 1 Gmail draft, 1 student on 1 Calendar follow-up.');
  });
});

describe('a student whose level a later export corrects down, after outreach at the higher level', () => {
  const b = setup(SMALL);
  runToEnd(b);
  // Wei's days absent are corrected from 8 (L3) to 4 (L2); a new student joins at L2.
  const corrected = SMALL.map((r) => (r[0] === '1002' ? psRow('1002', 'Chen, Wei', 4, { language: 'Spanish' }) : r));
  expect(importCsv(b, csv([...corrected, psRow('1008', 'Ng, Bo', 3)])).ok).toBe(true);
  const draftsBefore = plugins(b).gmail.draftsOf(b.ws.user).length;

  test('a student corrected from L3 down to L2 after the L3 letters gets no L2 outreach, and the preview says one student was skipped because they had L3 outreach already', () => {
    const p = b.scriptRun<Outcome<any>>('outreachPreview', {}).result;
    const skipped = p.counts.skipped.find((s: any) => s.reason === 'had-higher-level');
    expect(skipped).toEqual({
      reason: 'had-higher-level',
      label: 'Already had L3 outreach this school year, above their level now: nothing milder after it',
      count: 1,
    });
    expect(p.counts.drafts).toBe(1);
    expect(p.samples.every((s: any) => !/Wei/.test(s.text))).toBe(true);
  });

  test('the job does what the preview said: Bo gets the L2 outreach, Wei nothing; the job says so without naming anyone', () => {
    const done = runToEnd(b);
    expect(done.status).toBe('done');
    expect(done.made).toMatchObject({ letters: 1, drafts: 1, followUps: 1 });
    expect(done.message).toMatch(
      / 1 student got nothing new: they already had L3 outreach this school year, above their level now \(a milder letter after a sterner one would confuse the family\)\.$/,
    );
    expect(JSON.stringify(jobRecord(b))).not.toMatch(/Wei|Chen|1002/);
    expect(logRows(b).filter((r) => r['Student ID'] === '1002' && r['Tier at the time'] === 'L2')).toEqual([]);
    expect(
      logRows(b)
        .filter((r) => r['Student ID'] === '1008')
        .map((r) => r['Kind'])
        .sort(),
    ).toEqual(['Calendar follow-up', 'Email', 'Phone call sheet']);
    expect(plugins(b).gmail.draftsOf(b.ws.user)).toHaveLength(draftsBefore + 1);
    expectNoDuplicates(b);
  });

  test("moved up later to a level not done yet (L4), they get that level's outreach as usual", () => {
    const up = SMALL.map((r) => (r[0] === '1002' ? psRow('1002', 'Chen, Wei', 12, { language: 'Spanish' }) : r));
    expect(importCsv(b, csv([...up, psRow('1008', 'Ng, Bo', 3)])).ok).toBe(true);
    const p = b.scriptRun<Outcome<any>>('outreachPreview', {}).result;
    expect(p.counts.skipped.find((s: any) => s.reason === 'had-higher-level').count).toBe(0);
    const done = runToEnd(b);
    expect(done.message).not.toMatch(/got nothing new/);
    expect(
      logRows(b)
        .filter((r) => r['Student ID'] === '1002' && r['Tier at the time'] === 'L4')
        .map((r) => r['Kind'])
        .sort(),
    ).toEqual(['Calendar follow-up', 'Email', 'Phone call sheet', 'Superintendent letter']);
    expectNoDuplicates(b);
  });
});
