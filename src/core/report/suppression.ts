/**
 * Small-group suppression: no figure is shown for a group of fewer students than the Settings'
 * "Smallest group shown in reports" (10 by default); it reads "n<10" instead.
 *
 * Hiding the small groups is not enough: the report's tables are linked. A table's rows
 * partition a total that is shown elsewhere (schools and each student group partition the
 * district; grades partition Elementary K-8 and High School 9-12, which partition the district;
 * a principal's email splits the school's total by grade and group, and the same school-by-grade
 * cells add up to the district's grade table). Every such link is a *line*: a total and the parts
 * it is the sum of. The rule, applied to all the lines of the report at once:
 *
 * 1. A group of 1 to minGroup-1 students is hidden.
 * 2. On every line, the hidden entries are none or at least two; and when the line's total is
 *    shown, the hidden parts together hold at least minGroup students. Otherwise one more entry
 *    of that line is hidden: the cheapest (a school's own cell before a district row, a district
 *    row before a whole school), then the smallest.
 * 3. An entry shown only inside another (a school's breakdown, only in that school's email) is
 *    hidden when that one is.
 * 4. Then a check that needs no cleverness from the rules above: the shown figures are taken as
 *    known and every line as an equation, and linear algebra finds any hidden figure that the
 *    equations fix, however many tables a reader combines (a small school is its band less the
 *    band's other schools, through the grade tables). One more entry is hidden on the lines that
 *    fix it, and 2-4 run again, until no hidden figure is fixed.
 * 5. Complements chosen one line at a time can turn out unneeded: each is tried shown again,
 *    costliest first, and stays shown when 2-4 still hold (see release).
 *
 * What is not covered: a reader who knows some hidden figures already (a principal knows their
 * own school's) can narrow others down; a sum of hidden groups fixed only by combining several
 * lines is not held to minGroup (one line's is); and bounds, not values: that a hidden group is
 * not negative, or not larger than a total, can narrow a range without fixing a value.
 *
 * An empty group is not a row of any table (its zero is known), so it never hides anything.
 * Every measure of a group (students, chronic, tiers, bands) is hidden with it, so what holds for
 * the student count holds for each of them: the lines are the same sums.
 */

/** How many costly candidates are tried before one is hidden (see hideOneOf). */
const LOOKAHEAD = 5;

export function suppressedText(minGroup: number): string {
  return `n<${minGroup}`;
}

/** One figure of the linked tables: a group's size and how much hiding it costs the reader. */
export interface LinkedEntry {
  size: number;
  /**
   * Complements are taken from the lowest cost first (then the smallest group). Infinity: never
   * hidden (the district total).
   */
  cost: number;
  /** Shown only where this other entry is shown: hidden whenever it is. */
  shownWith?: number;
}

/** total = sum of parts, all entries' indices. */
export interface LinkedLine {
  total: number;
  parts: readonly number[];
}

/** Which entries of linked tables are hidden (rules 1-5 above). */
export function suppressLinked(entries: readonly LinkedEntry[], lines: readonly LinkedLine[], minGroup: number): boolean[] {
  const primary = entries.map((e) => e.size > 0 && e.size < minGroup && e.cost < Infinity);
  const hidden = [...primary];
  const linesOf: number[][] = entries.map(() => []);
  lines.forEach((l, k) => [l.total, ...l.parts].forEach((i) => linesOf[i].push(k)));
  const members = (l: LinkedLine) => [l.total, ...l.parts];
  const candidate = (i: number) => !hidden[i] && entries[i].size > 0 && entries[i].cost < Infinity;

  /**
   * What hiding i costs: its own cost, plus, for each other line it would leave with one hidden
   * entry, that line's cheapest fix; when the line has a single entry left to hide, that entry's
   * own cost, followed the same way (a forced chain: a grade only one school teaches, whose cell
   * is that school's only one...).
   */
  const effectiveCost = (i: number, from: number, chain: Set<number>): number => {
    chain.add(i);
    let cost = entries[i].cost;
    for (const k of linesOf[i]) {
      if (k === from || cost === Infinity) continue;
      const m = members(lines[k]);
      if (m.some((j) => hidden[j] || (j !== i && chain.has(j)))) continue;
      const left = m.filter((j) => j !== i && candidate(j));
      if (left.length === 1) cost += effectiveCost(left[0], k, chain);
      else cost += Math.min(...left.map((j) => entries[j].cost));
    }
    return cost;
  };
  /**
   * Hide the cheapest, then smallest, shown entry of these lines; false when they have none. When
   * the cheapest are costly entries (bands or schools: cost 2 or more) at the same cost, which one
   * matters beyond its lines (a small school is its band less the band's other schools), so up
   * to LOOKAHEAD of them are tried, and the one that leaves the fewest figures fixed wins.
   */
  const hideOneOf = (ks: readonly number[]): boolean => {
    const ranked: { j: number; cost: number }[] = [];
    for (const k of ks)
      for (const j of members(lines[k]))
        if (candidate(j) && !ranked.some((r) => r.j === j)) ranked.push({ j, cost: effectiveCost(j, k, new Set()) });
    if (ranked.length === 0) return false;
    ranked.sort((a, b) => a.cost - b.cost || entries[a.j].size - entries[b.j].size || a.j - b.j);
    let best = ranked[0].j;
    if (entries[best].cost >= 2) {
      // Among the cheapest at the same cost, the one that leaves the fewest figures fixed.
      const tied = ranked.filter((r) => r.cost === ranked[0].cost).slice(0, LOOKAHEAD);
      let fewest = Infinity;
      for (const { j } of tied.length > 1 ? tied : []) {
        const trial = [...hidden];
        trial[j] = true;
        entries.forEach((e, i) => (trial[i] = trial[i] || (e.shownWith !== undefined && trial[e.shownWith])));
        const fixed = disclosures(entries, lines, trial).length;
        if (fixed < fewest) [best, fewest] = [j, fixed];
      }
    }
    hidden[best] = true;
    return true;
  };

  for (;;) {
    let changed = false;
    entries.forEach((e, i) => {
      if (!hidden[i] && e.shownWith !== undefined && hidden[e.shownWith]) changed = hidden[i] = true;
    });
    lines.forEach((l, k) => {
      const count = members(l).filter((i) => hidden[i]).length;
      if (count === 0) return;
      const hiddenParts = l.parts.reduce((n, i) => n + (hidden[i] ? entries[i].size : 0), 0);
      if (count === 1 || (!hidden[l.total] && hiddenParts < minGroup)) changed = hideOneOf([k]) || changed;
    });
    if (changed) continue;
    // Rule 4: one more hidden entry on the lines that fix a hidden figure.
    for (const d of disclosures(entries, lines, hidden)) if (hideOneOf(d.lines)) changed = true;
    if (!changed) break;
  }
  return release(entries, lines, minGroup, hidden, primary);
}

/** Rules 2 and 3 hold for every line and entry. */
function linesHold(entries: readonly LinkedEntry[], lines: readonly LinkedLine[], minGroup: number, hidden: readonly boolean[]): boolean {
  if (entries.some((e, i) => !hidden[i] && e.shownWith !== undefined && hidden[e.shownWith])) return false;
  return lines.every((l) => {
    let count = hidden[l.total] ? 1 : 0;
    let hiddenParts = 0;
    for (const i of l.parts)
      if (hidden[i]) {
        count++;
        hiddenParts += entries[i].size;
      }
    return count === 0 || (count > 1 && (hidden[l.total] || hiddenParts >= minGroup));
  });
}

/**
 * Complements are chosen one line at a time, so some turn out not to be needed once others are
 * hidden. Each complement is tried shown again, the costliest first (a school, then a band, a
 * district row, a cell), with any hidden figure that this would fix shown too (it could be worked
 * out anyway); the trial is kept when none of those is a small group and rules 2-4 still hold.
 * What one line fixes is found first, so most trials end without the linear algebra.
 */
function release(
  entries: readonly LinkedEntry[],
  lines: readonly LinkedLine[],
  minGroup: number,
  hidden: boolean[],
  primary: readonly boolean[],
): boolean[] {
  const order = entries
    .map((_, i) => i)
    .filter((i) => hidden[i] && !primary[i])
    .sort((a, b) => entries[b].cost - entries[a].cost || entries[b].size - entries[a].size || a - b);
  /** Show what a single line fixes (its only hidden entry), repeatedly; false when that is a small group. */
  const closeByLines = (trial: boolean[]): boolean => {
    for (let changed = true; changed;) {
      changed = false;
      for (const l of lines) {
        let only = -1;
        let count = 0;
        for (const i of [l.total, ...l.parts]) if (trial[i] && ++count === 1) only = i;
        if (count !== 1) continue;
        if (primary[only]) return false;
        trial[only] = false;
        changed = true;
      }
    }
    return true;
  };
  for (const i of order) {
    if (!hidden[i]) continue;
    const trial = [...hidden];
    trial[i] = false;
    if (!closeByLines(trial) || !linesHold(entries, lines, minGroup, trial)) continue;
    let ok = true;
    for (let fixed = disclosures(entries, lines, trial); ok && fixed.length > 0; fixed = disclosures(entries, lines, trial)) {
      for (const d of fixed) {
        if (primary[d.entry]) ok = false;
        trial[d.entry] = false;
      }
    }
    if (ok && linesHold(entries, lines, minGroup, trial)) hidden = trial;
  }
  return hidden;
}

/** Which groups of one partition are hidden, given each group's size (one line whose total is shown). */
export function suppressGroups(sizes: readonly number[], minGroup: number): boolean[] {
  const entries: LinkedEntry[] = [{ size: sizes.reduce((a, b) => a + b, 0), cost: Infinity }, ...sizes.map((size) => ({ size, cost: 0 }))];
  return suppressLinked(entries, [{ total: 0, parts: sizes.map((_, i) => i + 1) }], minGroup).slice(1);
}

// Arithmetic modulo the prime 2^31 - 1: exact, and the lines' coefficients (1 and -1) make the
// rank the same as over the rationals for any matrix these tables produce.
const P = 2147483647;

function mulMod(a: number, b: number): number {
  return (((a * (b >>> 16)) % P) * 65536 + a * (b & 0xffff)) % P;
}

function invMod(a: number): number {
  let [r0, r1, s0, s1] = [P, a, 0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % P) + P) % P;
}

/**
 * Hidden entries whose value follows from the shown ones through the lines (exact disclosure).
 * See disclosures.
 */
export function disclosedEntries(entries: readonly LinkedEntry[], lines: readonly LinkedLine[], hidden: readonly boolean[]): number[] {
  return disclosures(entries, lines, hidden).map((d) => d.entry);
}

/**
 * Each hidden entry x_i whose value the shown figures fix, with the lines that fix it: x_i is
 * fixed exactly when the unit vector e_i is a combination of the lines (restricted to the hidden
 * entries). Found per connected group of hidden entries by reducing that matrix to reduced row
 * echelon form, keeping track of which lines each reduced row combines: x_i is fixed when a
 * reduced row has a single non-zero, at i, and the lines with a non-zero weight in it are those a
 * reader would combine.
 *
 * Exact arithmetic modulo the prime 2^31 - 1. Each hidden figure sits on two lines (its school's
 * and its group's; a group's and its band's...), with 1 as a total and -1 as a part, so the
 * matrix is that of a directed graph, whose minors are 0, 1 or -1: the rank modulo the prime is
 * the rank over the rationals. (A hidden school sits on more lines; a wrong rank would then need
 * a minor that is a multiple of 2^31 - 1.)
 */
export function disclosures(
  entries: readonly LinkedEntry[],
  lines: readonly LinkedLine[],
  hidden: readonly boolean[],
): { entry: number; lines: number[] }[] {
  // Union-find of the hidden entries that share a line; each line with a hidden entry is an equation.
  const parent = entries.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const equations: { line: number; vars: number[] }[] = [];
  lines.forEach((line, k) => {
    const vars = [line.total, ...line.parts].filter((i) => hidden[i]);
    if (vars.length === 0) return;
    equations.push({ line: k, vars });
    for (const v of vars) parent[find(v)] = find(vars[0]);
  });
  const byComponent = new Map<number, { line: number; vars: number[] }[]>();
  for (const e of equations) {
    const c = find(e.vars[0]);
    const list = byComponent.get(c);
    if (list) list.push(e);
    else byComponent.set(c, [e]);
  }
  const out: { entry: number; lines: number[] }[] = [];
  for (const eqs of byComponent.values()) {
    const vars = [...new Set(eqs.flatMap((e) => e.vars))];
    const n = vars.length;
    const col = new Map(vars.map((v, j) => [v, j]));
    // Each row: the hidden entries' coefficients (total 1, parts -1), then the weight of each line in it.
    const m = eqs.map(({ line }, r) => {
      const row = new Array<number>(n + eqs.length).fill(0);
      const l = lines[line];
      if (hidden[l.total]) row[col.get(l.total) as number] = 1;
      for (const i of l.parts) if (hidden[i]) row[col.get(i) as number] = P - 1;
      row[n + r] = 1;
      return row;
    });
    const width = n + eqs.length;
    let rank = 0;
    const pivots: number[] = [];
    for (let j = 0; j < n && rank < m.length; j++) {
      let p = rank;
      while (p < m.length && m[p][j] === 0) p++;
      if (p === m.length) continue;
      [m[rank], m[p]] = [m[p], m[rank]];
      const pr = m[rank];
      const inv = invMod(pr[j]);
      for (let c = j; c < width; c++) if (pr[c] !== 0) pr[c] = mulMod(pr[c], inv);
      for (let r = 0; r < m.length; r++) {
        const f = m[r][j];
        if (r === rank || f === 0) continue;
        const row = m[r];
        for (let c = j; c < width; c++) if (pr[c] !== 0) row[c] = (row[c] - mulMod(f, pr[c]) + P) % P;
      }
      pivots.push(j);
      rank++;
    }
    for (let r = 0; r < rank; r++) {
      let nonZero = 0;
      for (let c = 0; c < n && nonZero < 2; c++) if (m[r][c] !== 0) nonZero++;
      if (nonZero !== 1) continue;
      const used: number[] = [];
      for (let k = 0; k < eqs.length; k++) if (m[r][n + k] !== 0) used.push(eqs[k].line);
      out.push({ entry: vars[pivots[r]], lines: used });
    }
  }
  return out;
}
