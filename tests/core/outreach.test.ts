/** The outreach rules in the core: who gets what, templates, literal merging, email, follow-up rhythm. */
import { checkGuardianEmail, buildMessage, isValidEmail, rawMessage } from '../../src/core/outreach/email';
import { eventDescription, eventId, followUpStudent } from '../../src/core/outreach/follow-up';
import { jobSize, paceLeft } from '../../src/core/outreach/pace';
import {
  fieldKey,
  fieldValue,
  makeFields,
  mergeEdits,
  mergesToNothing,
  mergeText,
  unknownPlaceholders,
} from '../../src/core/outreach/merge';
import {
  dueDate,
  FIELD_NAMES,
  highestLevelMade,
  higherLevelNote,
  itemKey,
  LANGUAGE_HELP,
  languageNote,
  outsideOwnersNote,
  Plan,
  planOutreach,
  PlanInput,
  sameYearKey,
  studentFields,
  typicalDaysAbsent,
} from '../../src/core/outreach/plan';
import {
  builtInTemplateRows,
  DEFAULT_TEMPLATES,
  readTemplateRows,
  splitEmailTemplate,
  templateText,
} from '../../src/core/outreach/templates';
import { DEFAULT_SETTINGS, Settings } from '../../src/core/settings';
import { Student } from '../../src/core/student';
import { tierFor } from '../../src/core/tiers';
import { shownDescription } from '../../src/emulator/calendar';
import { parseMessage } from '../../src/emulator/gmail';

function student(id: string, daysAbsent: number, extra: Partial<Student> = {}): Student {
  return {
    id,
    name: `Student ${id}`,
    firstName: `First${id}`,
    lastName: 'Last',
    grade: '5',
    school: 'Oak Street School',
    schoolId: '1',
    guardian: `Guardian ${id}`,
    homePhone: '(203) 555-0100',
    guardianEmail: `family${id}@example.org`,
    homeLanguage: 'English',
    ethnicity: '',
    gender: '',
    englishLearner: 'No',
    specialEducation: 'No',
    caseOwner: '',
    daysEnrolled: 58,
    daysAbsent,
    attendanceRate: (58 - daysAbsent) / 58,
    tier: tierFor(daysAbsent),
    chronic: daysAbsent >= 5.8,
    ...extra,
  };
}

function plan(students: Student[], over: Partial<PlanInput> = {}, settings: Settings = DEFAULT_SETTINGS): Plan {
  return planOutreach({
    students,
    settings,
    options: settings.outreach,
    templates: builtInTemplateRows(),
    done: new Set(),
    today: '2026-11-23',
    runner: 'clerk@district.example.org',
    ...over,
  });
}

const kinds = (p: Plan, id: string) =>
  p.items
    .filter((i) => i.studentId === id)
    .map((i) => i.kind)
    .sort();

describe("each tier gets the toolkit's outreach", () => {
  test('an L1 student gets nothing', () => {
    expect(plan([student('1', 1)]).items).toEqual([]);
  });

  test('an L2 student gets a call sheet with the parent script, a Gmail draft and a follow-up after a week', () => {
    const p = plan([student('2', 3)]);
    expect(kinds(p, '2')).toEqual(['call-sheet', 'email', 'follow-up']);
    const follow = p.items.find((i) => i.kind === 'follow-up')!;
    expect(follow.due).toBe('2026-11-30');
  });

  test('an L3 student gets a call sheet, a draft and a success-plan check-in', () => {
    const p = plan([student('3', 8)]);
    expect(kinds(p, '3')).toEqual(['call-sheet', 'email', 'follow-up']);
    expect(eventDescription(p.items.filter((i) => i.kind === 'follow-up').map(followUpStudent), 'log')).toMatch(/Success plan check-in/);
  });

  test("a follow-up lists each student's days absent, one day in the singular", () => {
    const s = { tier: 'L2' as const, school: 'Oak', studentName: 'Ana Rivera', studentId: '1' };
    const description = shownDescription(
      eventDescription(
        [
          { ...s, daysAbsent: '1' },
          { ...s, studentId: '2', daysAbsent: '3' },
        ],
        'log',
      ),
    ).text;
    expect(description).toMatch(/^\* Ana Rivera \(1\), Oak, 1 day absent$/m);
    expect(description).toMatch(/^\* Ana Rivera \(2\), Oak, 3 days absent$/m);
  });

  test('a name written as HTML shows in the follow-up as the text it is, never as markup or a link (Calendar reads descriptions as HTML)', () => {
    const name = '<a href="https://evil.example/login">Open the student panel</a> <b>Ana</b> & <i>';
    const shown = shownDescription(
      eventDescription([{ tier: 'L2', school: 'Oak & <Elm>', studentName: name, studentId: '1', daysAbsent: '3' }], 'log'),
    );
    expect(shown.text).toMatch(
      /^\* <a href="https:\/\/evil\.example\/login">Open the student panel<\/a> <b>Ana<\/b> & <i> \(1\), Oak & <Elm>, 3 days absent$/m,
    );
    expect(shown.links).toEqual([]);
    // The agenda keeps its indent.
    expect(shown.text).toMatch(/^\u00a0\u00a0- /m);
  });

  test('an L4 student gets a Superintendent letter, a mentor referral and a bi-weekly follow-up', () => {
    const p = plan([student('4', 12)]);
    expect(kinds(p, '4')).toEqual(['call-sheet', 'email', 'follow-up', 'superintendent-letter']);
    const follow = p.items.find((i) => i.kind === 'follow-up')!;
    expect(follow.due).toBe('2026-12-07');
    const description = eventDescription([followUpStudent(follow)], 'log');
    expect(description).toMatch(/Bi-weekly partner and referral update/);
    expect(description).toMatch(/Mentor referral \(NHPS\/Governor's Partnership\)/);
    const sheet = DEFAULT_TEMPLATES.find((t) => t.tier === 'L4' && t.kind === 'call-sheet' && t.language === 'English')!;
    expect(templateText(sheet)).toMatch(/mentor referral/i);
  });

  test('L5 and L6 students get the parent phone call (a call sheet), a letter of attendance, a draft and a bi-weekly follow-up', () => {
    const p = plan([student('5', 16), student('6', 22)]);
    expect(kinds(p, '5')).toEqual(['attendance-letter', 'call-sheet', 'email', 'follow-up']);
    expect(kinds(p, '6')).toEqual(['attendance-letter', 'call-sheet', 'email', 'follow-up']);
  });

  test("a Spanish call sheet gives staff its steps in English, the script in Spanish with the English beside it, and the family's home language", () => {
    const sheet = templateText(DEFAULT_TEMPLATES.find((t) => t.tier === 'L3' && t.kind === 'call-sheet' && t.language === 'Spanish')!);
    expect(sheet).toContain('Home language: {{Home language}}');
    expect(sheet).toContain('What to say (in Spanish)\n"Hola. {{First name}} ha faltado');
    expect(sheet).toContain('In English: "Hello. {{First name}} has missed');
    expect(sheet).toContain('After the call\nWrite down why the child was out.');
    expect(sheet).toContain('plan de éxito');
  });

  test('letters are merged per school and kind; follow-ups are one event per owner per due date', () => {
    const s = [student('a', 3), student('b', 4), student('c', 3, { school: 'Elm Grove School' }), student('d', 12)];
    const p = plan(s);
    expect(p.counts.documents).toBe(3); // call sheets at Oak and Elm, Superintendent letters at Oak
    expect(new Set(p.items.filter((i) => i.kind === 'follow-up').map((i) => i.group)).size).toBe(2); // due in 1 and 2 weeks
    expect(p.counts.events).toBe(2);
  });

  test('the follow-up owner is the case owner, else the school attendance lead, else the person running it', () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      schools: [{ name: 'Oak Street School', schoolId: '1', attendanceLead: 'lead@x.org', principal: '', officePhone: '' }],
    };
    const p = plan(
      [student('a', 3, { caseOwner: 'owner@x.org' }), student('b', 3), student('c', 3, { school: 'Other School', schoolId: '9' })],
      {},
      settings,
    );
    const owners = Object.fromEntries(p.items.filter((i) => i.kind === 'follow-up').map((i) => [i.studentId, i.owner]));
    expect(owners).toEqual({ a: 'owner@x.org', b: 'lead@x.org', c: 'clerk@district.example.org' });
  });

  test("a case owner at gmial.com is not invited: their students go on the school attendance lead's follow-up, and the plan names the address", () => {
    // Staff domains: the Settings sheet's leads and principals, and the person running it (clerk@district.example.org).
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      schools: [
        {
          name: 'Oak Street School',
          schoolId: '1',
          attendanceLead: 'lead@district.example.org',
          principal: 'head@k12.example.net',
          officePhone: '',
        },
      ],
    };
    const p = plan(
      [
        student('typo', 3, { caseOwner: 'jsmith@gmial.com' }),
        student('typo2', 8, { caseOwner: ' JSmith@Gmial.com ' }),
        student('parent', 3, { caseOwner: 'Mom@example.com', school: 'Other School', schoolId: '9' }),
        student('sub', 3, { caseOwner: 'ana@students.district.example.org' }),
        student('staff', 3, { caseOwner: 'jsmith@district.example.org' }),
        student('principal-domain', 3, { caseOwner: 'ben@k12.example.net' }),
      ],
      {},
      settings,
    );
    const owners = Object.fromEntries(p.items.filter((i) => i.kind === 'follow-up').map((i) => [i.studentId, i.owner]));
    expect(owners).toEqual({
      typo: 'lead@district.example.org',
      typo2: 'lead@district.example.org',
      // No lead at that school: the follow-up is the runner's own, as for a student without a case owner.
      parent: 'clerk@district.example.org',
      // A domain is the staff domain itself, not anything ending in it.
      sub: 'lead@district.example.org',
      staff: 'jsmith@district.example.org',
      'principal-domain': 'ben@k12.example.net',
    });
    expect(p.outsideOwners).toEqual(['ana@students.district.example.org', 'jsmith@gmial.com', 'mom@example.com']);
    const note = outsideOwnersNote(p.outsideOwners);
    expect(note).toMatch(/^The Case owners ana@students\.district\.example\.org, jsmith@gmial\.com and mom@example\.com are not invited/);
    // Addresses, never students.
    expect(note).not.toMatch(/Student|typo|parent/);
    expect(outsideOwnersNote(['jsmith@gmial.com'])).toMatch(/^The Case owner jsmith@gmial\.com is not invited to Calendar follow-ups: /);
    expect(outsideOwnersNote([])).toBe('');
  });

  test("the runner's domain counts only when Google gives their email: with no staff address known, no case owner is invited", () => {
    const p = plan([student('a', 3, { caseOwner: 'ana@district.example.org' })], {
      runner: 'user key 0123456789ab (email hidden by Google)',
    });
    expect(p.items.find((i) => i.kind === 'follow-up')!.owner).toBe('');
    expect(p.outsideOwners).toEqual(['ana@district.example.org']);
    const known = plan([student('a', 3, { caseOwner: 'ana@district.example.org' })]);
    expect(known.items.find((i) => i.kind === 'follow-up')!.owner).toBe('ana@district.example.org');
    expect(known.outsideOwners).toEqual([]);
  });

  test("a principal listed by a gmail.com address does not make every gmail.com address staff: a parent's stays uninvited", () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      schools: [{ name: 'Oak Street School', schoolId: '1', attendanceLead: '', principal: 'oak.principal@gmail.com', officePhone: '' }],
    };
    const p = plan([student('a', 3, { caseOwner: 'parent.of.a@gmail.com' })], {}, settings);
    expect(p.items.find((i) => i.kind === 'follow-up')!.owner).toBe('clerk@district.example.org');
    expect(p.outsideOwners).toEqual(['parent.of.a@gmail.com']);
    expect(outsideOwnersNote(p.outsideOwners)).toContain('a public mail service such as gmail.com never counts');
  });

  test('only the case owners of follow-ups this plan makes are named (not those already made, nor with follow-ups off)', () => {
    const students = [student('a', 3, { caseOwner: 'jsmith@gmial.com' })];
    const done = new Set([itemKey(DEFAULT_SETTINGS.schoolYearStart, 'a', 'L2', 'follow-up')]);
    expect(plan(students, { done }).outsideOwners).toEqual([]);
    expect(plan(students, { options: { ...DEFAULT_SETTINGS.outreach, followUps: false } }).outsideOwners).toEqual([]);
    expect(plan(students).outsideOwners).toEqual(['jsmith@gmial.com']);
  });

  test('follow-ups due on a weekend move to Monday', () => {
    expect(dueDate('2026-11-21', 7)).toBe('2026-11-30'); // Saturday + 7 = Saturday -> Monday
    expect(dueDate('2026-11-22', 14)).toBe('2026-12-07'); // Sunday -> Monday
  });
});

describe('templates by home language', () => {
  test('a Spanish-speaking family gets the Spanish template', () => {
    const p = plan([student('s', 8, { homeLanguage: 'Spanish' })]);
    expect(p.items.filter((i) => i.kind !== 'follow-up').map((i) => i.language)).toEqual(['Spanish', 'Spanish']);
    expect(fieldValue(p.items[1].fields, 'Date')).toBe('23 de noviembre de 2026');
  });

  test('"es" and "Español" are Spanish too; a language without a template gets English, and the preview says so', () => {
    const p = plan([
      student('a', 3, { homeLanguage: 'Español' }),
      student('b', 3, { homeLanguage: 'Arabic' }),
      student('c', 3, { homeLanguage: 'Arabic' }),
    ]);
    expect(p.items.find((i) => i.studentId === 'a' && i.kind === 'email')!.language).toBe('Spanish');
    expect(p.items.find((i) => i.studentId === 'b' && i.kind === 'email')!.language).toBe('English');
    expect(p.counts.languages).toEqual([{ language: 'Arabic', students: 2, uses: 'English' }]);
  });

  test('the preview counts students, not families: two siblings are two students with their own outreach', () => {
    const family = { homeLanguage: 'Arabic', guardian: 'Samira Haddad', guardianEmail: 'samira@example.com' };
    const p = plan([student('b', 3, family), student('c', 7, family)]);
    expect(p.counts.languages).toEqual([{ language: 'Arabic', students: 2, uses: 'English' }]);
    expect(p.counts.languages.map(languageNote)).toEqual([
      'The outreach for 2 students with home language Arabic is in English: there is no Arabic template.',
    ]);
    expect(languageNote({ language: 'Somali', students: 1, uses: 'English' })).toBe(
      'The outreach for 1 student with home language Somali is in English: there is no Somali template.',
    );
  });

  test('the Templates sheet: rows by tier, kind and language; a pasted document address gives its ID; bad rows are reported', () => {
    const { rows, problems } = readTemplateRows([
      ['Tier', 'Kind', 'Language', 'Doc ID', 'About'],
      ['L2', 'Phone call sheet', 'Spanish', 'https://docs.google.com/document/d/abc123_-XYZ/edit', ''],
      ['L1', 'Email', 'English', 'x', ''],
      ['L3', 'Postcard', 'English', 'y', ''],
    ]);
    expect(rows).toEqual([{ tier: 'L2', kind: 'call-sheet', language: 'Spanish', docId: 'abc123_-XYZ', row: 2 }]);
    expect(problems.map((p) => p.row)).toEqual([3, 4]);
  });
});

describe('emails', () => {
  test('missing and invalid guardian emails are skipped and listed for a call or a letter instead', () => {
    const p = plan([
      student('a', 3, { guardianEmail: '' }),
      student('b', 3, { guardianEmail: 'n/a' }),
      student('c', 3, { guardianEmail: 'ana@gmail' }),
    ]);
    expect(p.items.filter((i) => i.kind === 'email')).toEqual([]);
    expect(p.noEmail.map((r) => [r.studentId, r.reason])).toEqual([
      ['a', 'no-email'],
      ['b', 'invalid-email'],
      ['c', 'invalid-email'],
    ]);
    expect(Object.fromEntries(p.counts.skipped.map((s) => [s.reason, s.count]))).toEqual({
      'no-email': 1,
      'invalid-email': 2,
      'already-contacted': 0,
      'had-higher-level': 0,
    });
    // They still get their call sheet and follow-up.
    expect(kinds(p, 'a')).toEqual(['call-sheet', 'follow-up']);
  });

  test.each([
    ['ana.rivera@example.org', true],
    ["o'brien+school@mail.example.co.uk", true],
    ['ana@gmail', false],
    ['none', false],
    ['ana rivera@example.org', false],
    ['ana@-bad.org', false],
    ['a@b.c', false],
    ['<script>@x.org', false],
  ])('%s is %s', (address, ok) => {
    expect(isValidEmail(address)).toBe(ok);
  });

  test('several addresses in one cell are all used; one bad address makes the cell invalid', () => {
    expect(checkGuardianEmail('A@x.org; b@y.org')).toEqual({ ok: true, addresses: ['a@x.org', 'b@y.org'] });
    expect(checkGuardianEmail('a@x.org, nope')).toEqual({ ok: false, reason: 'invalid-email' });
  });

  test('the message is RFC 2822 in UTF-8: accented names and subjects survive, line breaks cannot inject headers', () => {
    const raw = buildMessage({
      to: ['maria@example.org'],
      toName: 'María "Mamá" Núñez',
      subject: 'Asistencia de José\r\nBcc: evil@x.org',
      text: 'Hola María,\n\n¿Cómo está?',
      headers: { 'X-Attendance-Toolkit-Key': 'k%7C1' },
    });
    expect(raw).not.toMatch(/^Bcc:/m);
    const parsed = parseMessage(raw);
    expect(parsed.to).toEqual(['maria@example.org']);
    expect(parsed.subject).toBe('Asistencia de José Bcc: evil@x.org');
    expect(parsed.text).toBe('Hola María,\r\n\r\n¿Cómo está?');
    expect(Buffer.from(rawMessage({ to: ['a@b.org'], subject: 's', text: 't' }), 'base64url').toString()).toMatch(/^To: a@b.org\r\n/);
  });

  test('a name that looks like an encoded word ("=?UTF-8?B?...?=") shows as typed, not decoded into other words', () => {
    const lookalike = `=?UTF-8?B?${Buffer.from('Your child is expelled').toString('base64')}?=`;
    const raw = buildMessage({ to: ['a@x.org'], toName: `${lookalike} Núñez`, subject: `${lookalike}'s attendance`, text: 't' });
    expect(parseMessage(raw).subject).toBe(`${lookalike}'s attendance`);
    // The name is sent encoded too: mail programs decode encoded words even inside a quoted name.
    expect(raw).toMatch(/^To: =\?UTF-8\?B\?/m);
    expect(raw).not.toContain(lookalike);
  });

  test('an email template starts with its subject line', () => {
    expect(splitEmailTemplate('Subject: Hi {{First name}}\nDear you,\n\nText')).toEqual({
      subject: 'Hi {{First name}}',
      body: 'Dear you,\n\nText',
    });
    expect(splitEmailTemplate('Asunto: Hola\nCuerpo').subject).toBe('Hola');
  });
});

describe('placeholders merge literally', () => {
  const hostile = 'Ana $1 $& $$ \\1 \\ {{School}} (.*)+? [a-z]^ <b>bold</b> <script>alert(1)</script>';
  const fields = makeFields({ 'Student name': hostile, School: 'Oak' });

  test('values with $, \\, {{, regex characters and HTML are inserted as they are, never scanned again', () => {
    expect(mergeText('Dear {{Student name}} at {{School}}.', fields)).toBe(`Dear ${hostile} at Oak.`);
  });

  test('names match whatever their case and spacing; unknown names are reported, not silently dropped', () => {
    expect(mergeText('{{student  NAME}}|{{ School }}', fields)).toBe(`${hostile}|Oak`);
    expect(unknownPlaceholders('{{Student name}} {{Favourite colour}} {{Days Absent}}', FIELD_NAMES)).toEqual(['Favourite colour']);
  });

  test('in-place edits (for documents) apply last first and give the same text', () => {
    const text = 'A {{School}} B {{Student name}} C';
    let out = text;
    for (const e of mergeEdits(text, fields)) out = out.slice(0, e.start) + e.value + out.slice(e.end);
    expect(out).toBe(mergeText(text, fields));
  });
});

describe('never twice', () => {
  test('keys already in the Outreach log are not planned again; the preview counts them as already contacted', () => {
    const s = [student('a', 3), student('b', 12)];
    const first = plan(s);
    const again = plan(s, { done: new Set(first.items.map((i) => i.key)) });
    expect(again.items).toEqual([]);
    expect(again.counts.skipped.find((x) => x.reason === 'already-contacted')!.count).toBe(2);
  });

  test('a school year start corrected during the year is the same school year: nothing is made again; a new year starts afresh', () => {
    const s = [student('a', 3), student('b', 12)];
    const first = plan(s);
    const done = new Set(first.items.map((i) => i.key));
    const corrected = plan(s, { done }, { ...DEFAULT_SETTINGS, schoolYearStart: '2026-08-24' });
    expect(corrected.items).toEqual([]);
    expect(corrected.counts.skipped.find((x) => x.reason === 'already-contacted')!.count).toBe(2);
    const nextYear = plan(s, { done, today: '2027-11-23' }, { ...DEFAULT_SETTINGS, schoolYearStart: '2027-08-26' });
    expect(nextYear.items.length).toBe(first.items.length);
    expect(sameYearKey('2027-01-04|a|L2|email')).toBe('2026|a|L2|email');
  });

  test("a student who moves up a tier gets the new tier's outreach", () => {
    const before = plan([student('a', 4)]);
    const after = plan([student('a', 7)], { done: new Set(before.items.map((i) => i.key)) });
    expect(after.items.map((i) => [i.tier, i.kind]).sort()).toEqual([
      ['L3', 'call-sheet'],
      ['L3', 'email'],
      ['L3', 'follow-up'],
    ]);
    expect(itemKey('2026-08-27', 'a/b', 'L3', 'email')).toBe('2026-08-27|a%2Fb|L3|email');
  });

  test('a student corrected from L3 down to L2 after the L3 letters gets no L2 outreach, and the preview says one student was skipped because they had L3 outreach already', () => {
    const l3 = plan([student('a', 7), student('b', 7)]);
    // A later export corrects Ana's days absent (7 to 4): L2. Ben stays at L3.
    const corrected = plan([student('a', 4), student('b', 7), student('c', 4)], { done: new Set(l3.items.map((i) => i.key)) });
    expect(kinds(corrected, 'a')).toEqual([]);
    expect(kinds(corrected, 'c')).toEqual(['call-sheet', 'email', 'follow-up']);
    const skipped = Object.fromEntries(corrected.counts.skipped.map((x) => [x.reason, x]));
    expect(skipped['had-higher-level'].count).toBe(1);
    expect(skipped['had-higher-level'].label).toBe(
      'Already had L3 outreach this school year, above their level now: nothing milder after it',
    );
    expect(skipped['already-contacted'].count).toBe(1);
    expect(corrected.counts.skippedTotal).toBe(2);
    expect(corrected.counts.students).toBe(3);
    expect(corrected.higherLevels).toEqual(['L3']);
    // What the job says names no student: a count and the level.
    const note = higherLevelNote(1, corrected.higherLevels);
    expect(note).toBe(
      '1 student got nothing new: they already had L3 outreach this school year, above their level now (a milder letter after a sterner one would confuse the family).',
    );
    expect(note).not.toMatch(/Student a|Firsta/);
    expect(higherLevelNote(0, [])).toBe('');
    expect(higherLevelNote(3, ['L3', 'L5'])).toMatch(/^3 students got nothing new: they already had L3 or L5 outreach/);
  });

  test('any outreach made at the higher level counts (a follow-up alone), and a family without an email is not listed for a call at the lower level', () => {
    const done = new Set([itemKey('2026-08-27', 'a', 'L4', 'follow-up')]);
    const p = plan([student('a', 3, { guardianEmail: '' })], { done });
    expect(p.items).toEqual([]);
    expect(p.noEmail).toEqual([]);
    expect(p.counts.skipped.find((x) => x.reason === 'had-higher-level')!.count).toBe(1);
    expect(p.counts.skipped.find((x) => x.reason === 'no-email')!.count).toBe(0);
  });

  test('a student corrected down who later moves up to a level not done yet gets its outreach; back at the level done, nothing', () => {
    const l3 = plan([student('a', 7)]);
    const done = new Set(l3.items.map((i) => i.key));
    expect(plan([student('a', 4)], { done }).items).toEqual([]);
    const l4 = plan([student('a', 12)], { done });
    expect(l4.items.map((i) => [i.tier, i.kind]).sort()).toEqual([
      ['L4', 'call-sheet'],
      ['L4', 'email'],
      ['L4', 'follow-up'],
      ['L4', 'superintendent-letter'],
    ]);
    const back = plan([student('a', 7)], { done });
    expect(back.items).toEqual([]);
    expect(back.counts.skipped.find((x) => x.reason === 'already-contacted')!.count).toBe(1);
    expect(back.counts.skipped.find((x) => x.reason === 'had-higher-level')!.count).toBe(0);
  });

  test("a higher level's outreach counts for its school year only (a start corrected during the year is the same year)", () => {
    const done = new Set([itemKey('2025-08-28', 'a', 'L5', 'email'), itemKey('2026-08-24', 'a/b', 'L3', 'email')]);
    expect([...highestLevelMade(done, '2026-08-27')]).toEqual([['a%2Fb', 'L3']]);
    const p = plan([student('a', 3), student('a/b', 3)], { done });
    expect(kinds(p, 'a')).toEqual(['call-sheet', 'email', 'follow-up']);
    expect(kinds(p, 'a/b')).toEqual([]);
  });

  test('event IDs are Calendar base32hex, stable for an owner and day, different otherwise', () => {
    const id = eventId('ss1', 'lead@x.org', '2026-11-30');
    expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(eventId('ss1', 'LEAD@x.org', '2026-11-30')).toBe(id);
    expect(eventId('ss1', 'lead@x.org', '2026-12-01')).not.toBe(id);
  });
});

describe("the school's typical days absent", () => {
  test('letters state it in whole days: the median of the students with an absence figure', () => {
    const s = [student('a', 0), student('b', 2), student('c', 3), student('d', 10)];
    expect(typicalDaysAbsent(s).get('Oak Street School')).toBe(2.5);
    const p = plan(s, {}, { ...DEFAULT_SETTINGS, smallGroupSize: 4 });
    expect(fieldValue(p.items.find((i) => i.studentId === 'd' && i.kind === 'email')!.fields, 'School typical days absent')).toBe('3');
  });

  test('only a family whose child missed more than a typical classmate is told the comparison', () => {
    const s = [student('a', 2), student('b', 3), student('c', 4), student('d', 4), student('e', 9)];
    const p = plan(s, {}, { ...DEFAULT_SETTINGS, smallGroupSize: 5 });
    const typical = (id: string) =>
      fieldValue(p.items.find((i) => i.studentId === id && i.kind === 'email')!.fields, 'School typical days absent');
    // The median is 4: a child with 2, 3 or 4 days is not told "a typical student has missed 4".
    expect(['a', 'b', 'c', 'd', 'e'].map(typical)).toEqual(['', '', '', '', '4']);
  });

  test('a school with fewer students with attendance than "Smallest group shown in reports" gets no comparison', () => {
    // At a school of two, the median would tell one family the other child's absences exactly.
    const two = [student('a', 1), student('b', 12)];
    expect(typicalDaysAbsent(two, DEFAULT_SETTINGS.smallGroupSize).has('Oak Street School')).toBe(false);
    const p = plan(two);
    expect(fieldValue(p.items.find((i) => i.studentId === 'b' && i.kind === 'email')!.fields, 'School typical days absent')).toBe('');
    // Students with no attendance reported do not count towards the group.
    const ten = Array.from({ length: 9 }, (_, i) => student(`s${i}`, i)).concat(student('n', 0, { daysAbsent: null }));
    expect(typicalDaysAbsent(ten, 10).size).toBe(0);
    expect(typicalDaysAbsent([...ten, student('t', 4)], 10).get('Oak Street School')).toBe(4);
    // Nor do students with no enrolled days yet (a roster imported before they were not tiered).
    const notEnrolled = ten.slice(0, 9).concat(student('z', 0, { daysEnrolled: 0 }));
    expect(typicalDaysAbsent(notEnrolled, 10).size).toBe(0);
  });

  test('with no comparison, the sentence that gives it is left out and the rest reads as before', () => {
    const fields = makeFields({ 'First name': 'Ana', 'Days absent': '12', School: 'Oak', 'School typical days absent': '' });
    const letter =
      '{{First name}} has missed {{Days absent}} days. A typical student at {{School}} has missed {{School typical days absent}} days.';
    expect(mergeText(letter, fields)).toBe('Ana has missed 12 days.');
    expect(mergeText('Days missed: {{Days absent}}. Lo típico en esta escuela: {{School typical days absent}}.', fields)).toBe(
      'Days missed: 12.',
    );
    expect(mergeText('Typical: {{School typical days absent}} days! Call {{School}} today.', fields)).toBe('Call Oak today.');
    expect(mergeText('{{First name}}\nTypical here: {{School typical days absent}}.\nThanks', fields)).toBe('Ana\n\nThanks');
    // In-place document edits give the same text.
    let out = letter;
    for (const e of mergeEdits(letter, fields)) out = out.slice(0, e.start) + e.value + out.slice(e.end);
    expect(out).toBe(mergeText(letter, fields));
    // With a value, nothing is left out.
    expect(mergeText(letter, { ...fields, [fieldKey('School typical days absent')]: '4' })).toBe(
      'Ana has missed 12 days. A typical student at Oak has missed 4 days.',
    );
  });

  test("letters are signed by the school's attendance team, with the lead's email to write back to, never the email alone", () => {
    const ana = { id: '1', name: 'Ana Rivera', firstName: 'Ana', lastName: 'Rivera', school: 'Oak Street School', guardian: '' } as Student;
    const ctx = { typical: undefined, today: '2026-11-23', superintendent: '', reference: '' };
    const field = (language: string, lead: string) => fieldValue(studentFields(ana, { ...ctx, language, lead }), 'Attendance lead');
    expect(field('English', 'jdoe@district.example.org')).toBe('The attendance team at Oak Street School (jdoe@district.example.org)');
    expect(field('Spanish', 'jdoe@district.example.org')).toBe('El equipo de asistencia de Oak Street School (jdoe@district.example.org)');
    expect(field('English', '')).toBe('The attendance team at Oak Street School');
  });

  test('an English letter to a family with another home language offers help in it; the Spanish letter is signed in Spanish', () => {
    const ana = { id: '1', name: 'Ana Rivera', firstName: 'Ana', school: 'Oak', guardian: '', homePhone: '', daysAbsent: 12 } as Student;
    const ctx = {
      typical: undefined,
      today: '2026-11-23',
      superintendent: DEFAULT_SETTINGS.outreach.superintendent,
      reference: '',
      lead: '',
    };
    const letter = (homeLanguage: string, language: string) => {
      const t = DEFAULT_TEMPLATES.find((x) => x.tier === 'L4' && x.kind === 'superintendent-letter' && x.language === language)!;
      return mergeText(templateText(t), studentFields({ ...ana, homeLanguage }, { ...ctx, language }));
    };
    expect(letter('Arabic', 'English')).toContain(LANGUAGE_HELP);
    expect(letter('English', 'English')).not.toContain(LANGUAGE_HELP);
    // What exports write when the language is not known, or is English with another: no offer.
    for (const notOne of ['Unknown', 'Other', 'Declined to state', 'English/Spanish', 'N/A'])
      expect(letter(notOne, 'English')).not.toContain(LANGUAGE_HELP);
    expect(letter('Spanish', 'Spanish')).not.toContain(LANGUAGE_HELP);
    expect(letter('Spanish', 'Spanish')).toMatch(/El Superintendente de Escuelas$/);
    expect(letter('Arabic', 'English')).toMatch(/The Superintendent of Schools$/);
  });

  test("letters and emails give the school office's number from Settings, and read whole without one", () => {
    const ana = { id: '1', name: 'Ana Rivera', firstName: 'Ana', school: 'Oak', guardian: '', homePhone: '', daysAbsent: 16 } as Student;
    const ctx = { typical: undefined, today: '2026-11-23', superintendent: 'Dr. Smith', reference: '', lead: '' };
    const merged = (kind: string, language: string, phone: string) => {
      const t = DEFAULT_TEMPLATES.find((x) => x.tier === 'L5' && x.kind === kind && x.language === language)!;
      return mergeText(templateText(t), studentFields({ ...ana, homeLanguage: language }, { ...ctx, language, phone }));
    };
    expect(merged('attendance-letter', 'English', '(203) 555-0142')).toContain(
      'Please call the school office this week so we can make a plan together. The number is (203) 555-0142.',
    );
    expect(merged('email', 'Spanish', '(203) 555-0142')).toContain('El número es (203) 555-0142.');
    expect(merged('attendance-letter', 'English', '')).toContain(
      'Please call the school office this week so we can make a plan together.\n',
    );
    expect(merged('email', 'English', '')).not.toMatch(/number is/);
  });

  test('a call sheet for a family with no phone number says so instead of a dangling comma', () => {
    const ana = { id: '1', name: 'Ana Rivera', firstName: 'Ana', school: 'Oak', guardian: 'Maria Rivera', homePhone: '' } as Student;
    const ctx = { typical: undefined, today: '2026-11-23', superintendent: '', reference: '', lead: '' };
    const line = (language: string) => {
      const template = DEFAULT_TEMPLATES.find((t) => t.tier === 'L2' && t.kind === 'call-sheet' && t.language === language)!;
      return mergeText(template.paragraphs[2].text, studentFields(ana, { ...ctx, language, kind: 'call-sheet' }));
    };
    // Call sheets are read by staff: said in English for every family.
    expect(line('English')).toBe('Call: Maria Rivera, no phone number on file.');
    expect(line('Spanish')).toBe('Call: Maria Rivera, no phone number on file.');
    const withPhone = studentFields({ ...ana, homePhone: '(203) 555-0100' }, { ...ctx, language: 'English', kind: 'call-sheet' });
    expect(fieldValue(withPhone, 'Home phone')).toBe('(203) 555-0100');
    // Anywhere else (a team's own letter, the Phone or mail follow-up sheet) the phone stays as on the Roster.
    expect(fieldValue(studentFields(ana, { ...ctx, language: 'Spanish', kind: 'email' }), 'Home phone')).toBe('');
  });

  test('every default template, English and Spanish, reads without it: no comparison, no placeholder, no loose words', () => {
    const fields = makeFields({
      'Student name': 'Ana Rivera',
      'First name': 'Ana',
      School: 'Oak Street School',
      Guardian: 'Maria Rivera',
      'Home phone': '(203) 555-0100',
      'Home language': 'Spanish',
      'Days absent': '12',
      'School typical days absent': '',
      'Language help': '',
      'School phone': '',
      Date: 'November 23, 2026',
      'Attendance lead': 'Ms. Lee',
      Superintendent: 'Dr. Jane Smith',
      Grade: '5',
      Tier: 'L4',
    });
    for (const t of DEFAULT_TEMPLATES) {
      // As the document is merged: a paragraph that merges to nothing (no language help) is left out.
      const text = t.paragraphs
        .filter((x) => !mergesToNothing(x.text, fields))
        .map((x) => mergeText(x.text, fields))
        .join('\n');
      expect(text).not.toMatch(/typical|típic|\{\{| {2}|\. \.|: \.|\s$/im);
      expect(text).toContain('12');
    }
  });
});

describe("a job's size and what is left of it", () => {
  const counts = { letters: [{ total: 120 }, { total: 30 }], documents: 40, drafts: 500, events: 12 };

  test('jobSize: the pages of every letter, and the template documents made before the job', () => {
    expect(jobSize({ counts, perStudent: false, templateDocuments: 26 })).toEqual({
      pages: 150,
      documents: 66,
      drafts: 500,
      events: 12,
      perStudent: false,
    });
    expect(jobSize({ counts, perStudent: true, templateDocuments: 0 }).documents).toBe(40);
  });

  test('paceLeft: what is not made yet at the account of the job; refused drafts are not left to make', () => {
    const planned = jobSize({ counts: { ...counts, documents: 300 }, perStudent: false, templateDocuments: 26 });
    const made = { letters: 100, documents: 26, drafts: 0, events: 0 };
    expect(paceLeft({ planned, made, failed: 0, account: 'consumer' })).toBe(
      "Left: at least 2 days with this window open; about 2 days with it closed (Google's daily limit on documents).",
    );
    // A record of an older version has no plan: nothing is said.
    expect(paceLeft({ made, failed: 0 })).toBe('');
    // Everything made or refused: nothing is left.
    const all = { letters: 150, documents: 326, drafts: 490, events: 12 };
    expect(paceLeft({ planned, made: all, failed: 10, account: 'workspace' })).toBe('');
    expect(paceLeft({ planned, made: all, failed: 0, account: 'workspace' })).toMatch(/^Left: about 5 minutes with this window open/);
  });
});
