import { ImportResult, RejectReason, summarizeRejections } from './importer';
import { TIER_IDS, TierId } from './rules';
import { Student } from './student';
import { plural, someNames } from './words';

/** What an import tells the user (dialog), the workbook (document properties) and summary.json. */
export interface ImportSummary {
  /** Identifies this import; outreach and history refer to it. */
  importId: string;
  source: string;
  importedAt: string;
  students: number;
  tiers: Record<TierId, number>;
  chronic: number;
  /** Enrolled, but the export gave no absence figure. */
  noAttendance: number;
  /** On the roster with no enrolled days. */
  notEnrolled: number;
  rowsRead: number;
  rejectedCount: number;
  rejectedByReason: { reason: RejectReason; count: number; summary: string }[];
  /** The first rejected rows (all are on the Rejected rows sheet). */
  rejected: { row: number; reason: string }[];
  ignoredColumns: string[];
  warnings: string[];
}

export function countTiers(students: readonly Student[]): Record<TierId, number> {
  const tiers = Object.fromEntries(TIER_IDS.map((t) => [t, 0])) as Record<TierId, number>;
  for (const s of students) if (s.tier) tiers[s.tier]++;
  return tiers;
}

export function summarizeImport(
  result: ImportResult,
  meta: { importId: string; source: string; importedAt: string; warnings?: string[] },
  listLimit = Number.POSITIVE_INFINITY,
): ImportSummary {
  const students = result.students;
  return {
    ...meta,
    warnings: meta.warnings ?? [],
    students: students.length,
    tiers: countTiers(students),
    chronic: students.filter((s) => s.chronic).length,
    noAttendance: students.filter((s) => s.daysAbsent === null && (s.daysEnrolled ?? 0) > 0).length,
    notEnrolled: students.filter((s) => !((s.daysEnrolled ?? 0) > 0)).length,
    rowsRead: result.rowsRead,
    rejectedCount: result.rejected.length,
    rejectedByReason: summarizeRejections(result.rejected),
    rejected: result.rejected.slice(0, listLimit).map((r) => ({ row: r.line, reason: r.message })),
    ignoredColumns: result.ignoredColumns,
  };
}

/**
 * Letters a program got wrong on the way: "�" where a character could not be read, or UTF-8 read
 * as Windows-1252 ("JosÃ©" for José, "â€™" for ’). Two such letters side by side are never a name.
 */
const GARBLED = /\uFFFD|[ÃÂ][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u2122]|â€/;

/**
 * A file saved in one encoding and read in another shows "�" or "Ã©" where letters were (Ñ, é, ü).
 * The students are imported (the IDs and figures are fine), and the user is told how to get the names right.
 */
export function unreadableTextWarning(students: readonly Student[]): string | null {
  let n = 0;
  for (const s of students) {
    // Field by field, no array per student: this runs over a district's roster on every import.
    if (
      GARBLED.test(s.name) ||
      GARBLED.test(s.guardian) ||
      GARBLED.test(s.school) ||
      GARBLED.test(s.homeLanguage) ||
      GARBLED.test(s.ethnicity)
    )
      n++;
  }
  if (n === 0) return null;
  return (
    `${n === 1 ? 'One student has' : `${n.toLocaleString('en-US')} students have`} characters that could not be read (shown as \uFFFD or as "Ã©" for é) in a name or other text: ` +
    'the file was probably saved in another encoding. Export it again as "CSV UTF-8" and import that file to get the names right.'
  );
}

/**
 * What an import says of students whose guardian email changed after outreach made their Gmail
 * draft (src/gas/import.ts finds them). The dialog names them; what is kept of the import in the
 * document properties only counts them (`named` false): no student is stored there.
 */
export function oldAddressWarning(students: readonly string[], named = true): string {
  const one = students.length === 1;
  return (
    `The guardian email of ${plural(students.length, 'student')} changed since the last import, and Prepare outreach already made ${one ? 'a Gmail draft' : 'Gmail drafts'} to the old address${named ? `: ${someNames(students)}` : ' (named when the file was imported)'}. ` +
    `Outreach makes one draft per level, so ${one ? 'that draft, if it is not sent yet,' : 'a draft not sent yet'} still goes to the old address: in Gmail, correct its To line to the email on the Roster, or delete it.`
  );
}

/** "Imported 17,679 students. 24 rows were not imported: 9 with no student ID, ..." */
export function describeImport(s: ImportSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [`Imported ${n(s.students)} student${s.students === 1 ? '' : 's'} from ${s.source}.`];
  if (s.rejectedCount === 0) parts.push('Every row was imported.');
  else {
    const why = s.rejectedByReason.map((r) => `${n(r.count)} with ${r.summary}`).join('; ');
    parts.push(`${n(s.rejectedCount)} row${s.rejectedCount === 1 ? ' was' : 's were'} not imported (${why}). See the Rejected rows sheet.`);
  }
  if (s.noAttendance > 0)
    parts.push(`${n(s.noAttendance)} enrolled student${s.noAttendance === 1 ? ' has' : 's have'} no attendance reported yet.`);
  if (s.notEnrolled > 0)
    parts.push(
      `${n(s.notEnrolled)} student${s.notEnrolled === 1 ? ' is' : 's are'} not enrolled yet (no days enrolled): they are on the Roster without a level.`,
    );
  if (s.ignoredColumns.length > 0) {
    const shown = s.ignoredColumns.slice(0, 8).join(', ') + (s.ignoredColumns.length > 8 ? ` and ${s.ignoredColumns.length - 8} more` : '');
    parts.push(`Columns the toolkit does not use were not imported: ${shown}.`);
  }
  return parts.join(' ');
}
