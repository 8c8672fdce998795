/**
 * Calendar follow-ups: one event per case owner per due date, listing its students with links
 * to their rows (never one event per student per day). The event's ID is derived from the
 * spreadsheet, owner and date, so that making it twice is refused by Calendar itself
 * ("The requested identifier already exists") and an interrupted run finds it again.
 */
import { OUTREACH, TIER_IDS, TierId, tierRule } from '../rules';
import { fieldValue } from './merge';
import { PlanItem } from './plan';

/** 32-bit FNV-1a with a seed. */
function fnv(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** 28 base32hex characters (0-9, a-v) from a text: four seeded FNV-1a hashes. */
function digest(text: string): string {
  let out = '';
  for (const seed of [1, 2, 3, 4])
    out += fnv(text, seed * 0x9e3779b1)
      .toString(32)
      .padStart(7, '0');
  return out;
}

/** Calendar event IDs use base32hex (0-9, a-v), 5 to 1024 characters. */
export function eventId(spreadsheetId: string, owner: string, due: string): string {
  return 'att' + digest(`${spreadsheetId}|${owner.toLowerCase()}|${due}`);
}

/**
 * The tag a Gmail draft carries in a header so that an interrupted run finds it again. A draft is
 * sent to the family as it is, headers included, so the tag names nothing: not the student's ID,
 * nor their level, nor the school year (an item's key holds all three). With the spreadsheet's ID
 * in it, nobody outside can work the key back out of it by trying IDs and levels.
 */
export function draftTag(spreadsheetId: string, key: string): string {
  return 'd' + digest(`${spreadsheetId}|${key}`);
}

export interface FollowUpStudent {
  studentId: string;
  studentName: string;
  tier: TierId;
  school: string;
  daysAbsent: string;
}

export function followUpStudent(item: PlanItem): FollowUpStudent {
  return {
    studentId: item.studentId,
    studentName: item.studentName,
    tier: item.tier,
    school: item.school,
    daysAbsent: fieldValue(item.fields, 'Days absent') ?? '',
  };
}

/** Calendar's limit on a description is not documented; this stays well inside any (unconfirmed). */
export const MAX_DESCRIPTION = 8000;

/**
 * An event's description from plain lines. Calendar reads a description as HTML (the Calendar
 * API's Event.description "can contain HTML"), on the web, in its apps and in the invitations it
 * emails, and these lines hold names from an export or typed in the student panel. So each line is
 * escaped and the lines are joined with <br>, as Calendar writes a description typed in its own
 * editor: a name written as <a href=...>...</a> shows as that text, never as a link, and
 * "Mentor: Ana Ruiz <ana@district.org>" keeps its address (read as a tag, it would vanish).
 * Leading spaces are kept (HTML would drop them at the start of a line).
 */
export function descriptionHtml(lines: readonly string[]): string {
  return lines
    .map((l) =>
      l
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/^ +/, (s) => '&nbsp;'.repeat(s.length)),
    )
    .join('<br>');
}

export function eventTitle(students: readonly FollowUpStudent[]): string {
  const schools = new Set(students.map((s) => s.school));
  const n = students.length;
  return `Attendance follow-up: ${n} student${n === 1 ? '' : 's'}${schools.size === 1 ? ` (${[...schools][0]})` : ''}`;
}

/**
 * The event's description: what to do for each level, then its students by name and ID. No link
 * to a Roster row: every import rewrites the Roster in the export's order, so a row link in an
 * event that lives two weeks could open another student's row.
 */
export function eventDescription(students: readonly FollowUpStudent[], logLink: string): string {
  return descriptionHtml(eventDescriptionLines(students, logLink));
}

/** The description's lines as text, as Calendar shows them (and the outreach preview does). */
export function eventDescriptionLines(students: readonly FollowUpStudent[], logLink: string): string[] {
  const lines: string[] = [
    'Follow-ups from the Attendance Support Toolkit. Find each student in the attendance spreadsheet with Attendance Toolkit > Open student panel (search by name or ID), and record what you find there.',
    '',
  ];
  const total = students.length;
  let listed = 0;
  let length: number;
  for (const tier of TIER_IDS) {
    const rule = OUTREACH[tier];
    const list = students
      .filter((s) => s.tier === tier)
      .sort((a, b) => a.school.localeCompare(b.school) || a.studentName.localeCompare(b.studentName));
    if (!rule || list.length === 0) continue;
    lines.push(`${tier} ${tierRule(tier).name}: ${rule.followUp.title} (${list.length})`);
    for (const a of rule.followUp.agenda) lines.push(`  - ${a}`);
    length = descriptionHtml(lines).length;
    for (const s of list) {
      // A student already on the event from an earlier run is listed without the day count of then.
      const line = `* ${s.studentName} (${s.studentId}), ${s.school}${s.daysAbsent ? `, ${s.daysAbsent} ${s.daysAbsent === '1' ? 'day' : 'days'} absent` : ''}`;
      // Measured as written (escaped, after a <br>), a line at a time.
      const escaped = descriptionHtml([line]).length;
      if (length + escaped + 200 > MAX_DESCRIPTION) break;
      lines.push(line);
      length += '<br>'.length + escaped;
      listed++;
    }
    lines.push('');
  }
  if (listed < total) lines.push(`... and ${total - listed} more: see the Outreach log (${logLink}), Kind "Calendar follow-up".`);
  while (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
