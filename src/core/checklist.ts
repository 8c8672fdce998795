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
import { isClosedStatus, LogRow } from './logs';
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
  /**
   * Which entries are work at the student's current level (src/core/level-work.ts), and each
   * entry's day, to say when earlier work was done. Without it, every entry counts.
   */
  level?: { atLevel: (row: LogRow) => boolean; dayOf: (row: LogRow) => number | null };
}

/** Work that would tick a step, done before the student reached their current level. */
export interface EarlierWork {
  /** The entry's "Tier at the time" ('L3'), or '' when it has none. */
  tier: string;
  /** Its day, yyyy-mm-dd. */
  day: string;
  /** What the panel says: "Done at L3 on Nov 2: do it again at this level." */
  text: string;
}

export interface ChecklistItem {
  text: string;
  group: 'Action steps' | 'Accountability monitoring';
  /** False for steps the logs cannot show: no tick either way. */
  tracked: boolean;
  /** Documented since the student reached their current level (monitoring: as things stand now). */
  done: boolean;
  /** What ticks the step ("a home visit is logged at this level"), for the tooltip. */
  rule: string;
  /** The latest work this school year that would tick the step but was done before this level; null if none (or done). */
  earlier: EarlierWork | null;
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

/** The entries after the first of each plan (its updates). */
function planUpdates(rows: readonly LogRow[]): LogRow[] {
  const seen = new Set<string>();
  return rows.filter((p) => {
    const id = str(p['Plan ID']);
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  });
}

/** Every open referral has its next update on time: how things stand now, whenever the referrals were made. */
function referralsMonitored(rec: StudentRecord): boolean {
  const groups = referralGroups(rec.referrals);
  if (groups.length === 0) return false;
  return groups.every((g) => {
    const last = g[g.length - 1];
    // A date typed into the cell comes back as a Date: read as its day, as the panel's referral list does.
    const due = dayText(last['Next update due']);
    return isClosedStatus(last['Status']) || (due !== '' && due >= rec.today);
  });
}

/**
 * The entries that show a piece of evidence, among those `pick` keeps. A status update (of a
 * referral or a plan) is an entry after the first of its referral or plan, whenever that was made.
 */
function showing(e: Evidence, rec: StudentRecord, pick: (row: LogRow) => boolean): LogRow[] {
  switch (e.kind) {
    case 'contact':
      return rec.contacts.filter((c) => pick(c) && (!e.method || e.method.test(str(c['Method']))));
    case 'reason':
      // "Unknown" is not a documented reason.
      return rec.contacts.filter(
        (c) => pick(c) && str(c['Reason for absence']) !== '' && str(c['Reason for absence']).toLowerCase() !== 'unknown',
      );
    case 'homeVisit':
      return rec.homeVisits.filter(pick);
    case 'referral':
      return rec.referrals.filter((r) => pick(r) && (!e.partner || e.partner.test(str(r['Partner']))));
    case 'referralUpdate':
      return referralGroups(rec.referrals)
        .filter((g) => !e.partner || e.partner.test(str(g[0]['Partner'])))
        .flatMap((g) => g.slice(1).filter(pick));
    case 'referralsMonitored':
      return [];
    case 'successPlan':
      return rec.successPlans.filter((p) => pick(p) && str(p['Mentor name']) !== '');
    case 'successPlanUpdate':
      return planUpdates(rec.successPlans).filter(pick);
    case 'anyOf':
      return e.of.flatMap((x) => showing(x, rec, pick));
  }
}

/** True when the record shows the evidence at the student's current level (every entry, without a level). */
export function satisfied(e: Evidence, rec: StudentRecord): boolean {
  if (e.kind === 'referralsMonitored') return referralsMonitored(rec);
  const atLevel = rec.level?.atLevel ?? (() => true);
  return showing(e, rec, atLevel).length > 0;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The latest entry this school year, before the current level, that would tick the step. */
function earlierWork(e: Evidence, rec: StudentRecord, current: TierId): EarlierWork | null {
  const level = rec.level;
  if (!level || e.kind === 'referralsMonitored') return null;
  let best: { row: LogRow; day: number } | null = null;
  for (const row of showing(e, rec, (r) => !level.atLevel(r))) {
    const day = level.dayOf(row);
    if (day !== null && (!best || day >= best.day)) best = { row, day };
  }
  if (!best) return null;
  const date = new Date(best.day * 86400000);
  const shown = `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
  const tier = str(best.row['Tier at the time']).toUpperCase();
  return {
    tier,
    day: date.toISOString().slice(0, 10),
    text:
      tier && tier !== current
        ? `Done at ${tier} on ${shown}: do it again at this level.`
        : `Done on ${shown}, before the student reached this level: do it again.`,
  };
}

/**
 * The level's action steps and accountability items, each ticked when the logs show it was done
 * at this level; a step done only before it says when, so the team does it again.
 */
export function checklistFor(tier: TierId | null, rec: StudentRecord): ChecklistItem[] {
  if (!tier) return [];
  const rule = tierRule(tier);
  const item = (text: string, group: ChecklistItem['group']): ChecklistItem => {
    const e = STEP_EVIDENCE[text];
    if (!e) return { text, group, tracked: false, done: false, rule: 'done outside the toolkit', earlier: null };
    const done = satisfied(e, rec);
    const levelBound = e.kind !== 'referralsMonitored';
    return {
      text,
      group,
      tracked: true,
      done,
      rule: levelBound && rec.level ? `${e.label} since the student reached this level` : e.label,
      earlier: done ? null : earlierWork(e, rec, tier),
    };
  };
  return [...rule.actionSteps.map((t) => item(t, 'Action steps')), ...rule.accountability.map((t) => item(t, 'Accountability monitoring'))];
}
