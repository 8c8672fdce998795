import { Grade } from './student';

const NAMED: Record<string, Grade> = {
  k: 'K',
  kg: 'K',
  kn: 'K',
  kinder: 'K',
  kindergarten: 'K',
  k5: 'K',
  '0': 'K',
  '00': 'K',
  pk: 'PK',
  prek: 'PK',
  pk3: 'PK',
  pk4: 'PK',
  p3: 'PK',
  p4: 'PK',
  prekindergarten: 'PK',
  preschool: 'PK',
  '-1': 'PK',
  '-2': 'PK',
};

/**
 * The grade as the toolkit writes it, or null when it is not a grade we can read without guessing.
 * PowerSchool stores kindergarten as 0 and pre-K as -1 (or -2 for PK3); people type K, KG, Pre-K,
 * "Grade 3", "3rd" or "03".
 */
export function normalizeGrade(raw: unknown): Grade | null {
  if (typeof raw === 'number') return Number.isInteger(raw) ? normalizeGrade(String(raw)) : null;
  // A district's export has a dozen distinct grade spellings and thousands of rows: remember them.
  const key = String(raw ?? '');
  const known = seen.get(key);
  if (known !== undefined) return known;
  const grade = readGrade(key);
  if (seen.size < 1000) seen.set(key, grade);
  return grade;
}

const seen = new Map<string, Grade | null>();

function readGrade(raw: string): Grade | null {
  // "1.0" is grade 1 (a number formatted with a decimal); "2.5" is not a grade. Dots are checked
  // before punctuation is dropped, so that "1.0" never reads as "10".
  const numeric = /^\s*(-?\d+)(\.\d*)?\s*$/.exec(raw);
  if (numeric) {
    if (numeric[2] && !/^\.0*$/.test(numeric[2])) return null;
    const n = Number(numeric[1]);
    if (n === 0) return 'K';
    if (n === -1 || n === -2) return 'PK';
    return n >= 1 && n <= 12 ? (String(n) as Grade) : null;
  }
  if (/\d\.\d/.test(raw)) return null;
  const text = String(raw ?? '')
    .trim()
    .toLowerCase()
    .replace(/^(grade|gr\.?)\s*/, '')
    .replace(/[\s.\-_]/g, (ch) => (ch === '-' ? '-' : ''));
  if (text === '') return null;
  const compact = text.replace(/-(?=[a-z])/g, '');
  if (NAMED[compact]) return NAMED[compact];
  const m = /^0*(\d{1,2})(st|nd|rd|th)?$/.exec(compact);
  if (m) {
    const n = Number(m[1]);
    if (n === 0) return 'K';
    if (n >= 1 && n <= 12) return String(n) as Grade;
  }
  return null;
}
