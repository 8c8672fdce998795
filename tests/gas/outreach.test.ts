/* eslint-disable @typescript-eslint/no-explicit-any -- dialog results are read as loose JSON, as the page would */
/** Attendance Toolkit > Prepare outreach..., end to end through the built bundle in the emulated Workspace. */
import { LoadedBundle } from '../../src/emulator/bundle';
import { CalendarPlugin } from '../../src/emulator/calendar';
import { DocsPlugin } from '../../src/emulator/docs';
import { DrivePlugin, MIME } from '../../src/emulator/drive';
import { GmailPlugin } from '../../src/emulator/gmail';
import { pluginOf } from '../../src/emulator/plugins';
import { ExecutionTimeout } from '../../src/emulator/runtime';
import { csv, duties, importCsv, psRow, timeTriggers, toolkit } from '../helpers';

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
  return text.split('\n').filter((l) => l.startsWith('Reference: '));
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
    const last = lines.map((l) => l.startsWith('Reference: ')).lastIndexOf(true);
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
  test('counts letters by kind and school, drafts, follow-ups and skipped students, with samples, and creates nothing', () => {
    const b = setup(SMALL);
    const out = b.scriptRun<Outcome<any>>('outreachPreview', {});
    expect(out.ok).toBe(true);
    const p = out.result;
    expect(p.counts.letters.map((l: any) => [l.label, l.total])).toEqual([
      ['Phone call sheet', 4],
      ['Superintendent letter', 1],
      ['Letter of attendance', 2],
    ]);
    expect(p.counts.letters[0].bySchool).toEqual([{ school: 'Oak Street School', count: 4 }]);
    expect(p.counts.drafts).toBe(4);
    expect(p.counts.events).toBe(2);
    expect(Object.fromEntries(p.counts.skipped.map((s: any) => [s.reason, s.count]))).toEqual({
      'no-email': 1,
      'invalid-email': 1,
      'already-contacted': 0,
    });
    expect(p.notes.join(' ')).toMatch(/1 family with home language Arabic get English: there is no Arabic template/);
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
    expect(done.made).toMatchObject({ letters: 7, drafts: 4, followUps: 6, documents: 3, events: 2 });
    expect(done.message).toMatch(
      /^Done: 7 letter and call-sheet pages in 3 documents, 4 Gmail drafts, 6 students on 2 Calendar follow-ups/,
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
    expect(draft.text).toMatch(
      /Ana has missed 3 days of school so far this year\. A typical student at Oak Street School has missed \d+(\.\d)? days\./,
    );
    const events = plugins(b).calendar.eventsOf(b.ws.user);
    const week = events.find((e) => e.start.dateTime!.startsWith('2026-11-30'))!;
    expect(week.description).toMatch(/L2 Alert: Check attendance after a week/);
    expect(week.description).toMatch(/Ana Rivera \(1001\).*#gid=\d+&range=A\d+/);
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
    expect(kindsOf('1004')).toEqual(['Calendar follow-up', 'Letter of attendance']);
    expect(kindsOf('1005')).toEqual(['Calendar follow-up', 'Letter of attendance']);
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

describe('placeholder values are merged literally', () => {
  test('names with $, \\, {{, regex characters and HTML land in letters and drafts exactly as they are', () => {
    const hostile = '$1 $& \\1 \\ {{School}} (.*)+? [a-z]^ <b>x</b>';
    const b = setup([psRow('9001', `Stone, ${hostile}`, 12)]);
    runToEnd(b);
    const sheet = letterDocs(b).find((d) => d.name.startsWith('Phone call sheets'))!;
    expect(sheet.text).toContain(`Call sheet: ${hostile} Stone`);
    expect(sheet.text).toContain(`"Hello. ${hostile} has missed 12 days of school.`);
    const draft = plugins(b).gmail.draftsOf(b.ws.user)[0];
    expect(draft.subject).toBe(`${hostile}'s attendance at Oak Street School`);
    expect(draft.text).toContain(`${hostile} has missed 12 days`);
    expect(plugins(b).calendar.eventsOf(b.ws.user)[0].description).toContain(`${hostile} Stone (9001)`);
  });
});

/** A roster big enough that a job needs several executions. */
function many(n: number, start = 3000): (string | number)[][] {
  return Array.from({ length: n }, (_, i) =>
    psRow(String(start + i), `Family${i % 7}, Kid${i}`, [3, 7, 12, 16, 19][i % 5], { language: i % 3 ? 'English' : 'Spanish' }),
  );
}

describe('resumable and never twice', () => {
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
    b.ws.rt.useQuota('documentsCreated', 250 - 22 - 3);
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
    expect(rest.total).toBe(150 * 3 + 30 - made);
    expectNoDuplicates(b);
  });
});

describe('permissions', () => {
  test('the manifest asks for the narrow scopes the job needs and enables the Gmail and Calendar advanced services', () => {
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
    ]);
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
