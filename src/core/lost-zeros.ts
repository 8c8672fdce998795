/**
 * Student IDs that lost their leading zeros on the way: a spreadsheet program (Excel opening the
 * CSV, Sheets taking a paste) read 000123 as the number 123. Imported as they are, those students
 * would lose every contact, letter and referral logged under their real ID, so the import stops.
 */

export interface LostZeros {
  /** The ID in the new file, e.g. "123". */
  id: string;
  /** The ID on the current Roster it stands for, e.g. "000123". */
  was: string;
}

/** An all-digit ID without its leading zeros ("000123" gives "123", "0" stays "0"); null for any other ID. */
export function withoutLeadingZeros(id: string): string | null {
  return /^\d+$/.test(id) ? id.replace(/^0+(?=\d)/, '') : null;
}

/**
 * New IDs that equal an ID on the current roster once that one's leading zeros are dropped, when
 * the new file does not also hold the zero-led ID (then both are real, different students).
 */
export function idsThatLostZeros(newIds: readonly string[], rosterIds: readonly string[]): LostZeros[] {
  const zeroLed = new Map<string, string>();
  for (const id of rosterIds) {
    const stripped = id.charCodeAt(0) === 48 ? withoutLeadingZeros(id) : null;
    if (stripped !== null && stripped !== id) zeroLed.set(stripped, id);
  }
  if (zeroLed.size === 0) return [];
  const incoming = new Set(newIds);
  const lost: LostZeros[] = [];
  for (const id of newIds) {
    const was = zeroLed.get(id);
    if (was !== undefined && !incoming.has(was)) lost.push({ id, was });
  }
  return lost;
}

/**
 * The sentence that stops such an import: of a CSV file the dialog was given ('file'), or of a tab
 * already in the spreadsheet ('tab', brought in with File > Import or pasted), where Sheets itself
 * read the IDs as numbers and the way out is to import the CSV file itself.
 */
export function lostZerosMessage(lost: readonly LostZeros[], from: 'file' | 'tab' = 'file'): string {
  const n = lost.length;
  const example = `${lost[0].id} in this ${from} is ${lost[0].was} on the Roster`;
  const how =
    from === 'file'
      ? 'a spreadsheet program read them as numbers on the way. '
      : 'Sheets read them as numbers when the file was brought in or pasted. ';
  const todo =
    from === 'file'
      ? 'Import the file as it came from the student information system, or format the ID column as plain text before pasting, and import again.'
      : "Import the CSV file itself instead (Import attendance export..., then choose the file), or format the tab's ID column as plain text, paste the IDs in again from the original file, and import the tab again.";
  return (
    `${n === 1 ? 'One student ID has' : `${n.toLocaleString('en-US')} student IDs have`} lost ${n === 1 ? 'its' : 'their'} leading zeros (${example}): ` +
    how +
    'Nothing was imported, so no student loses their history. ' +
    todo
  );
}
