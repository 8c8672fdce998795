/**
 * The toolkit's action-step checklist, ticked from what is documented in the logs.
 *
 * Each action step and accountability item of a level (rules.ts) is matched here with the
 * evidence that shows it was done: a contact, a reason for absence, a home visit, a referral to
 * a given partner, a status update, a success plan. Steps the logs cannot show ("Student
 * attendance is verified", "Three teachers at each school are identified ...") are listed
 * without a tick: the team does them outside the toolkit. A test checks that every step of
 * every level is listed here, so a change to the toolkit's wording cannot go unnoticed.
 */
import { dayText } from './dates';
import { LogRow } from './logs';
import { tierRule, TierId } from './rules';

export type Evidence =
  | { kind: 'contact'; method?: RegExp; label: string }
  | { kind: 'reason'; label: string }
  | { kind: 'homeVisit'; label: string }
  | { kind: 'referral'; partner?: RegExp; label: string }
  | { kind: 'referralUpdate'; partner?: RegExp; label: string }
  | { kind: 'referralsMonitored'; label: string }
  | { kind: 'successPlan'; label: string }
  | { kind: 'successPlanUpdate'; label: string }
  | { kind: 'anyOf'; of: Evidence[]; label: string };

const contact: Evidence = { kind: 'contact', label: 'a contact is logged' };
const phone: Evidence = { kind: 'contact', method: /^phone call$/i, label: 'a phone call is logged' };
const reason: Evidence = { kind: 'reason', label: 'a contact records a reason for absence' };
const homeVisit: Evidence = { kind: 'homeVisit', label: 'a home visit is logged' };
const anyReferral: Evidence = { kind: 'referral', label: 'a referral is logged' };
const referralTo = (partner: RegExp, name: string): Evidence => ({ kind: 'referral', partner, label: `a referral to ${name} is logged` });
const updateFrom = (partner: RegExp, name: string): Evidence => ({
  kind: 'referralUpdate',
  partner,
  label: `a status update of the referral to ${name} is logged`,
});
const plan: Evidence = { kind: 'successPlan', label: 'a success plan with a mentor is logged' };
const planUpdate: Evidence = { kind: 'successPlanUpdate', label: 'a success plan update is logged' };

const LEAP = /\bleap\b/i;
const GOVERNOR = /governor/i;
const YOUTHCONNECT = /youth\s*connect/i;
const SCCC = /community care coordinator/i;
const DROPOUT = /drop-?\s*out prevention/i;
const RESTORATIVE = /restorative/i;
const MENTOR = /success mentor/i;

/** Evidence for each step's text (as written in rules.ts); null: not something the logs show. */
export const STEP_EVIDENCE: Readonly<Record<string, Evidence | null>> = {
  // L1 has no steps. L2 Alert
  'Verify student attendance': null,
  'Certified and non-certified staff contact family/meet with student': contact,
  'Referral for additional supports, if necessary': anyReferral,
  'Contact with family/meeting with student is documented': contact,
  'Reasons for absence are documented': reason,
  'Attendance status of identified students is monitored': null,
  'Determine if to accelerate student to additional supports': null,
  'Status of referral is monitored': { kind: 'referralsMonitored', label: 'every open referral has its next update on time' },
  // L3 Moderate
  'Activate Learner Engagement Attendance Program (LEAP) funded by CSDE': {
    kind: 'anyOf',
    of: [referralTo(LEAP, 'LEAP home visits'), homeVisit],
    label: 'a LEAP referral or a home visit is logged',
  },
  'School-based attendance teams focus on these students': null,
  'Virtual and in-person home visiting implemented': homeVisit,
  'Drop-out prevention specialists': referralTo(DROPOUT, 'drop-out prevention specialists'),
  'Three teachers at each school are identified, trained and provided after-hours compensation to support': null,
  'Parent liaisons are trained and participate in virtual home parent visits during the school day': null,
  'Success mentors are identified to conduct check-ins with students during the school day': {
    kind: 'anyOf',
    of: [plan, referralTo(MENTOR, 'a success mentor')],
    label: 'a success plan with a mentor (or a success mentor referral) is logged',
  },
  'Updates are documented': planUpdate,
  'Restorative conferences/restorative circles': referralTo(RESTORATIVE, 'restorative conferences/circles'),
  'Home visits are monitored and reported to the LEAP system': homeVisit,
  'Attendance status of identified students is documented and monitored': null,
  'Student success plan updates are monitored': plan,
  // L4 Serious
  'Parent Link - phone call': phone,
  'Student attendance is verified': null,
  'Student needs are assessed for appropriate referral': anyReferral,
  "Referral is made to NHPS-Governor's Partnership Mentoring Portal": referralTo(GOVERNOR, "NHPS/Governor's Partnership mentoring"),
  'Referral for restorative conferencing/circles': referralTo(RESTORATIVE, 'restorative conferences/circles'),
  'Referral is made to YouthConnect-Community Partnerships Council': referralTo(YOUTHCONNECT, 'YouthConnect'),
  'Referral is made to School Community Care Coordinators': referralTo(SCCC, 'School Community Care Coordinators'),
  'Reasons for absences are documented': reason,
  "Updates from referral to NHPS-Governor's Partnership mentoring are monitored": updateFrom(
    GOVERNOR,
    "NHPS/Governor's Partnership mentoring",
  ),
  'Updates from YouthConnect-Community Partnerships Council are provided bi-weekly': updateFrom(YOUTHCONNECT, 'YouthConnect'),
  'Updates from referral to School Community Care Coordinators are monitored at bi-weekly meetings': updateFrom(
    SCCC,
    'School Community Care Coordinators',
  ),
  // L5 Severe
  'Referral is made to YouthConnect-Attendance Community Partnerships Council': referralTo(YOUTHCONNECT, 'YouthConnect'),
  'Restorative mentoring/conferences/circles': referralTo(RESTORATIVE, 'restorative conferences/circles'),
  'Student attendance is monitored': null,
  // L6 Extreme
  'Referral is made to the three drop-out prevention workers (2 for high schools, 1 for K-8)': referralTo(
    DROPOUT,
    'drop-out prevention workers',
  ),
  'YouthConnect Attendance Council': referralTo(YOUTHCONNECT, 'YouthConnect'),
  Probation: referralTo(/probation/i, 'Probation'),
  DCF: referralTo(/\bdcf\b/i, 'DCF'),
  'CT-VIP/Street Outreach workers': referralTo(/ct-?vip|street outreach/i, 'CT-VIP/Street Outreach workers'),
  'Updates from partners are provided bi-weekly': { kind: 'referralsMonitored', label: 'every open referral has its next update on time' },
};

/** One student's documented work, by log, oldest first (sheet order). */
export interface StudentRecord {
  contacts: readonly LogRow[];
  homeVisits: readonly LogRow[];
  referrals: readonly LogRow[];
  successPlans: readonly LogRow[];
  /** Today, yyyy-mm-dd, to tell whether a referral's next update is overdue. */
  today: string;
}

export interface ChecklistItem {
  text: string;
  group: 'Action steps' | 'Accountability monitoring';
  /** False for steps the logs cannot show: no tick either way. */
  tracked: boolean;
  done: boolean;
  /** What ticks the step ("a home visit is logged"), for the tooltip. */
  rule: string;
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

function referralGroups(rows: readonly LogRow[]): LogRow[][] {
  const groups = new Map<string, LogRow[]>();
  for (const r of rows) {
    const id = str(r['Referral ID']);
    if (!id) continue;
    if (!groups.has(id)) groups.set(id, []);
    groups.get(id)!.push(r);
  }
  return [...groups.values()];
}

export function satisfied(e: Evidence, rec: StudentRecord): boolean {
  switch (e.kind) {
    case 'contact':
      return rec.contacts.some((c) => !e.method || e.method.test(str(c['Method'])));
    case 'reason':
      // "Unknown" is not a documented reason.
      return rec.contacts.some((c) => str(c['Reason for absence']) !== '' && str(c['Reason for absence']).toLowerCase() !== 'unknown');
    case 'homeVisit':
      return rec.homeVisits.length > 0;
    case 'referral':
      return rec.referrals.some((r) => !e.partner || e.partner.test(str(r['Partner'])));
    case 'referralUpdate':
      return referralGroups(rec.referrals).some((g) => g.length > 1 && (!e.partner || e.partner.test(str(g[0]['Partner']))));
    case 'referralsMonitored': {
      const groups = referralGroups(rec.referrals);
      if (groups.length === 0) return false;
      return groups.every((g) => {
        const last = g[g.length - 1];
        // A date typed into the cell comes back as a Date: read as its day, as the panel's referral list does.
        const due = dayText(last['Next update due']);
        return str(last['Status']) === 'Closed' || (due !== '' && due >= rec.today);
      });
    }
    case 'successPlan':
      return rec.successPlans.some((p) => str(p['Mentor name']) !== '');
    case 'successPlanUpdate': {
      const count = new Map<string, number>();
      for (const p of rec.successPlans) count.set(str(p['Plan ID']), (count.get(str(p['Plan ID'])) ?? 0) + 1);
      return [...count.values()].some((n) => n > 1);
    }
    case 'anyOf':
      return e.of.some((x) => satisfied(x, rec));
  }
}

/** The level's action steps and accountability items, each ticked when the logs show it. */
export function checklistFor(tier: TierId | null, rec: StudentRecord): ChecklistItem[] {
  if (!tier) return [];
  const rule = tierRule(tier);
  const item = (text: string, group: ChecklistItem['group']): ChecklistItem => {
    const e = STEP_EVIDENCE[text];
    return e
      ? { text, group, tracked: true, done: satisfied(e, rec), rule: e.label }
      : { text, group, tracked: false, done: false, rule: 'done outside the toolkit' };
  };
  return [...rule.actionSteps.map((t) => item(t, 'Action steps')), ...rule.accountability.map((t) => item(t, 'Accountability monitoring'))];
}
