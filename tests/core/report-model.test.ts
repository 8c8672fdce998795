/**
 * The bi-weekly report's numbers, table by table, against a hand-counted district and against the
 * toolkit's own tables. Every number of the sheet, report.html and the emails comes from here.
 */
import { SEED_COUNTS } from '../../scripts/generate-sample';
import {
  buildModel,
  dayNumber,
  dayNumberLabel,
  instantOf,
  mimeMessage,
  pct1,
  principalEmail,
  ReportDoc,
  reportDocument,
  reportHtml,
  schoolDocument,
  suppressGroups,
  Table,
  TrendPoint,
} from '../../src/core/report';
import { dayText } from '../../src/core/dates';
import { TIER_IDS } from '../../src/core/rules';
import { Student } from '../../src/core/student';
import { EST, handDistrict, inputs, NOW, record, snap, student, TOOLKIT_TABLES } from '../report-fixtures';

function table(doc: ReportDoc, id: string): Table {
  const t = doc.sections.flatMap((s) => [...s.tables, ...(s.below ?? [])]).find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
}

const DAY = 86400000;

describe('rounding: one decimal, half up, each row on its own', () => {
  test('exact in whole numbers, where floating point would round 0.05 boundaries the wrong way', () => {
    expect(pct1(1, 8)).toBe(12.5);
    expect(pct1(1, 16)).toBe(6.3); // 6.25 -> 6.3 (half up)
    expect(pct1(1, 80)).toBe(1.3); // 1.25
    expect(pct1(7, 40)).toBe(17.5);
    expect(pct1(0, 10)).toBe(0);
    expect(pct1(1, 0)).toBeNull();
    expect(pct1(2.5, 50)).toBe(5);
  });
});

describe("the toolkit's own tables reproduce exactly from the toolkit's counts", () => {
  // Students with exactly the seed's counts: each at the first day of their level.
  const students: Student[] = [];
  for (const [band, grade] of [
    ['elementary', '4'],
    ['high', '11'],
  ] as const) {
    TIER_IDS.forEach((t, i) => {
      const days = [0, 2, 6, 11, 15, 18][i];
      for (let n = 0; n < SEED_COUNTS[band][t]; n++) students.push(student({ absent: days, enrolled: 58, grade }));
    });
  }
  const doc = reportDocument(buildModel(inputs(students)));

  test.each([
    ['tiers-district', TOOLKIT_TABLES.district.rows],
    ['tiers-elementary', TOOLKIT_TABLES.elementary.rows],
    ['tiers-high', TOOLKIT_TABLES.high.rows],
  ])('%s: same layout, frequencies and percentages as the toolkit', (id, rows) => {
    const t = table(doc, id);
    expect(t.columns.map((c) => c.header)).toEqual(['Category', 'Frequency', 'Percent']);
    expect(t.rows).toEqual(rows.map((r) => [...r]));
    // Frequencies sum to the total; the Total row is 100.0.
    const freq = t.rows.slice(0, 6).reduce((n, r) => n + (r[1] as number), 0);
    expect(freq).toBe(t.rows[6][1]);
    expect(t.rows[6][2]).toBe(100);
  });

  test('rows rounded on their own add to 99.9 here, as the toolkit printed them (not forced to 100.0)', () => {
    const sum = table(doc, 'tiers-district')
      .rows.slice(0, 6)
      .reduce((n, r) => n + (r[2] as number) * 10, 0);
    expect(sum / 10).toBe(99.9);
  });
});

describe('the district goal', () => {
  const district = (chronic: number, total: number) =>
    Array.from({ length: total }, (_, i) => student({ absent: i < chronic ? 10 : 0, enrolled: 50 }));
  const verdict = (chronic: number, total: number) => {
    const doc = reportDocument(buildModel(inputs(district(chronic, total))));
    const row = table(doc, 'headline').rows.find((r) => String(r[0]).startsWith('Distance'))!;
    return [row[2], row[3]];
  };

  test('is met when the exact rate is under it, even where the rounded rate shows 30.0%', () => {
    expect(verdict(86, 287)).toEqual([0, 'under the goal by less than 0.1 point: met']); // 29.97%
    expect(verdict(29, 100)).toEqual([-1, 'under the goal: met']);
  });

  test('the report\'s first line says so too, where 30.0% beside "goal: under 30.0%" would read as not met', () => {
    const subtitle = (chronic: number, total: number) => reportDocument(buildModel(inputs(district(chronic, total)))).subtitle;
    expect(subtitle(86, 287)).toBe(
      '2026-11-23: 287 students with attendance reported, 30.0% chronically absent (goal: under 30.0%, met by less than 0.1 point)',
    );
    expect(subtitle(30, 100)).toBe('2026-11-23: 100 students with attendance reported, 30.0% chronically absent (goal: under 30.0%)');
    expect(subtitle(58, 100)).toBe('2026-11-23: 100 students with attendance reported, 58.0% chronically absent (goal: under 30.0%)');
  });

  test('is not met at the goal or over it', () => {
    expect(verdict(30, 100)).toEqual([0, 'not under the goal yet']); // exactly 30%
    expect(verdict(301, 1000)).toEqual([0.1, 'above the goal']);
  });
});

describe('the hand-counted district', () => {
  const model = buildModel(inputs(handDistrict()));
  const doc = reportDocument(model);

  test('headline: roster, enrolled, no attendance reported, chronic rate, goal and distance', () => {
    expect(model.headline).toEqual({
      roster: 38,
      enrolled: 37,
      noAttendance: 1,
      withAttendance: 36,
      chronic: 23,
      enrolledPct: 97.4,
      noAttendancePct: 2.7, // 1 of the 37 enrolled
      withAttendancePct: 94.7,
      chronicPct: 63.9,
      goalPct: 30,
      distance: 33.9,
      goalMet: false,
    });
    const t = table(doc, 'headline');
    expect(t.rows.find((r) => String(r[0]).startsWith('Chronically absent'))).toEqual([
      'Chronically absent (missed 10% or more of enrolled days)',
      23,
      63.9,
      'of 36 with attendance reported',
    ]);
    expect(t.rows.find((r) => String(r[0]).startsWith('Distance'))).toEqual([
      'Distance to the goal (percentage points)',
      '',
      33.9,
      'above the goal',
    ]);
  });

  test('tier tables: district, K-8 (grades 3 and 5) and 9-12', () => {
    expect(table(doc, 'tiers-district').rows.map((r) => [r[1], r[2]])).toEqual([
      [7, 19.4],
      [8, 22.2],
      [7, 19.4],
      [4, 11.1],
      [3, 8.3],
      [7, 19.4],
      [36, 100],
    ]);
    expect(table(doc, 'tiers-elementary').rows.map((r) => r[1])).toEqual([5, 6, 5, 2, 2, 4, 24]);
    expect(table(doc, 'tiers-high').rows.map((r) => r[1])).toEqual([2, 2, 2, 2, 1, 3, 12]);
  });

  test('Attendance Works bands by share of enrolled days missed (Oak: 5, 2, 5, 8 of 20)', () => {
    const oak = buildModel(inputs(handDistrict().filter((s) => s.school === 'Oak School')));
    expect(table(reportDocument(oak), 'bands-district').rows).toEqual([
      ['Under 5% (satisfactory)', 5, 25],
      ['5% to under 10% (at risk)', 2, 10],
      ['10% to under 20% (moderate chronic)', 5, 25],
      ['20% or more (severe chronic)', 8, 40],
      ['Total', 20, 100],
    ]);
  });

  test('by school: Tiny (4 students) hidden, and Oak with it: Elm is shown, as the High School 9-12 table shows it anyway', () => {
    // Elementary K-8 is Oak + Tiny and High School 9-12 is Elm. Hiding Elm (the next smallest)
    // beside Tiny, as a table on its own would, left Tiny = Elementary K-8 - Oak.
    const t = table(doc, 'by-school');
    expect(t.columns.map((c) => c.header)).toEqual([
      'School',
      'With attendance reported',
      'Chronically absent',
      '% chronically absent',
      '% L1',
      '% L2',
      '% L3',
      '% L4',
      '% L5',
      '% L6',
    ]);
    expect(t.rows).toEqual([
      ['Elm High School', 12, 8, 66.7, 16.7, 16.7, 16.7, 16.7, 8.3, 25],
      ['Oak School', ...new Array(9).fill('n<10')],
      ['Tiny School', ...new Array(9).fill('n<10')],
    ]);
  });

  test('by grade: grade 5 (4) hidden, and grade 3 (20) with it, as both are K-8; grade 10 shown', () => {
    expect(table(doc, 'by-grade').rows.map((r) => [r[0], r[1]])).toEqual([
      ['3', 'n<10'],
      ['5', 'n<10'],
      ['10', 12],
    ]);
  });

  test('by subgroup: gender X (1 student) and the next smallest (M, 17) hidden; English learner Yes (9) and so No (27) hidden', () => {
    expect(table(doc, 'by-gender').rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['F', 18, 11],
      ['M', 'n<10', 'n<10'],
      ['X', 'n<10', 'n<10'],
    ]);
    expect(table(doc, 'by-englishLearner').rows.map((r) => [r[0], r[1]])).toEqual([
      ['No', 'n<10'],
      ['Yes', 'n<10'],
    ]);
    for (const key of ['ethnicity', 'specialEducation', 'homeLanguage']) expect(table(doc, `by-${key}`).rows.length).toBeGreaterThan(0);
  });

  test('the smallest group shown follows the Settings', () => {
    const m = buildModel(inputs(handDistrict(), { settings: { smallGroupSize: 3 } }));
    const t = table(reportDocument(m), 'by-school');
    expect(t.rows.map((r) => r[1])).toEqual([12, 20, 4]);
    const wide = table(reportDocument(buildModel(inputs(handDistrict(), { settings: { smallGroupSize: 25 } }))), 'by-school');
    expect(wide.rows.every((r) => r[1] === 'n<25')).toBe(true);
  });
});

describe('small-group suppression', () => {
  test('one hidden group takes the next smallest with it; hidden groups together reach the minimum', () => {
    expect(suppressGroups([50, 40, 5], 10)).toEqual([false, true, true]);
    expect(suppressGroups([50, 3, 4, 30], 10)).toEqual([false, true, true, true]);
    expect(suppressGroups([50, 40], 10)).toEqual([false, false]);
    expect(suppressGroups([9], 10)).toEqual([true]);
  });

  test('no small group appears in the HTML or a principal email, charts included', () => {
    const model = buildModel(inputs(handDistrict()));
    const html = reportHtml(reportDocument(model));
    // Tiny School's own figures (4 students, 2 chronic) appear nowhere; its chart bar is replaced by "n<10".
    const tinyRow = /<tr><td>Tiny School<\/td>(.*?)<\/tr>/.exec(html)![1];
    expect(tinyRow).not.toMatch(/>\d/);
    expect(html).toMatch(/Tiny School<\/text><text[^>]*>n&lt;10<\/text>/);
    const email = principalEmail(model, 'Tiny School', 'p@x.org', 'https://link');
    expect(email.hidden).toBe(true);
    expect(email.text).toMatch(/Fewer than 10 students/);
    expect(email.text).not.toMatch(/\| \d/);
    // Oak (20 students) is hidden with Tiny, and its email says why.
    const oak = principalEmail(model, 'Oak School', 'p@x.org', 'https://link');
    expect(oak.hidden).toBe(true);
    expect(oak.text).toMatch(/together with the other figures of the report/);
    // Elm's own email shows its numbers, with its small groups hidden (gender: 6 F, 5 M, 1 X).
    const elm = principalEmail(model, 'Elm High School', 'p@x.org', 'https://link');
    expect(elm.text).toContain('Chronically absent | 8 | 66.7');
    expect(elm.text).toContain('English learner');
    expect(elm.text).toMatch(/Yes \| n<10/);
    expect(elm.text).toMatch(/F \| n<10/);
    expect(elm.text).not.toContain('Student E1');
  });

  test('enrolled and attendance reported by school: the schools hidden above are hidden here too', () => {
    const model = buildModel(inputs(handDistrict()));
    expect(table(reportDocument(model), 'enrollment-by-school').rows).toEqual([
      ['Elm High School', 12, 12, 100, 0, 0],
      ['Oak School', 'n<10', 'n<10', 'n<10', 'n<10', 'n<10'],
      ['Tiny School', 'n<10', 'n<10', 'n<10', 'n<10', 'n<10'],
    ]);
    expect(principalEmail(model, 'Elm High School', 'p@x.org', 'https://link').text).toContain(
      'No attendance reported (of the enrolled) | 0 | 0.0 | of 12 enrolled',
    );
  });
});

describe('% enrolled and % no attendance reported by school, grade and student group', () => {
  // A: 25 with attendance, 3 enrolled with none reported, 2 not enrolled yet. B: 20 with attendance.
  // C: 5 enrolled, nobody's attendance reported yet (no row in the chronic absence tables).
  const students = [
    ...Array.from({ length: 25 }, () => student({ school: 'A School', absent: 2 })),
    ...Array.from({ length: 3 }, () => student({ school: 'A School', absent: null })),
    ...Array.from({ length: 2 }, () => student({ school: 'A School', absent: 0, enrolled: 0 })),
    ...Array.from({ length: 20 }, () => student({ school: 'B School', absent: 1 })),
    ...Array.from({ length: 5 }, () => student({ school: 'C School', absent: null })),
  ];
  const model = buildModel(inputs(students));
  const doc = reportDocument(model);

  test("a school with fewer enrolled than the smallest group is hidden, and takes the next smallest with it, so the district's totals cannot give it", () => {
    expect(table(doc, 'by-school').rows.map((r) => r[0])).toEqual(['A School', 'B School']);
    expect(table(doc, 'enrollment-by-school').rows).toEqual([
      ['A School', 30, 28, 93.3, 3, 10.7],
      ['B School', 'n<10', 'n<10', 'n<10', 'n<10', 'n<10'],
      ['C School', 'n<10', 'n<10', 'n<10', 'n<10', 'n<10'],
    ]);
    expect(model.headline).toMatchObject({ roster: 55, enrolled: 53, noAttendance: 8 });
  });

  test('a small group of students not enrolled yet (0 days) is hidden too, and so is every small group on the first import of a year', () => {
    const withIslanders = buildModel(
      inputs([
        ...Array.from({ length: 40 }, () => student({ absent: 2, ethnicity: 'White' })),
        ...Array.from({ length: 2 }, () => student({ absent: 0, enrolled: 0, ethnicity: 'Pacific Islander' })),
      ]),
    );
    const rows = table(reportDocument(withIslanders), 'enrollment-by-ethnicity').rows;
    expect(rows.find((r) => r[0] === 'Pacific Islander')).toEqual(['Pacific Islander', 'n<10', 'n<10', 'n<10', 'n<10', 'n<10']);
    // Nobody enrolled yet: the one-student gender group is not printed, nor the other that would give it.
    const firstDay = buildModel(
      inputs([
        ...Array.from({ length: 30 }, () => student({ absent: 0, enrolled: 0, gender: 'F' })),
        student({ absent: 0, enrolled: 0, gender: 'X' }),
      ]),
    );
    const gender = table(reportDocument(firstDay), 'enrollment-by-gender').rows;
    expect(gender.every((r) => r.slice(1).every((v) => v === 'n<10'))).toBe(true);
  });

  test('the same table for each grade and student group, and the school’s own lines in its principal’s email', () => {
    expect(table(doc, 'enrollment-by-grade').rows).toEqual([['3', 55, 53, 96.4, 8, 15.1]]);
    expect(table(doc, 'enrollment-by-gender').rows).toEqual([['F', 55, 53, 96.4, 8, 15.1]]);
    const a = principalEmail(model, 'A School', 'p@x.org', 'https://link').text;
    expect(a).toContain('Enrolled | 28 | 93.3');
    expect(a).toContain('No attendance reported (of the enrolled) | 3 | 10.7');
  });

  test('a grade or school nobody has attendance reported for is in its place in the table, not after the others', () => {
    const m = buildModel(
      inputs([
        ...Array.from({ length: 20 }, () => student({ school: 'Oak School', grade: '3', absent: 2 })),
        ...Array.from({ length: 15 }, () => student({ school: 'Elm High School', grade: '10', absent: 1 })),
        ...Array.from({ length: 12 }, () => student({ school: 'Birch School', grade: '4', absent: null })),
      ]),
    );
    const d = reportDocument(m);
    expect(table(d, 'enrollment-by-grade').rows.map((r) => r[0])).toEqual(['3', '4', '10']);
    expect(table(d, 'enrollment-by-school').rows.map((r) => r[0])).toEqual(['Birch School', 'Elm High School', 'Oak School']);
  });

  test("a principal's summary says what each figure is of, as the district headline does", () => {
    expect(table(schoolDocument(model, 'A School', 'https://link'), 'school-summary').rows).toEqual([
      ['Enrolled', 28, 93.3, 'of 30 on the roster'],
      ['No attendance reported (of the enrolled)', 3, 10.7, 'of 28 enrolled'],
      ['Students with attendance reported', 25, '', ''],
      ['Chronically absent', 0, 0, 'of 25 with attendance reported'],
      ['District: chronically absent', 0, 0, 'of 45 with attendance reported'],
      ['District goal: chronic absence under', '', 30, ''],
      ['Projected to become chronically absent by June', '', '', 'from the next import: the pace is measured between two imports'],
      ['L2-L6 students reached since entering their tier', 0, 0, 'of 25 students in L2-L6'],
      ['Referral updates overdue', 0, '', 'of 0 open referrals'],
    ]);
  });

  test("a school on the roster with nobody's attendance reported yet: its principal gets its enrolled lines, which say why there is no rate", () => {
    // D: 30 enrolled, none reported (no row in the chronic absence tables, but shown in the enrollment table).
    const withD = buildModel(inputs([...students, ...Array.from({ length: 30 }, () => student({ school: 'D School', absent: null }))]));
    expect(table(reportDocument(withD), 'enrollment-by-school').rows.find((r) => r[0] === 'D School')).toEqual([
      'D School',
      30,
      30,
      100,
      30,
      100,
    ]);
    const email = principalEmail(withD, 'D School', 'p@x.org', 'https://link');
    expect(email.hidden).toBe(false);
    expect(email.text).toMatch(/No student of D School has attendance reported in this import yet/);
    expect(email.text).not.toMatch(/Fewer than 10 students/);
    expect(email.text).toContain('No attendance reported (of the enrolled) | 30 | 100.0 | of 30 enrolled');
    expect(email.text).toContain('Students with attendance reported | 0');
    // C (5 on the roster) stays hidden, in the report and in its email.
    expect(principalEmail(withD, 'C School', 'p@x.org', 'https://link')).toMatchObject({
      hidden: true,
      text: expect.stringMatching(/Fewer than 10 students/),
    });
  });
});

describe('a district smaller than the smallest group shown', () => {
  // One school of 5 students: the school's row is n<10, and the district's own tables would be its figures exactly.
  const five = [0, 3, 7, 12, 20].map((absent, i) => student({ id: `D${i}`, absent, grade: (i < 3 ? '3' : '10') as Student['grade'] }));
  const model = buildModel(
    inputs(five, {
      imports: [record('i1', NOW - 14 * DAY, 5), record('i2', NOW - DAY, 5)],
      currentImportId: 'i2',
      previous: new Map(five.map((s) => [s.id, snap(s.id, 40, 0)])),
    }),
  );
  const doc = reportDocument(model);
  const figures = (id: string) =>
    table(doc, id)
      .rows.flatMap((r) => r.slice(1))
      .filter((v) => typeof v === 'number');

  test('a district of 5 students shows n<10 in its district tables too', () => {
    expect(model.districtHidden).toBe(true);
    expect(table(doc, 'by-school').rows).toEqual([['Oak School', ...new Array(9).fill('n<10')]]);
    for (const id of ['tiers-district', 'bands-district', 'tiers-elementary', 'tiers-high', 'bands-elementary', 'bands-high']) {
      expect(figures(id)).toEqual([]);
    }
    for (const id of ['trend', 'movement-by-school', 'movement-matrix', 'coverage-by-school']) {
      expect(table(doc, id).rows.flatMap((r) => r.slice(1, 2))).not.toContainEqual(expect.any(Number));
    }
    expect(figures('movement-matrix')).toEqual([]);
    expect(figures('coverage-by-school')).toEqual([]);
  });

  test("the headline keeps the district's student count and says plainly why nothing else is shown", () => {
    const rows = table(doc, 'headline').rows;
    expect(rows[0]).toEqual(['Students on the roster', 5, '', '']);
    expect(rows[3]).toEqual(['With attendance reported', 5, 100, 'of 5 on the roster']);
    expect(rows[4].slice(1, 3)).toEqual(['n<10', 'n<10']);
    expect(rows[6].slice(2)).toEqual(['n<10', '']);
    expect(rows[7].slice(1)).toEqual(['n<10', 'n<10', '']);
    expect(doc.subtitle).toMatch(/5 students with attendance reported\. Fewer than 10 students in the whole district/);
    expect(doc.subtitle).not.toMatch(/chronically absent/);
    const html = reportHtml(doc);
    expect(html).toContain('so only their number is shown');
    // Chronic: 2 of 5 (40.0%): that figure appears nowhere, nor the tiers' counts.
    expect(html).not.toMatch(/40\.0|>2<\/td>/);
    expect(principalEmail(model, 'Oak School', 'p@x.org', 'https://link').hidden).toBe(true);
  });
});

describe("named lists: the attendance team's working lists, never in a principal's email", () => {
  const students = handDistrict();
  const m = buildModel(
    inputs(students, {
      imports: [record('i1', NOW - 14 * DAY, students.length), record('i2', NOW - DAY, students.length)],
      currentImportId: 'i2',
      previous: new Map(students.map((s) => [s.id, snap(s.id, 40, 0)])),
      logs: {
        referrals: [
          {
            Timestamp: new Date(Date.UTC(2026, 9, 1, 16)),
            'Student ID': 'T3',
            'Referral ID': 'R-1',
            Partner: 'YouthConnect',
            Status: 'Referred',
            'Next update due': '2026-10-15',
          },
        ],
      },
    }),
  );
  const doc = reportDocument(m);

  test('the lists name Tiny School (n<10) students for the team, and say above each that they are not for sharing', () => {
    expect(m.bySchool.groups.find((g) => g.label === 'Tiny School')!.hidden).toBe(true);
    expect(table(doc, 'movement-list').rows.some((r) => r[0] === 'Tiny School')).toBe(true);
    expect(table(doc, 'overdue-referrals').rows.some((r) => r[0] === 'Tiny School')).toBe(true);
    for (const id of ['movement', 'warning', 'coverage']) {
      expect(doc.sections.find((s) => s.id === id)!.intro).toMatch(/working list for the attendance team, not for sharing/);
    }
    expect(reportHtml(doc)).toContain('working list for the attendance team, not for sharing');
  });

  test("no principal's email names a student, of a hidden school or any other", () => {
    for (const school of ['Oak School', 'Elm High School', 'Tiny School']) {
      const e = principalEmail(m, school, 'p@x.org', 'https://link');
      for (const s of students) {
        expect(e.text).not.toContain(s.name);
        expect(e.html).not.toContain(s.name);
      }
    }
  });
});

describe('tier movement between two imports', () => {
  const prevAt = NOW - 14 * DAY;
  const students = [
    student({ id: 'A', absent: 6 }), // L3, was L2 (4): up
    student({ id: 'B', absent: 25 }), // L6, was L6: same
    student({ id: 'C', absent: 1 }), // L1, was L2 (3, corrected): down
    student({ id: 'D', absent: 12, school: 'Elm High School', grade: '10' }), // L4, was L1: up
    student({ id: 'E', absent: 2 }), // new since
  ];
  const previous = new Map([
    ['A', snap('A', 40, 4)],
    ['B', snap('B', 40, 25)],
    ['C', snap('C', 40, 3)],
    ['D', snap('D', 40, 1)],
    ['Z', snap('Z', 40, 9)], // left the roster
  ]);
  const model = buildModel(
    inputs(students, {
      imports: [record('i1', prevAt, 5), record('i2', NOW - DAY, 5)],
      currentImportId: 'i2',
      previous,
      settings: { smallGroupSize: 1 },
    }),
  );

  test("a principal's email gives the share moved up of the students on both imports, not counting those new since", () => {
    expect(principalEmail(model, 'Oak School', 'p@x.org', 'https://link').text).toContain(
      'Moved up a tier since the previous import (2026-11-09) | 1 | 33.3 | of 3 on both imports',
    );
  });

  test('counts, the per-school table, the tier-to-tier matrix and the list', () => {
    expect(model.movement.previous?.importId).toBe('i1');
    expect(model.movement.totals).toEqual({ up: 2, down: 1, same: 1, added: 1, left: 1 });
    const doc = reportDocument(model);
    expect(table(doc, 'movement-by-school').rows).toEqual([
      ['Elm High School', 1, 1, 0, 0, 0],
      ['Oak School', 4, 1, 1, 1, 1],
      ['District', 5, 2, 1, 1, 1],
    ]);
    const matrix = table(doc, 'movement-matrix').rows;
    expect(matrix[1]).toEqual(['L2', 1, 0, 1, 0, 0, 0]); // C to L1, A to L3
    expect(matrix[0]).toEqual(['L1', 0, 0, 0, 1, 0, 0]); // D to L4
    expect(table(doc, 'movement-list').rows).toEqual([
      ['Elm High School', 'D', 'Student D', '10', 'L1', 'L4', 1, 12, 'Up'],
      ['Oak School', 'A', 'Student A', '3', 'L2', 'L3', 4, 6, 'Up'],
      ['Oak School', 'C', 'Student C', '3', 'L2', 'L1', 3, 1, 'Down'],
    ]);
  });

  test('an import from before the school year start is not compared with', () => {
    const m = buildModel(
      inputs(students, {
        imports: [record('old', Date.UTC(2026, 5, 10), 5), record('i2', NOW - DAY, 5)],
        currentImportId: 'i2',
        previous,
      }),
    );
    expect(m.movement.previous).toBeNull();
    expect(reportDocument(m).sections.find((s) => s.id === 'movement')!.intro).toMatch(/no earlier import/);
  });
});

describe('early warning: projected to cross 10% by June at the current pace', () => {
  // 50 school days so far (the 90th percentile of days enrolled), 180 in the year: 130 left.
  const students = [
    student({ id: 'X', absent: 4 }), // 3 absences in the last 10 days: 4 + 0.3 x 130 = 43 days, 23.9% of 180
    student({ id: 'Y', absent: 4 }), // 1 in the last 10 days: 4 + 13 = 17 days, 9.4%: not listed
    student({ id: 'W', absent: 4 }), // no earlier import: year-to-date pace (8%) stays under 10%
    student({ id: 'V', absent: 6 }), // already chronic: not "early" warning
    student({ id: 'U', absent: 2, enrolled: 30 }), // enrolled late, 6.7%: 2 in the last 10 days: 2 + 0.2 x 130 = 28 of 160 days
  ];
  const previous = new Map([
    ['X', snap('X', 40, 1)],
    ['Y', snap('Y', 40, 3)],
    ['V', snap('V', 40, 0)],
    ['U', snap('U', 20, 0)],
  ]);
  const model = buildModel(
    inputs(students, {
      imports: [record('i1', NOW - 14 * DAY, 4), record('i2', NOW - DAY, 5)],
      currentImportId: 'i2',
      previous,
      settings: { smallGroupSize: 1 },
    }),
  );

  test('days so far and left come from the roster and Settings', () => {
    expect(model.warning).toMatchObject({ daysSoFar: 50, daysLeft: 130, daysInYear: 180 });
  });

  test('the projection per student, listed per school', () => {
    const rows = table(reportDocument(model), 'warning-list').rows;
    expect(rows).toEqual([
      ['Oak School', 'X', 'Student X', '3', 'L2', 4, 50, 3, 'since 2026-11-09', 43, 23.9],
      ['Oak School', 'U', 'Student U', '3', 'L2', 2, 30, 2, 'since 2026-11-09', 28, 17.5],
    ]);
    expect(table(reportDocument(model), 'warning-by-school').rows).toEqual([['Oak School', 4, 2, 50]]);
  });

  describe('school days so far: one wrong days-enrolled figure does not switch the warning off', () => {
    // Twenty students 60 days into the year; A has missed 4 of the last 10 days.
    const class20 = [
      student({ id: 'A', absent: 4, enrolled: 60 }),
      ...Array.from({ length: 19 }, (_, i) => student({ id: `B${i}`, absent: 0, enrolled: 60 })),
    ];
    const history = (list: Student[]) => ({
      imports: [record('i1', NOW - 14 * DAY, list.length), record('i2', NOW - DAY, list.length)],
      currentImportId: 'i2',
      previous: new Map(list.map((s) => [s.id, snap(s.id, 50, 0)])),
      settings: { smallGroupSize: 1 },
    });

    test('a student with 200 days enrolled (the import accepts up to 366) changes nothing', () => {
      const clean = buildModel(inputs(class20, history(class20))).warning;
      const withOutlier = [...class20, student({ id: 'Z', absent: 0, enrolled: 200 })];
      const outlier = buildModel(inputs(withOutlier, history(withOutlier))).warning;
      expect(clean).toMatchObject({ daysSoFar: 60, daysLeft: 120 });
      expect(outlier).toMatchObject({ daysSoFar: 60, daysLeft: 120 });
      // A: 4 + 0.4 x 120 = 52 of 180 days.
      expect(outlier.rows.map((r) => [r.student.id, r.projectedDays, r.projectedPct])).toEqual([['A', 52, 28.9]]);
      expect(outlier.rows.map((r) => r.student.id)).toEqual(clean.rows.map((r) => r.student.id));
    });

    test('the 90th percentile of days enrolled: a tenth of the students may be wrong, late enrollees may be many', () => {
      const mixed = [
        ...Array.from({ length: 9 }, (_, i) => student({ id: `L${i}`, absent: 0, enrolled: 20 + i })), // enrolled late
        ...Array.from({ length: 9 }, (_, i) => student({ id: `F${i}`, absent: 0, enrolled: 60 })),
        student({ id: 'W1', absent: 0, enrolled: 300 }),
        student({ id: 'W2', absent: 0, enrolled: 250 }),
      ];
      expect(buildModel(inputs(mixed, history(mixed))).warning.daysSoFar).toBe(60);
    });

    test('never more than the weekdays since the school year start, nor the days in the year', () => {
      // A whole export with 200 days enrolled on 2026-11-22: 62 weekdays since 2026-08-27.
      const wrong = class20.map((s) => ({ ...s, daysEnrolled: 200 }));
      expect(buildModel(inputs(wrong, history(wrong))).warning).toMatchObject({ daysSoFar: 62, daysLeft: 118 });
      const lateStart = buildModel(inputs(wrong, { ...history(wrong), settings: { schoolYearStart: '2027-01-04' } })).warning;
      expect(lateStart).toMatchObject({ daysSoFar: 180, daysLeft: 0, rows: [] }); // a start after the import is no bound
    });
  });

  test('a listed student never shows under 10%: the percentage is of the exact projection, not of a half-day count', () => {
    // T: 2 absences in the last 19 days: 4 + 2/19 x 130 = 17.68 days of 46 + 130 = 176: 10.05%, listed.
    // (Rounded to the nearest half day first, 17.5 of 176 would read 9.9.)
    const list = [
      student({ id: 'T', absent: 4, enrolled: 46 }),
      ...Array.from({ length: 10 }, (_, i) => student({ id: `P${i}`, absent: 0, enrolled: 50 })),
    ];
    const w = buildModel(
      inputs(list, {
        imports: [record('i1', NOW - 14 * DAY, 11), record('i2', NOW - DAY, 11)],
        currentImportId: 'i2',
        previous: new Map([['T', snap('T', 27, 2)]]),
      }),
    ).warning;
    expect(w.daysLeft).toBe(130);
    expect(w.rows.map((r) => [r.student.id, r.projectedDays, r.projectedPct])).toEqual([['T', 17.7, 10]]);
  });

  test('with no earlier import this school year there is no pace to project with: the report and the emails say so, not "0 projected"', () => {
    const first = buildModel(
      inputs(students, { imports: [record('i1', NOW - DAY, 5)], currentImportId: 'i1', settings: { smallGroupSize: 1 } }),
    );
    expect(first.warning).toMatchObject({ measured: false, rows: [] });
    expect(model.warning.measured).toBe(true);
    const doc = reportDocument(first);
    expect(table(doc, 'warning-by-school').rows).toEqual([['Oak School', 4, '', '']]);
    expect(table(doc, 'warning-list').empty).toMatch(/^No projection yet: the pace is measured between two imports/);
    expect(doc.sections.find((s) => s.id === 'warning')!.intro).toMatch(/No projection yet/);
    const email = principalEmail(first, 'Oak School', 'p@x.org', 'https://link').text;
    expect(email).toContain('Projected to become chronically absent by June |  |  | from the next import');
    expect(email).not.toMatch(/Projected to become chronically absent by June \| 0/);
  });

  test('a longer school year leaves more days to cross in', () => {
    const y = buildModel(
      inputs([students[1]], {
        imports: [record('i1', NOW - 14 * DAY, 1), record('i2', NOW - DAY, 1)],
        currentImportId: 'i2',
        previous,
        settings: { daysInSchoolYear: 250 },
      }),
    );
    // Y: 4 + 0.1 x 200 = 24 of 250 days = 9.6%: still not listed; the line is exactly 10%.
    expect(y.warning.rows).toEqual([]);
    const z = buildModel(
      inputs([student({ id: 'Z', absent: 5, enrolled: 60 })], {
        imports: [record('i1', NOW - 14 * DAY, 1), record('i2', NOW - DAY, 1)],
        currentImportId: 'i2',
        previous: new Map([['Z', snap('Z', 50, 4)]]),
        settings: { daysInSchoolYear: 100 },
      }),
    );
    // Z: 5 + 0.1 x 40 = 9 of 100 days: 9%, not listed. 1 more absence lately (2 in 10) would be 13%.
    expect(z.warning.rows).toEqual([]);
  });
});

describe('outreach coverage and overdue referrals', () => {
  const t = (iso: string) => new Date(iso);
  const since = Date.UTC(2026, 10, 9, 15); // tier entered on the 2026-11-09 import
  const students = [
    student({ id: 'S1', absent: 7 }), // L3
    student({ id: 'S2', absent: 8 }), // L3
    student({ id: 'S3', absent: 12 }), // L4
    student({ id: 'S4', absent: 3 }), // L2
    student({ id: 'S5', absent: 16 }), // L5
    student({ id: 'S6', absent: 0 }), // L1: not counted
  ];
  const latest = new Map([
    ['S1', snap('S1', 50, 7, since)],
    ['S2', snap('S2', 50, 8, since)],
    ['S3', snap('S3', 50, 12, since)],
  ]);
  // History: imports on 10-26, 11-09 (S1-S3 entered their tiers) and 11-22 (the roster's).
  const history = {
    imports: [record('i0', Date.UTC(2026, 9, 26, 15), 6), record('i1', since, 6), record('i2', NOW - DAY, 6)],
    currentImportId: 'i2',
    latest,
  };
  const logs = {
    contacts: [
      { Timestamp: t('2026-11-10T15:00:00Z'), 'Student ID': 'S1', 'Tier at the time': 'L3' },
      { Timestamp: t('2026-11-01T15:00:00Z'), 'Student ID': 'S2', 'Tier at the time': 'L2' }, // before entering L3
    ],
    // Logged at L4, but History has S3 entering L4 on 11-09: an earlier spell in L4.
    homeVisits: [{ Timestamp: t('2026-11-01T15:00:00Z'), 'Student ID': 'S3', 'Tier at the time': 'L4' }],
    referrals: [
      {
        Timestamp: t('2026-11-01T15:00:00Z'),
        'Student ID': 'S4',
        'Tier at the time': 'L2',
        'Referral ID': 'R1',
        Partner: 'YouthConnect',
        Status: 'Referred',
        'Next update due': t('2026-11-15T05:00:00Z'),
      },
      {
        Timestamp: t('2026-11-16T15:00:00Z'),
        'Student ID': 'S4',
        'Tier at the time': 'L2',
        'Referral ID': 'R1',
        Partner: 'YouthConnect',
        Status: 'In progress',
        'Next update due': '2026-11-30',
      },
      {
        Timestamp: t('2026-11-02T15:00:00Z'),
        'Student ID': 'S5',
        'Tier at the time': 'L4',
        'Referral ID': 'R2',
        Partner: 'Mentoring',
        Status: 'Referred',
        'Next update due': '',
      },
      {
        Timestamp: t('2026-11-01T15:00:00Z'),
        'Student ID': 'S3',
        'Tier at the time': 'L4',
        'Referral ID': 'R3',
        Partner: 'DCF',
        Status: 'Referred',
        'Next update due': '',
      },
      {
        Timestamp: t('2026-11-05T15:00:00Z'),
        'Student ID': 'S3',
        'Tier at the time': 'L4',
        'Referral ID': 'R3',
        Partner: 'DCF',
        Status: 'Closed',
        'Next update due': '',
      },
      {
        Timestamp: t('2026-11-10T15:00:00Z'),
        'Student ID': 'S2',
        'Tier at the time': 'L2',
        'Referral ID': 'R4',
        Partner: 'Care',
        Status: 'Open',
        'Next update due': '11/20/2026',
      },
    ],
  };

  test('reached: an entry dated since the student entered their tier (History), else logged at their tier this school year', () => {
    const model = buildModel(inputs(students, { ...history, logs, settings: { smallGroupSize: 1 } }));
    // S1 (contact 11-10, after entering L3 on 11-09), S2 (referral R4, 11-10, after entering L3) and
    // S4 (not in History: referral logged at L2 this school year). Not S3: its visit (11-01) is from
    // before it entered L4 on 11-09, whatever the tier logged; not S5: its referral was logged at L4.
    expect(model.coverage.district).toEqual({ inTiers: 5, covered: 3, openReferrals: 3, overdue: 2 });
    const doc = reportDocument(model);
    expect(table(doc, 'coverage-by-school').rows).toEqual([
      ['Oak School', 5, 3, 60, 3, 2],
      ['District', 5, 3, 60, 3, 2],
    ]);
    expect(table(doc, 'overdue-referrals').rows).toEqual([
      ['Oak School', 'S5', 'Student S5', 'R2', 'Mentoring', 'Referred', '2026-11-02', '2026-11-16', 7],
      ['Oak School', 'S2', 'Student S2', 'R4', 'Care', 'Open', '2026-11-10', '2026-11-20', 3],
    ]);
  });

  test('on the day a student entered the tier, only an entry logged at that tier counts (one from that morning was about the old tier)', () => {
    const sameDay = (tier: string) =>
      buildModel(
        inputs(students, {
          ...history,
          logs: { contacts: [{ Timestamp: t('2026-11-09T13:00:00Z'), 'Student ID': 'S1', 'Tier at the time': tier }] },
          settings: { smallGroupSize: 1 },
        }),
      ).coverage.district.covered;
    expect(sameDay('L2')).toBe(0);
    expect(sameDay('L3')).toBe(1);
  });

  test("an open referral of a student no longer on the roster is not the school's to chase: not open, not overdue", () => {
    const left = {
      Timestamp: t('2026-10-01T15:00:00Z'),
      'Student ID': 'GONE',
      'Student name': 'Left School',
      School: 'Oak School',
      'Tier at the time': 'L4',
      'Referral ID': 'R9',
      Partner: 'Mentoring',
      Status: 'Referred',
      'Next update due': '',
    };
    const model = buildModel(
      inputs(students, { ...history, logs: { ...logs, referrals: [...logs.referrals, left] }, settings: { smallGroupSize: 1 } }),
    );
    expect(model.coverage.district).toMatchObject({ openReferrals: 3, overdue: 2 });
    expect(model.coverage.overdue.map((o) => o.studentId)).not.toContain('GONE');
  });

  test('without History, an entry counts only when logged at the current tier; without log sheets, none counts and the report says so', () => {
    const model = buildModel(inputs(students, { logs: { contacts: logs.contacts }, settings: { smallGroupSize: 1 } }));
    expect(model.coverage.district.covered).toBe(1); // S1 (L3 at the time)
    // With every log but no History: S1, S4 and S3, whose visit logged at L4 counts as nothing says it
    // is from an earlier spell; not S2, whose entries were logged at L2.
    expect(buildModel(inputs(students, { logs, settings: { smallGroupSize: 1 } })).coverage.district.covered).toBe(3);
    const none = reportDocument(buildModel(inputs(students, { settings: { smallGroupSize: 1 } })));
    expect(table(none, 'coverage-by-school').note).toMatch(/Not in this spreadsheet yet: Contacts, Home visits, Referrals/);
  });

  describe('entries from another school year or an earlier spell in the tier do not count', () => {
    const s1 = [student({ id: 'S1', absent: 7 })]; // L3
    const contact = (iso: string, tier = 'L3') => ({ contacts: [{ Timestamp: t(iso), 'Student ID': 'S1', 'Tier at the time': tier }] });
    const covered = (over: Parameters<typeof inputs>[1]) =>
      buildModel(inputs(s1, { ...over, settings: { smallGroupSize: 1 } })).coverage.district.covered;

    test('a contact logged at the same tier last school year (2025-10-01), with or without History', () => {
      expect(covered({ ...history, logs: contact('2025-10-01T15:00:00Z') })).toBe(0);
      expect(covered({ logs: contact('2025-10-01T15:00:00Z') })).toBe(0);
      // The same contact this school year (the year starts 2026-08-27 in Settings) counts without History.
      expect(covered({ logs: contact('2026-09-15T15:00:00Z') })).toBe(1);
    });

    test('in the tier since before the school year start: only this school year counts', () => {
      // History carries "In tier since" across years: L3 since 2026-05-04, with imports kept since April.
      const h = {
        imports: [record('a', Date.UTC(2026, 3, 20, 15), 1), record('b', Date.UTC(2026, 4, 4, 15), 1), record('c', NOW - DAY, 1)],
        currentImportId: 'c',
        latest: new Map([['S1', snap('S1', 50, 7, Date.UTC(2026, 4, 4, 15))]]),
      };
      expect(covered({ ...h, logs: contact('2026-06-01T15:00:00Z') })).toBe(0);
      expect(covered({ ...h, logs: contact('2026-08-27T15:00:00Z') })).toBe(1);
    });

    test('a student who left L3 and came back: a contact from the first spell does not count, one since re-entering does', () => {
      // In L3 in October, L2 on the 10-26 import, L3 again on 11-09 ("In tier since" restarts).
      expect(covered({ ...history, logs: contact('2026-10-20T15:00:00Z') })).toBe(0);
      expect(covered({ ...history, logs: contact('2026-11-08T15:00:00Z') })).toBe(0);
      expect(covered({ ...history, logs: contact('2026-11-09T20:00:00Z') })).toBe(1); // the day History saw the re-entry
      // Dated since re-entering, it counts whatever tier was typed.
      expect(covered({ ...history, logs: contact('2026-11-12T15:00:00Z', 'L2') })).toBe(1);
    });

    test('in the tier since the oldest import History keeps: History cannot tell, so the tier at the time decides', () => {
      const h = { ...history, latest: new Map([['S1', snap('S1', 50, 7, Date.UTC(2026, 9, 26, 15))]]) };
      expect(covered({ ...h, logs: contact('2026-10-01T15:00:00Z') })).toBe(1);
      expect(covered({ ...h, logs: contact('2026-10-01T15:00:00Z', 'L2') })).toBe(0);
    });

    test('an entry whose date cannot be read counts for no one', () => {
      expect(covered({ ...history, logs: { contacts: [{ Timestamp: 'last week', 'Student ID': 'S1', 'Tier at the time': 'L3' }] } })).toBe(
        0,
      );
    });
  });
});

test('a date typed in October (summer time) and read in November is that day: each date at its own offset, as the student panel reads it', () => {
  // New York: EDT (-240) until 2026-11-01 06:00Z, then EST (-300).
  const tzOffsetAt = (ms: number) => (ms < Date.UTC(2026, 10, 1, 6) ? -240 : EST);
  const typed = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d, 4)); // midnight EDT, as Sheets keeps a typed date
  const referral = {
    Timestamp: typed(2026, 10, 6),
    'Student ID': 'R1',
    'Tier at the time': 'L3',
    'Referral ID': 'R-1',
    Partner: 'YouthConnect',
    Status: 'Referred',
    'Next update due': typed(2026, 10, 20),
  };
  const m = buildModel(inputs([student({ id: 'R1', absent: 7 })], { logs: { referrals: [referral] }, tzOffsetAt }));
  expect(m.coverage.overdue.map((o) => [dayNumberLabel(o.dueDay), o.daysOverdue])).toEqual([['2026-10-20', 34]]);
  expect(table(reportDocument(m), 'overdue-referrals').rows[0].slice(6)).toEqual(['2026-10-06', '2026-10-20', 34]);
  // The student panel's reading of the same cell.
  expect(dayText(referral['Next update due'])).toBe('2026-10-20');
});

describe('the chronic rate across imports, against the goal', () => {
  test('each import of this school year, as imported; the current roster is the last point', () => {
    const m = buildModel(
      inputs([student({ absent: 9 }), student({ absent: 0 })], {
        imports: [
          record('old', Date.UTC(2026, 4, 1), 10, 9),
          record('a', Date.UTC(2026, 9, 26, 15), 200, 90),
          record('b', NOW - DAY, 2, 1),
        ],
        currentImportId: 'b',
      }),
    );
    expect(m.trend.map((p: TrendPoint) => [p.label, p.chronicPct])).toEqual([
      ['2026-10-26', 45],
      ['2026-11-22', 50],
    ]);
    // The current roster has 2 students: its rate (1 of 2) is a small group's, shown as n<10.
    expect(table(reportDocument(m), 'trend').rows).toEqual([
      ['2026-10-26', 45, 30],
      ['2026-11-22', 'n<10', 30],
    ]);
  });

  test('a roster imported before the school year start: an empty chart says why, rather than nothing', () => {
    const m = buildModel(
      inputs([student({ absent: 9 }), student({ absent: 0 })], {
        imports: [record('summer', Date.UTC(2026, 7, 20, 15), 2, 1)],
        currentImportId: 'summer',
      }),
    );
    expect(m.trend).toEqual([]);
    expect(table(reportDocument(m), 'trend').empty).toMatch(
      /^No import in this school year yet: the roster was imported before the school year start/,
    );
  });
});

test('log dates are read in the spreadsheet time zone: Date cells, ISO and US dates typed by people', () => {
  const day = (v: unknown) => dayNumberLabel(dayNumber(instantOf(v, EST)!, EST));
  expect(day(new Date('2026-11-24T03:00:00Z'))).toBe('2026-11-23'); // 10 pm in New York
  expect(day('2026-11-23')).toBe('2026-11-23');
  expect(day('11/23/2026')).toBe('2026-11-23');
  expect(day('2026-11-23T04:30:00.000Z')).toBe('2026-11-22');
  expect(instantOf('soon', EST)).toBeNull();
  expect(instantOf('', EST)).toBeNull();
});

describe('report.html and emails are safe with any data', () => {
  test('names and schools are escaped text, never markup; the page has no script and loads nothing', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const students = [
      ...Array.from({ length: 12 }, (_, i) => student({ id: `H${i}`, absent: i, school: '<script>alert(1)</script> School' })),
      student({ id: 'X1', absent: 7, name: hostile, school: '<script>alert(1)</script> School' }),
    ];
    const m = buildModel(
      inputs(students, {
        imports: [record('i1', NOW - 14 * DAY, 13), record('i2', NOW - DAY, 13)],
        currentImportId: 'i2',
        previous: new Map([['X1', snap('X1', 40, 1)]]),
      }),
    );
    const html = reportHtml(reportDocument(m));
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; School');
    expect(html).not.toMatch(/<img|<script|<link|<iframe|https?:\/\//i);
    expect(html).toContain('Content-Security-Policy" content="default-src \'none\'');
  });

  test('a line break in a school name cannot add a header to the email', () => {
    const m = buildModel(inputs(Array.from({ length: 12 }, () => student({ absent: 3, school: 'Oak\r\nBcc: all@x.org' }))));
    const email = principalEmail(m, 'Oak\r\nBcc: all@x.org', 'p@x.org', 'https://link');
    const mime = mimeMessage(email, (t) => Buffer.from(t, 'utf8').toString('base64'));
    expect(mime.split('\r\n\r\n')[0]).not.toMatch(/^Bcc:/m);
  });
});
