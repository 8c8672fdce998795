/**
 * The append-only log sheets: where the toolkit's accountability lives ("contact with family is
 * documented", "reasons for absence are documented", home visits, referrals and their bi-weekly
 * status, success plans, and every letter, draft and follow-up the toolkit made).
 *
 * Each log is a sheet with a fixed header. Every entry starts with the same columns (when, who,
 * which student, their tier at the time), so entries survive any re-import of the roster and the
 * report can count them. Columns are found by header, so a team may add its own to the right.
 */

export const LOG_COMMON = ['Timestamp', 'Entered by', 'Student ID', 'Student name', 'School', 'Tier at the time'] as const;

export const LOGS = {
  contacts: {
    sheet: 'Contacts',
    columns: [...LOG_COMMON, 'Method', 'Outcome', 'Reason for absence', 'Notes'],
  },
  homeVisits: {
    sheet: 'Home visits',
    // The toolkit's six fields, in its order.
    columns: [
      ...LOG_COMMON,
      'Name of home visitor',
      'Reason for visit',
      'Other reason (explain)',
      'Type of visit',
      'How the visit took place',
      'Scheduled',
      'Detailed field notes',
    ],
  },
  referrals: {
    sheet: 'Referrals',
    // A status update is a new row with the same Referral ID: history is never overwritten.
    columns: [...LOG_COMMON, 'Referral ID', 'Partner', 'Status', 'Next update due', 'Notes'],
  },
  successPlans: {
    sheet: 'Success plans',
    columns: [...LOG_COMMON, 'Plan ID', 'Mentor name', 'Mentor email', 'Goals', 'Agreed supports', 'Next check-in', 'Notes'],
  },
  outreach: {
    sheet: 'Outreach log',
    // Key: what makes an entry unique (school year | student | tier | kind); a re-run skips keys already here.
    // Assigned to and Due date: the case owner and day of a Calendar follow-up.
    columns: [...LOG_COMMON, 'Kind', 'Language', 'Link or ID', 'Import ID', 'Job ID', 'Key', 'Assigned to', 'Due date'],
  },
} as const;

export type LogName = keyof typeof LOGS;

/**
 * A referral's status that ends it. The panel writes "Closed"; people typing on the sheet write
 * "Completed", "Declined", "Withdrawn" and the like, and those end a referral too: the panel, its
 * checklist and the report read them one way.
 */
const CLOSED_STATUS = /\b(closed|complete|completed|declined|withdrawn|ended|resolved|done|cancell?ed)\b/i;

export function isClosedStatus(status: unknown): boolean {
  return CLOSED_STATUS.test(status === null || status === undefined ? '' : String(status));
}

/** One entry of any log, by column header; dates are ISO strings when read for the sidebar or report. */
export type LogRow = Record<string, string | number | boolean | Date | null>;

/** Read a log sheet's values (header first) into entries keyed by header. Blank rows are skipped. */
export function readLog(values: readonly unknown[][]): LogRow[] {
  if (values.length === 0) return [];
  const header = values[0].map((h) => String(h ?? '').trim());
  const out: LogRow[] = [];
  for (let r = 1; r < values.length; r++) {
    const row = values[r];
    if (!row.some((v) => v !== '' && v !== null && v !== undefined)) continue;
    const entry: LogRow = {};
    header.forEach((h, c) => {
      if (h) entry[h] = (row[c] ?? '') as LogRow[string];
    });
    out.push(entry);
  }
  return out;
}
