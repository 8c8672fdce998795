/**
 * Finding a student by name or ID, the way a clerk types: case and accents ignored ("jose"
 * finds José, "nunez" finds Núñez), words in any order ("rivera ana" finds Ana Rivera), part of a
 * word is enough, and an ID matches from its start (or whole, without its leading zeros).
 */
import { withoutLeadingZeros } from './lost-zeros';
import { TierId } from './rules';
import { plural } from './words';

export interface SearchHit {
  id: string;
  name: string;
  school: string;
  grade: string;
  tier: TierId | '';
  /** True for a student who is not on the current Roster but has an open referral on the Referrals log. */
  notOnRoster: boolean;
}

/**
 * Letters Unicode does not split into a base letter and an accent, as a keyboard without them
 * types them: "lukasz" finds Łukasz, "soren" Søren, "strauss" Strauß, "yildiz" Yıldız.
 */
const UNSPLIT: Readonly<Record<string, string>> = { ł: 'l', ø: 'o', đ: 'd', ð: 'd', ħ: 'h', ı: 'i', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th' };

/** Lower case, accents and other combining marks removed, punctuation as spaces. */
export function fold(text: string): string {
  return String(text ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[łøđðħıßæœþ]/g, (c) => UNSPLIT[c])
    .replace(/[\u2019'`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface Searchable {
  id: string;
  name: string;
  school: string;
  grade: string;
  tier: TierId | '';
  /** Not on the current Roster: found on the Referrals log (name and school as logged). */
  notOnRoster?: boolean;
}

/** How many results the panel lists: a short list to pick from, not a browse of the district. */
const SEARCH_LIMIT = 20;

export interface SearchResult {
  /** The best matches, at most the limit. */
  hits: SearchHit[];
  /** How many more students matched than are listed. */
  more: number;
  /**
   * What to do about them, or '' when every match is listed. A common first name matches
   * hundreds across a district: without it, the person would take the list for everyone.
   */
  moreNote: string;
}

/** "143 more students match. Type more of the name, or the student ID, to find the one you want." */
function moreMatchesNote(more: number): string {
  if (more <= 0) return '';
  return `${plural(more, 'more student')} ${more === 1 ? 'matches' : 'match'}. Type more of the name, or the student ID, to find the one you want.`;
}

/**
 * Students matching the query, best first: the exact ID, then IDs starting with it, then names
 * whose words start with every word typed, then names merely containing them. At most `limit`,
 * with how many more matched.
 */
export function searchStudents(students: readonly Searchable[], query: string, limit = SEARCH_LIMIT): SearchResult {
  const q = fold(query);
  if (!q) return { hits: [], more: 0, moreNote: '' };
  const words = q.split(' ');
  const idQuery = String(query).trim().toLowerCase();
  // "123" finds 000123: IDs are often said and typed without their leading zeros.
  const zeroless = withoutLeadingZeros(idQuery);
  const ranked: { rank: number; key: string; order: number; s: Searchable }[] = [];
  students.forEach((s, order) => {
    const id = s.id.toLowerCase();
    const name = fold(s.name);
    let rank = -1;
    if (id === idQuery || (zeroless !== null && withoutLeadingZeros(id) === zeroless)) rank = 0;
    else if (idQuery && id.startsWith(idQuery)) rank = 1;
    else if (words.every((w) => name.includes(w))) {
      const nameWords = name.split(' ');
      rank = words.every((w) => nameWords.some((nw) => nw.startsWith(w))) ? 2 : 3;
    }
    if (rank >= 0) ranked.push({ rank, key: name, order, s });
  });
  // Plain comparison of the folded names: fast for a district, and the same in every runtime.
  ranked.sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : a.order - b.order));
  const hits = ranked
    .slice(0, limit)
    .map(({ s }) => ({ id: s.id, name: s.name, school: s.school, grade: s.grade, tier: s.tier, notOnRoster: s.notOnRoster === true }));
  const more = ranked.length - hits.length;
  return { hits, more, moreNote: moreMatchesNote(more) };
}
