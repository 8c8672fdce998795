/**
 * Writes data/sample/powerschool-export.csv: a synthetic PowerSchool quick export for a
 * district the size of the toolkit's (17,679 students with attendance), with exactly the
 * toolkit's tier counts for Elementary K-8 and High School 9-12, plus what real exports
 * contain: a BOM, CRLF line endings, quoted commas, quotes and line breaks, padded values,
 * accented names, upper-case emails, students with no attendance reported yet, and a few
 * rows that must be rejected. No real person's data: names are drawn from common-name lists.
 *
 * Usage: npx tsx scripts/generate-sample.ts [out.csv] [--students N]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom as rng } from '../src/offline/random';

/** Tier counts from the toolkit's "ATTENDANCE CATEGORY" tables (SY 2022-23). */
export const SEED_COUNTS = {
  elementary: { L1: 3463, L2: 4870, L3: 2425, L4: 620, L5: 223, L6: 328 },
  high: { L1: 1262, L2: 2054, L3: 1204, L4: 424, L5: 173, L6: 633 },
} as const;

const BANDS: Record<string, [number, number]> = { L1: [0, 1], L2: [2, 5], L3: [6, 10], L4: [11, 14], L5: [15, 17], L6: [18, 40] };

const FIRST = [
  'María',
  'José',
  'Sofía',
  'Mateo',
  'Camila',
  'Santiago',
  'Valentina',
  'Ángel',
  'Lucía',
  'Jesús',
  'Ximena',
  'Andrés',
  'Jayden',
  'Aaliyah',
  'Jamal',
  'Imani',
  'Malik',
  'Nia',
  'Darius',
  'Zora',
  'Tyrell',
  'Keisha',
  'Andre',
  'Destiny',
  'Emma',
  'Liam',
  'Olivia',
  'Noah',
  'Ava',
  'Ethan',
  'Mia',
  'Lucas',
  'Chloé',
  'Zoë',
  'Owen',
  'Grace',
  'Mohammed',
  'Fatima',
  'Omar',
  'Aisha',
  'Yusuf',
  'Layla',
  'Nguyễn',
  'Linh',
  'Wei',
  'Mei',
  'Hiroshi',
  'Aiko',
  'Jean-Pierre',
  'Widline',
  'Ricardo',
  'Beatriz',
  'João',
  'Inês',
  'Kwame',
  'Ama',
  'Dmitri',
  'Anya',
  "D'Andre",
  'Renée',
];
const LAST = [
  'García',
  'Rodríguez',
  'Martínez',
  'Hernández',
  'López',
  'González',
  'Pérez',
  'Sánchez',
  'Ramírez',
  'Torres',
  'Rivera',
  'Ortiz',
  'Núñez',
  'Peña',
  'Cruz',
  'Morales',
  'Reyes',
  'Santiago',
  'Colón',
  'Vázquez',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Davis',
  'Miller',
  'Wilson',
  'Moore',
  'Taylor',
  'Thomas',
  'Jackson',
  'White',
  'Harris',
  'Martin',
  'Thompson',
  'Robinson',
  'Clark',
  'Lewis',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  "O'Brien",
  'Murphy',
  'Kelly',
  'Nguyen',
  'Tran',
  'Chen',
  'Wang',
  'Kim',
  'Ali',
  'Hassan',
  'Ahmed',
  'Pierre',
  'Jean-Baptiste',
  'Silva',
  'Santos',
  'Costa',
  'Mensah',
  'Asante',
  'Ivanova',
  'Smith-Jones',
  'De la Cruz',
  'St. Louis',
];
const LANGUAGES: [string, number][] = [
  ['English', 62],
  ['Spanish', 29],
  ['Arabic', 2],
  ['Haitian Creole', 1.5],
  ['Portuguese', 1.2],
  ['Pashto', 1],
  ['Vietnamese', 0.8],
  ['Mandarin', 0.7],
  ['French', 0.6],
  ['Dari', 0.6],
  ['Twi', 0.3],
  ['Russian', 0.3],
];
const ETHNICITY: [string, number][] = [
  ['Hispanic/Latino', 52],
  ['Black or African American', 31],
  ['White', 11],
  ['Asian', 3],
  ['Two or more races', 2.6],
  ['American Indian or Alaska Native', 0.4],
];

const K8 = [
  'Alder Street',
  'Bayview',
  'Birchwood',
  'Brookside',
  'Cedar Hill',
  'Chestnut Avenue',
  'Cloverdale',
  'Dogwood',
  'Eastgate',
  'Elm Grove',
  'Fairview',
  'Foxhollow',
  'Glenwood',
  'Harbor Point',
  'Hawthorne',
  'Hillcrest',
  'Juniper',
  'Lakeside',
  'Laurel Park',
  'Linden',
  'Maple Ridge',
  'Meadowbrook',
  'Mill River',
  'Northfield',
  'Oak Street',
  'Orchard',
  'Pinecrest',
  'Riverbend',
  'Sycamore',
  'Willow Creek',
];
const HIGH = [
  'Central High',
  'Harborside High',
  'Northside Academy',
  'Riverview High',
  'Summit Career Academy',
  'Westfield High',
  'Lighthouse Arts Academy',
  'Gateway Early College',
  'Bridgeport Road High',
  'Eastview Leadership Academy',
];

/** Fictional school names. */
function schoolName(base: string): string {
  return `${base} School`;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function weighted(r: () => number, xs: readonly [string, number][]): string {
  const total = xs.reduce((n, [, w]) => n + w, 0);
  let x = r() * total;
  for (const [v, w] of xs) if ((x -= w) < 0) return v;
  return xs[xs.length - 1][0];
}

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface SampleOptions {
  /** Scale the toolkit's counts (1 = district size). */
  scale?: number;
  seed?: number;
  /** Add the messy and invalid rows (default true). */
  messy?: boolean;
}

export const HEADER = [
  'Student_Number',
  'LastFirst',
  'Grade_Level',
  'SchoolID',
  'School_Name',
  'Home_Phone',
  'Guardianemail',
  'Mother',
  'Father',
  'Ethnicity',
  'Gender',
  'LEP_Status',
  'SpEd',
  'Home_Language',
  'Days_Membership',
  'Days_Absent',
  'Alert_Medical',
];

/** The sample export as text. Deterministic for a given seed. */
export function generateSample(options: SampleOptions = {}): string {
  const scale = options.scale ?? 1;
  const r = rng(options.seed ?? 20261123);
  const DAYS_SO_FAR = 58;
  const rows: (string | number)[][] = [];
  let nextId = 100000;

  const student = (band: 'elementary' | 'high', tier: string): (string | number)[] => {
    const grade =
      band === 'elementary'
        ? pick(r, ['-1', '0', '0', '1', '2', '3', '4', '5', '6', '7', '8', '1', '2', '3', '4', '5', '6', '7', '8'])
        : pick(r, ['9', '10', '11', '12']);
    const base = band === 'elementary' ? pick(r, K8) : pick(r, HIGH);
    const schoolIndex = (band === 'elementary' ? K8.indexOf(base) : 100 + HIGH.indexOf(base)) + 1;
    const [lo, hi] = BANDS[tier];
    let absent = lo + Math.floor(r() * (hi - lo + 1));
    if (r() < 0.05 && absent + 0.5 < (BANDS[`L${Number(tier[1]) + 1}`]?.[0] ?? 99)) absent += 0.5;
    const lateEnrollee = r() < 0.06;
    let enrolled = lateEnrollee ? Math.max(Math.ceil(absent) + 1, Math.floor(10 + r() * 45)) : DAYS_SO_FAR;
    if (enrolled < absent) enrolled = Math.ceil(absent);
    const first = pick(r, FIRST);
    const last = pick(r, LAST);
    const language = weighted(r, LANGUAGES);
    const guardianFirst = pick(r, FIRST);
    const emailRoll = r();
    const email =
      emailRoll < 0.2
        ? ''
        : emailRoll < 0.23
          ? pick(r, ['none', 'n/a', `${guardianFirst.toLowerCase()}@gmail`, 'NO EMAIL'])
          : `${guardianFirst}.${last}${Math.floor(r() * 90 + 10)}@example.${pick(r, ['com', 'org', 'net'])}`
              .normalize('NFKD')
              .replace(/[^\x20-\x7e]/g, '')
              .replace(/[' ]/g, '');
    return [
      String(nextId++),
      r() < 0.02 ? `  ${last}, ${first}  ` : `${last}, ${first}`,
      grade,
      String(schoolIndex),
      schoolName(base),
      `(203) 555-${String(Math.floor(r() * 10000)).padStart(4, '0')}`,
      r() < 0.15 ? email.toUpperCase() : email,
      `${guardianFirst} ${last}`,
      r() < 0.4 ? `${pick(r, FIRST)} ${last}` : '',
      weighted(r, ETHNICITY),
      pick(r, ['M', 'F', 'M', 'F', 'M', 'F', 'X']),
      language === 'English' ? (r() < 0.02 ? 'Y' : 'N') : r() < 0.6 ? 'Y' : 'N',
      r() < 0.16 ? 'Y' : 'N',
      language,
      enrolled,
      absent,
      r() < 0.01 ? 'Asthma, carries "inhaler"\nSee nurse' : '',
    ];
  };

  for (const band of ['elementary', 'high'] as const) {
    for (const [tier, count] of Object.entries(SEED_COUNTS[band])) {
      for (let i = 0; i < Math.round(count * scale); i++) rows.push(student(band, tier));
    }
  }
  // Shuffle so the file is not sorted by tier, as a real export would not be.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }

  if (options.messy !== false) {
    const extra: (string | number)[][] = [];
    const at = (n: number) => Math.floor(r() * n);
    // Enrolled but no attendance reported yet, and not yet enrolled.
    const withDays = (row: (string | number)[], enrolled: string | number, absent: string | number) => {
      row[14] = enrolled;
      row[15] = absent;
      return row;
    };
    for (let i = 0; i < Math.max(1, Math.round(30 * scale)); i++) extra.push(withDays(student('elementary', 'L1'), DAYS_SO_FAR, ''));
    for (let i = 0; i < Math.max(1, Math.round(12 * scale)); i++) extra.push(withDays(student('high', 'L1'), '', ''));
    const bad = (mutate: (row: (string | number)[]) => void) => {
      const row = student('elementary', 'L2');
      mutate(row);
      extra.push(row);
    };
    bad((row) => (row[0] = ''));
    bad((row) => (row[0] = '   '));
    bad((row) => (row[15] = 'abc'));
    bad((row) => (row[14] = 'five'));
    bad((row) => (row[15] = -2));
    bad((row) => ((row[14] = 20), (row[15] = 25)));
    bad((row) => ((row[14] = ''), (row[15] = 3)));
    bad((row) => (row[2] = '13'));
    bad((row) => (row[2] = ''));
    // Hostile values must land as literal text (never a formula or markup).
    const named = (row: (string | number)[], name: string) => {
      row[1] = name;
      return row;
    };
    // Two students' names are replaced (not added), so the tier counts stay the toolkit's.
    named(rows[at(rows.length)], 'Test, =HYPERLINK("http://example.com/x","click me")');
    named(rows[at(rows.length)], 'Test, <img src=x onerror=alert(1)>');
    for (const row of extra) rows.splice(at(rows.length), 0, row);
    // Repeated IDs go at the end, so the first occurrence (the one kept) is the original student.
    for (let i = 0; i < 2; i++) {
      const dup = student('elementary', 'L2');
      dup[0] = rows[at(rows.length)][0];
      rows.push(dup);
    }
  }

  const lines = [HEADER.join(','), ...rows.map((row) => row.map(csvField).join(','))];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const out = args.find((a) => !a.startsWith('--')) ?? path.resolve(__dirname, '../data/sample/powerschool-export.csv');
  const students = args.includes('--students') ? Number(args[args.indexOf('--students') + 1]) : 17679;
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, generateSample({ scale: students / 17679 }));
  console.log(`wrote ${out}`);
}
