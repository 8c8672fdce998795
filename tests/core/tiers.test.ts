import { DEFAULT_RULES, TIERS, tierRule } from '../../src/core/rules';
import { attendanceRate, isChronic, studentsTieredByOtherRules, tierFor } from '../../src/core/tiers';

describe('the toolkit tiers students by days absent', () => {
  test.each([
    [0, 'L1'],
    [1, 'L1'],
    [2, 'L2'],
    [5, 'L2'],
    [6, 'L3'],
    [10, 'L3'],
    [11, 'L4'],
    [14, 'L4'],
    [15, 'L5'],
    [17, 'L5'],
    [18, 'L6'],
    [60, 'L6'],
  ])('%s days absent is %s', (days, tier) => {
    expect(tierFor(days)).toBe(tier);
  });

  test('half days count toward the next level only when the full day is reached', () => {
    expect(tierFor(1.5)).toBe('L1');
    expect(tierFor(5.5)).toBe('L2');
    expect(tierFor(10.5)).toBe('L3');
  });

  test("the levels carry the toolkit's names and bands with no gap", () => {
    expect(TIERS.map((t) => `${t.id} ${t.name}`)).toEqual([
      'L1 On Track',
      'L2 Alert',
      'L3 Moderate',
      'L4 Serious',
      'L5 Severe',
      'L6 Extreme',
    ]);
    for (let i = 1; i < TIERS.length; i++) expect(TIERS[i].minDays).toBe((TIERS[i - 1].maxDays as number) + 1);
    expect(TIERS[5].maxDays).toBeNull();
  });

  test('a district can tune the bands', () => {
    const rules = { ...DEFAULT_RULES, tierStarts: [3, 7, 12, 16, 20] as [number, number, number, number, number] };
    expect(tierFor(2, rules)).toBe('L1');
    expect(tierFor(3, rules)).toBe('L2');
    expect(tierFor(19, rules)).toBe('L5');
    expect(tierFor(20, rules)).toBe('L6');
  });
});

describe('chronic absence is missing 10% or more of enrolled days', () => {
  test('exactly 10% is chronic, just under is not', () => {
    expect(isChronic(5, 50)).toBe(true);
    expect(isChronic(4.5, 50)).toBe(false);
    expect(isChronic(5.8, 58)).toBe(true);
    expect(isChronic(5.7, 58)).toBe(false);
  });

  test('a student with no enrolled days is not chronically absent', () => {
    expect(isChronic(0, 0)).toBe(false);
  });

  test('the attendance rate is the share of enrolled days attended', () => {
    expect(attendanceRate(5, 50)).toBeCloseTo(0.9);
    expect(attendanceRate(0, 0)).toBeNull();
  });
});

describe("each tier carries the toolkit's interventions, script, action steps and monitoring", () => {
  test('an L2 student gets a check-in phone call with the Alert script', () => {
    const l2 = tierRule('L2');
    expect(l2.interventions.join(' ')).toMatch(/phone call to home/);
    expect(l2.parentScript).toMatch(/\(student name\) was out of school for \(days\)/);
    expect(l2.accountability).toContain('Reasons for absence are documented');
  });

  test('an L3 student gets a success mentor, a success plan and LEAP home visits', () => {
    const l3 = tierRule('L3');
    expect(l3.interventions).toEqual(expect.arrayContaining(['Assign success mentor', 'LEAP home visits']));
    expect(l3.parentScript).toMatch(/success plan/);
    expect(l3.accountability).toContain('Student success plan updates are monitored');
  });

  test("an L4 student gets a Superintendent letter and a Governor's Partnership mentor referral", () => {
    const l4 = tierRule('L4');
    expect(l4.interventions).toEqual(expect.arrayContaining(['Letter from Superintendent', "NHPS/Governor's Partnership Mentor referral"]));
    expect(l4.parentScript).toMatch(/community-based mentor/);
    expect(l4.accountability.join(' ')).toMatch(/bi-weekly/);
  });

  test('an L5 student gets a letter of attendance and a YouthConnect referral', () => {
    expect(tierRule('L5').interventions).toEqual(
      expect.arrayContaining(['Phone call and letter of attendance', 'Referral to YouthConnect']),
    );
  });

  test('an L6 student gets an intra-agency review and partner updates every two weeks', () => {
    const l6 = tierRule('L6');
    expect(l6.interventions[0]).toMatch(/intra-agency/);
    expect(l6.actionSteps).toEqual(expect.arrayContaining(['Probation', 'DCF']));
    expect(l6.accountability).toContain('Updates from partners are provided bi-weekly');
  });
});

describe("a roster tiered under other rules than today's", () => {
  test('counts the students whose tier or chronic flag the current rules would change', () => {
    const s = (absent: number, enrolled: number) => ({
      daysAbsent: absent,
      daysEnrolled: enrolled,
      tier: tierFor(absent),
      chronic: isChronic(absent, enrolled),
    });
    const roster = [
      s(6, 50),
      s(4, 50),
      s(12, 100),
      { daysAbsent: null, daysEnrolled: 50, tier: null, chronic: false },
      { daysAbsent: 0, daysEnrolled: 0, tier: null, chronic: false },
    ];
    expect(studentsTieredByOtherRules(roster, DEFAULT_RULES)).toBe(0);
    // A roster from before students with no enrolled days went untiered (they were L1): not a change
    // of the rules, and the report counts no such student anyway.
    expect(studentsTieredByOtherRules([{ daysAbsent: 0, daysEnrolled: 0, tier: 'L1', chronic: false }], DEFAULT_RULES)).toBe(0);
    // 5%: 4 of 50 (8%) and 6 of 50 (12%) stay chronic or become so; 12 of 100 is chronic either way.
    expect(studentsTieredByOtherRules(roster, { ...DEFAULT_RULES, chronicShare: 0.05 })).toBe(1);
    expect(studentsTieredByOtherRules(roster, { ...DEFAULT_RULES, tierStarts: [2, 8, 11, 15, 18] })).toBe(1);
  });
});
