/**
 * What the student panel shows, built from the Roster row and the log sheets' values:
 * the student card, the level's guidance and checklist, the referrals and success plans with
 * their latest state, and the history of every entry about the student, newest first.
 *
 * Everything here is plain data (strings, numbers, booleans, null): google.script.run cannot
 * carry a Date, so timestamps are ISO strings.
 */
import { ChecklistItem, checklistFor, StudentRecord } from './checklist';
import { dayText, timestampMs, timestampText } from './dates';
import { FormDates, formDates, inLoggedOrder, latestByKey } from './forms';
import { atCurrentLevel, LevelStart, logDay, schoolYearStartDay } from './level-work';
import { isClosedStatus, LogName, LogRow, LOGS, readLog } from './logs';
import { tierRule, TierId } from './rules';
import { Searchable } from './search';
import { LoggedStudent, Student } from './student';

export interface StudentCard {
  id: string;
  name: string;
  school: string;
  grade: string;
  daysAbsent: number | null;
  daysEnrolled: number | null;
  /** 0..1, or null when it cannot be computed. */
  attendanceRate: number | null;
  tier: TierId | '';
  tierName: string;
  tierColor: string;
  chronic: boolean;
  guardian: string;
  homePhone: string;
  guardianEmail: string;
  homeLanguage: string;
  caseOwner: string;
}

export interface Guidance {
  interventions: string[];
  /** The toolkit's phone script with the student's name and days filled in; null for levels without one. */
  script: string | null;
}

export interface HistoryItem {
  log: LogName;
  kind: string;
  /** ISO date-time of the entry. */
  when: string;
  by: string;
  tierAtTheTime: string;
  title: string;
  details: { label: string; value: string }[];
  notes: string;
}

export interface ReferralState {
  id: string;
  partner: string;
  status: string;
  nextUpdateDue: string;
  overdue: boolean;
  /** ISO date-time the referral was made. */
  made: string;
  updates: number;
}

export interface PlanState {
  id: string;
  mentorName: string;
  mentorEmail: string;
  goals: string;
  supports: string;
  nextCheckIn: string;
  updated: string;
  entries: number;
}

export interface PanelView {
  student: StudentCard;
  guidance: Guidance;
  checklist: ChecklistItem[];
  referrals: ReferralState[];
  plans: PlanState[];
  history: HistoryItem[];
  /** Entries left out of `history` (only the newest HISTORY_LIMIT are sent). */
  olderEntries: number;
  /** The forms' default days as of this reading, for a sidebar that stayed open since an earlier day. */
  dates: FormDates;
  /**
   * False for a student who is not on the current Roster (they left the district) and is known
   * from the Referrals log only: the panel offers only updates of their referrals.
   */
  onRoster: boolean;
}

export const HISTORY_LIMIT = 300;

/**
 * The rows of one log about one student, oldest first, keyed by header. Other rows are not turned
 * into records. Oldest first by Timestamp, not sheet order: a team that sorts a log newest first
 * (or by status) must not turn a referral's latest update into its first entry, nor its first
 * "Made" row into where it stands now.
 */
export function logRowsFor(values: readonly unknown[][], studentId: string): LogRow[] {
  if (values.length === 0) return [];
  const header = values[0].map((h) => String(h ?? '').trim());
  const col = header.indexOf('Student ID');
  if (col < 0) return [];
  const out: LogRow[] = [];
  for (let r = 1; r < values.length; r++) {
    const v = values[r][col];
    if (v === null || v === undefined || String(v).trim() !== studentId) continue;
    const entry: LogRow = {};
    header.forEach((h, c) => {
      if (h) entry[h] = (values[r][c] ?? '') as LogRow[string];
    });
    out.push(entry);
  }
  return inLoggedOrder(out);
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function studentCard(s: Student): StudentCard {
  const rule = s.tier ? tierRule(s.tier) : null;
  return {
    id: s.id,
    name: s.name,
    school: s.school,
    grade: String(s.grade),
    daysAbsent: s.daysAbsent,
    daysEnrolled: s.daysEnrolled,
    attendanceRate: s.attendanceRate,
    tier: s.tier ?? '',
    tierName: rule ? rule.name : 'No attendance reported',
    tierColor: rule ? rule.color : '#f1f3f4',
    chronic: s.chronic,
    guardian: s.guardian,
    homePhone: s.homePhone,
    guardianEmail: s.guardianEmail,
    homeLanguage: s.homeLanguage,
    caseOwner: s.caseOwner,
  };
}

/** The level's recommended interventions and its phone script, with the student's first name and days. */
export function guidanceFor(s: Student): Guidance {
  if (!s.tier) return { interventions: [], script: null };
  const rule = tierRule(s.tier);
  const days = s.daysAbsent === null ? 'several days' : `${s.daysAbsent} ${s.daysAbsent === 1 ? 'day' : 'days'}`;
  const name = s.firstName || s.name;
  return {
    interventions: [...rule.interventions],
    script: rule.parentScript ? rule.parentScript.replace('(student name)', name).replace('(days)', days) : null,
  };
}

function detail(label: string, value: unknown): { label: string; value: string }[] {
  const v = str(value).trim();
  return v ? [{ label, value: v }] : [];
}

function item(log: LogName, kind: string, row: LogRow, title: string, details: HistoryItem['details'], notes: unknown): HistoryItem {
  return {
    log,
    kind,
    when: timestampText(row['Timestamp']),
    by: str(row['Entered by']),
    tierAtTheTime: str(row['Tier at the time']),
    title,
    details,
    notes: str(notes),
  };
}

export interface StudentLogs {
  contacts: LogRow[];
  homeVisits: LogRow[];
  referrals: LogRow[];
  successPlans: LogRow[];
  outreach: LogRow[];
}

/** Every entry about the student as a history item, newest first (same time: the later row first). */
export function historyOf(logs: StudentLogs): HistoryItem[] {
  const items: { ms: number; seq: number; item: HistoryItem }[] = [];
  let seq = 0;
  const add = (row: LogRow, it: HistoryItem) => items.push({ ms: timestampMs(row['Timestamp']), seq: seq++, item: it });

  for (const c of logs.contacts) {
    add(
      c,
      item(
        'contacts',
        'Contact',
        c,
        [str(c['Method']), str(c['Outcome'])].filter(Boolean).join(': '),
        detail('Reason for absence', c['Reason for absence']),
        c['Notes'],
      ),
    );
  }
  for (const v of logs.homeVisits) {
    const reason =
      str(v['Reason for visit']) === 'Other' && str(v['Other reason (explain)'])
        ? `Other: ${str(v['Other reason (explain)'])}`
        : v['Reason for visit'];
    add(
      v,
      item(
        'homeVisits',
        'Home visit',
        v,
        [str(v['Type of visit']), str(v['How the visit took place'])].filter(Boolean).join(', '),
        [...detail('Home visitor', v['Name of home visitor']), ...detail('Reason', reason), ...detail('Scheduled', v['Scheduled'])],
        v['Detailed field notes'],
      ),
    );
  }
  const seenReferral = new Set<string>();
  for (const r of logs.referrals) {
    const id = str(r['Referral ID']);
    const first = !seenReferral.has(id);
    seenReferral.add(id);
    add(
      r,
      item(
        'referrals',
        first ? 'Referral' : 'Referral update',
        r,
        `${str(r['Partner'])}: ${str(r['Status'])}`,
        [...detail('Next update due', dayText(r['Next update due'])), ...detail('Referral', id)],
        r['Notes'],
      ),
    );
  }
  const seenPlan = new Set<string>();
  for (const p of logs.successPlans) {
    const id = str(p['Plan ID']);
    const first = !seenPlan.has(id);
    seenPlan.add(id);
    add(
      p,
      item(
        'successPlans',
        first ? 'Success plan' : 'Success plan update',
        p,
        `Mentor: ${str(p['Mentor name'])}`,
        [
          ...detail('Mentor email', p['Mentor email']),
          ...detail('Goals', p['Goals']),
          ...detail('Agreed supports', p['Agreed supports']),
          ...detail('Next check-in', dayText(p['Next check-in'])),
        ],
        p['Notes'],
      ),
    );
  }
  for (const o of logs.outreach) {
    add(
      o,
      item(
        'outreach',
        'Outreach',
        o,
        str(o['Kind']) || 'Outreach',
        [
          ...detail('Language', o['Language']),
          ...detail('Assigned to', o['Assigned to']),
          ...detail('Due date', dayText(o['Due date'])),
          ...detail('Link or ID', o['Link or ID']),
        ],
        '',
      ),
    );
  }
  items.sort((a, b) => b.ms - a.ms || b.seq - a.seq);
  return items.map((x) => x.item);
}

export function referralStates(rows: readonly LogRow[], today: string): ReferralState[] {
  const firsts = new Map<string, LogRow>();
  const counts = new Map<string, number>();
  for (const r of rows) {
    const id = str(r['Referral ID']).trim();
    if (!id) continue;
    if (!firsts.has(id)) firsts.set(id, r);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return latestByKey(rows, 'Referral ID').map((last) => {
    const id = str(last['Referral ID']).trim();
    const status = str(last['Status']);
    const due = dayText(last['Next update due']);
    return {
      id,
      partner: str(last['Partner']),
      status,
      nextUpdateDue: due,
      overdue: !isClosedStatus(status) && due !== '' && due < today,
      made: timestampText(firsts.get(id)!['Timestamp']),
      updates: (counts.get(id) ?? 1) - 1,
    };
  });
}

export function planStates(rows: readonly LogRow[]): PlanState[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(str(r['Plan ID']).trim(), (counts.get(str(r['Plan ID']).trim()) ?? 0) + 1);
  return latestByKey(rows, 'Plan ID').map((p) => ({
    id: str(p['Plan ID']).trim(),
    mentorName: str(p['Mentor name']),
    mentorEmail: str(p['Mentor email']),
    goals: str(p['Goals']),
    supports: str(p['Agreed supports']),
    nextCheckIn: dayText(p['Next check-in']),
    updated: timestampText(p['Timestamp']),
    entries: counts.get(str(p['Plan ID']).trim()) ?? 1,
  }));
}

/**
 * The work that ticks the checklist: this school year's, since the student reached their current
 * level, by the rule the report's outreach coverage uses (src/core/level-work.ts).
 */
export interface SchoolYear {
  /** yyyy-mm-dd, Settings' "School year start". */
  start: string;
  /** The spreadsheet's offset from UTC at an instant, in minutes (+600 for Guam): each entry's day is the team's. */
  offsetAt: (ms: number) => number;
  /**
   * The day (days since 1970-01-01) History says the student reached their current tier, when it
   * can tell (tierSinceDay); null or left out: each entry's "Tier at the time" decides.
   */
  tierSince?: number | null;
}

/**
 * The panel for one student. `year` limits what ticks the checklist to this school year's work
 * at the student's current level, and names earlier work this school year (without it, every
 * entry counts); the history shows everything.
 */
export function buildPanel(s: Student, logs: StudentLogs, today: string, year: SchoolYear | null = null): PanelView {
  let record: StudentRecord;
  if (year) {
    const dayOf = (r: LogRow) => logDay(r['Timestamp'], year.offsetAt);
    const level: LevelStart = { tier: s.tier ?? '', yearStart: schoolYearStartDay(year.start), since: year.tierSince ?? null };
    const thisYear = (rows: LogRow[]) =>
      rows.filter((r) => {
        const day = dayOf(r);
        return day !== null && day >= level.yearStart;
      });
    record = {
      contacts: thisYear(logs.contacts),
      homeVisits: thisYear(logs.homeVisits),
      referrals: thisYear(logs.referrals),
      successPlans: thisYear(logs.successPlans),
      today,
      level: { atLevel: (r) => atCurrentLevel(level, dayOf(r), r['Tier at the time']), dayOf },
    };
  } else {
    record = { contacts: logs.contacts, homeVisits: logs.homeVisits, referrals: logs.referrals, successPlans: logs.successPlans, today };
  }
  const history = historyOf(logs);
  return {
    student: studentCard(s),
    guidance: guidanceFor(s),
    checklist: checklistFor(s.tier, record),
    referrals: referralStates(logs.referrals, today),
    plans: planStates(logs.successPlans),
    history: history.slice(0, HISTORY_LIMIT),
    olderEntries: Math.max(0, history.length - HISTORY_LIMIT),
    dates: formDates(today),
    onRoster: true,
  };
}

const isOpen = (latest: LogRow) => !isClosedStatus(latest['Status']);

/** The student as their Referrals log rows (oldest first) last name them, or null without any row. */
export function loggedStudent(studentId: string, referrals: readonly LogRow[]): LoggedStudent | null {
  if (referrals.length === 0) return null;
  const named = [...referrals].reverse().find((r) => str(r['Student name']).trim() !== '') ?? referrals[referrals.length - 1];
  return { id: studentId, name: str(named['Student name']).trim(), school: str(named['School']).trim(), tier: null };
}

/** True when one of the student's referrals (their Referrals log rows) is not closed. */
export function hasOpenReferral(referrals: readonly LogRow[]): boolean {
  return latestByKey(referrals, 'Referral ID').some(isOpen);
}

/**
 * The students the search finds beyond the Roster: those not on it (`onRoster` says no) with an
 * open referral on the Referrals log (its values, header first), so the team can record the
 * partner's last update and close it. One pass over the log.
 */
export function openReferralsOffRoster(values: readonly unknown[][], onRoster: (id: string) => boolean): Searchable[] {
  const byStudent = new Map<string, LogRow[]>();
  for (const row of readLog(values)) {
    const id = str(row['Student ID']).trim();
    if (!id || onRoster(id)) continue;
    let rows = byStudent.get(id);
    if (!rows) byStudent.set(id, (rows = []));
    rows.push(row);
  }
  const out: Searchable[] = [];
  for (const [id, rows] of byStudent) {
    const ordered = inLoggedOrder(rows);
    if (!hasOpenReferral(ordered)) continue;
    const s = loggedStudent(id, ordered)!;
    out.push({ id, name: s.name, school: s.school, grade: '', tier: '', notOnRoster: true });
  }
  return out;
}

/**
 * The panel of a student not on the Roster: what the logs know of them (name, ID, school as
 * logged), their referrals, plans and history; no level, guidance or checklist.
 */
export function buildLoggedPanel(s: LoggedStudent, logs: StudentLogs, today: string): PanelView {
  const history = historyOf(logs);
  return {
    student: {
      id: s.id,
      name: s.name,
      school: s.school,
      grade: '',
      daysAbsent: null,
      daysEnrolled: null,
      attendanceRate: null,
      tier: '',
      tierName: 'Not on the current roster',
      tierColor: '#f1f3f4',
      chronic: false,
      guardian: '',
      homePhone: '',
      guardianEmail: '',
      homeLanguage: '',
      caseOwner: '',
    },
    guidance: { interventions: [], script: null },
    checklist: [],
    referrals: referralStates(logs.referrals, today),
    plans: planStates(logs.successPlans),
    history: history.slice(0, HISTORY_LIMIT),
    olderEntries: Math.max(0, history.length - HISTORY_LIMIT),
    dates: formDates(today),
    onRoster: false,
  };
}

/** The sheet of each log the panel reads, in a fixed order. */
export const PANEL_LOGS: readonly LogName[] = ['contacts', 'homeVisits', 'referrals', 'successPlans', 'outreach'];
export const LOG_SHEET_NAMES: readonly string[] = PANEL_LOGS.map((l) => LOGS[l].sheet);
