/**
 * A save the student panel sends again never logs the entry twice.
 *
 * When the answer to a save is lost on its way back (school Wi-Fi dropping, a laptop closed
 * mid-save), the page cannot know whether the entry landed, and the person presses Save again.
 * So the page gives each form's text a save key: a new one whenever the text is changed, and
 * after every save. The server remembers the keys it saved recently for the person saving; a
 * save whose key it already saved is answered with that entry instead of a second one.
 */

export interface SavedKey {
  key: string;
  /** ISO time of the entry. */
  at: string;
  /** The referral or plan the entry belongs to ('' for contacts and home visits). */
  entryId: string;
}

/** What the page sends: letters, digits and dashes (anything else is not a key, and the save goes ahead as before). */
const KEY = /^[A-Za-z0-9-]{8,64}$/;

/** A retry comes within minutes; a day is ample, and 40 keys stay far inside a property's 9 KB. */
export const KEEP_SAVES = 40;
const KEEP_MS = 24 * 60 * 60 * 1000;

/** The form's save key, or '' when it has none (a panel opened before this version). */
export function saveKeyOf(raw: unknown): string {
  const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).saveKey : undefined;
  return typeof v === 'string' && KEY.test(v) ? v : '';
}

/** The remembered saves, from their stored text (anything unreadable is forgotten, never an error). */
export function readSaves(stored: string | null): SavedKey[] {
  if (!stored) return [];
  try {
    const list: unknown = JSON.parse(stored);
    if (!Array.isArray(list)) return [];
    return list.filter(
      (s): s is SavedKey =>
        !!s && typeof s === 'object' && typeof s.key === 'string' && typeof s.at === 'string' && typeof s.entryId === 'string',
    );
  } catch {
    return [];
  }
}

export function findSave(saves: readonly SavedKey[], key: string): SavedKey | null {
  return (key && saves.find((s) => s.key === key)) || null;
}

/** The list with this save added: the newest KEEP_SAVES of the last KEEP_MS. */
export function withSave(saves: readonly SavedKey[], saved: SavedKey, nowMs: number): SavedKey[] {
  const recent = saves.filter((s) => s.key !== saved.key && nowMs - Date.parse(s.at) < KEEP_MS);
  return [...recent, saved].slice(-KEEP_SAVES);
}
