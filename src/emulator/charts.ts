/**
 * Sheets embedded charts, emulated: Sheet.newChart() gives an EmbeddedChartBuilder; build() makes
 * an EmbeddedChart that is not on the sheet until Sheet.insertChart(chart); chart.modify() gives a
 * builder for an existing chart whose changes are saved only by Sheet.updateChart(chart);
 * Sheet.removeChart(chart) takes it off. Charts are stored in SheetState.charts.
 *
 * Faithful to Google's reference (developers.google.com/apps-script/reference/spreadsheet/
 * embedded-chart-builder, embedded-chart, sheet): the method names, that addRange ignores a range
 * already added, that build() does not draw the chart, that getChartId() is null for a chart not
 * in a spreadsheet and stable and unique across the spreadsheet once inserted, that every typed
 * builder (asBarChart, asLineChart ...) keeps what was set before, and that a chart needs a
 * position to be inserted. Error messages for misuse are not documented; the ones here are plain.
 * Not emulated: ranges do not shift when rows or columns are inserted; images (getAs/getBlob).
 */
import { parseA1, toA1 } from './a1';
import { LATENCY, Runtime } from './runtime';
import type { ChartState } from './spreadsheet';

/** Charts.ChartType, as strings (Apps Script's enum values print as their names). */
export const CHART_TYPES = {
  TIMELINE: 'TIMELINE',
  AREA: 'AREA',
  BAR: 'BAR',
  BUBBLE: 'BUBBLE',
  CANDLESTICK: 'CANDLESTICK',
  COLUMN: 'COLUMN',
  COMBO: 'COMBO',
  GAUGE: 'GAUGE',
  GEO: 'GEO',
  HISTOGRAM: 'HISTOGRAM',
  RADAR: 'RADAR',
  LINE: 'LINE',
  ORG: 'ORG',
  PIE: 'PIE',
  SCATTER: 'SCATTER',
  SPARKLINE: 'SPARKLINE',
  STEPPED_AREA: 'STEPPED_AREA',
  TABLE: 'TABLE',
  TREEMAP: 'TREEMAP',
  WATERFALL: 'WATERFALL',
} as const;

const POSITIONS = { TOP: 'top', RIGHT: 'right', BOTTOM: 'bottom', NONE: 'none' } as const;

/** The Charts global (the enums the builders take). */
export function createCharts() {
  return {
    ChartType: CHART_TYPES,
    Position: { TOP: 'TOP', RIGHT: 'RIGHT', BOTTOM: 'BOTTOM', NONE: 'NONE' },
    ChartMergeStrategy: { MERGE_COLUMNS: 'MERGE_COLUMNS', MERGE_ROWS: 'MERGE_ROWS' },
    ChartHiddenDimensionStrategy: {
      IGNORE_BOTH: 'IGNORE_BOTH',
      IGNORE_ROWS: 'IGNORE_ROWS',
      IGNORE_COLUMNS: 'IGNORE_COLUMNS',
      SHOW_BOTH: 'SHOW_BOTH',
    },
    CurveStyle: { NORMAL: 'NORMAL', SMOOTH: 'SMOOTH' },
    PointStyle: { NONE: 'NONE', TINY: 'TINY', MEDIUM: 'MEDIUM', LARGE: 'LARGE', HUGE: 'HUGE' },
  };
}

/** What a range and a sheet look like to the chart code (the emulator's EmuRange and EmuSheet). */
export interface ChartRange {
  readonly sheet: ChartSheet;
  readonly row: number;
  readonly col: number;
  readonly numRows: number;
  readonly numCols: number;
}

export interface ChartSheet {
  readonly state: { name: string; charts: ChartState[] };
  readonly rt: Runtime;
  /** A range of this sheet or another sheet of the same spreadsheet, by stored A1 notation. */
  resolveChartRange(a1: string): ChartRange;
  nextChartId(): number;
}

const S = 'SpreadsheetApp';

/** How a range is stored on a chart: plain A1 on its own sheet, 'Sheet'!A1 for another sheet. */
function storeRange(owner: ChartSheet, range: ChartRange): string {
  const a1 = toA1(range.row, range.col, range.numRows, range.numCols);
  return range.sheet.state === owner.state ? a1 : `'${range.sheet.state.name.replace(/'/g, "''")}'!${a1}`;
}

function cloneState(s: ChartState): ChartState {
  return { ...s, ranges: [...s.ranges], options: { ...s.options }, position: { ...s.position } };
}

function typeName(v: unknown): string {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'String';
  return v === null ? 'null' : typeof v === 'undefined' ? 'undefined' : 'Object';
}

/** An EmbeddedChart: a snapshot of a chart's state; `inserted` when it is (or was read from) a sheet. */
export function embeddedChart(sheet: ChartSheet, state: ChartState, inserted: boolean) {
  const rt = sheet.rt;
  const call = (m: string) => rt.call(S, `EmbeddedChart.${m}`, LATENCY.trivial);
  const chart = {
    __chart: { state, inserted, sheet },
    getChartId() {
      call('getChartId');
      return inserted ? state.id : null;
    },
    getId() {
      call('getId');
      return inserted ? `u${state.id}` : null;
    },
    getType() {
      call('getType');
      return 'EMBEDDED_CHART';
    },
    getRanges() {
      call('getRanges');
      return state.ranges.map((a1) => sheet.resolveChartRange(a1));
    },
    getOptions() {
      call('getOptions');
      return {
        get: (option: string) => (option in state.options ? state.options[option] : null),
        getOrDefault: (option: string) => (option in state.options ? state.options[option] : null),
      };
    },
    getContainerInfo() {
      call('getContainerInfo');
      return containerInfo(state);
    },
    getNumHeaders() {
      call('getNumHeaders');
      return state.numHeaders ?? -1;
    },
    getTransposeRowsAndColumns() {
      call('getTransposeRowsAndColumns');
      return state.transpose ?? false;
    },
    getMergeStrategy() {
      call('getMergeStrategy');
      return state.mergeStrategy ?? 'MERGE_COLUMNS';
    },
    getHiddenDimensionStrategy() {
      call('getHiddenDimensionStrategy');
      return state.hiddenDimensionStrategy ?? 'IGNORE_ROWS';
    },
    /** A builder for this chart; its changes are saved only by Sheet.updateChart(builder.build()). */
    modify() {
      call('modify');
      return chartBuilder(sheet, cloneState(state), inserted);
    },
  };
  return chart;
}

export type EmuEmbeddedChart = ReturnType<typeof embeddedChart>;

function containerInfo(state: ChartState) {
  return {
    getAnchorRow: () => state.position.row,
    getAnchorColumn: () => state.position.col,
    getOffsetX: () => state.position.offsetX ?? 0,
    getOffsetY: () => state.position.offsetY ?? 0,
  };
}

/**
 * Sheet.newChart() (no state) or EmbeddedChart.modify() (a copy of the chart's state). One object
 * serves as the generic and every typed builder, as the typed builders share the generic methods.
 */
export function chartBuilder(sheet: ChartSheet, initial?: ChartState, inserted = false) {
  const rt = sheet.rt;
  const state: ChartState = initial ?? { id: 0, type: CHART_TYPES.LINE, ranges: [], options: {}, position: { row: 0, col: 0 } };
  const call = (m: string) => rt.call(S, `EmbeddedChartBuilder.${m}`, LATENCY.trivial);
  const setType = (type: string) => {
    state.type = type;
    return b;
  };
  const option = (name: string, value: unknown) => {
    state.options[name] = value;
    return b;
  };
  const b = {
    addRange(range: ChartRange) {
      call('addRange');
      if (!range || typeof range !== 'object' || !('row' in range)) {
        throw rt.error(
          `The parameters (${typeName(range)}) don't match the method signature for SpreadsheetApp.EmbeddedChartBuilder.addRange.`,
        );
      }
      const a1 = storeRange(sheet, range);
      if (!state.ranges.includes(a1)) state.ranges.push(a1);
      return b;
    },
    removeRange(range: ChartRange) {
      call('removeRange');
      const a1 = storeRange(sheet, range);
      state.ranges = state.ranges.filter((r) => r !== a1);
      return b;
    },
    clearRanges() {
      call('clearRanges');
      state.ranges = [];
      return b;
    },
    getRanges() {
      call('getRanges');
      return state.ranges.map((a1) => sheet.resolveChartRange(a1));
    },
    getChartType() {
      call('getChartType');
      return state.type;
    },
    getContainer() {
      call('getContainer');
      return containerInfo(state);
    },
    setChartType(type: string) {
      call('setChartType');
      const t = String(type);
      if (!(t in CHART_TYPES)) {
        throw rt.error(
          `The parameters (${typeName(type)}) don't match the method signature for SpreadsheetApp.EmbeddedChartBuilder.setChartType.`,
        );
      }
      return setType(t);
    },
    asAreaChart: () => (call('asAreaChart'), setType(CHART_TYPES.AREA)),
    asBarChart: () => (call('asBarChart'), setType(CHART_TYPES.BAR)),
    asColumnChart: () => (call('asColumnChart'), setType(CHART_TYPES.COLUMN)),
    asComboChart: () => (call('asComboChart'), setType(CHART_TYPES.COMBO)),
    asHistogramChart: () => (call('asHistogramChart'), setType(CHART_TYPES.HISTOGRAM)),
    asLineChart: () => (call('asLineChart'), setType(CHART_TYPES.LINE)),
    asPieChart: () => (call('asPieChart'), setType(CHART_TYPES.PIE)),
    asScatterChart: () => (call('asScatterChart'), setType(CHART_TYPES.SCATTER)),
    asTableChart: () => (call('asTableChart'), setType(CHART_TYPES.TABLE)),
    setOption(name: string, value: unknown) {
      call('setOption');
      return option(String(name), value);
    },
    setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number) {
      call('setPosition');
      for (const v of [anchorRowPos, anchorColPos, offsetX, offsetY]) {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw rt.error(
            `The parameters (${[anchorRowPos, anchorColPos, offsetX, offsetY].map(typeName).join(',')}) don't match the method signature for SpreadsheetApp.EmbeddedChartBuilder.setPosition.`,
          );
        }
      }
      if (anchorRowPos < 1 || anchorColPos < 1) throw rt.error('The chart position must be inside the sheet (row and column start at 1).');
      state.position = { row: Math.floor(anchorRowPos), col: Math.floor(anchorColPos), offsetX, offsetY };
      return b;
    },
    setNumHeaders(headers: number) {
      call('setNumHeaders');
      state.numHeaders = Number(headers);
      return b;
    },
    setTransposeRowsAndColumns(transpose: boolean) {
      call('setTransposeRowsAndColumns');
      state.transpose = !!transpose;
      return b;
    },
    setMergeStrategy(strategy: string) {
      call('setMergeStrategy');
      state.mergeStrategy = String(strategy);
      return b;
    },
    setHiddenDimensionStrategy(strategy: string) {
      call('setHiddenDimensionStrategy');
      state.hiddenDimensionStrategy = String(strategy);
      return b;
    },
    // The typed builders' conveniences: each sets the Google Charts option of the same meaning.
    setTitle: (title: string) => (call('setTitle'), option('title', String(title))),
    setStacked: () => (call('setStacked'), option('isStacked', true)),
    setColors: (colors: string[]) => (call('setColors'), option('colors', [...colors])),
    setLegendPosition: (position: keyof typeof POSITIONS) => (
      call('setLegendPosition'),
      option('legend.position', POSITIONS[position] ?? position)
    ),
    setXAxisTitle: (title: string) => (call('setXAxisTitle'), option('hAxis.title', String(title))),
    setYAxisTitle: (title: string) => (call('setYAxisTitle'), option('vAxis.title', String(title))),
    setBackgroundColor: (color: string) => (call('setBackgroundColor'), option('backgroundColor', String(color))),
    setRange: (start: number, end: number) => (call('setRange'), option('vAxis.viewWindow', { min: start, max: end })),
    reverseCategories: () => (call('reverseCategories'), option('reverseCategories', true)),
    useLogScale: () => (call('useLogScale'), option('vAxis.logScale', true)),
    setCurveStyle: (style: string) => (call('setCurveStyle'), option('curveType', String(style) === 'SMOOTH' ? 'function' : 'none')),
    setPointStyle: (style: string) => (
      call('setPointStyle'),
      option('pointSize', { NONE: 0, TINY: 2, MEDIUM: 7, LARGE: 14, HUGE: 21 }[style] ?? 0)
    ),
    /** The chart as built; not on the sheet until insertChart (a new chart) or updateChart (a modified one). */
    build() {
      call('build');
      return embeddedChart(sheet, cloneState(state), inserted);
    },
  };
  return b;
}

type BuiltChart = { __chart?: { state: ChartState; inserted: boolean; sheet: ChartSheet } };

function chartArg(rt: Runtime, chart: unknown, method: string): { state: ChartState; inserted: boolean; sheet: ChartSheet } {
  const c = (chart as BuiltChart | null)?.__chart;
  if (!c) throw rt.error(`The parameters (${typeName(chart)}) don't match the method signature for SpreadsheetApp.Sheet.${method}.`);
  return c;
}

/** Sheet.insertChart: a new chart on the sheet, with an id unique across the spreadsheet. */
export function insertChart(sheet: ChartSheet, chart: unknown): void {
  sheet.rt.call(S, 'Sheet.insertChart', LATENCY.structure);
  const c = chartArg(sheet.rt, chart, 'insertChart');
  if (c.state.position.row < 1 || c.state.position.col < 1) {
    throw sheet.rt.error('The chart has no position. Call setPosition(row, column, offsetX, offsetY) before build().');
  }
  const state = cloneState(c.state);
  state.id = sheet.nextChartId();
  sheet.state.charts.push(state);
  // The object the script holds now refers to a chart in the spreadsheet.
  c.state.id = state.id;
  c.inserted = true;
}

export function getCharts(sheet: ChartSheet) {
  sheet.rt.call(S, 'Sheet.getCharts', LATENCY.metadata);
  return sheet.state.charts.map((s) => embeddedChart(sheet, cloneState(s), true));
}

export function removeChart(sheet: ChartSheet, chart: unknown): void {
  sheet.rt.call(S, 'Sheet.removeChart', LATENCY.structure);
  const c = chartArg(sheet.rt, chart, 'removeChart');
  const i = sheet.state.charts.findIndex((s) => c.inserted && s.id === c.state.id);
  if (i < 0) throw sheet.rt.error('The chart is not on this sheet.');
  sheet.state.charts.splice(i, 1);
}

export function updateChart(sheet: ChartSheet, chart: unknown): void {
  sheet.rt.call(S, 'Sheet.updateChart', LATENCY.structure);
  const c = chartArg(sheet.rt, chart, 'updateChart');
  const i = sheet.state.charts.findIndex((s) => c.inserted && s.id === c.state.id);
  if (i < 0) throw sheet.rt.error('The chart is not on this sheet. Use insertChart for a new chart.');
  sheet.state.charts[i] = { ...cloneState(c.state), id: sheet.state.charts[i].id };
}

/** A stored range back as a Range (used by getRanges). */
export function resolveStoredRange(
  a1: string,
  own: string,
  rangeOf: (sheetName: string, row: number, col: number, numRows: number, numCols: number) => ChartRange,
): ChartRange {
  const p = parseA1(a1);
  if (!p || p.lastRow === null || p.lastCol === null) throw new Error(`Emulator: bad stored chart range ${a1}`);
  return rangeOf(p.sheet ?? own, p.row, p.col, p.lastRow - p.row + 1, p.lastCol - p.col + 1);
}
