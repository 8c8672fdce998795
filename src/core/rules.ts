/**
 * The Attendance Support Toolkit's rules, as data.
 *
 * Everything here is transcribed from the district's toolkit ("ACTION PLAN DETAIL" slides):
 * the six attendance levels, what each level asks educators to do, the parent phone script
 * and how the work is monitored. A coordinator should be able to read this file and recognise
 * the toolkit. Code elsewhere reads these records; it never hard-codes a tier's behaviour.
 */

export type TierId = 'L1' | 'L2' | 'L3' | 'L4' | 'L5' | 'L6';

export const TIER_IDS: readonly TierId[] = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6'];

export interface TierRule {
  id: TierId;
  /** The toolkit's name for the level. */
  name: 'On Track' | 'Alert' | 'Moderate' | 'Serious' | 'Severe' | 'Extreme';
  /** Fewest days absent that put a student in this level. */
  minDays: number;
  /** Most days absent in this level; null for the open-ended last level. */
  maxDays: number | null;
  /** Light background for the student's row on the Roster sheet. */
  color: string;
  /** "Recommended Intervention" column. */
  interventions: readonly string[];
  /** "Potential Script" for the educator who phones home; (student name) and (days) are filled in by letters. */
  parentScript: string | null;
  /** "Action steps". */
  actionSteps: readonly string[];
  /** "Accountability Monitoring". */
  accountability: readonly string[];
}

export const TIERS: readonly TierRule[] = [
  {
    id: 'L1',
    name: 'On Track',
    minDays: 0,
    maxDays: 1,
    color: '#e6f4ea',
    interventions: [
      'Educators are central points of contact for building relationships with families to improve student attendance and engagement',
    ],
    parentScript: null,
    actionSteps: [],
    accountability: [],
  },
  {
    id: 'L2',
    name: 'Alert',
    minDays: 2,
    maxDays: 5,
    color: '#fef7e0',
    interventions: ['Educators will make a phone call to home to check in'],
    parentScript:
      'Hello parent, we noticed that (student name) was out of school for (days). We are calling to check in and see if everything is "ok," and if you have any needs to get the student back to school.',
    actionSteps: [
      'Verify student attendance',
      'Certified and non-certified staff contact family/meet with student',
      'Referral for additional supports, if necessary',
    ],
    accountability: [
      'Contact with family/meeting with student is documented',
      'Reasons for absence are documented',
      'Attendance status of identified students is monitored',
      'Determine if to accelerate student to additional supports',
      'Status of referral is monitored',
    ],
  },
  {
    id: 'L3',
    name: 'Moderate',
    minDays: 6,
    maxDays: 10,
    color: '#fce8b2',
    interventions: [
      'Phone call with script',
      'Assign success mentor',
      'Implement success plan with school based staff, student and families',
      'LEAP home visits',
    ],
    parentScript:
      'Hello parent, your child (student name) has missed (days) of school. We want to make sure all is "ok," as this can now impact your child\'s academic success. We want to make a success plan and we would like your feedback on how to assist your child.',
    actionSteps: [
      'Activate Learner Engagement Attendance Program (LEAP) funded by CSDE',
      'Verify student attendance',
      'School-based attendance teams focus on these students',
      'Virtual and in-person home visiting implemented',
      'Drop-out prevention specialists',
      'Three teachers at each school are identified, trained and provided after-hours compensation to support',
      'Parent liaisons are trained and participate in virtual home parent visits during the school day',
      'Success mentors are identified to conduct check-ins with students during the school day',
      'Updates are documented',
      'Restorative conferences/restorative circles',
    ],
    accountability: [
      'Home visits are monitored and reported to the LEAP system',
      'Contact with family/meeting with student is documented',
      'Reasons for absence are documented',
      'Attendance status of identified students is documented and monitored',
      'Student success plan updates are monitored',
    ],
  },
  {
    id: 'L4',
    name: 'Serious',
    minDays: 11,
    maxDays: 14,
    color: '#fad2cf',
    interventions: [
      'Phone call',
      "NHPS/Governor's Partnership Mentor referral",
      'Letter from Superintendent',
      'Referral to YouthConnect-Attendance',
    ],
    parentScript:
      'Hello parent, your child (student name) has missed (days) of school. We are recommending a community-based mentor for your student to support them both in and out of school. Is there anything else you would need to support your child to come back to school?',
    actionSteps: [
      'Parent Link - phone call',
      'Student attendance is verified',
      'Student needs are assessed for appropriate referral',
      "Referral is made to NHPS-Governor's Partnership Mentoring Portal",
      'Referral for restorative conferencing/circles',
      'Referral is made to YouthConnect-Community Partnerships Council',
      'Referral is made to School Community Care Coordinators',
    ],
    accountability: [
      'Reasons for absences are documented',
      "Updates from referral to NHPS-Governor's Partnership mentoring are monitored",
      'Updates from YouthConnect-Community Partnerships Council are provided bi-weekly',
      'Updates from referral to School Community Care Coordinators are monitored at bi-weekly meetings',
    ],
  },
  {
    id: 'L5',
    name: 'Severe',
    minDays: 15,
    maxDays: 17,
    color: '#f6aea9',
    interventions: [
      'Phone call and letter of attendance',
      'Referral to YouthConnect',
      'Referral to school and community based supports and home visits',
    ],
    parentScript: null,
    actionSteps: [
      'Parent Link - phone call',
      'Student attendance is verified',
      'Student needs are assessed for appropriate referral',
      'Referral is made to YouthConnect-Attendance Community Partnerships Council',
      'Restorative mentoring/conferences/circles',
    ],
    accountability: [
      'Reasons for absences are documented',
      'Updates from YouthConnect-Community Partnerships Council are provided bi-weekly',
      'Student attendance is monitored',
    ],
  },
  {
    id: 'L6',
    name: 'Extreme',
    minDays: 18,
    maxDays: null,
    color: '#ee675c',
    interventions: ['Intense review for intra-agency community response'],
    parentScript: null,
    actionSteps: [
      'Parent Link - phone call',
      'Student attendance is verified',
      'Referral is made to the three drop-out prevention workers (2 for high schools, 1 for K-8)',
      'Student needs are assessed for appropriate referral',
      'YouthConnect Attendance Council',
      'Probation',
      'DCF',
      'CT-VIP/Street Outreach workers',
    ],
    accountability: [
      'Reasons for absences are documented',
      'Updates from partners are provided bi-weekly',
      'Student attendance is monitored',
    ],
  },
];

/** Chronic absence: missing at least this share of enrolled days, for any reason (Attendance Works). */
export const CHRONIC_SHARE = 0.1;

/** The district goal from the strategic plan: chronic absence from 58% to 42% to under 30%. */
export const DISTRICT_GOAL = {
  baseline: { label: 'June 2022', rate: 0.58 },
  midpoint: { label: 'November 2022', rate: 0.42 },
  target: { label: 'June 2023', rate: 0.3 },
} as const;

/**
 * The rules a district may tune (Settings sheet); defaults are the toolkit's.
 * Tier bands are given by the first day of each level; the last level is open-ended.
 */
export interface AttendanceRules {
  /** First day count of L2..L6, in order. L1 always starts at 0. */
  tierStarts: readonly [number, number, number, number, number];
  chronicShare: number;
}

export const DEFAULT_RULES: AttendanceRules = {
  tierStarts: [TIERS[1].minDays, TIERS[2].minDays, TIERS[3].minDays, TIERS[4].minDays, TIERS[5].minDays],
  chronicShare: CHRONIC_SHARE,
};

export function tierRule(id: TierId): TierRule {
  const rule = TIERS.find((t) => t.id === id);
  if (!rule) throw new Error(`Unknown tier ${id}`);
  return rule;
}

/**
 * What the toolkit asks the team to send or schedule for each level (outreach), from the
 * "Recommended Intervention" and "Accountability Monitoring" columns:
 *   L2 Alert     phone call home with the script, then check attendance after a week;
 *   L3 Moderate  phone call with the script, success plan with a success mentor, then check-ins;
 *   L4 Serious   phone call, letter from the Superintendent, mentor referral (NHPS/Governor's
 *                Partnership), YouthConnect; partner and referral updates bi-weekly;
 *   L5 Severe    phone call and letter of attendance, referrals; updates bi-weekly;
 *   L6 Extreme   intense review, letter of attendance, partners' updates bi-weekly.
 * Every level from L2 also gets an email draft to the family in its home language.
 */
export type LetterKind = 'call-sheet' | 'superintendent-letter' | 'attendance-letter';
export type OutreachKind = LetterKind | 'email' | 'follow-up';

export const LETTER_KINDS: readonly LetterKind[] = ['call-sheet', 'superintendent-letter', 'attendance-letter'];
export const OUTREACH_KINDS: readonly OutreachKind[] = ['follow-up', ...LETTER_KINDS, 'email'];

export interface TierOutreach {
  /** Documents merged for the student: the parent phone script as a call sheet, letters home. */
  letters: readonly LetterKind[];
  /** A Gmail draft to the guardian. */
  email: boolean;
  /** The monitoring rhythm: a Calendar follow-up for the case owner this many days on (moved off weekends). */
  followUp: { afterDays: number; title: string; agenda: readonly string[] };
}

export const OUTREACH: Readonly<Record<TierId, TierOutreach | null>> = {
  L1: null,
  L2: {
    letters: ['call-sheet'],
    email: true,
    followUp: {
      afterDays: 7,
      title: 'Check attendance after a week',
      agenda: [
        'Verify attendance since the call',
        'Document the reasons for absence',
        'Decide whether to move the student to more support',
      ],
    },
  },
  L3: {
    letters: ['call-sheet'],
    email: true,
    followUp: {
      afterDays: 7,
      title: 'Success plan check-in',
      agenda: [
        'Success mentor check-in with the student',
        'Success plan updated with the family',
        'LEAP home visit scheduled or documented',
      ],
    },
  },
  L4: {
    letters: ['call-sheet', 'superintendent-letter'],
    email: true,
    followUp: {
      afterDays: 14,
      title: 'Bi-weekly partner and referral update',
      agenda: [
        "Mentor referral (NHPS/Governor's Partnership): status",
        'YouthConnect-Community Partnerships Council: update',
        'School Community Care Coordinators: update',
      ],
    },
  },
  // The toolkit: L5 "Phone Call and Letter of attendance"; L5 and L6 "Parent Link - Phone Call".
  // L6's letter of attendance is the district's choice (the toolkit names an intra-agency review).
  L5: {
    letters: ['call-sheet', 'attendance-letter'],
    email: true,
    followUp: {
      afterDays: 14,
      title: 'Bi-weekly partner and referral update',
      agenda: ['YouthConnect-Community Partnerships Council: update', 'School and community supports and home visits: status'],
    },
  },
  L6: {
    letters: ['call-sheet', 'attendance-letter'],
    email: true,
    followUp: {
      afterDays: 14,
      title: 'Bi-weekly partner and referral update',
      agenda: [
        'Intense review for an intra-agency community response',
        'Drop-out prevention worker referral: status',
        'Updates from partners (YouthConnect, Probation, DCF, CT-VIP/Street Outreach)',
      ],
    },
  },
};

/**
 * What a district has chosen for one level (Settings: "L2 Alert: outreach" and "... follow-up
 * after (days)"); the toolkit's choice is OUTREACH above. No follow-up when followUpDays is null.
 */
export interface TierOutreachChoice {
  letters: readonly LetterKind[];
  email: boolean;
  followUpDays: number | null;
}

export const DEFAULT_OUTREACH_BY_TIER: Readonly<Record<TierId, TierOutreachChoice | null>> = Object.fromEntries(
  TIER_IDS.map((t) => {
    const o = OUTREACH[t];
    return [t, o ? { letters: o.letters, email: o.email, followUpDays: o.followUp.afterDays } : null];
  }),
) as Record<TierId, TierOutreachChoice | null>;

/** How each kind is named for people (Templates sheet, Outreach log, preview). */
export const KIND_LABELS: Readonly<Record<OutreachKind, string>> = {
  'call-sheet': 'Phone call sheet',
  'superintendent-letter': 'Superintendent letter',
  'attendance-letter': 'Letter of attendance',
  email: 'Email',
  'follow-up': 'Calendar follow-up',
};
