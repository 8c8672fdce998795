/**
 * Where each table of the report goes on the Report sheet: sections top to bottom, a section's
 * tables side by side, its long lists below, its charts to the right. The result is one block of
 * values with its number formats, bold cells and shading, so the sheet is written in one call
 * each, whatever the district's size.
 */
import { ChartSpec, Kind, ReportDoc, Table } from './tables';

export type SheetCell = string | number;

export interface Placement {
  /** 1-based row of the table's header row, and its first column. */
  row: number;
  col: number;
  /** Data rows (without the header). */
  rows: number;
  cols: number;
}

export interface PlacedChart {
  spec: ChartSpec;
  anchorRow: number;
  anchorCol: number;
  /** Ranges to add, 1-based, header row included. */
  ranges: { row: number; col: number; numRows: number; numCols: number }[];
  rows: number;
}

export interface SheetLayout {
  values: SheetCell[][];
  formats: string[][];
  /** 'bold', or null for normal (Range.setFontWeights resets on null). */
  weights: ('bold' | null)[][];
  backgrounds: (string | null)[][];
  placements: Record<string, Placement>;
  charts: PlacedChart[];
  height: number;
  width: number;
  /** Columns the charts need (anchor column plus their width). */
  chartWidth: number;
  titleRows: number[];
}

/** Sheets' own default number format: numbers as they are (5, 5.5). */
export const DEFAULT_FORMAT = '0.###############';
const FORMATS: Record<Kind, string> = { text: DEFAULT_FORMAT, count: '#,##0', pct: '0.0', points: '0.0', days: DEFAULT_FORMAT };
const TITLE_BG = '#d2e3fc';
const HEADER_BG = '#e8eaed';
const TOTAL_BG = '#f1f3f4';
/** Columns a chart spans on the sheet (about 8 default-width columns). */
const CHART_COLS = 8;

export function layoutReport(doc: ReportDoc): SheetLayout {
  type Mark = { value: SheetCell; format?: string; bold?: boolean; bg?: string };
  const cells = new Map<string, Mark>();
  let height = 0;
  let width = 1;
  const put = (r: number, c: number, m: Mark) => {
    cells.set(`${r},${c}`, m);
    height = Math.max(height, r);
    width = Math.max(width, c);
  };
  const placements: Record<string, Placement> = {};
  const charts: PlacedChart[] = [];
  const titleRows: number[] = [];
  let chartWidth = 0;

  /** Writes a table at (row, col): title, header, rows, then an empty message or note. Returns rows used. */
  const table = (t: Table, row: number, col: number): number => {
    put(row, col, { value: t.title, bold: true });
    t.columns.forEach((c, j) => put(row + 1, col + j, { value: c.header, bold: true, bg: HEADER_BG }));
    t.rows.forEach((r, i) => {
      const total = t.totalRow && i === t.rows.length - 1;
      r.forEach((v, j) =>
        put(row + 2 + i, col + j, {
          value: v,
          format: FORMATS[t.columns[j]?.kind ?? 'text'],
          bold: total || undefined,
          bg: total ? TOTAL_BG : undefined,
        }),
      );
    });
    placements[t.id] = { row: row + 1, col, rows: t.rows.length, cols: t.columns.length };
    let used = 2 + t.rows.length;
    if (t.rows.length === 0 && t.empty) put(row + used++, col, { value: t.empty });
    if (t.note) put(row + used++, col, { value: t.note });
    return used;
  };

  let row = 1;
  put(row, 1, { value: doc.title, bold: true });
  put(row + 1, 1, { value: doc.subtitle });
  row += 3;
  for (const s of doc.sections) {
    titleRows.push(row);
    put(row, 1, { value: s.title, bold: true, bg: TITLE_BG });
    row++;
    if (s.intro) put(row++, 1, { value: s.intro });
    row++;
    const top = row;
    let col = 1;
    let tallest = 0;
    for (const t of s.tables) {
      tallest = Math.max(tallest, table(t, top, col));
      col += t.columns.length + 1;
    }
    for (const spec of s.charts) {
      const p = placements[spec.table];
      if (!p) continue;
      const ranges = [spec.category, ...spec.series].reduce<{ row: number; col: number; numRows: number; numCols: number }[]>((acc, j) => {
        const c = p.col + j;
        const last = acc[acc.length - 1];
        if (last && last.col + last.numCols === c) last.numCols++;
        else acc.push({ row: p.row, col: c, numRows: p.rows + 1, numCols: 1 });
        return acc;
      }, []);
      charts.push({ spec, anchorRow: top, anchorCol: col, ranges, rows: p.rows });
      chartWidth = Math.max(chartWidth, col + CHART_COLS);
    }
    row = top + tallest + (s.tables.length ? 1 : 0);
    for (const t of s.below ?? []) row += table(t, row, 1) + 1;
    row++;
  }

  const values: SheetCell[][] = [];
  const formats: string[][] = [];
  const weights: ('bold' | null)[][] = [];
  const backgrounds: (string | null)[][] = [];
  for (let r = 1; r <= height; r++) {
    const v: SheetCell[] = new Array(width).fill('');
    const f: string[] = new Array(width).fill(DEFAULT_FORMAT);
    const w: ('bold' | null)[] = new Array(width).fill(null);
    const b: (string | null)[] = new Array(width).fill(null);
    for (let c = 1; c <= width; c++) {
      const m = cells.get(`${r},${c}`);
      if (!m) continue;
      v[c - 1] = m.value;
      if (m.format) f[c - 1] = m.format;
      if (m.bold) w[c - 1] = 'bold';
      if (m.bg) b[c - 1] = m.bg;
    }
    // A section title's shading runs across the report's width.
    if (titleRows.includes(r)) b.fill(TITLE_BG);
    values.push(v);
    formats.push(f);
    weights.push(w);
    backgrounds.push(b);
  }
  return { values, formats, weights, backgrounds, placements, charts, height, width, chartWidth, titleRows };
}
