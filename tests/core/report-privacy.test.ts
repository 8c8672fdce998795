/**
 * Small groups cannot be worked out by subtraction across the report's linked tables: the
 * district report and every principal's email, read together, as a person who sees them all would.
 * The attacker here reads only the rendered tables (what the sheet, report.html and the emails
 * show) and knows which school has which grades and groups.
 */
import {
  buildModel,
  disclosedEntries,
  LinkedEntry,
  LinkedLine,
  ReportDoc,
  reportDocument,
  ReportModel,
  schoolDocument,
  SUBGROUPS,
  suppressLinked,
  Table,
  Value,
} from '../../src/core/report';
import { Grade, GRADES, Student } from '../../src/core/student';
import { handDistrict, inputs, student } from '../report-fixtures';

const K8 = ['PK', 'K', '1', '2', '3', '4', '5', '6', '7', '8'];
const HS = ['9', '10', '11', '12'];

function table(doc: ReportDoc, id: string): Table {
  const t = doc.sections.flatMap((s) => [...s.tables, ...(s.below ?? [])]).find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
}

/** A shown figure, or null for "n<10". */
function fig(v: Value | undefined): number | null {
  return typeof v === 'number' ? v : null;
}

function rowOf(t: Table, label: string): Value[] | undefined {
  return t.rows.find((r) => r[0] === label);
}

/** The tables as one set of equations: total = sum of parts, each figure named once across every table that shows it. */
interface Equation {
  what: string;
  total: string;
  parts: string[];
}

interface Published {
  /** Every figure by name: its value, or null when hidden. */
  figures: Map<string, number | null>;
  equations: Equation[];
  min: number;
}

const DIMENSIONS: { key: string; of: (s: Student) => string }[] = [{ key: 'grade', of: (s) => s.grade }, ...SUBGROUPS];

/** What a reader of the district report and of every school's email can see. */
function publish(m: ReportModel): Published {
  const doc = reportDocument(m);
  const figures = new Map<string, number | null>();
  const equations: Equation[] = [];
  const see = (name: string, v: Value | undefined) => {
    const f = fig(v);
    const seen = figures.get(name);
    // The same group shown in two tables must read the same (or hidden in both).
    if (seen !== undefined && seen !== f) throw new Error(`${name} is ${seen} in one table and ${f} in another`);
    figures.set(name, f);
  };
  const district = table(doc, 'tiers-district');
  see('district', district.rows[6][1]);
  const schools = table(doc, 'by-school').rows.map((r) => String(r[0]));
  table(doc, 'by-school').rows.forEach((r) => see(`school ${r[0]}`, r[1]));
  equations.push({ what: 'schools vs district', total: 'district', parts: schools.map((s) => `school ${s}`) });

  // Bands: K-8 + 9-12 + unrecognized grades = district; each band = its grades.
  see('band K-8', table(doc, 'tiers-elementary').rows[6][1]);
  see('band 9-12', table(doc, 'tiers-high').rows[6][1]);
  const note = /(\S+) students with a grade the toolkit does not recognize/.exec(doc.sections.find((s) => s.id === 'toolkit')!.intro ?? '');
  see('band other', note ? (note[1].startsWith('n<') ? note[1] : Number(note[1].replace(/,/g, ''))) : 0);
  equations.push({ what: 'bands vs district', total: 'district', parts: ['band K-8', 'band 9-12', 'band other'] });
  const grades = table(doc, 'by-grade').rows.map((r) => String(r[0]));
  for (const [band, list] of [
    ['K-8', grades.filter((g) => K8.includes(g))],
    ['9-12', grades.filter((g) => HS.includes(g))],
    ['other', grades.filter((g) => !(GRADES as readonly string[]).includes(g))],
  ] as const)
    equations.push({ what: `grades vs band ${band}`, total: `band ${band}`, parts: list.map((g) => `grade ${g}`) });

  // Each student group's district table, each school's own tables (its email), and the cells across schools.
  const emails = new Map(schools.map((s) => [s, schoolDocument(m, s, 'https://link')]));
  for (const dim of DIMENSIONS) {
    const districtRows = table(doc, `by-${dim.key}`).rows;
    districtRows.forEach((r) => see(`${dim.key} ${r[0]}`, r[1]));
    if (dim.key !== 'grade')
      equations.push({ what: `${dim.key} vs district`, total: 'district', parts: districtRows.map((r) => `${dim.key} ${r[0]}`) });
    const columns = new Map<string, string[]>(districtRows.map((r) => [String(r[0]), []]));
    for (const school of schools) {
      const email = emails.get(school)!;
      const own = new Set(
        m.students
          .filter((s) => (s.school.trim() || 'Not recorded') === school && s.tier !== null)
          .map((s) => dim.of(s).trim() || 'Not recorded'),
      );
      const cell = (v: string) => `${school} / ${dim.key} ${v}`;
      if (email.hidden) {
        // No figures: the attacker still knows which groups the school has.
        own.forEach((v) => see(cell(v), 'n<10'));
      } else {
        see(`school ${school}`, rowOf(table(email, 'school-summary'), 'Students with attendance reported')![1]);
        table(email, `by-${dim.key}`).rows.forEach((r) => see(cell(String(r[0])), r[1]));
      }
      equations.push({ what: `${school}'s ${dim.key} table vs ${school}`, total: `school ${school}`, parts: [...own].map(cell) });
      own.forEach((v) => columns.get(v)!.push(cell(v)));
    }
    for (const [v, cells] of columns) equations.push({ what: `${dim.key} ${v} across schools`, total: `${dim.key} ${v}`, parts: cells });
  }
  return { figures, equations, min: m.minGroup };
}

/** Subtraction along each equation on its own: what a reader works out from one pair of tables. */
function subtractions(p: Published): string[] {
  const found: string[] = [];
  for (const e of p.equations) {
    const total = p.figures.get(e.total) ?? null;
    const parts = e.parts.map((n) => p.figures.get(n) ?? null);
    const hidden = parts.filter((x) => x === null).length;
    const shown = parts.reduce<number>((n, x) => n + (x ?? 0), 0);
    if (total === null) {
      if (hidden === 0 && parts.length > 0) found.push(`${e.what}: hidden ${e.total} = ${shown}`);
    } else if (hidden === 1) found.push(`${e.what}: the one hidden part = ${total - shown}`);
    else if (hidden > 1 && total - shown < p.min) found.push(`${e.what}: the hidden parts together = ${total - shown}`);
  }
  return found;
}

/**
 * Every equation at once (any combination of tables): the hidden figures that are fixed by the
 * shown ones. Gaussian elimination in floating point on the hidden figures, written separately
 * from the report's own check.
 */
function combinations(p: Published): string[] {
  const unknown = [...p.figures].filter(([, v]) => v === null).map(([n]) => n);
  const col = new Map(unknown.map((n, j) => [n, j]));
  const rows = p.equations
    .map((e) => {
      const row = new Array<number>(unknown.length).fill(0);
      if (col.has(e.total)) row[col.get(e.total)!] += 1;
      for (const n of e.parts) if (col.has(n)) row[col.get(n)!] -= 1;
      return row;
    })
    .filter((r) => r.some((x) => x !== 0));
  let rank = 0;
  const pivots: number[] = [];
  for (let j = 0; j < unknown.length && rank < rows.length; j++) {
    let best = rank;
    for (let r = rank; r < rows.length; r++) if (Math.abs(rows[r][j]) > Math.abs(rows[best][j])) best = r;
    if (Math.abs(rows[best][j]) < 1e-9) continue;
    [rows[rank], rows[best]] = [rows[best], rows[rank]];
    const pv = rows[rank][j];
    rows[rank] = rows[rank].map((x) => x / pv);
    for (let r = 0; r < rows.length; r++) {
      if (r === rank || Math.abs(rows[r][j]) < 1e-12) continue;
      const f = rows[r][j];
      rows[r] = rows[r].map((x, c) => x - f * rows[rank][c]);
    }
    pivots.push(j);
    rank++;
  }
  const found: string[] = [];
  for (let r = 0; r < rank; r++) if (rows[r].filter((x) => Math.abs(x) > 1e-9).length === 1) found.push(unknown[pivots[r]]);
  return found;
}

function expectSafe(m: ReportModel): Published {
  const p = publish(m);
  expect(subtractions(p)).toEqual([]);
  expect(combinations(p)).toEqual([]);
  return p;
}

function many(n: number, over: Parameters<typeof student>[0]): Student[] {
  return Array.from({ length: n }, () => student({ ...over }));
}

describe('grades and the Elementary K-8 / High School 9-12 tables', () => {
  // Grades PK (8) and 12 (5, all L6) are small. Hidden in the grade table only, the 9-12 table's
  // total (95) and L6 count gave grade 12 = 95 - 30 - 30 - 30 = 5 students, all L6.
  const students = [
    ...many(8, { grade: 'PK', absent: 1 }),
    ...many(30, { grade: 'K', absent: 1 }),
    ...many(30, { grade: '9', absent: 1 }),
    ...many(30, { grade: '10', absent: 1 }),
    ...many(30, { grade: '11', absent: 1 }),
    ...many(5, { grade: '12', absent: 20 }),
  ];
  const m = buildModel(inputs(students));
  const doc = reportDocument(m);

  test('a hidden grade takes a second grade of the same band with it', () => {
    expect(table(doc, 'by-grade').rows.map((r) => [r[0], r[1]])).toEqual([
      ['PK', 'n<10'],
      ['K', 'n<10'],
      ['9', 'n<10'],
      ['10', 30],
      ['11', 30],
      ['12', 'n<10'],
    ]);
    // The subtraction now gives grades 9 and 12 together: 35 students, 5 of them in L6.
    const high = table(doc, 'tiers-high').rows;
    expect([high[6][1], high[5][1]]).toEqual([95, 5]);
    expectSafe(m);
  });

  test('a small band hides the other band, and then a grade of it, or the band would be the sum of its grades', () => {
    // High School 9-12 is 8 students of grade 12: hidden, so Elementary K-8 is hidden with it; with
    // every K-8 grade shown, K-8 = their sum and 9-12 = district - K-8.
    const list = [...many(40, { grade: '3', absent: 2 }), ...many(30, { grade: '4', absent: 0 }), ...many(8, { grade: '12', absent: 25 })];
    const mm = buildModel(inputs(list));
    expect(mm.elementary.hidden && mm.high.hidden).toBe(true);
    expect(mm.byGrade.groups.filter((g) => g.hidden).map((g) => g.label)).toEqual(['4', '12']);
    expectSafe(mm);
  });

  test('students with a grade the toolkit does not recognize: district - K-8 - 9-12 would give them, so a band is hidden', () => {
    // Three grades typed over on North's Roster rows ("13") are in the district table only. North is
    // the only K-8 school and South the only 9-12 one, so hiding 9-12 would mean hiding South too:
    // K-8 is hidden (with grade 3, its only grade), and no school is.
    const list = [
      ...many(40, { school: 'North', grade: '3' }),
      ...many(3, { school: 'North', grade: '13' as Grade, absent: 20 }),
      ...many(30, { school: 'South', grade: '10' }),
    ];
    const mm = buildModel(inputs(list));
    expect(mm.unknownGradeHidden).toBe(true);
    expect(reportDocument(mm).sections.find((s) => s.id === 'toolkit')!.intro).toMatch(
      /n<10 students with a grade the toolkit does not recognize/,
    );
    expect([mm.elementary.hidden, mm.high.hidden]).toEqual([true, false]);
    expect(mm.bySchool.groups.map((g) => [g.label, g.hidden])).toEqual([
      ['North', false],
      ['South', false],
    ]);
    expect(mm.byGrade.groups.map((g) => [g.label, g.hidden])).toEqual([
      ['3', true],
      ['10', false],
      ['13', true],
    ]);
    expectSafe(mm);
  });
});

describe("a school's own tables (its principal's email) and the district's", () => {
  test("a grade taught at two schools: the district's grade row minus one school's cell would give the other's", () => {
    // Grade 12: 25 at North, 5 at South. South hides its 5; North's 25 is hidden with it (or the
    // district's row, 30, less North's 25 is South's 5).
    const list = [
      ...many(25, { school: 'North', grade: '12' }),
      ...many(30, { school: 'North', grade: '11' }),
      ...many(5, { school: 'South', grade: '12', absent: 20 }),
      ...many(40, { school: 'South', grade: '11' }),
    ];
    const m = buildModel(inputs(list));
    const p = expectSafe(m);
    expect(p.figures.get('grade 12')).toBe(30);
    expect(p.figures.get('South / grade 12')).toBeNull();
    expect(p.figures.get('North / grade 12')).toBeNull();
    // And within each school the complement is another grade of that school (its total is shown).
    expect(p.figures.get('North / grade 11')).toBeNull();
    expect(p.figures.get('South / grade 11')).toBeNull();
  });

  test("a student group across schools: the district's row minus the schools shown", () => {
    const list = [
      ...many(11, { school: 'North', ethnicity: 'Asian' }),
      ...many(40, { school: 'North', ethnicity: 'White' }),
      ...many(3, { school: 'South', ethnicity: 'Asian', absent: 30 }),
      ...many(40, { school: 'South', ethnicity: 'White' }),
    ];
    const p = expectSafe(buildModel(inputs(list)));
    expect(p.figures.get('ethnicity Asian')).toBe(14);
    expect(p.figures.get('North / ethnicity Asian')).toBeNull();
  });

  test("a school's tables against its own total, in its email", () => {
    const list = [
      ...many(40, { school: 'North', gender: 'F' }),
      ...many(35, { school: 'North', gender: 'M' }),
      ...many(2, { school: 'North', gender: 'X' }),
    ];
    const m = buildModel(inputs([...list, ...many(50, { school: 'South' })]));
    const p = expectSafe(m);
    expect(p.figures.get('school North')).toBe(77);
    // X (2) is hidden, and F (40) with it rather than M (35): North's M are all the district's M,
    // so hiding them would hide the district's M row too.
    expect(p.figures.get('gender M')).toBe(35);
    expect([p.figures.get('North / gender X'), p.figures.get('North / gender M'), p.figures.get('North / gender F')]).toEqual([
      null,
      35,
      null,
    ]);
  });

  test('hidden schools: the district rows minus the emails of the schools shown', () => {
    // The hand-counted district: Tiny (4) and Oak are hidden; Elm's email and the district's
    // gender table would otherwise give Oak + Tiny's genders.
    expectSafe(buildModel(inputs(handDistrict())));
  });

  test('the same rules at another smallest group size', () => {
    expectSafe(buildModel(inputs(handDistrict(), { settings: { smallGroupSize: 3 } })));
    expectSafe(buildModel(inputs(handDistrict(), { settings: { smallGroupSize: 25 } })));
  });
});

describe('districts of every shape', () => {
  // A small seeded generator, so a failure names the district that failed.
  function random(seed: number): () => number {
    let x = seed;
    return () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
  }
  const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];

  test.each(Array.from({ length: 40 }, (_, i) => i + 1))('district %i: nothing hidden can be worked out from what is shown', (seed) => {
    const r = random(seed);
    const schools = Array.from({ length: 2 + Math.floor(r() * 5) }, (_, i) => ({
      name: `School ${i + 1}`,
      grades: r() < 0.5 ? HS : pick(r, [K8, K8.slice(0, 7), K8.slice(6), ['K', '1', '2']]),
      size: 3 + Math.floor(r() * 70),
    }));
    const list: Student[] = [];
    for (const s of schools)
      for (let n = 0; n < s.size; n++)
        list.push(
          student({
            school: s.name,
            grade: (r() < 0.01 ? '13' : pick(r, s.grades)) as Grade,
            absent: pick(r, [0, 1, 3, 7, 12, 16, 25]),
            ethnicity: pick(r, ['Hispanic/Latino', 'Hispanic/Latino', 'Black or African American', 'White', 'Asian', 'American Indian']),
            gender: pick(r, ['F', 'M', 'F', 'M', 'X']),
            englishLearner: r() < 0.2 ? 'Yes' : 'No',
            specialEducation: r() < 0.15 ? 'Yes' : 'No',
            homeLanguage: pick(r, ['English', 'English', 'English', 'Spanish', 'Arabic', 'Twi']),
          }),
        );
    expectSafe(buildModel(inputs(list, { settings: { smallGroupSize: pick(r, [5, 10, 10, 20]) } })));
  });
});

describe('the check that combines every line', () => {
  // A 4 x 4 table with its row and column totals shown; a hidden cell sits on two hidden cells of
  // its row and two of its column, yet is fixed: it joins two closed loops of hidden cells.
  const entries: LinkedEntry[] = [];
  const lines: LinkedLine[] = [];
  const cell: number[][] = [];
  const total = entries.push({ size: 400, cost: Infinity }) - 1;
  const rows = [0, 1, 2, 3].map(() => entries.push({ size: 100, cost: 2 }) - 1);
  const cols = [0, 1, 2, 3].map(() => entries.push({ size: 100, cost: 1 }) - 1);
  for (let i = 0; i < 4; i++) cell.push([0, 1, 2, 3].map(() => entries.push({ size: 25, cost: 0 }) - 1));
  rows.forEach((r, i) => lines.push({ total: r, parts: cell[i] }));
  cols.forEach((c, j) => lines.push({ total: c, parts: cell.map((row) => row[j]) }));
  lines.push({ total, parts: rows }, { total, parts: cols });
  const hide = (pairs: [number, number][]) => {
    const hidden = entries.map(() => false);
    for (const [i, j] of pairs) hidden[cell[i][j]] = true;
    return hidden;
  };

  test('a closed loop of hidden cells is safe; the cell joining two loops is found', () => {
    const loop: [number, number][] = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ];
    expect(disclosedEntries(entries, lines, hide(loop))).toEqual([]);
    const two: [number, number][] = [...loop, [2, 2], [2, 3], [3, 2], [3, 3], [1, 2]];
    expect(disclosedEntries(entries, lines, hide(two))).toEqual([cell[1][2]]);
  });

  test('suppression leaves no hidden figure that the equations fix', () => {
    const small = entries.map((e, i) => ({ ...e, size: i === cell[1][2] || i === cell[2][1] ? 4 : e.size }));
    const hidden = suppressLinked(small, lines, 10);
    expect(hidden.filter(Boolean).length).toBeGreaterThanOrEqual(4);
    expect(disclosedEntries(small, lines, hidden)).toEqual([]);
    // Every line with a hidden entry has at least two.
    for (const l of lines) expect([l.total, ...l.parts].filter((i) => hidden[i]).length).not.toBe(1);
  });
});
