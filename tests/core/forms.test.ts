/**
 * The student panel's forms: every field the server checks again before anything is written.
 * One test per rule; each names the field that is wrong and says, in words a clerk can act on,
 * what to do.
 */
import { findSave, KEEP_SAVES, readSaves, saveKeyOf, withSave } from '../../src/core/save-once';
import {
  checkContact,
  checkHomeVisit,
  checkReferral,
  checkSuccessPlan,
  contactEntry,
  CONTACT_METHODS,
  FieldProblem,
  FormContext,
  formOptions,
  homeVisitEntry,
  HOME_VISIT_TYPES,
  inLoggedOrder,
  latestByKey,
  LIMITS,
  LOG_COLUMNS_OF,
  newEntryId,
  referralEntry,
  successPlanEntry,
} from '../../src/core/forms';
import { LogRow } from '../../src/core/logs';
import { SEED_PARTNERS } from '../../src/core/partners';
import { DEFAULT_ABSENCE_REASONS } from '../../src/core/settings';
import { student } from '../fixtures';

const TODAY = '2026-11-23';

function ctx(over: Partial<FormContext> = {}): FormContext {
  return {
    today: TODAY,
    student: student(),
    reasons: [...DEFAULT_ABSENCE_REASONS],
    partners: SEED_PARTNERS.map((p) => ({ ...p })),
    referrals: [],
    plans: [],
    ...over,
  };
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
  reason: 'Designated by school attendance team',
  otherReason: '',
  type: HOME_VISIT_TYPES[0],
  how: 'In person',
  scheduled: 'Yes',
  notes: 'Met mom and Ana at home.',
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
  goals: 'On time every day for two weeks',
  supports: 'Morning check-in; bus pass',
  nextCheckIn: '2026-11-30',
  notes: '',
  ...over,
});

function problems(result: { ok: boolean; problems?: FieldProblem[] }): FieldProblem[] {
  expect(result.ok).toBe(false);
  return result.problems!;
}

function oneProblem(result: { ok: boolean; problems?: FieldProblem[] }, field: string, message: RegExp): void {
  const ps = problems(result);
  expect(ps).toHaveLength(1);
  expect(ps[0].field).toBe(field);
  expect(ps[0].message).toMatch(message);
}

describe('every form checks the student', () => {
  test('a form with no student asks to choose one', () => {
    oneProblem(checkContact(contact({ studentId: '' }), ctx({ student: null })), 'studentId', /Choose a student first/);
  });

  test('a student ID that is not on the Roster is refused, naming the ID', () => {
    const pairs: [(raw: unknown, c: FormContext) => { ok: boolean; problems?: FieldProblem[] }, (o: Record<string, unknown>) => object][] =
      [
        [checkContact, contact],
        [checkHomeVisit, visit],
        [checkReferral, referral],
        [checkSuccessPlan, plan],
      ];
    for (const [check, form] of pairs) {
      oneProblem(check(form({ studentId: '9999' }), ctx({ student: null })), 'studentId', /no student with ID "9999" on the Roster/);
    }
  });

  test('something that is not a form object is refused whole', () => {
    for (const raw of [null, 'text', 42, ['a']]) expect(problems(checkContact(raw, ctx()))[0].field).toBe('form');
  });

  test('a field that is not text (a number, an object) is refused', () => {
    oneProblem(checkContact(contact({ notes: 12 }), ctx()), 'notes', /Notes must be text/);
    oneProblem(checkContact(contact({ method: { x: 1 } }), ctx()), 'method', /Method must be text/);
  });
});

describe('Contact: method, outcome, reason for absence, notes', () => {
  test('a complete contact passes, notes exactly as typed (quotes, line breaks, emoji, leading spaces)', () => {
    const notes = '  Mom said "the bus never came".\nWill call back 😀 ';
    const r = checkContact(contact({ notes }), ctx());
    expect(r).toEqual({
      ok: true,
      value: { studentId: '1001', method: 'Phone call', outcome: 'Reached', reason: 'Transportation', notes },
    });
  });

  test('the method is required and must be one of the toolkit methods', () => {
    oneProblem(checkContact(contact({ method: '' }), ctx()), 'method', /Choose how you contacted/);
    oneProblem(checkContact(contact({ method: 'Fax' }), ctx()), 'method', /"Fax" is not one of the choices for method \(Phone call, Email/);
    for (const m of CONTACT_METHODS) expect(checkContact(contact({ method: m }), ctx()).ok).toBe(true);
  });

  test('the outcome is required and must be one of the outcomes', () => {
    oneProblem(checkContact(contact({ outcome: undefined }), ctx()), 'outcome', /Choose the outcome/);
    oneProblem(checkContact(contact({ outcome: 'Maybe' }), ctx()), 'outcome', /"Maybe" is not one of the choices for outcome/);
  });

  test('the reason for absence may be left out, but if given must be on the Settings list', () => {
    expect(checkContact(contact({ reason: '' }), ctx()).ok).toBe(true);
    oneProblem(
      checkContact(contact({ reason: 'Snow day' }), ctx()),
      'reason',
      /"Snow day" is not one of the choices for reason for absence/,
    );
    // The district's own list (Settings) is what counts.
    expect(checkContact(contact({ reason: 'Snow day' }), ctx({ reasons: ['Snow day'] })).ok).toBe(true);
  });

  test('notes longer than the limit are refused with their length', () => {
    oneProblem(checkContact(contact({ notes: 'x'.repeat(LIMITS.notes + 1) }), ctx()), 'notes', /5,001 characters long; the limit is 5,000/);
    expect(checkContact(contact({ notes: 'x'.repeat(LIMITS.notes) }), ctx()).ok).toBe(true);
  });

  test('several problems are all reported at once', () => {
    expect(problems(checkContact(contact({ method: '', outcome: '' }), ctx())).map((p) => p.field)).toEqual(['method', 'outcome']);
  });
});

describe("Home visit: the toolkit's six fields", () => {
  test('a complete visit passes', () => {
    expect(checkHomeVisit(visit(), ctx()).ok).toBe(true);
  });

  test('1. the name of the home visitor is required and at most 100 characters', () => {
    oneProblem(checkHomeVisit(visit({ visitor: '  ' }), ctx()), 'visitor', /Enter the name of the home visitor/);
    oneProblem(checkHomeVisit(visit({ visitor: 'a'.repeat(101) }), ctx()), 'visitor', /limit is 100/);
  });

  test('2. the reason is "designated by school attendance team" or "other", and other must be explained', () => {
    oneProblem(checkHomeVisit(visit({ reason: '' }), ctx()), 'reason', /Choose the reason for the visit/);
    oneProblem(checkHomeVisit(visit({ reason: 'Curiosity' }), ctx()), 'reason', /not one of the choices/);
    oneProblem(checkHomeVisit(visit({ reason: 'Other', otherReason: '' }), ctx()), 'otherReason', /please explain/);
    expect(checkHomeVisit(visit({ reason: 'Other', otherReason: 'Family asked for a visit' }), ctx()).ok).toBe(true);
    oneProblem(checkHomeVisit(visit({ otherReason: 'stray text' }), ctx()), 'otherReason', /only kept when the reason is Other/);
    oneProblem(checkHomeVisit(visit({ reason: 'Other', otherReason: 'y'.repeat(501) }), ctx()), 'otherReason', /limit is 500/);
  });

  test('3. the type is Visit 1, 2 or 3 for current absences', () => {
    for (const t of HOME_VISIT_TYPES) expect(checkHomeVisit(visit({ type: t }), ctx()).ok).toBe(true);
    oneProblem(checkHomeVisit(visit({ type: 'Visit 4' }), ctx()), 'type', /not one of the choices/);
    oneProblem(checkHomeVisit(visit({ type: '' }), ctx()), 'type', /Choose the type of visit/);
  });

  test('4. how: virtual or in person', () => {
    expect(checkHomeVisit(visit({ how: 'Virtual' }), ctx()).ok).toBe(true);
    oneProblem(checkHomeVisit(visit({ how: 'By mail' }), ctx()), 'how', /not one of the choices/);
    oneProblem(checkHomeVisit(visit({ how: '' }), ctx()), 'how', /virtual or in person/);
  });

  test('5. scheduled: yes or no', () => {
    expect(checkHomeVisit(visit({ scheduled: 'No' }), ctx()).ok).toBe(true);
    oneProblem(checkHomeVisit(visit({ scheduled: 'Perhaps' }), ctx()), 'scheduled', /not one of the choices/);
    oneProblem(checkHomeVisit(visit({ scheduled: '' }), ctx()), 'scheduled', /Say whether the visit was scheduled/);
  });

  test('6. detailed field notes are required (a visit without notes is not documented)', () => {
    oneProblem(checkHomeVisit(visit({ notes: '' }), ctx()), 'notes', /Write the detailed field notes/);
    oneProblem(checkHomeVisit(visit({ notes: 'n'.repeat(LIMITS.notes + 1) }), ctx()), 'notes', /limit is 5,000/);
  });

  test('the entry has the six fields in the toolkit\u2019s order after who, when and which student', () => {
    const checked = checkHomeVisit(visit(), ctx());
    if (!checked.ok) throw new Error('the visit should pass');
    const row = homeVisitEntry(checked.value, {
      timestamp: new Date(Date.UTC(2026, 10, 23, 14)),
      enteredBy: 'lopez@district.example.org',
      student: student(),
    });
    expect(Object.keys(row)).toEqual([...LOG_COLUMNS_OF.homeVisit]);
    expect(Object.keys(row).slice(6)).toEqual([
      'Name of home visitor',
      'Reason for visit',
      'Other reason (explain)',
      'Type of visit',
      'How the visit took place',
      'Scheduled',
      'Detailed field notes',
    ]);
  });
});

describe('Referral: partner, status, next update due (bi-weekly), notes', () => {
  test('a new referral needs a partner from the Partners sheet that is active', () => {
    expect(checkReferral(referral(), ctx()).ok).toBe(true);
    oneProblem(checkReferral(referral({ partner: '' }), ctx()), 'partner', /Choose the partner/);
    oneProblem(checkReferral(referral({ partner: 'Acme Tutors' }), ctx()), 'partner', /"Acme Tutors" is not on the Partners sheet/);
    const partners = SEED_PARTNERS.map((p) => (p.name === 'Kiyama' ? { ...p, active: false } : { ...p }));
    oneProblem(checkReferral(referral({ partner: 'Kiyama' }), ctx({ partners })), 'partner', /Kiyama is marked inactive/);
  });

  test('the status is made, accepted, in progress or closed', () => {
    oneProblem(checkReferral(referral({ status: '' }), ctx()), 'status', /Choose the status/);
    oneProblem(
      checkReferral(referral({ status: 'Lost' }), ctx()),
      'status',
      /not one of the choices for status \(Made, Accepted, In progress, Closed\)/,
    );
  });

  test('the next update is required while the referral is open, as a real date from today to a year ahead', () => {
    oneProblem(checkReferral(referral({ nextUpdateDue: '' }), ctx()), 'nextUpdateDue', /bi-weekly: 2026-12-07/);
    oneProblem(checkReferral(referral({ nextUpdateDue: '12/7/2026' }), ctx()), 'nextUpdateDue', /must be a date such as 2026-12-07/);
    oneProblem(checkReferral(referral({ nextUpdateDue: '2026-02-30' }), ctx()), 'nextUpdateDue', /must be a date/);
    oneProblem(checkReferral(referral({ nextUpdateDue: '2026-11-22' }), ctx()), 'nextUpdateDue', /in the past/);
    expect(checkReferral(referral({ nextUpdateDue: TODAY }), ctx()).ok).toBe(true);
    oneProblem(checkReferral(referral({ nextUpdateDue: '2027-12-01' }), ctx()), 'nextUpdateDue', /more than a year away/);
  });

  test('a closed referral has no next update', () => {
    expect(checkReferral(referral({ status: 'Closed', nextUpdateDue: '' }), ctx()).ok).toBe(true);
    oneProblem(checkReferral(referral({ status: 'Closed' }), ctx()), 'nextUpdateDue', /closed referral needs no next update/);
  });

  const made: LogRow = {
    'Student ID': '1001',
    'Referral ID': 'R-1',
    Partner: 'YouthConnect',
    Status: 'Made',
    'Next update due': '2026-12-01',
  };

  test('an update names one of the student\u2019s referrals, keeps its partner, and fills the partner in', () => {
    oneProblem(checkReferral(referral({ referralId: 'R-9' }), ctx({ referrals: [made] })), 'referralId', /no referral R-9/);
    const update = checkReferral(referral({ referralId: 'R-1', partner: '', status: 'Accepted' }), ctx({ referrals: [made] }));
    expect(update.ok && update.value.partner).toBe('YouthConnect');
    oneProblem(
      checkReferral(referral({ referralId: 'R-1', partner: 'Kiyama' }), ctx({ referrals: [made] })),
      'partner',
      /is to YouthConnect; its partner cannot change/,
    );
  });

  test('an update for a student no longer on the Roster says so, and only that', () => {
    const out = checkReferral(referral({ referralId: 'R-1', status: 'Closed', nextUpdateDue: '' }), ctx({ student: null, referrals: [] }));
    expect(out.ok).toBe(false);
    expect(!out.ok && out.problems.map((p) => p.field)).toEqual(['studentId']);
  });

  test('a closed referral cannot be updated (make a new one)', () => {
    const closed = { ...made, Status: 'Closed', 'Next update due': '' };
    oneProblem(
      checkReferral(referral({ referralId: 'R-1', status: 'In progress' }), ctx({ referrals: [made, closed] })),
      'referralId',
      /is closed/,
    );
  });

  test('a log sorted newest first still reads in time order: a closed referral stays closed', () => {
    const at = (iso: string) => new Date(iso);
    const made1 = { ...made, Timestamp: at('2026-11-02T15:00:00Z') };
    const progress = { ...made, Timestamp: at('2026-11-10T15:00:00Z'), Status: 'In progress' };
    const closed = { ...made, Timestamp: at('2026-11-18T15:00:00Z'), Status: 'Closed', 'Next update due': '' };
    const sorted = [closed, progress, made1];
    oneProblem(
      checkReferral(referral({ referralId: 'R-1', status: 'In progress' }), ctx({ referrals: sorted })),
      'referralId',
      /is closed/,
    );
    expect(latestByKey(sorted, 'Referral ID')).toEqual([closed]);
    // Rows of the same moment, or with no timestamp, keep their sheet order.
    expect(inLoggedOrder([{ n: 1 }, { n: 2, Timestamp: at('2026-11-01T00:00:00Z') }, { n: 3 }]).map((r) => r.n)).toEqual([1, 2, 3]);
  });

  test('an update is a new entry with the same Referral ID', () => {
    const stamp = { timestamp: new Date(Date.UTC(2026, 10, 23)), enteredBy: 'a@b.org', student: student() };
    const row = referralEntry(referral({ referralId: 'R-1', status: 'Accepted' }), 'R-1', stamp);
    expect(row['Referral ID']).toBe('R-1');
    expect(Object.keys(row)).toEqual([...LOG_COLUMNS_OF.referral]);
  });
});

describe('Success plan: mentor, goals, agreed supports, next check-in', () => {
  test('a complete plan passes; the email is kept in lower case', () => {
    const r = checkSuccessPlan(plan({ mentorEmail: ' Chen@District.Example.org ' }), ctx());
    expect(r.ok && r.value.mentorEmail).toBe('chen@district.example.org');
  });

  test("the mentor's name and a real email address are required", () => {
    oneProblem(checkSuccessPlan(plan({ mentorName: '' }), ctx()), 'mentorName', /success mentor's name/);
    oneProblem(checkSuccessPlan(plan({ mentorEmail: '' }), ctx()), 'mentorEmail', /mentor's email/);
    oneProblem(checkSuccessPlan(plan({ mentorEmail: 'chen at school' }), ctx()), 'mentorEmail', /is not an email address/);
    oneProblem(checkSuccessPlan(plan({ mentorEmail: `${'a'.repeat(250)}@x.org` }), ctx()), 'mentorEmail', /limit is 254/);
  });

  test('goals and agreed supports are required, up to 2,000 characters each', () => {
    oneProblem(checkSuccessPlan(plan({ goals: '' }), ctx()), 'goals', /Write the goals/);
    oneProblem(checkSuccessPlan(plan({ supports: ' ' }), ctx()), 'supports', /Write the supports/);
    oneProblem(checkSuccessPlan(plan({ goals: 'g'.repeat(2001) }), ctx()), 'goals', /limit is 2,000/);
  });

  test('the next check-in is a real date from today to a year ahead', () => {
    oneProblem(checkSuccessPlan(plan({ nextCheckIn: '' }), ctx()), 'nextCheckIn', /Choose the date of the next check-in/);
    oneProblem(checkSuccessPlan(plan({ nextCheckIn: 'next week' }), ctx()), 'nextCheckIn', /must be a date/);
    oneProblem(checkSuccessPlan(plan({ nextCheckIn: '2026-01-05' }), ctx()), 'nextCheckIn', /in the past/);
  });

  test("an update names the student's plan", () => {
    const existing: LogRow = { 'Student ID': '1001', 'Plan ID': 'P-1', 'Mentor name': 'Mr. Chen' };
    oneProblem(checkSuccessPlan(plan({ planId: 'P-2' }), ctx({ plans: [existing] })), 'planId', /no success plan P-2/);
    expect(checkSuccessPlan(plan({ planId: 'P-1' }), ctx({ plans: [existing] })).ok).toBe(true);
  });
});

describe('entries', () => {
  const stamp = { timestamp: new Date(Date.UTC(2026, 10, 23, 14)), enteredBy: 'clerk@district.example.org', student: student() };

  test('every entry starts with when, who, the student and the tier at the time, and uses only its log\u2019s columns', () => {
    const rows = {
      contact: contactEntry(contact() as never, stamp),
      homeVisit: homeVisitEntry(visit() as never, stamp),
      referral: referralEntry(referral() as never, 'R-1', stamp),
      successPlan: successPlanEntry(plan() as never, 'P-1', stamp),
    };
    for (const [kind, row] of Object.entries(rows)) {
      expect(Object.keys(row)).toEqual([...LOG_COLUMNS_OF[kind as keyof typeof LOG_COLUMNS_OF]]);
      expect(row['Timestamp']).toBe(stamp.timestamp);
      expect([row['Entered by'], row['Student ID'], row['Student name'], row['School'], row['Tier at the time']]).toEqual([
        'clerk@district.example.org',
        '1001',
        'Ana Rivera',
        'Oak Street School',
        'L3',
      ]);
    }
  });

  test('referral and plan IDs differ even for the same millisecond', () => {
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const ids = new Set(Array.from({ length: 500 }, () => newEntryId('R', Date.UTC(2026, 10, 23), random)));
    expect(ids.size).toBe(500);
    expect([...ids][0]).toMatch(/^R-[0-9A-Z]+-[0-9A-Z]{6}$/);
  });

  test('the forms offer the Settings reasons, active partners, and bi-weekly / weekly default dates', () => {
    const partners = SEED_PARTNERS.map((p) => (p.name === 'DCF' ? { ...p, active: false } : p));
    const o = formOptions(TODAY, ['Illness', 'Housing'], partners, 'clerk@district.example.org');
    expect(o.reasons).toEqual(['Illness', 'Housing']);
    expect(o.partners.map((p) => p.name)).not.toContain('DCF');
    expect(o.defaults).toEqual({
      today: '2026-11-23',
      nextUpdateDue: '2026-12-07',
      nextCheckIn: '2026-11-30',
      visitor: 'clerk@district.example.org',
    });
  });
});

describe('a save sent again is logged once: the save keys remembered', () => {
  const saved = (key: string, at: string, entryId = '') => ({ key, at, entryId });

  test('a form carries its key as letters, digits and dashes; anything else is no key', () => {
    expect(saveKeyOf({ saveKey: 'mi3k2-abcdefghijkl' })).toBe('mi3k2-abcdefghijkl');
    for (const v of [undefined, 42, '', 'short', 'has space in it', 'x'.repeat(65)]) expect(saveKeyOf({ saveKey: v })).toBe('');
    expect(saveKeyOf(null)).toBe('');
  });

  test('the newest 40 of the last day are kept; what cannot be read is forgotten, never an error', () => {
    const now = Date.parse('2026-11-23T15:00:00Z');
    let list = [saved('old-key-1234', '2026-11-22T14:00:00.000Z')];
    for (let i = 0; i < 45; i++) list = withSave(list, saved(`key-${String(i).padStart(6, '0')}`, '2026-11-23T14:00:00.000Z'), now);
    expect(list).toHaveLength(KEEP_SAVES);
    expect(findSave(list, 'old-key-1234')).toBeNull();
    expect(findSave(list, 'key-000044')).toEqual(saved('key-000044', '2026-11-23T14:00:00.000Z'));
    expect(findSave(list, 'key-000000')).toBeNull();
    expect(JSON.stringify(list).length).toBeLessThan(9 * 1024);
    expect(readSaves(JSON.stringify(list))).toEqual(list);
    expect(readSaves('{not json')).toEqual([]);
    expect(readSaves(null)).toEqual([]);
  });
});

describe('a student not on the Roster, known from the Referrals log (they left with a referral open)', () => {
  const left = { id: '9001', name: 'Ana Rivera', school: 'Lincoln Elementary', tier: null };
  const made: LogRow = { Timestamp: '2026-11-02T15:00:00.000Z', 'Referral ID': 'R-1', Partner: 'YouthConnect', Status: 'Made' };
  const leftCtx = (referrals: LogRow[] = [made]) => ctx({ student: null, logged: left, referrals });
  const update = { studentId: '9001', referralId: 'R-1', partner: '', status: 'Closed', nextUpdateDue: '', notes: 'Moved away' };

  test('an update of their referral is accepted, and logged as the log knew them, with no tier', () => {
    const out = checkReferral(update, leftCtx());
    expect(out).toMatchObject({ ok: true, value: { partner: 'YouthConnect', status: 'Closed' } });
    if (!out.ok) return;
    const row = referralEntry(out.value, 'R-1', { timestamp: new Date('2026-11-23T15:00:00Z'), enteredBy: 'a@b.org', student: left });
    expect(row).toMatchObject({ 'Student ID': '9001', 'Student name': 'Ana Rivera', School: 'Lincoln Elementary', 'Tier at the time': '' });
  });

  test('a closed referral stays closed, and nothing else is saved for them', () => {
    expect(checkReferral(update, leftCtx([made, { ...made, Status: 'Closed' }])).ok).toBe(false);
    const refused = <T>(c: { ok: true; value: T } | { ok: false; problems: FieldProblem[] }) =>
      c.ok ? [] : c.problems.map((p) => p.field);
    expect(
      refused(
        checkReferral({ ...update, referralId: '', partner: 'YouthConnect', status: 'Made', nextUpdateDue: '2026-12-07' }, leftCtx()),
      ),
    ).toEqual(['referralId']);
    const contact = checkContact({ studentId: '9001', method: 'Phone call', outcome: 'Reached', reason: '', notes: '' }, leftCtx());
    expect(contact).toEqual({
      ok: false,
      problems: [{ field: 'studentId', message: expect.stringContaining('Ana Rivera is not on the current roster') }],
    });
  });
});
