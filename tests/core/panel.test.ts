/**
 * What the student panel shows: search, the level's guidance, the action-step checklist ticked
 * from the logs, the history newest first, referral status history, and the Partners list.
 */
import { checklistFor, STEP_EVIDENCE, StudentRecord } from '../../src/core/checklist';
import { addDays, dayText, isIsoDay, timestampText } from '../../src/core/dates';
import { checkInHolder, successPlanFollowUp } from '../../src/core/follow-ups';
import { shownDescription } from '../../src/emulator/calendar';
import { LogRow } from '../../src/core/logs';
import {
  buildLoggedPanel,
  buildPanel,
  guidanceFor,
  historyOf,
  logRowsFor,
  openReferralsOffRoster,
  referralStates,
} from '../../src/core/panel';
import { PARTNER_HEADERS, partnersSheetValues, readPartners, readPartnersSheet, SEED_PARTNERS } from '../../src/core/partners';
import { formOptions } from '../../src/core/forms';
import { TIERS } from '../../src/core/rules';
import { fold, searchStudents } from '../../src/core/search';
import { student } from '../fixtures';
import { tierSinceDay } from '../../src/core/level-work';
import { buildModel, dayNumber } from '../../src/core/report';
import { inputs as reportInputs, NOW, record as reportRecord, snap, student as reportStudent } from '../report-fixtures';

const TODAY = '2026-11-23';
const at = (iso: string) => new Date(iso);

describe('search by name or ID, accents ignored', () => {
  const people = [
    { id: '1001', name: 'José Núñez', school: 'Oak', grade: '5', tier: 'L3' as const },
    { id: '1002', name: 'Ana Rivera', school: 'Oak', grade: '5', tier: 'L2' as const },
    { id: '2100', name: 'Zoë Åberg-Ólafsdóttir', school: 'Elm', grade: '9', tier: 'L6' as const },
    { id: '10021', name: 'Ann Marie O\u2019Brien', school: 'Elm', grade: 'K', tier: '' as const },
    { id: '3003', name: 'Joseph Jones', school: 'Elm', grade: '7', tier: 'L1' as const },
  ];

  test('"jose nunez", "NÚÑEZ" and "nunez jose" all find José Núñez', () => {
    for (const q of ['jose nunez', 'NÚÑEZ', 'nunez jose', 'Jos']) expect(searchStudents(people, q).hits[0].id).toBe('1001');
  });

  test('accents on either side are ignored: "zoe aberg olafsdottir" finds Zoë Åberg-Ólafsdóttir', () => {
    expect(searchStudents(people, 'zoe aberg olafsdottir').hits.map((h) => h.id)).toEqual(['2100']);
    expect(fold('Zoë Åberg-Ólafsdóttir')).toBe('zoe aberg olafsdottir');
  });

  test('letters with no separate accent are typed as their plain letters: "lukasz", "soren", "strauss", "yildiz"', () => {
    const more = [
      { id: '4001', name: 'Łukasz Wójcik', school: 'Oak', grade: '4', tier: 'L2' as const },
      { id: '4002', name: 'Søren Ødegaard', school: 'Oak', grade: '4', tier: 'L2' as const },
      { id: '4003', name: 'Lena Strauß', school: 'Elm', grade: '8', tier: 'L3' as const },
      { id: '4004', name: 'Elif Yıldız', school: 'Elm', grade: '8', tier: 'L4' as const },
      { id: '4005', name: 'Ægir Þórsson', school: 'Elm', grade: '10', tier: 'L1' as const },
    ];
    const find = (q: string) => searchStudents(more, q).hits.map((h) => h.id);
    expect(find('lukasz wojcik')).toEqual(['4001']);
    expect(find('soren odegaard')).toEqual(['4002']);
    expect(find('strauss')).toEqual(['4003']);
    expect(find('STRAUß')).toEqual(['4003']);
    expect(find('yildiz')).toEqual(['4004']);
    expect(find('aegir thorsson')).toEqual(['4005']);
  });

  test('an apostrophe is not needed: "obrien" finds O\u2019Brien', () => {
    expect(searchStudents(people, 'obrien').hits.map((h) => h.id)).toEqual(['10021']);
  });

  test('the exact ID comes first, then IDs starting with it, then names', () => {
    expect(searchStudents(people, '1002').hits.map((h) => h.id)).toEqual(['1002', '10021']);
  });

  test('an ID typed without its leading zeros finds it: "123" finds 000123, and "0123" too', () => {
    const withZeros = [...people, { id: '000123', name: 'Wei Chen', school: 'Oak', grade: '3', tier: 'L2' as const }];
    expect(searchStudents(withZeros, '123').hits.map((h) => h.id)).toEqual(['000123']);
    expect(searchStudents(withZeros, '0123').hits.map((h) => h.id)).toEqual(['000123']);
    expect(searchStudents(withZeros, '000123').hits.map((h) => h.id)).toEqual(['000123']);
    // Not a prefix match: "12" is not 000123.
    expect(searchStudents(withZeros, '12').hits.map((h) => h.id)).toEqual([]);
  });

  test('names whose words start with what was typed rank before names merely containing it', () => {
    expect(searchStudents(people, 'jo').hits.map((h) => h.name)).toEqual(['José Núñez', 'Joseph Jones']);
    expect(searchStudents(people, 'ose').hits.map((h) => h.name)).toEqual(['José Núñez', 'Joseph Jones']);
  });

  test('an empty query finds nobody', () => {
    expect(searchStudents(people, '  ')).toEqual({ hits: [], more: 0, moreNote: '' });
  });

  test('a common name lists the best 20 and says how many more matched, and what to type to find the one', () => {
    const many = Array.from({ length: 1234 }, (_, i) => ({
      id: String(5000 + i),
      name: `Maria Student${i}`,
      school: '',
      grade: '1',
      tier: '' as const,
    }));
    const found = searchStudents(many, 'maria');
    expect(found.hits).toHaveLength(20);
    expect(found.more).toBe(1214);
    expect(found.moreNote).toBe('1,214 more students match. Type more of the name, or the student ID, to find the one you want.');
    expect(searchStudents(many.slice(0, 21), 'maria').moreNote).toBe(
      '1 more student matches. Type more of the name, or the student ID, to find the one you want.',
    );
    // Every match listed: nothing to say.
    expect(searchStudents(many.slice(0, 20), 'maria')).toMatchObject({ more: 0, moreNote: '' });
    expect(searchStudents(many, 'maria student1233')).toMatchObject({ hits: [{ id: '6233' }], more: 0, moreNote: '' });
  });
});

describe('the Partners sheet is seeded from the toolkit', () => {
  const names = SEED_PARTNERS.map((p) => p.name);

  test("the toolkit's programs: success mentor, LEAP, NHPS/Governor's Partnership, YouthConnect, care coordinators, drop-out prevention, restorative circles", () => {
    for (const n of [
      'Success mentor',
      'LEAP home visits',
      "NHPS/Governor's Partnership mentoring",
      'YouthConnect',
      'School Community Care Coordinators',
      'Drop-out prevention specialists',
      'Restorative conferences/circles',
      'Probation',
      'DCF',
      'CT-VIP/Street Outreach workers',
    ])
      expect(names).toContain(n);
  });

  test('and every community partner organization the toolkit lists', () => {
    const community = SEED_PARTNERS.filter((p) => p.kind === 'Community partner').map((p) => p.name);
    expect(community).toEqual([
      'ARTE Inc.',
      'Arts for Learning',
      'Arts in CT',
      "Alliance Children's Theater Inc.",
      'Clifford Beers',
      'Eli Whitney Museum',
      'Kids Kraze',
      'Kiyama',
      'Little Scientists',
      'mActivity',
      'New Haven Reads',
      'NH Pride Center LGBTQ',
      'Prince Hall Oriental Lodge #6',
      'Ready Inc.',
      'S.P.O.R.T. Academy',
      'The Boys and Girls Club',
      'The Green Peacock',
      'The Monk Center',
      'The Justice Education Center',
      'Upon This Rock',
    ]);
    expect(SEED_PARTNERS.every((p) => p.offers.length > 10)).toBe(true);
  });

  test('the sheet reads back by header; a partner marked No is inactive; a blank sheet means the seed', () => {
    const values = partnersSheetValues();
    expect(readPartners(values)).toEqual(SEED_PARTNERS);
    const edited = [
      ['Active', 'Partner'],
      ['No', 'Kiyama'],
      ['', 'Acme Tutors'],
      ['Yes', 'Kiyama'],
    ];
    expect(readPartners(edited).map((p) => [p.name, p.active])).toEqual([
      ['Kiyama', false],
      ['Acme Tutors', true],
    ]);
    expect(readPartners([])).toEqual(SEED_PARTNERS);
    expect(readPartners([['Partner']])).toEqual(SEED_PARTNERS);
  });

  test('Active is read in the usual ways of saying no, in any case and spacing: "Inactive", "0", "N", " FALSE ", "not active", a cleared checkbox', () => {
    const sheet = [
      ['Partner', 'Active'],
      ...['Inactive', '0', 0, 'No', 'N', ' False ', 'not  active', 'OFF', false].map((v, i) => [`Stopped ${i}`, v]),
      ...['Yes', ' y ', 'TRUE', '1', 1, 'Active', '', true].map((v, i) => [`Working ${i}`, v]),
    ];
    const read = readPartnersSheet(sheet);
    expect(read.partners.filter((p) => p.active).map((p) => p.name)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `Working ${i}`));
    expect(read.problems).toEqual([]);
    expect(formOptions(TODAY, [], read.partners, '').partners.map((p) => p.name)).not.toContain('Stopped 0');
  });

  test('an Active that is neither yes nor no keeps the partner off the referral list, and the team is told which cell', () => {
    const sheet = [
      [...PARTNER_HEADERS],
      ['Kiyama', 'Community partner', '', '', '', 'Paused'],
      ['New Haven Reads', 'Community partner', '', '', '', 'Yes'],
    ];
    const read = readPartnersSheet(sheet);
    expect(read.partners.map((p) => [p.name, p.active])).toEqual([
      ['Kiyama', false],
      ['New Haven Reads', true],
    ]);
    expect(read.problems).toEqual([
      'Partners!F2: Active for Kiyama says "Paused", which is neither Yes nor No. Kiyama is not offered for referrals until it says Yes (or No, to keep it off the list).',
    ]);
    const several = readPartnersSheet([
      ['Partner', 'Active'],
      ['Kiyama', 'Paused'],
      ['ARTE Inc.', 'maybe'],
      ['DCF', 'Yes'],
    ]);
    expect(several.problems).toEqual([
      'Partners: Active says neither Yes nor No for 2 partners: Kiyama (B2, "Paused") and ARTE Inc. (B3, "maybe"). They are not offered for referrals until their Active says Yes (or No, to keep them off the list).',
    ]);
  });

  test("without its Partner header the district's list is not replaced by the toolkit's: none is offered, and the team is told what to type", () => {
    const renamed = [
      ['Organization', 'Kind', 'What they offer', 'Toolkit levels', 'Contact email', 'Active'],
      ['Neighborhood Boxing Club', 'Community partner', 'Boxing after school', 'L4', '', 'Yes'],
    ];
    const read = readPartnersSheet(renamed);
    expect(read.partners).toEqual([]);
    expect(read.problems).toEqual([
      "Partners: row 1 has no \"Partner\" header, so the district's partners cannot be read and the referral form lists none (the toolkit's own list is not put in their place). Type Partner back in row 1 above the partners' names. Updates to referrals already made can still be saved.",
    ]);
  });

  test('rows without a name, and a missing Active header, are said; the partners that can be read are offered', () => {
    // As Set up leaves a renamed Partner column: the header put back after the last column, empty below.
    const read = readPartnersSheet([
      ['Organization', 'Kind', 'Partner'],
      ['Neighborhood Boxing Club', 'Community partner', ''],
      ['', 'Agency', 'DCF'],
    ]);
    expect(read.partners.map((p) => [p.name, p.active])).toEqual([['DCF', true]]);
    expect(read.problems).toEqual([
      'Partners: row 1 has no "Active" header, so every partner on the sheet is offered for referrals, even one marked No. Type Active back in row 1 above the Yes/No column.',
      'Partners: row 2 has no name under "Partner" and is not offered for referrals. Type the partner\'s name in the Partner column.',
    ]);
  });
});

const contactRow = (when: string, over: LogRow = {}): LogRow => ({
  Timestamp: at(when),
  'Entered by': 'clerk@district.example.org',
  'Student ID': '1001',
  'Tier at the time': 'L3',
  Method: 'Phone call',
  Outcome: 'Reached',
  'Reason for absence': '',
  Notes: '',
  ...over,
});
const referralRow = (when: string, id: string, partner: string, status: string, due: string): LogRow => ({
  Timestamp: at(when),
  'Entered by': 'clerk@district.example.org',
  'Student ID': '1001',
  'Referral ID': id,
  Partner: partner,
  Status: status,
  'Next update due': due,
  Notes: '',
});
const empty = (over: Partial<StudentRecord> = {}): StudentRecord => ({
  contacts: [],
  homeVisits: [],
  referrals: [],
  successPlans: [],
  today: TODAY,
  ...over,
});

describe("the action-step checklist is the level's steps, ticked from what is documented", () => {
  test('every action step and accountability item of every level is matched with its evidence (or marked as done outside the toolkit)', () => {
    for (const t of TIERS) for (const step of [...t.actionSteps, ...t.accountability]) expect(STEP_EVIDENCE).toHaveProperty([step]);
  });

  test('L1 has no steps; the other levels list their action steps, then accountability monitoring', () => {
    expect(checklistFor('L1', empty())).toEqual([]);
    const l4 = checklistFor('L4', empty());
    const rule = TIERS.find((t) => t.id === 'L4')!;
    expect(l4.map((c) => c.text)).toEqual([...rule.actionSteps, ...rule.accountability]);
    expect(l4.every((c) => !c.done)).toBe(true);
  });

  test('a logged contact ticks "contact ... is documented"; a reason ticks "reasons ... documented" (but "Unknown" does not)', () => {
    const done = (rec: StudentRecord) =>
      checklistFor('L2', rec)
        .filter((c) => c.done)
        .map((c) => c.text);
    expect(done(empty({ contacts: [contactRow('2026-11-20T15:00:00Z', { 'Reason for absence': 'Unknown' })] }))).toEqual([
      'Certified and non-certified staff contact family/meet with student',
      'Contact with family/meeting with student is documented',
    ]);
    expect(done(empty({ contacts: [contactRow('2026-11-20T15:00:00Z', { 'Reason for absence': 'Housing' })] }))).toContain(
      'Reasons for absence are documented',
    );
  });

  test('L4 "Parent Link - phone call" needs a phone call; a letter does not tick it', () => {
    const phone = (method: string) => checklistFor('L4', empty({ contacts: [contactRow('2026-11-20T15:00:00Z', { Method: method })] }))[0];
    expect(phone('Letter')).toMatchObject({ text: 'Parent Link - phone call', done: false });
    expect(phone('Phone call')).toMatchObject({ text: 'Parent Link - phone call', done: true });
  });

  test('a referral ticks the step naming its partner; its first status update ticks "updates ... monitored"', () => {
    const made = referralRow('2026-11-02T15:00:00Z', 'R-1', 'YouthConnect', 'Made', '2026-11-16');
    const updated = referralRow('2026-11-16T15:00:00Z', 'R-1', 'YouthConnect', 'In progress', '2026-11-30');
    const done = (rows: LogRow[]) =>
      checklistFor('L4', empty({ referrals: rows }))
        .filter((c) => c.done)
        .map((c) => c.text);
    expect(done([made])).toEqual([
      'Student needs are assessed for appropriate referral',
      'Referral is made to YouthConnect-Community Partnerships Council',
    ]);
    expect(done([made, updated])).toContain('Updates from YouthConnect-Community Partnerships Council are provided bi-weekly');
    expect(done([made, updated])).not.toContain("Updates from referral to NHPS-Governor's Partnership mentoring are monitored");
  });

  test('"status of referral is monitored" holds while every open referral\u2019s next update is today or later', () => {
    const monitored = (rows: LogRow[]) =>
      checklistFor('L2', empty({ referrals: rows })).find((c) => c.text === 'Status of referral is monitored')!.done;
    expect(monitored([])).toBe(false);
    expect(monitored([referralRow('2026-11-20T15:00:00Z', 'R-1', 'Kiyama', 'Made', '2026-12-04')])).toBe(true);
    expect(monitored([referralRow('2026-11-02T15:00:00Z', 'R-1', 'Kiyama', 'Made', '2026-11-16')])).toBe(false);
    expect(
      monitored([
        referralRow('2026-11-02T15:00:00Z', 'R-1', 'Kiyama', 'Made', '2026-11-16'),
        referralRow('2026-11-18T15:00:00Z', 'R-1', 'Kiyama', 'Closed', ''),
      ]),
    ).toBe(true);
  });

  test('a "Next update due" typed as a date counts by its day: a past date is late, as the referral list shows it', () => {
    const typed = (row: LogRow, due: Date): LogRow => ({ ...row, 'Next update due': due });
    const monitored = (rows: LogRow[]) =>
      checklistFor('L2', empty({ referrals: rows })).find((c) => c.text === 'Status of referral is monitored')!.done;
    // Midnight in New York, as Sheets keeps a typed date: 2026-11-16 is before today (2026-11-23), 2026-12-04 after.
    const late = typed(referralRow('2026-11-02T15:00:00Z', 'R-1', 'Kiyama', 'Made', ''), at('2026-11-16T05:00:00Z'));
    const onTime = typed(referralRow('2026-11-20T15:00:00Z', 'R-2', 'Kiyama', 'Made', ''), at('2026-12-04T05:00:00Z'));
    expect(monitored([late])).toBe(false);
    expect(referralStates([late], TODAY)[0]).toMatchObject({ overdue: true });
    expect(monitored([onTime])).toBe(true);
    expect(monitored([onTime, late])).toBe(false);
  });

  test('a referral someone marked "Completed" or "Declined" on the sheet is over, as the report reads it: not late, not open', () => {
    const monitored = (rows: LogRow[]) =>
      checklistFor('L2', empty({ referrals: rows })).find((c) => c.text === 'Status of referral is monitored')!.done;
    for (const status of ['Completed', 'declined by family', 'Withdrawn']) {
      const ended = [
        referralRow('2026-11-02T15:00:00Z', 'R-1', 'Kiyama', 'Made', '2026-11-16'),
        referralRow('2026-11-18T15:00:00Z', 'R-1', 'Kiyama', status, '2026-11-20'),
      ];
      expect(monitored(ended)).toBe(true);
      expect(referralStates(ended, TODAY)[0]).toMatchObject({ status, overdue: false });
    }
  });

  test('L3: a home visit, a success plan with a mentor and its update tick their steps', () => {
    const rec = empty({
      homeVisits: [{ Timestamp: at('2026-11-10T15:00:00Z'), 'Student ID': '1001' }],
      successPlans: [
        { Timestamp: at('2026-11-10T15:00:00Z'), 'Plan ID': 'P-1', 'Mentor name': 'Mr. Chen' },
        { Timestamp: at('2026-11-17T15:00:00Z'), 'Plan ID': 'P-1', 'Mentor name': 'Mr. Chen' },
      ],
    });
    const done = checklistFor('L3', rec)
      .filter((c) => c.done)
      .map((c) => c.text);
    expect(done).toEqual([
      'Activate Learner Engagement Attendance Program (LEAP) funded by CSDE',
      'Virtual and in-person home visiting implemented',
      'Success mentors are identified to conduct check-ins with students during the school day',
      'Updates are documented',
      'Home visits are monitored and reported to the LEAP system',
      'Student success plan updates are monitored',
    ]);
  });

  test('steps the logs cannot show are listed, not ticked, and say so', () => {
    const verify = checklistFor('L4', empty()).find((c) => c.text === 'Student attendance is verified')!;
    expect(verify).toMatchObject({ tracked: false, done: false, rule: 'done outside the toolkit' });
  });

  test("only this school year's entries tick the checklist; the history keeps everything", () => {
    const logs = {
      contacts: [contactRow('2025-10-01T15:00:00Z', { 'Tier at the time': 'L2' })],
      homeVisits: [],
      referrals: [],
      successPlans: [],
      outreach: [],
    };
    const panel = buildPanel(student({ tier: 'L2' }), logs, TODAY, { start: '2026-08-27', offsetAt: () => 0 });
    expect(panel.checklist.some((c) => c.done)).toBe(false);
    expect(panel.history).toHaveLength(1);
    expect(buildPanel(student({ tier: 'L2' }), logs, TODAY).checklist.some((c) => c.done)).toBe(true);
  });

  test("the school year's first day is the team's day: in Guam (UTC+10) a call at 7:00 on the first day counts, one the evening before does not", () => {
    const guam = { start: '2026-08-27', offsetAt: () => 600 };
    const done = (when: string) =>
      buildPanel(
        student({ tier: 'L2' }),
        { contacts: [contactRow(when, { 'Tier at the time': 'L2' })], homeVisits: [], referrals: [], successPlans: [], outreach: [] },
        TODAY,
        guam,
      ).checklist.find((c) => c.text === 'Contact with family/meeting with student is documented')!.done;
    // 7:00 on 2026-08-27 in Guam is 21:00 UTC on the 26th.
    expect(done('2026-08-26T21:00:00Z')).toBe(true);
    // 20:00 on the 26th in Guam: last school year's work.
    expect(done('2026-08-26T10:00:00Z')).toBe(false);
  });
});

describe("the checklist counts the work done since the student reached their level, as the report's outreach coverage does", () => {
  const EST = -300;
  const t = (iso: string) => new Date(iso);
  const oak = { smallGroupSize: 1 };
  // History: imports on 10-26, 11-09 (José entered L4) and 11-22 (the roster's).
  const since = Date.UTC(2026, 10, 9, 15);
  const imports = [reportRecord('i0', Date.UTC(2026, 9, 26, 15), 1), reportRecord('i1', since, 1), reportRecord('i2', NOW - 86400000, 1)];
  const jose = reportStudent({ id: 'JOSE', absent: 12 }); // L4
  const withHistory = { imports, currentImportId: 'i2', latest: new Map([['JOSE', snap('JOSE', 50, 12, since)]]) };
  type History = Partial<typeof withHistory>;

  const row = (iso: string | Date, tier: string, over: LogRow = {}): LogRow => ({
    Timestamp: typeof iso === 'string' && /T/.test(iso) ? t(iso) : iso,
    'Student ID': 'JOSE',
    'Tier at the time': tier,
    ...over,
  });
  const call = (iso: string, tier: string) =>
    row(iso, tier, { Method: 'Phone call', Outcome: 'Reached', 'Reason for absence': 'Transportation' });
  // José's L3 work: contacted, home-visited, referred and given a success plan on Nov 2.
  const atL3 = {
    contacts: [call('2026-11-02T15:00:00Z', 'L3')],
    homeVisits: [row('2026-11-02T16:00:00Z', 'L3')],
    referrals: [
      row('2026-11-02T17:00:00Z', 'L3', {
        'Referral ID': 'R-1',
        Partner: "NHPS/Governor's Partnership",
        Status: 'Made',
        'Next update due': '2026-11-30',
      }),
    ],
    successPlans: [row('2026-11-02T18:00:00Z', 'L3', { 'Plan ID': 'P-1', 'Mentor name': 'Mr. Chen' })],
  };

  /** The panel as the sidebar builds it: the tier-since day History gives, by the report's rule. */
  const panel = (logs: Partial<typeof atL3>, history: History = withHistory, s = jose) => {
    const h = { imports: [], latest: null, ...history };
    const tierSince = tierSinceDay(s.tier!, h.latest?.get(s.id), h.imports.length ? dayNumber(h.imports[0].importedAt, EST) : null, EST);
    return buildPanel(s, { contacts: [], homeVisits: [], referrals: [], successPlans: [], outreach: [], ...logs }, TODAY, {
      start: '2026-08-27',
      offsetAt: () => EST,
      tierSince,
    }).checklist;
  };
  const step = (list: ReturnType<typeof panel>, text: string) => list.find((c) => c.text === text)!;
  const reached = (logs: Partial<typeof atL3>, history: History = withHistory, s = jose) =>
    buildModel(reportInputs([s], { ...history, logs, settings: oak })).coverage.district.covered === 1;

  test('an L4 student contacted at L3 has the L4 phone-call step open in the panel, as the report counts him not reached; a call logged after the move ticks it in both', () => {
    const before = panel(atL3);
    expect(step(before, 'Parent Link - phone call')).toMatchObject({
      done: false,
      earlier: { tier: 'L3', day: '2026-11-02', text: 'Done at L3 on Nov 2: do it again at this level.' },
    });
    // The referral and the reason for absence were documented at L3 too: open, and said so.
    for (const text of [
      'Student needs are assessed for appropriate referral',
      "Referral is made to NHPS-Governor's Partnership Mentoring Portal",
      'Reasons for absences are documented',
    ]) {
      expect(step(before, text)).toMatchObject({ done: false, earlier: { tier: 'L3', day: '2026-11-02' } });
    }
    expect(before.filter((c) => c.done)).toEqual([]);
    expect(reached(atL3)).toBe(false);

    const after = { ...atL3, contacts: [...atL3.contacts, call('2026-11-20T15:00:00Z', 'L4')] };
    expect(step(panel(after), 'Parent Link - phone call')).toMatchObject({ done: true, earlier: null });
    expect(step(panel(after), 'Reasons for absences are documented').done).toBe(true);
    // The referral was not made again at L4: still open in the panel.
    expect(step(panel(after), 'Student needs are assessed for appropriate referral').done).toBe(false);
    expect(reached(after)).toBe(true);
  });

  test('the panel ticks the L4 phone call exactly when the report counts the student reached, in every case the report decides', () => {
    const inTierSinceOldest = { ...withHistory, latest: new Map([['JOSE', snap('JOSE', 50, 12, Date.UTC(2026, 9, 26, 15))]]) };
    const cases: [string, LogRow, History, boolean][] = [
      ['History: called at L4 in an earlier spell at L4', call('2026-10-20T15:00:00Z', 'L4'), withHistory, false],
      ['History: called the day before the move, logged at L4', call('2026-11-08T15:00:00Z', 'L4'), withHistory, false],
      ['History: called on the day of the move, logged at L4', call('2026-11-09T20:00:00Z', 'L4'), withHistory, true],
      ['History: called on the morning of the move, logged at L3', call('2026-11-09T13:00:00Z', 'L3'), withHistory, false],
      ['History: called after the move, whatever tier was typed', call('2026-11-12T15:00:00Z', 'L3'), withHistory, true],
      ['History: called last school year at L4', call('2025-10-01T15:00:00Z', 'L4'), withHistory, false],
      ['History: a date that cannot be read', { ...call('2026-11-12T15:00:00Z', 'L4'), Timestamp: 'last week' }, withHistory, false],
      ['no History: called at L4 this school year', call('2026-10-01T15:00:00Z', 'L4'), {}, true],
      ['no History: called at L3 this school year', call('2026-11-12T15:00:00Z', 'L3'), {}, false],
      ['no History: called at L4 last school year', call('2025-10-01T15:00:00Z', 'L4'), {}, false],
      ['in L4 since the oldest import History keeps: logged at L4', call('2026-10-01T15:00:00Z', 'L4'), inTierSinceOldest, true],
      ['in L4 since the oldest import History keeps: logged at L3', call('2026-10-01T15:00:00Z', 'L3'), inTierSinceOldest, false],
      ['a day typed as text, after the move', { ...call('2026-11-12T15:00:00Z', 'L4'), Timestamp: '11/12/2026' }, withHistory, true],
    ];
    for (const [name, entry, history, expected] of cases) {
      const shown = {
        name,
        panel: step(panel({ contacts: [entry] }, history), 'Parent Link - phone call').done,
        report: reached({ contacts: [entry] }, history),
      };
      expect(shown).toEqual({ name, panel: expected, report: expected });
    }
  });

  test('earlier work at the same level, before the student left it and came back, is said without a tier to redo', () => {
    const earlier = step(panel({ contacts: [call('2026-10-20T15:00:00Z', 'L4')] }), 'Parent Link - phone call');
    expect(earlier).toMatchObject({
      done: false,
      earlier: { tier: 'L4', text: 'Done on Oct 20, before the student reached this level: do it again.' },
    });
    // Last school year's work is not shown as earlier work: it is simply not this year's.
    expect(step(panel({ contacts: [call('2025-10-01T15:00:00Z', 'L3')] }), 'Parent Link - phone call').earlier).toBeNull();
  });

  test("a referral made at L3 and updated at L4: the update is this level's work with that partner (the report counts it too); every open referral on time is how things stand now", () => {
    const made = atL3.referrals[0];
    const update = row('2026-11-16T15:00:00Z', 'L4', {
      'Referral ID': 'R-1',
      Partner: "NHPS/Governor's Partnership",
      Status: 'In progress',
      'Next update due': '2026-11-30',
    });
    const list = panel({ referrals: [made, update] });
    expect(step(list, "Updates from referral to NHPS-Governor's Partnership mentoring are monitored").done).toBe(true);
    expect(step(list, "Referral is made to NHPS-Governor's Partnership Mentoring Portal").done).toBe(true);
    expect(reached({ referrals: [made, update] })).toBe(true);
    const l6 = panel({ referrals: [made] }, withHistory, reportStudent({ id: 'JOSE', absent: 20 }));
    expect(step(l6, 'Updates from partners are provided bi-weekly')).toMatchObject({ done: true, earlier: null });
  });

  test('the tooltip says the step is ticked by work since the student reached this level', () => {
    expect(step(panel({}), 'Parent Link - phone call').rule).toBe('a phone call is logged since the student reached this level');
  });
});

describe('the history: every entry about the student, newest first', () => {
  const logs = {
    contacts: [
      contactRow('2026-11-03T14:00:00Z', { Notes: 'first call' }),
      contactRow('2026-11-20T14:00:00Z', { Method: 'Text message', Outcome: 'Sent, no reply yet' }),
    ],
    homeVisits: [
      {
        Timestamp: at('2026-11-10T18:00:00Z'),
        'Entered by': 'lopez@district.example.org',
        'Student ID': '1001',
        'Tier at the time': 'L3',
        'Name of home visitor': 'Ms. Lopez',
        'Reason for visit': 'Other',
        'Other reason (explain)': 'Family asked',
        'Type of visit': 'Visit 1 - current student absences',
        'How the visit took place': 'In person',
        Scheduled: 'No',
        'Detailed field notes': 'Talked with grandmother.',
      },
    ],
    referrals: [
      referralRow('2026-11-05T15:00:00Z', 'R-1', 'YouthConnect', 'Made', '2026-11-19'),
      referralRow('2026-11-19T15:00:00Z', 'R-1', 'YouthConnect', 'Accepted', '2026-12-03'),
    ],
    successPlans: [],
    outreach: [
      {
        Timestamp: at('2026-11-21T12:00:00Z'),
        'Student ID': '1001',
        Kind: 'Calendar follow-up',
        'Assigned to': 'lead@district.example.org',
        'Due date': '2026-11-28',
        'Link or ID': 'evt-1',
      },
    ],
  };

  test('contacts, home visits, referrals (and their updates) and outreach, newest first, with ISO times', () => {
    const h = historyOf(logs);
    expect(h.map((x) => [x.kind, x.when])).toEqual([
      ['Outreach', '2026-11-21T12:00:00.000Z'],
      ['Contact', '2026-11-20T14:00:00.000Z'],
      ['Referral update', '2026-11-19T15:00:00.000Z'],
      ['Home visit', '2026-11-10T18:00:00.000Z'],
      ['Referral', '2026-11-05T15:00:00.000Z'],
      ['Contact', '2026-11-03T14:00:00.000Z'],
    ]);
    expect(h[3]).toMatchObject({
      title: 'Visit 1 - current student absences, In person',
      details: [
        { label: 'Home visitor', value: 'Ms. Lopez' },
        { label: 'Reason', value: 'Other: Family asked' },
        { label: 'Scheduled', value: 'No' },
      ],
      notes: 'Talked with grandmother.',
      by: 'lopez@district.example.org',
    });
    expect(h[2].title).toBe('YouthConnect: Accepted');
    expect(h[0]).toMatchObject({
      title: 'Calendar follow-up',
      details: [
        { label: 'Assigned to', value: 'lead@district.example.org' },
        { label: 'Due date', value: '2026-11-28' },
        { label: 'Link or ID', value: 'evt-1' },
      ],
    });
  });

  test('entries with the same time keep sheet order, the later row first', () => {
    const same = historyOf({
      ...logs,
      contacts: [contactRow('2026-11-20T14:00:00Z', { Notes: 'a' }), contactRow('2026-11-20T14:00:00Z', { Notes: 'b' })],
      homeVisits: [],
      referrals: [],
      outreach: [],
    });
    expect(same.map((x) => x.notes)).toEqual(['b', 'a']);
  });

  test("a referral's status history: each update is a new row, the latest says where it stands", () => {
    expect(referralStates(logs.referrals, TODAY)).toEqual([
      {
        id: 'R-1',
        partner: 'YouthConnect',
        status: 'Accepted',
        nextUpdateDue: '2026-12-03',
        overdue: false,
        made: '2026-11-05T15:00:00.000Z',
        updates: 1,
      },
    ]);
    expect(referralStates(logs.referrals, '2026-12-04')[0].overdue).toBe(true);
  });

  test('a Referrals sheet someone sorted newest first still reads as logged: the first row made is the referral, the latest says where it stands', () => {
    const header = ['Timestamp', 'Entered by', 'Student ID', 'Referral ID', 'Partner', 'Status', 'Next update due', 'Notes'];
    const row = (r: LogRow) => header.map((h) => r[h] ?? '');
    const made = referralRow('2026-11-02T15:00:00Z', 'R-1', 'YouthConnect', 'Made', '2026-11-16');
    const accepted = referralRow('2026-11-16T15:00:00Z', 'R-1', 'YouthConnect', 'Accepted', '2026-11-30');
    const newestFirst = [header, row(accepted), row(made)];
    const referrals = logRowsFor(newestFirst, '1001');
    const panel = buildPanel(student({ tier: 'L4' }), { contacts: [], homeVisits: [], referrals, successPlans: [], outreach: [] }, TODAY);
    expect(panel.history.map((h) => [h.kind, h.title])).toEqual([
      ['Referral update', 'YouthConnect: Accepted'],
      ['Referral', 'YouthConnect: Made'],
    ]);
    expect(panel.referrals[0]).toMatchObject({ status: 'Accepted', made: '2026-11-02T15:00:00.000Z', overdue: false });
    // The update came in on time and is due next on the 30th: the referral is monitored.
    expect(
      panel.checklist.find((c) => c.text === 'Updates from YouthConnect-Community Partnerships Council are provided bi-weekly')!.done,
    ).toBe(true);
    const l2 = buildPanel(student({ tier: 'L2' }), { contacts: [], homeVisits: [], referrals, successPlans: [], outreach: [] }, TODAY);
    expect(l2.checklist.find((c) => c.text === 'Status of referral is monitored')!.done).toBe(true);
  });

  test('a Success plans sheet sorted newest first: the check-in day is held by whoever last set it', () => {
    const header = ['Timestamp', 'Entered by', 'Student ID', 'Plan ID', 'Next check-in'];
    const newestFirst = [
      header,
      [at('2026-11-20T15:00:00Z'), 'counselor@x.org', '1001', 'P-1', '2026-12-14'],
      [at('2026-11-10T15:00:00Z'), 'lead@x.org', '1001', 'P-1', '2026-11-30'],
    ];
    expect(checkInHolder(logRowsFor(newestFirst, '1001'), '2026-12-14')).toBe('counselor@x.org');
    expect(checkInHolder(logRowsFor(newestFirst, '1001'), '2026-11-30')).toBe('');
  });

  test('only this student\u2019s rows are read from a log sheet', () => {
    const values = [
      ['Timestamp', 'Student ID', 'Notes'],
      [at('2026-11-01T00:00:00Z'), '1001', 'mine'],
      [at('2026-11-01T00:00:00Z'), '10011', 'not mine'],
      [at('2026-11-01T00:00:00Z'), ' 1001 ', 'mine too'],
    ];
    expect(logRowsFor(values, '1001').map((r) => r['Notes'])).toEqual(['mine', 'mine too']);
  });

  test("every panel carries the forms' default days as of its own today, for a sidebar left open since an earlier day", () => {
    expect(buildPanel(student(), logs, TODAY).dates).toEqual({ today: TODAY, nextUpdateDue: '2026-12-07', nextCheckIn: '2026-11-30' });
    expect(buildPanel(student(), logs, '2026-11-30').dates).toEqual({
      today: '2026-11-30',
      nextUpdateDue: '2026-12-14',
      nextCheckIn: '2026-12-07',
    });
  });

  test('the whole panel is plain data: no Date crosses to the page', () => {
    const panel = buildPanel(student(), logs, TODAY);
    const walk = (v: unknown): void => {
      expect(v instanceof Date).toBe(false);
      if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(panel);
  });
});

describe("the level's guidance", () => {
  test("the toolkit's phone script with the student's first name and days filled in", () => {
    expect(guidanceFor(student({ tier: 'L3', daysAbsent: 7 })).script).toBe(
      'Hello parent, your child Ana has missed 7 days of school. We want to make sure all is "ok," as this can now impact your child\'s academic success. We want to make a success plan and we would like your feedback on how to assist your child.',
    );
    expect(guidanceFor(student({ tier: 'L3', daysAbsent: 7 })).interventions).toContain('LEAP home visits');
    expect(guidanceFor(student({ tier: 'L5' })).script).toBeNull();
    expect(guidanceFor(student({ tier: null }))).toEqual({ interventions: [], script: null });
  });
});

describe('the success plan follow-up for the Outreach feature', () => {
  test("a check-in day's event is on the calendar of whoever last set the plan to that day", () => {
    const save = (by: string, day: string) => ({ 'Entered by': by, 'Next check-in': day });
    const rows = [save('lead@x.org', '2026-11-30'), save('counselor@x.org', '2026-11-30'), save('counselor@x.org', '2026-12-14')];
    expect(checkInHolder(rows.slice(0, 2), '2026-11-30')).toBe('lead@x.org');
    expect(checkInHolder(rows, '2026-12-14')).toBe('counselor@x.org');
    // Moved away and back: the save that sets it again makes it anew, so nobody holds it yet.
    expect(checkInHolder(rows, '2026-11-30')).toBe('');
    expect(checkInHolder([...rows, save('lead@x.org', '2026-11-30')], '2026-11-30')).toBe('lead@x.org');
    expect(checkInHolder([], '2026-11-30')).toBe('');
  });

  test("the mentor's next check-in becomes a follow-up with a stable key and no notes", () => {
    const f = successPlanFollowUp(
      {
        studentId: '1001',
        planId: '',
        mentorName: 'Mr. Chen',
        mentorEmail: 'chen@district.example.org',
        goals: 'private goals',
        supports: 's',
        nextCheckIn: '2026-11-30',
        notes: 'private notes',
      },
      'P-1',
      student(),
    )!;
    expect(f).toMatchObject({
      kind: 'success-plan-check-in',
      key: 'success-plan:P-1:2026-11-30',
      date: '2026-11-30',
      guestEmail: 'chen@district.example.org',
      studentId: '1001',
    });
    // Titles show in notifications and to people the calendar is shared with: no student in it.
    expect(f.title).toBe('Success plan check-in (Oak Street School)');
    expect(f.description).toMatch(/^Success mentor check-in with Ana Rivera \(1001\), Oak Street School, grade /);
    expect(f.description).not.toMatch(/private/);
    // Calendar reads the description as HTML: the mentor's address in <...> must not be read as a tag.
    expect(shownDescription(f.description).text).toMatch(/^Mentor: Mr\. Chen <chen@district\.example\.org>$/m);
  });
});

describe('dates', () => {
  test('ISO days are checked as real calendar days; days add across months and years', () => {
    expect(['2026-02-28', '2028-02-29'].every(isIsoDay)).toBe(true);
    expect(['2026-02-29', '2026-13-01', '26-1-1', '2026-1-05'].some(isIsoDay)).toBe(false);
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
    expect(dayText('2026-12-01')).toBe('2026-12-01');
    expect(dayText(new Date(2026, 11, 1))).toBe('2026-12-01');
    expect(timestampText(new Date(Date.UTC(2026, 10, 23, 13)))).toBe('2026-11-23T13:00:00.000Z');
  });
});

describe('students who left the district with a referral open', () => {
  const header = [
    'Timestamp',
    'Entered by',
    'Student ID',
    'Student name',
    'School',
    'Tier at the time',
    'Referral ID',
    'Partner',
    'Status',
  ];
  const values = [
    header,
    ['2026-11-02T15:00:00.000Z', 'a@b.org', '9001', 'Ana Rivera', 'Lincoln', 'L3', 'R-1', 'YouthConnect', 'Made'],
    ['2026-11-03T15:00:00.000Z', 'a@b.org', '9002', 'Chidi Okafor', 'Lincoln', 'L2', 'R-2', 'YouthConnect', 'Made'],
    ['2026-11-04T15:00:00.000Z', 'a@b.org', '9002', 'Chidi Okafor', 'Lincoln', 'L2', 'R-2', 'YouthConnect', 'Closed'],
    ['2026-11-05T15:00:00.000Z', 'a@b.org', '1001', 'José Núñez', 'Elm', 'L4', 'R-3', 'YouthConnect', 'Made'],
    // Ended by hand on the sheet, as the report reads it: not open.
    ['2026-11-06T15:00:00.000Z', 'a@b.org', '9003', 'Lee Stone', 'Lincoln', 'L2', 'R-4', 'YouthConnect', 'Made'],
    ['2026-11-09T15:00:00.000Z', 'a@b.org', '9003', 'Lee Stone', 'Lincoln', 'L2', 'R-4', 'YouthConnect', 'Completed'],
  ];

  test('the search finds those not on the Roster whose referral is open, marked so, by name as logged', () => {
    const off = openReferralsOffRoster(values, (id) => id === '1001');
    expect(off).toEqual([{ id: '9001', name: 'Ana Rivera', school: 'Lincoln', grade: '', tier: '', notOnRoster: true }]);
    expect(searchStudents(off, 'ana').hits).toEqual([
      { id: '9001', name: 'Ana Rivera', school: 'Lincoln', grade: '', tier: '', notOnRoster: true },
    ]);
  });

  test('their panel shows what the logs know, with no level, guidance or checklist', () => {
    const referrals = logRowsFor(values, '9001');
    const panel = buildLoggedPanel(
      { id: '9001', name: 'Ana Rivera', school: 'Lincoln', tier: null },
      { contacts: [], homeVisits: [], referrals, successPlans: [], outreach: [] },
      '2026-11-23',
    );
    expect(panel).toMatchObject({
      onRoster: false,
      student: { id: '9001', name: 'Ana Rivera', school: 'Lincoln', tier: '', tierName: 'Not on the current roster', daysAbsent: null },
      guidance: { interventions: [], script: null },
      checklist: [],
      referrals: [{ id: 'R-1', status: 'Made' }],
    });
  });
});
