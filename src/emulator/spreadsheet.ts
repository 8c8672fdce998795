/**
 * SpreadsheetApp, emulated: Spreadsheet, Sheet, Range, Filter and Protection with the behaviour
 * the toolkit depends on (value types, USER_ENTERED input, dimension checks, sheet bounds, the
 * 10-million-cell limit, protections that bind scripts too) and Apps Script's error messages.
 */
import { columnLetter, parseA1, toA1 } from './a1';
import { CellValue, displayValue, enterValue, isPlainWords } from './cell-input';
import { chartBuilder, getCharts, insertChart, removeChart, resolveStoredRange, updateChart } from './charts';
import { Grid } from './grid';
import { LATENCY, Runtime } from './runtime';

export const MAX_CELLS = 10_000_000;
/** Sheets holds at most 50,000 characters in a cell; a longer string fails the whole write. */
export const MAX_CELL_CHARS = 50_000;
const DEFAULT_ROWS = 1000;
const DEFAULT_COLS = 26;

export interface ProtectionState {
  id: number;
  /** Null for a whole-sheet protection. */
  range: { row: number; col: number; numRows: number; numCols: number } | null;
  description: string;
  warningOnly: boolean;
  editors: string[];
  domainEdit: boolean;
}

/** An embedded chart (see charts.ts). Ranges are A1 on the chart's own sheet, 'Sheet'!A1 on another. */
export interface ChartState {
  id: number;
  /** A Charts.ChartType name: BAR, COLUMN, LINE ... */
  type: string;
  ranges: string[];
  options: Record<string, unknown>;
  /** Anchor cell (1-based; 0 until setPosition) and pixel offsets. */
  position: { row: number; col: number; offsetX?: number; offsetY?: number };
  numHeaders?: number;
  transpose?: boolean;
  mergeStrategy?: string;
  hiddenDimensionStrategy?: string;
}

/** A conditional format rule: when a cell of its ranges meets the condition, the format applies. */
export interface ConditionalRuleState {
  ranges: { row: number; col: number; numRows: number; numCols: number }[];
  /** A custom formula, relative to the top-left cell of the first range (e.g. =$T2="L4"). */
  formula?: string;
  textEqualTo?: string;
  background?: string;
  fontColor?: string;
  bold?: boolean;
}

export class SheetState {
  values = new Grid<CellValue>();
  formulas = new Grid<string>();
  numberFormats = new Grid<string>();
  backgrounds = new Grid<string>();
  fontWeights = new Grid<string>();
  fontColors = new Grid<string>();
  notes = new Grid<string>();
  frozenRows = 0;
  frozenCols = 0;
  filter: { row: number; col: number; numRows: number; numCols: number } | null = null;
  protections: ProtectionState[] = [];
  columnWidths: Record<number, number> = {};
  hidden = false;
  tabColor: string | null = null;
  charts: ChartState[] = [];
  conditionalRules: ConditionalRuleState[] = [];

  constructor(
    public id: number,
    public name: string,
    public maxRows = DEFAULT_ROWS,
    public maxCols = DEFAULT_COLS,
  ) {}
}

export class SpreadsheetState {
  sheets: SheetState[] = [];
  activeSheet = 0;
  /** The user's selection: sheet index and 1-based range. */
  selection: { sheet: number; row: number; col: number; numRows: number; numCols: number } | null = null;
  nextSheetId = 0;
  nextProtectionId = 1;
  /** Chart ids are unique across the spreadsheet. */
  nextChartId = 1;
  timeZone = 'America/New_York';
  toasts: { message: string; title: string; at: number }[] = [];
  /** Who the spreadsheet is shared with to edit (the owner apart), lower case. */
  editors: string[] = [];

  constructor(
    public id: string,
    public name: string,
    public owner: string,
  ) {}

  cellCount(): number {
    return this.sheets.reduce((n, s) => n + s.maxRows * s.maxCols, 0);
  }
}

/** A cell value handed to the script: Dates are made in the script's realm, other values as they are. */
type DateMaker = (ms: number) => Date;

export interface SheetsHost {
  rt: Runtime;
  makeDate: DateMaker;
  /** The person running the script (Session.getActiveUser). */
  userEmail: () => string;
  spreadsheets: Map<string, SpreadsheetState>;
  activeSpreadsheetId: () => string | null;
  createSpreadsheet: (name: string) => SpreadsheetState;
}

const S = 'SpreadsheetApp';

export class EmuSpreadsheet {
  constructor(
    readonly host: SheetsHost,
    readonly state: SpreadsheetState,
  ) {}

  private call(method: string, latency: number = LATENCY.metadata) {
    this.host.rt.call(S, `Spreadsheet.${method}`, latency);
  }

  getId() {
    this.call('getId', LATENCY.trivial);
    return this.state.id;
  }
  getName() {
    this.call('getName', LATENCY.trivial);
    return this.state.name;
  }
  rename(name: string) {
    this.call('rename');
    this.state.name = name;
  }
  getUrl() {
    this.call('getUrl', LATENCY.trivial);
    return `https://docs.google.com/spreadsheets/d/${this.state.id}/edit`;
  }
  getSpreadsheetTimeZone() {
    this.call('getSpreadsheetTimeZone', LATENCY.trivial);
    return this.state.timeZone;
  }
  /** Sheets keeps the cells' instants; what changes is how typed dates are read from now on. */
  setSpreadsheetTimeZone(timezone: string) {
    this.call('setSpreadsheetTimeZone');
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: String(timezone) });
    } catch {
      throw this.host.rt.error(`Invalid argument: timezone`);
    }
    this.state.timeZone = String(timezone);
  }
  getOwner() {
    this.call('getOwner');
    return userObject(this.state.owner);
  }
  /** The people who can edit it, the owner included (as Drive lists a file's editors). */
  getEditors() {
    this.call('getEditors');
    return [this.state.owner, ...this.state.editors.filter((e) => e !== this.state.owner.toLowerCase())].map(userObject);
  }
  addEditor(emailAddress: string) {
    this.call('addEditor');
    const email = String(emailAddress).trim().toLowerCase();
    if (!this.state.editors.includes(email)) this.state.editors.push(email);
    return this;
  }
  getSheets() {
    this.call('getSheets');
    return this.state.sheets.map((s) => new EmuSheet(this, s));
  }
  getNumSheets() {
    this.call('getNumSheets', LATENCY.trivial);
    return this.state.sheets.length;
  }
  getSheetByName(name: string) {
    this.call('getSheetByName');
    const s = this.state.sheets.find((x) => x.name === String(name));
    return s ? new EmuSheet(this, s) : null;
  }
  getSheetById(id: number) {
    this.call('getSheetById');
    const s = this.state.sheets.find((x) => x.id === id);
    return s ? new EmuSheet(this, s) : null;
  }
  insertSheet(nameOrIndex?: string | number, index?: number) {
    this.host.rt.call(S, 'Spreadsheet.insertSheet', LATENCY.structure);
    let name = typeof nameOrIndex === 'string' ? nameOrIndex : undefined;
    const at = typeof nameOrIndex === 'number' ? nameOrIndex : index;
    if (name !== undefined) {
      if (name.length > 100 || name.trim() === '') throw this.host.rt.error(`Invalid sheet name: ${name}`);
      if (this.state.sheets.some((s) => s.name.toLowerCase() === name!.toLowerCase())) {
        throw this.host.rt.error(`A sheet with the name "${name}" already exists. Please enter another name.`);
      }
    } else {
      let n = this.state.sheets.length + 1;
      while (this.state.sheets.some((s) => s.name === `Sheet${n}`)) n++;
      name = `Sheet${n}`;
    }
    if (this.state.cellCount() + DEFAULT_ROWS * DEFAULT_COLS > MAX_CELLS) throw cellLimit(this.host.rt);
    const sheet = new SheetState(this.state.nextSheetId++, name);
    const pos = at === undefined ? this.state.sheets.length : Math.max(0, Math.min(at, this.state.sheets.length));
    this.state.sheets.splice(pos, 0, sheet);
    this.state.activeSheet = pos;
    return new EmuSheet(this, sheet);
  }
  deleteSheet(sheet: EmuSheet) {
    this.call('deleteSheet', LATENCY.structure);
    if (this.state.sheets.length === 1) throw this.host.rt.error("You can't remove all the sheets in a document.");
    const i = this.state.sheets.indexOf(sheet.state);
    if (i < 0) throw this.host.rt.error('Sheet not found');
    this.state.sheets.splice(i, 1);
    this.state.activeSheet = Math.min(this.state.activeSheet, this.state.sheets.length - 1);
  }
  getActiveSheet() {
    this.call('getActiveSheet', LATENCY.trivial);
    return new EmuSheet(this, this.state.sheets[this.state.activeSheet]);
  }
  setActiveSheet(sheet: EmuSheet) {
    this.call('setActiveSheet');
    this.state.activeSheet = Math.max(0, this.state.sheets.indexOf(sheet.state));
    return sheet;
  }
  getActiveRange() {
    this.call('getActiveRange');
    const sel = this.state.selection;
    if (!sel || !this.state.sheets[sel.sheet]) return null;
    return new EmuRange(new EmuSheet(this, this.state.sheets[sel.sheet]), sel.row, sel.col, sel.numRows, sel.numCols);
  }
  getCurrentCell() {
    this.call('getCurrentCell');
    const sel = this.state.selection;
    if (!sel || !this.state.sheets[sel.sheet]) return null;
    return new EmuRange(new EmuSheet(this, this.state.sheets[sel.sheet]), sel.row, sel.col, 1, 1);
  }
  getRange(a1: string) {
    this.call('getRange');
    const parsed = parseA1(a1);
    const sheet = parsed?.sheet ? this.state.sheets.find((s) => s.name === parsed.sheet) : this.state.sheets[this.state.activeSheet];
    if (!parsed || !sheet) throw this.host.rt.error('Range not found');
    return new EmuSheet(this, sheet).rangeFromA1(a1);
  }
  toast(message: string, title = '', timeoutSeconds = 5) {
    this.call('toast', LATENCY.metadata);
    const t = { message: String(message), title: String(title), at: this.host.rt.now };
    this.state.toasts.push(t);
    this.host.rt.emit({ type: 'toast', message: t.message, title: t.title, timeoutSeconds });
  }
}

function cellLimit(rt: Runtime) {
  return rt.error(`This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`);
}

export function userObject(email: string) {
  return {
    getEmail: () => email,
    getUsername: () => email.split('@')[0],
    toString: () => email,
  };
}

export class EmuSheet {
  constructor(
    readonly ss: EmuSpreadsheet,
    readonly state: SheetState,
  ) {}

  get rt() {
    return this.ss.host.rt;
  }

  private call(method: string, latency: number = LATENCY.metadata) {
    this.rt.call(S, `Sheet.${method}`, latency);
  }

  getName() {
    this.call('getName', LATENCY.trivial);
    return this.state.name;
  }
  setName(name: string) {
    this.call('setName');
    if (this.ss.state.sheets.some((s) => s !== this.state && s.name.toLowerCase() === String(name).toLowerCase())) {
      throw this.rt.error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    this.state.name = String(name);
    return this;
  }
  getSheetId() {
    this.call('getSheetId', LATENCY.trivial);
    return this.state.id;
  }
  getIndex() {
    this.call('getIndex', LATENCY.trivial);
    return this.ss.state.sheets.indexOf(this.state) + 1;
  }
  getParent() {
    this.call('getParent', LATENCY.trivial);
    return this.ss;
  }
  activate() {
    this.call('activate');
    this.ss.state.activeSheet = this.ss.state.sheets.indexOf(this.state);
    return this;
  }
  getMaxRows() {
    this.call('getMaxRows', LATENCY.trivial);
    return this.state.maxRows;
  }
  getMaxColumns() {
    this.call('getMaxColumns', LATENCY.trivial);
    return this.state.maxCols;
  }
  getLastRow() {
    this.call('getLastRow');
    return lastContentRow(this.state);
  }
  getLastColumn() {
    this.call('getLastColumn');
    return lastContentCol(this.state);
  }
  getDataRange() {
    this.call('getDataRange');
    return new EmuRange(this, 1, 1, Math.max(1, lastContentRow(this.state)), Math.max(1, lastContentCol(this.state)));
  }
  getRange(rowOrA1: number | string, col?: number, numRows = 1, numCols = 1) {
    this.call('getRange', LATENCY.trivial);
    if (typeof rowOrA1 === 'string') return this.rangeFromA1(rowOrA1);
    if (typeof rowOrA1 !== 'number' || typeof col !== 'number' || !Number.isFinite(rowOrA1) || !Number.isFinite(col)) {
      throw this.rt.error(
        `The parameters (${typeName(rowOrA1)},${typeName(col)}) don't match the method signature for SpreadsheetApp.Sheet.getRange.`,
      );
    }
    if (rowOrA1 < 1) throw this.rt.error('The starting row of the range is too small.');
    if (col < 1) throw this.rt.error('The starting column of the range is too small.');
    if (numRows < 1) throw this.rt.error('The number of rows in the range must be at least 1.');
    if (numCols < 1) throw this.rt.error('The number of columns in the range must be at least 1.');
    if (rowOrA1 + numRows - 1 > this.state.maxRows || col + numCols - 1 > this.state.maxCols) {
      throw this.rt.error('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return new EmuRange(this, Math.floor(rowOrA1), Math.floor(col), Math.floor(numRows), Math.floor(numCols));
  }
  /** Not a service call of its own: used by getRange(a1) on the sheet and the spreadsheet. */
  rangeFromA1(a1: string) {
    const p = parseA1(a1);
    if (!p) throw this.rt.error('Range not found');
    const lastRow = p.lastRow ?? this.state.maxRows;
    const lastCol = p.lastCol ?? this.state.maxCols;
    if (lastRow > this.state.maxRows || lastCol > this.state.maxCols) {
      throw this.rt.error('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return new EmuRange(this, p.row, p.col, lastRow - p.row + 1, lastCol - p.col + 1);
  }
  appendRow(rowContents: unknown[]) {
    this.call('appendRow', LATENCY.write(rowContents.length));
    if (!Array.isArray(rowContents))
      throw this.rt.error("The parameters (String) don't match the method signature for SpreadsheetApp.Sheet.appendRow.");
    checkCellLengths(this, [rowContents]);
    const row = lastContentRow(this.state) + 1;
    if (row > this.state.maxRows) this.grow(row - this.state.maxRows, 0);
    if (rowContents.length > this.state.maxCols) this.grow(0, rowContents.length - this.state.maxCols);
    assertEditable(this, row, 1, 1, rowContents.length);
    writeValues(this, row, 1, [rowContents]);
    return this;
  }
  private grow(rows: number, cols: number) {
    const added = rows * this.state.maxCols + cols * (this.state.maxRows + rows);
    if (this.ss.state.cellCount() + added > MAX_CELLS) throw cellLimit(this.rt);
    this.state.maxRows += rows;
    this.state.maxCols += cols;
  }
  insertRowsAfter(afterPosition: number, howMany: number) {
    this.call('insertRowsAfter', LATENCY.structure);
    this.checkPosition(afterPosition, this.state.maxRows, 'row');
    this.grow(howMany, 0);
    for (const g of grids(this.state)) g.insertRows(afterPosition, howMany);
    return this;
  }
  insertRowsBefore(beforePosition: number, howMany: number) {
    this.call('insertRowsBefore', LATENCY.structure);
    this.checkPosition(beforePosition, this.state.maxRows, 'row');
    this.grow(howMany, 0);
    for (const g of grids(this.state)) g.insertRows(beforePosition - 1, howMany);
    return this;
  }
  insertColumnsAfter(afterPosition: number, howMany: number) {
    this.call('insertColumnsAfter', LATENCY.structure);
    this.checkPosition(afterPosition, this.state.maxCols, 'column');
    this.grow(0, howMany);
    for (const g of grids(this.state)) g.insertCols(afterPosition, howMany);
    return this;
  }
  deleteRows(rowPosition: number, howMany: number) {
    this.call('deleteRows', LATENCY.structure);
    this.checkPosition(rowPosition, this.state.maxRows, 'row');
    if (rowPosition + howMany - 1 > this.state.maxRows) throw this.rt.error('Those rows are out of bounds.');
    if (howMany >= this.state.maxRows) throw this.rt.error("You can't delete all the rows on the sheet.");
    // Sheets keeps at least one row below the frozen ones.
    if (this.state.frozenRows > 0 && this.state.maxRows - howMany <= this.state.frozenRows) {
      throw this.rt.error('Sorry, it is not possible to delete all non-frozen rows.');
    }
    for (const g of grids(this.state)) g.deleteRows(rowPosition - 1, howMany);
    this.state.maxRows -= howMany;
  }
  deleteColumns(columnPosition: number, howMany: number) {
    this.call('deleteColumns', LATENCY.structure);
    this.checkPosition(columnPosition, this.state.maxCols, 'column');
    if (columnPosition + howMany - 1 > this.state.maxCols) throw this.rt.error('Those columns are out of bounds.');
    if (howMany >= this.state.maxCols) throw this.rt.error("You can't delete all the columns on the sheet.");
    for (const g of grids(this.state)) g.deleteCols(columnPosition - 1, howMany);
    this.state.maxCols -= howMany;
  }
  private checkPosition(pos: number, max: number, what: string) {
    if (!Number.isInteger(pos) || pos < 1 || pos > max) throw this.rt.error(`Those ${what}s are out of bounds.`);
  }
  clear() {
    this.call('clear', LATENCY.format(this.state.maxRows * this.state.maxCols));
    assertEditable(this, 1, 1, this.state.maxRows, this.state.maxCols);
    for (const g of grids(this.state)) g.rows = [];
    return this;
  }
  clearContents() {
    this.call('clearContents', LATENCY.format(this.state.maxRows * this.state.maxCols));
    assertEditable(this, 1, 1, this.state.maxRows, this.state.maxCols);
    this.state.values.rows = [];
    this.state.formulas.rows = [];
    return this;
  }
  clearFormats() {
    this.call('clearFormats', LATENCY.format(this.state.maxRows * this.state.maxCols));
    assertEditable(this, 1, 1, this.state.maxRows, this.state.maxCols);
    for (const g of formatGrids(this.state)) g.rows = [];
    return this;
  }
  setFrozenRows(rows: number) {
    this.call('setFrozenRows');
    this.state.frozenRows = rows;
  }
  getFrozenRows() {
    this.call('getFrozenRows', LATENCY.trivial);
    return this.state.frozenRows;
  }
  setFrozenColumns(cols: number) {
    this.call('setFrozenColumns');
    this.state.frozenCols = cols;
  }
  getFrozenColumns() {
    this.call('getFrozenColumns', LATENCY.trivial);
    return this.state.frozenCols;
  }
  getFilter() {
    this.call('getFilter');
    return this.state.filter ? new EmuFilter(this) : null;
  }
  setColumnWidth(col: number, width: number) {
    this.call('setColumnWidth');
    this.state.columnWidths[col] = width;
    return this;
  }
  setColumnWidths(start: number, count: number, width: number) {
    this.call('setColumnWidths');
    for (let c = start; c < start + count; c++) this.state.columnWidths[c] = width;
    return this;
  }
  autoResizeColumns(start: number, count: number) {
    this.call('autoResizeColumns', LATENCY.structure);
    for (let c = start; c < start + count; c++) delete this.state.columnWidths[c];
    return this;
  }
  setTabColor(color: string | null) {
    this.call('setTabColor');
    this.state.tabColor = color;
    return this;
  }
  hideSheet() {
    this.call('hideSheet');
    this.state.hidden = true;
    return this;
  }
  showSheet() {
    this.call('showSheet');
    this.state.hidden = false;
    return this;
  }
  isSheetHidden() {
    this.call('isSheetHidden', LATENCY.trivial);
    return this.state.hidden;
  }
  protect() {
    this.call('protect');
    const existing = this.state.protections.find((p) => p.range === null);
    if (existing) return new EmuProtection(this, existing);
    const p: ProtectionState = {
      id: this.ss.state.nextProtectionId++,
      range: null,
      description: '',
      warningOnly: false,
      // New protections start with the spreadsheet's owner and the person protecting as editors.
      editors: unique([this.ss.state.owner, this.ss.host.userEmail()]),
      domainEdit: false,
    };
    this.state.protections.push(p);
    return new EmuProtection(this, p);
  }
  setConditionalFormatRules(rules: { __state: ConditionalRuleState }[]) {
    this.call('setConditionalFormatRules', LATENCY.metadata);
    if (!Array.isArray(rules))
      throw this.rt.error("The parameters (String) don't match the method signature for SpreadsheetApp.Sheet.setConditionalFormatRules.");
    this.state.conditionalRules = rules.map((r) => ({ ...r.__state, ranges: [...r.__state.ranges] }));
  }
  getConditionalFormatRules() {
    this.call('getConditionalFormatRules', LATENCY.metadata);
    return this.state.conditionalRules.map((r) => conditionalRuleObject(this, r));
  }
  clearConditionalFormatRules() {
    this.call('clearConditionalFormatRules', LATENCY.metadata);
    this.state.conditionalRules = [];
  }
  getProtections(type: string) {
    this.call('getProtections');
    return this.state.protections
      .filter((p) => (String(type) === 'SHEET' ? p.range === null : p.range !== null))
      .map((p) => new EmuProtection(this, p));
  }
  newChart() {
    this.call('newChart', LATENCY.trivial);
    return chartBuilder(this);
  }
  insertChart(chart: unknown) {
    insertChart(this, chart);
  }
  getCharts() {
    return getCharts(this);
  }
  removeChart(chart: unknown) {
    removeChart(this, chart);
  }
  updateChart(chart: unknown) {
    updateChart(this, chart);
  }
  /** Not a service call: a chart's stored range as a Range. */
  resolveChartRange(a1: string) {
    return resolveStoredRange(a1, this.state.name, (name, row, col, numRows, numCols) => {
      const s = this.ss.state.sheets.find((x) => x.name === name);
      if (!s) throw this.rt.error('Range not found');
      return new EmuRange(s === this.state ? this : new EmuSheet(this.ss, s), row, col, numRows, numCols);
    });
  }
  nextChartId() {
    return this.ss.state.nextChartId++;
  }
  copyTo(spreadsheet: EmuSpreadsheet) {
    this.call('copyTo', LATENCY.structure);
    const target = spreadsheet.state;
    let name = `Copy of ${this.state.name}`;
    for (let n = 2; target.sheets.some((s) => s.name === name); n++) name = `Copy of ${this.state.name} ${n}`;
    if (target.cellCount() + this.state.maxRows * this.state.maxCols > MAX_CELLS) throw cellLimit(this.rt);
    const copy = new SheetState(target.nextSheetId++, name, this.state.maxRows, this.state.maxCols);
    const clone = <T>(g: Grid<T>) =>
      Grid.from<T>(g.toJSON() as (T | null)[][], (v) => (v instanceof Date ? (this.ss.host.makeDate(v.getTime()) as unknown as T) : v));
    copy.values = clone(this.state.values);
    copy.formulas = clone(this.state.formulas);
    copy.numberFormats = clone(this.state.numberFormats);
    copy.backgrounds = clone(this.state.backgrounds);
    copy.fontWeights = clone(this.state.fontWeights);
    copy.fontColors = clone(this.state.fontColors);
    copy.notes = clone(this.state.notes);
    copy.frozenRows = this.state.frozenRows;
    copy.frozenCols = this.state.frozenCols;
    copy.columnWidths = { ...this.state.columnWidths };
    // A copied chart is a new chart (its own id); ranges on the sheet itself now refer to the copy.
    copy.charts = this.state.charts.map((c) => ({
      ...c,
      id: target.nextChartId++,
      ranges: [...c.ranges],
      options: { ...c.options },
      position: { ...c.position },
    }));
    copy.conditionalRules = this.state.conditionalRules.map((r) => ({ ...r, ranges: [...r.ranges] }));
    target.sheets.push(copy);
    return new EmuSheet(spreadsheet, copy);
  }
}

function unique(xs: string[]): string[] {
  return [...new Set(xs.filter(Boolean).map((x) => x.toLowerCase()))];
}

function typeName(v: unknown): string {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'String';
  if (Array.isArray(v)) return 'number[]';
  return v === null ? 'null' : typeof v === 'undefined' ? 'undefined' : 'Object';
}

function grids(s: SheetState): Grid<unknown>[] {
  return [s.values, s.formulas, ...formatGrids(s)] as Grid<unknown>[];
}

function formatGrids(s: SheetState): Grid<unknown>[] {
  return [s.numberFormats, s.backgrounds, s.fontWeights, s.fontColors, s.notes] as Grid<unknown>[];
}

const hasContent = (v: CellValue) => v !== '';

export function lastContentRow(s: SheetState): number {
  return Math.max(s.values.lastRow(hasContent), s.formulas.lastRow());
}

export function lastContentCol(s: SheetState): number {
  return Math.max(s.values.lastCol(hasContent), s.formulas.lastCol());
}

/**
 * Scripts run as the user: a protected range blocks them too, unless the protection only warns.
 * Formats are edits like values (number formats, colors, weights, notes, clearing them).
 */
function assertEditable(sheet: EmuSheet, row: number, col: number, numRows: number, numCols: number) {
  const user = sheet.ss.host.userEmail().toLowerCase();
  if (user === sheet.ss.state.owner.toLowerCase()) return;
  for (const p of sheet.state.protections) {
    if (p.warningOnly || p.editors.includes(user)) continue;
    const r = p.range;
    const overlaps =
      !r || (row <= r.row + r.numRows - 1 && r.row <= row + numRows - 1 && col <= r.col + r.numCols - 1 && r.col <= col + numCols - 1);
    if (overlaps) {
      throw sheet.rt.error(
        'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.',
      );
    }
  }
}

/** A string past the cell limit fails the write before any cell changes, as Sheets refuses the whole input. */
function checkCellLengths(sheet: EmuSheet, data: readonly unknown[][]) {
  for (let r = 0; r < data.length; r++) {
    const src = data[r];
    for (let c = 0; c < src.length; c++) {
      const v = src[c];
      if (typeof v === 'string' && v.length > MAX_CELL_CHARS) {
        throw sheet.rt.error(`Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`);
      }
    }
  }
}

function writeValues(sheet: EmuSheet, row: number, col: number, data: readonly unknown[][]) {
  checkCellLengths(sheet, data);
  const s = sheet.state;
  const make = sheet.ss.host.makeDate;
  let lastDateMs = NaN;
  let lastDate: Date | undefined;
  for (let r = 0; r < data.length; r++) {
    const src = data[r];
    const rr = row - 1 + r;
    const frow = s.numberFormats.rows[rr];
    const formulaRow = s.formulas.rows[rr];
    let vrow = s.values.rows[rr];
    // Writing a whole new row (the usual bulk write), or over a row with nothing beyond the written
    // cells (a table rewritten in place): copy it natively, then fix only the cells that Sheets
    // would read differently from what was given.
    const fresh = col === 1 && (!vrow || vrow.length <= src.length);
    if (fresh) vrow = s.values.rows[rr] = src.slice() as CellValue[];
    else if (!vrow) vrow = s.values.rows[rr] = [];
    for (let c = 0; c < src.length; c++) {
      const cc = col - 1 + c;
      const v = src[c];
      if (formulaRow && formulaRow[cc] !== undefined) formulaRow[cc] = undefined;
      if (typeof v === 'number' || typeof v === 'boolean') {
        if (!fresh) vrow[cc] = v;
        continue;
      }
      if (typeof v === 'string') {
        const first = v.charCodeAt(0);
        // Empty text, a leading apostrophe (literal text, the mark not kept) and plain words are
        // stored as given; anything else is read as typing.
        if (v === '') {
          if (!fresh) vrow[cc] = v;
          continue;
        }
        if (first === 39) {
          vrow[cc] = v.slice(1);
          continue;
        }
        const format = frow ? frow[cc] : undefined;
        // Plain text ("@") keeps any text but a formula as given.
        if (format === undefined ? isPlainWords(v) : format === '@' && first !== 61) {
          if (!fresh) vrow[cc] = v;
          continue;
        }
      } else if (v === null || v === undefined) {
        vrow[cc] = '';
        continue;
      } else if (v instanceof Date || Object.prototype.toString.call(v) === '[object Date]') {
        // Stored dates never leave the sheet (getValues hands out copies), so one stored date
        // serves every cell of the write that holds the same instant, as a column of import dates does.
        const ms = (v as Date).getTime();
        if (ms !== lastDateMs || lastDate === undefined) {
          lastDateMs = ms;
          lastDate = make(ms);
        }
        vrow[cc] = lastDate;
        continue;
      }
      const entered = enterValue(v, frow ? frow[cc] : undefined, make, sheet.ss.state.timeZone);
      vrow[cc] = entered.value;
      if (entered.formula !== undefined) s.formulas.set(rr, cc, entered.formula);
    }
  }
}

export class EmuRange {
  constructor(
    readonly sheet: EmuSheet,
    readonly row: number,
    readonly col: number,
    readonly numRows: number,
    readonly numCols: number,
  ) {}

  private get rt() {
    return this.sheet.rt;
  }
  private get s() {
    return this.sheet.state;
  }
  private get cells() {
    return this.numRows * this.numCols;
  }
  private call(method: string, latency: number = LATENCY.metadata) {
    this.rt.call(S, `Range.${method}`, latency);
  }

  getRow() {
    this.call('getRow', LATENCY.trivial);
    return this.row;
  }
  getColumn() {
    this.call('getColumn', LATENCY.trivial);
    return this.col;
  }
  getNumRows() {
    this.call('getNumRows', LATENCY.trivial);
    return this.numRows;
  }
  getNumColumns() {
    this.call('getNumColumns', LATENCY.trivial);
    return this.numCols;
  }
  getLastRow() {
    this.call('getLastRow', LATENCY.trivial);
    return this.row + this.numRows - 1;
  }
  getLastColumn() {
    this.call('getLastColumn', LATENCY.trivial);
    return this.col + this.numCols - 1;
  }
  getA1Notation() {
    this.call('getA1Notation', LATENCY.trivial);
    return toA1(this.row, this.col, this.numRows, this.numCols);
  }
  getSheet() {
    this.call('getSheet', LATENCY.trivial);
    return this.sheet;
  }
  activate() {
    this.call('activate');
    this.sheet.ss.state.activeSheet = this.sheet.ss.state.sheets.indexOf(this.s);
    this.sheet.ss.state.selection = {
      sheet: this.sheet.ss.state.activeSheet,
      row: this.row,
      col: this.col,
      numRows: this.numRows,
      numCols: this.numCols,
    };
    return this;
  }
  offset(rowOffset: number, columnOffset: number, numRows = this.numRows, numColumns = this.numCols) {
    this.call('offset', LATENCY.trivial);
    return this.sheet.getRange(this.row + rowOffset, this.col + columnOffset, numRows, numColumns);
  }

  private map<T, U>(grid: Grid<T>, f: (v: T | undefined, r: number, c: number) => U): U[][] {
    const out: U[][] = new Array(this.numRows);
    for (let r = 0; r < this.numRows; r++) {
      const src = grid.rows[this.row - 1 + r];
      const line: U[] = new Array(this.numCols);
      for (let c = 0; c < this.numCols; c++) line[c] = f(src ? src[this.col - 1 + c] : undefined, r, c);
      out[r] = line;
    }
    return out;
  }

  getValues(): CellValue[][] {
    this.call('getValues', LATENCY.read(this.cells));
    const make = this.sheet.ss.host.makeDate;
    return this.map(this.s.values, (v) => (v === undefined ? '' : v instanceof Date ? make(v.getTime()) : v));
  }
  getValue(): CellValue {
    this.call('getValue', LATENCY.read(1));
    const v = this.s.values.get(this.row - 1, this.col - 1);
    return v === undefined ? '' : v instanceof Date ? this.sheet.ss.host.makeDate(v.getTime()) : v;
  }
  getDisplayValues(): string[][] {
    this.call('getDisplayValues', LATENCY.read(this.cells));
    const tz = this.sheet.ss.state.timeZone;
    return this.map(this.s.values, (v, r, c) =>
      v === undefined ? '' : displayValue(v, this.s.numberFormats.get(this.row - 1 + r, this.col - 1 + c), tz),
    );
  }
  getDisplayValue(): string {
    return this.getDisplayValues()[0][0];
  }
  getFormulas(): string[][] {
    this.call('getFormulas', LATENCY.read(this.cells));
    return this.map(this.s.formulas, (v) => v ?? '');
  }
  getFormula(): string {
    this.call('getFormula', LATENCY.read(1));
    return this.s.formulas.get(this.row - 1, this.col - 1) ?? '';
  }

  private checkDimensions(values: unknown, method: string): unknown[][] {
    // Indexed loops: the script's arrays come from another realm (the bundle's), where for...of
    // would allocate an iterator result per row of a 17,000-row write.
    const notRows = () => {
      for (let i = 0; i < (values as unknown[]).length; i++) if (!Array.isArray((values as unknown[])[i])) return true;
      return false;
    };
    if (!Array.isArray(values) || notRows()) {
      throw this.rt.error(`The parameters (${typeName(values)}) don't match the method signature for SpreadsheetApp.Range.${method}.`);
    }
    const rows = values as unknown[][];
    if (rows.length !== this.numRows) {
      throw this.rt.error(
        `The number of rows in the data does not match the number of rows in the range. The data has ${rows.length} but the range has ${this.numRows}.`,
      );
    }
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r.length !== this.numCols) {
        throw this.rt.error(
          `The number of columns in the data does not match the number of columns in the range. The data has ${r.length} but the range has ${this.numCols}.`,
        );
      }
    }
    return rows;
  }

  setValues(values: unknown[][]) {
    this.call('setValues', LATENCY.write(this.cells));
    const rows = this.checkDimensions(values, 'setValues');
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    writeValues(this.sheet, this.row, this.col, rows);
    return this;
  }
  setValue(value: unknown) {
    this.call('setValue', LATENCY.write(this.cells));
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    writeValues(
      this.sheet,
      this.row,
      this.col,
      Array.from({ length: this.numRows }, () => new Array(this.numCols).fill(value)),
    );
    return this;
  }
  setFormula(formula: string) {
    this.call('setFormula', LATENCY.write(this.cells));
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    const f = String(formula).startsWith('=') ? String(formula) : '=' + String(formula);
    writeValues(
      this.sheet,
      this.row,
      this.col,
      Array.from({ length: this.numRows }, () => new Array(this.numCols).fill(f)),
    );
    return this;
  }
  setFormulas(formulas: string[][]) {
    this.call('setFormulas', LATENCY.write(this.cells));
    const rows = this.checkDimensions(formulas, 'setFormulas');
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    writeValues(
      this.sheet,
      this.row,
      this.col,
      rows.map((r) => r.map((f) => (f === '' ? '' : String(f).startsWith('=') ? f : '=' + String(f)))),
    );
    return this;
  }
  clear() {
    this.call('clear', LATENCY.format(this.cells));
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    for (const g of grids(this.s)) g.clear(this.row - 1, this.col - 1, this.numRows, this.numCols);
    return this;
  }
  clearContent() {
    this.call('clearContent', LATENCY.format(this.cells));
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    this.s.values.clear(this.row - 1, this.col - 1, this.numRows, this.numCols);
    this.s.formulas.clear(this.row - 1, this.col - 1, this.numRows, this.numCols);
    return this;
  }
  clearFormat() {
    this.call('clearFormat', LATENCY.format(this.cells));
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    for (const g of formatGrids(this.s)) g.clear(this.row - 1, this.col - 1, this.numRows, this.numCols);
    return this;
  }

  private setAll(grid: Grid<string>, value: string | null) {
    const v = value === null ? undefined : value;
    grid.fillWith(this.row - 1, this.col - 1, this.numRows, this.numCols, v, this.s.maxCols);
  }
  private setEach(grid: Grid<string>, values: unknown[][], method: string) {
    const rows = this.checkDimensions(values, method);
    grid.fill(
      this.row - 1,
      this.col - 1,
      this.numRows,
      this.numCols,
      (r, c) => {
        const v = rows[r][c];
        return v === null || v === undefined || v === '' ? undefined : String(v);
      },
      this.s.maxCols,
    );
  }

  setNumberFormat(format: string) {
    this.call('setNumberFormat', LATENCY.format(this.cells));
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    this.setAll(this.s.numberFormats, String(format));
    return this;
  }
  setNumberFormats(formats: string[][]) {
    this.call('setNumberFormats', LATENCY.format(this.cells));
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    this.setEach(this.s.numberFormats, formats, 'setNumberFormats');
    return this;
  }
  getNumberFormats(): string[][] {
    this.call('getNumberFormats', LATENCY.read(this.cells));
    return this.map(this.s.numberFormats, (v) => v ?? '0.###############');
  }
  getNumberFormat(): string {
    return this.getNumberFormats()[0][0];
  }
  setBackground(color: string | null) {
    this.call('setBackground', LATENCY.format(this.cells));
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    this.setAll(this.s.backgrounds, color);
    return this;
  }
  setBackgrounds(colors: (string | null)[][]) {
    this.call('setBackgrounds', LATENCY.format(this.cells));
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    this.setEach(this.s.backgrounds, colors, 'setBackgrounds');
    return this;
  }
  getBackgrounds(): string[][] {
    this.call('getBackgrounds', LATENCY.read(this.cells));
    return this.map(this.s.backgrounds, (v) => v ?? '#ffffff');
  }
  getBackground(): string {
    return this.getBackgrounds()[0][0];
  }
  setFontWeight(weight: string | null) {
    this.call('setFontWeight', LATENCY.format(this.cells));
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    this.setAll(this.s.fontWeights, weight);
    return this;
  }
  setFontWeights(weights: (string | null)[][]) {
    this.call('setFontWeights', LATENCY.format(this.cells));
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    this.setEach(this.s.fontWeights, weights, 'setFontWeights');
    return this;
  }
  getFontWeights(): string[][] {
    this.call('getFontWeights', LATENCY.read(this.cells));
    return this.map(this.s.fontWeights, (v) => v ?? 'normal');
  }
  setFontColor(color: string | null) {
    this.call('setFontColor', LATENCY.format(this.cells));
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    this.setAll(this.s.fontColors, color);
    return this;
  }
  setNote(note: string | null) {
    this.call('setNote', LATENCY.format(this.cells));
    assertEditable(this.sheet, this.row, this.col, this.numRows, this.numCols);
    this.setAll(this.s.notes, note === null || note === '' ? null : String(note));
    return this;
  }
  getNote(): string {
    this.call('getNote', LATENCY.read(1));
    return this.s.notes.get(this.row - 1, this.col - 1) ?? '';
  }
  getNotes(): string[][] {
    this.call('getNotes', LATENCY.read(this.cells));
    return Array.from({ length: this.numRows }, (_, r) =>
      Array.from({ length: this.numCols }, (_, c) => this.s.notes.get(this.row - 1 + r, this.col - 1 + c) ?? ''),
    );
  }
  setWrap(_wrap: boolean) {
    this.call('setWrap', LATENCY.format(this.cells));
    return this;
  }
  setHorizontalAlignment(_alignment: string | null) {
    this.call('setHorizontalAlignment', LATENCY.format(this.cells));
    return this;
  }
  setVerticalAlignment(_alignment: string | null) {
    this.call('setVerticalAlignment', LATENCY.format(this.cells));
    return this;
  }
  createFilter() {
    this.call('createFilter', LATENCY.structure);
    if (this.s.filter) throw this.rt.error("You can't create a filter in a sheet that already has a filter.");
    this.s.filter = { row: this.row, col: this.col, numRows: this.numRows, numCols: this.numCols };
    return new EmuFilter(this.sheet);
  }
  getFilter() {
    this.call('getFilter');
    return this.s.filter ? new EmuFilter(this.sheet) : null;
  }
  protect() {
    this.call('protect');
    const p: ProtectionState = {
      id: this.sheet.ss.state.nextProtectionId++,
      range: { row: this.row, col: this.col, numRows: this.numRows, numCols: this.numCols },
      description: '',
      warningOnly: false,
      editors: unique([this.sheet.ss.state.owner, this.sheet.ss.host.userEmail()]),
      domainEdit: false,
    };
    this.s.protections.push(p);
    return new EmuProtection(this.sheet, p);
  }
}

export class EmuFilter {
  constructor(readonly sheet: EmuSheet) {}
  getRange() {
    this.sheet.rt.call(S, 'Filter.getRange', LATENCY.trivial);
    const f = this.sheet.state.filter!;
    return new EmuRange(this.sheet, f.row, f.col, f.numRows, f.numCols);
  }
  remove() {
    this.sheet.rt.call(S, 'Filter.remove', LATENCY.metadata);
    this.sheet.state.filter = null;
  }
}

export class EmuProtection {
  constructor(
    readonly sheet: EmuSheet,
    readonly state: ProtectionState,
  ) {}
  private call(method: string) {
    this.sheet.rt.call(S, `Protection.${method}`, LATENCY.metadata);
  }
  private mustOwnOrEdit() {
    const user = this.sheet.ss.host.userEmail().toLowerCase();
    if (user !== this.sheet.ss.state.owner.toLowerCase() && !this.state.editors.includes(user)) {
      throw this.sheet.rt.error('You do not have permission to modify this protection.');
    }
  }
  setDescription(d: string) {
    this.call('setDescription');
    this.mustOwnOrEdit();
    this.state.description = String(d);
    return this;
  }
  getDescription() {
    this.call('getDescription');
    return this.state.description;
  }
  setWarningOnly(w: boolean) {
    this.call('setWarningOnly');
    this.mustOwnOrEdit();
    this.state.warningOnly = !!w;
    return this;
  }
  isWarningOnly() {
    this.call('isWarningOnly');
    return this.state.warningOnly;
  }
  addEditor(emailOrUser: string | { getEmail(): string }) {
    this.call('addEditor');
    this.mustOwnOrEdit();
    const email = typeof emailOrUser === 'string' ? emailOrUser : emailOrUser.getEmail();
    this.state.editors = unique([...this.state.editors, email]);
    return this;
  }
  addEditors(emails: string[]) {
    this.call('addEditors');
    this.mustOwnOrEdit();
    this.state.editors = unique([...this.state.editors, ...emails]);
    return this;
  }
  removeEditors(emails: (string | { getEmail(): string })[]) {
    this.call('removeEditors');
    this.mustOwnOrEdit();
    const gone = new Set(emails.map((e) => (typeof e === 'string' ? e : e.getEmail()).toLowerCase()));
    // The owner can never be removed.
    this.state.editors = this.state.editors.filter((e) => !gone.has(e) || e === this.sheet.ss.state.owner.toLowerCase());
    return this;
  }
  getEditors() {
    this.call('getEditors');
    return this.state.editors.map(userObject);
  }
  canEdit() {
    this.call('canEdit');
    const user = this.sheet.ss.host.userEmail().toLowerCase();
    return user === this.sheet.ss.state.owner.toLowerCase() || this.state.editors.includes(user);
  }
  setDomainEdit(editable: boolean) {
    this.call('setDomainEdit');
    this.state.domainEdit = !!editable;
    return this;
  }
  canDomainEdit() {
    this.call('canDomainEdit');
    return this.state.domainEdit;
  }
  remove() {
    this.call('remove');
    this.mustOwnOrEdit();
    this.sheet.state.protections = this.sheet.state.protections.filter((p) => p !== this.state);
  }
  getProtectionType() {
    this.call('getProtectionType');
    return this.state.range ? 'RANGE' : 'SHEET';
  }
}

function conditionalRuleObject(sheet: EmuSheet | null, state: ConditionalRuleState) {
  return {
    __state: state,
    getRanges: () => (sheet ? state.ranges.map((r) => new EmuRange(sheet, r.row, r.col, r.numRows, r.numCols)) : []),
    getBooleanCondition: () => ({
      getCriteriaType: () => (state.formula ? 'CUSTOM_FORMULA' : 'TEXT_EQUAL_TO'),
      getCriteriaValues: () => [state.formula ?? state.textEqualTo],
      getBackground: () => state.background ?? null,
      getFontColor: () => state.fontColor ?? null,
      getBold: () => state.bold ?? null,
    }),
    copy: () => conditionalRuleBuilder({ ...state, ranges: [...state.ranges] }),
  };
}

function conditionalRuleBuilder(initial?: ConditionalRuleState) {
  const state: ConditionalRuleState = initial ?? { ranges: [] };
  const b = {
    whenFormulaSatisfied(formula: string) {
      state.formula = String(formula);
      delete state.textEqualTo;
      return b;
    },
    whenTextEqualTo(text: string) {
      state.textEqualTo = String(text);
      delete state.formula;
      return b;
    },
    setBackground(color: string | null) {
      state.background = color ?? undefined;
      return b;
    },
    setFontColor(color: string | null) {
      state.fontColor = color ?? undefined;
      return b;
    },
    setBold(bold: boolean | null) {
      state.bold = bold ?? undefined;
      return b;
    },
    setRanges(ranges: EmuRange[]) {
      state.ranges = ranges.map((r) => ({ row: r.row, col: r.col, numRows: r.numRows, numCols: r.numCols }));
      return b;
    },
    build() {
      if (!state.formula && state.textEqualTo === undefined) throw new Error('Exception: A conditional format rule needs a condition.');
      return conditionalRuleObject(null, { ...state, ranges: [...state.ranges] });
    },
  };
  return b;
}

/** The SpreadsheetApp global. */
export function createSpreadsheetApp(host: SheetsHost, ui: () => unknown) {
  const rt = host.rt;
  const active = () => {
    const id = host.activeSpreadsheetId();
    return id ? new EmuSpreadsheet(host, host.spreadsheets.get(id)!) : null;
  };
  return {
    getActive: () => {
      rt.call(S, 'getActive', LATENCY.trivial);
      return active();
    },
    getActiveSpreadsheet: () => {
      rt.call(S, 'getActiveSpreadsheet', LATENCY.trivial);
      return active();
    },
    getActiveSheet: () => {
      rt.call(S, 'getActiveSheet', LATENCY.trivial);
      return active()?.getActiveSheet() ?? null;
    },
    getActiveRange: () => {
      rt.call(S, 'getActiveRange', LATENCY.trivial);
      return active()?.getActiveRange() ?? null;
    },
    getCurrentCell: () => {
      rt.call(S, 'getCurrentCell', LATENCY.trivial);
      return active()?.getCurrentCell() ?? null;
    },
    getUi: () => {
      rt.call(S, 'getUi', LATENCY.trivial, 'none');
      return ui();
    },
    flush: () => rt.call(S, 'flush', LATENCY.metadata),
    openById: (id: string) => {
      rt.call(S, 'openById', 400, 'full');
      const ss = host.spreadsheets.get(String(id));
      if (!ss) throw rt.error('Unexpected error while getting the method or property openById on object SpreadsheetApp.');
      return new EmuSpreadsheet(host, ss);
    },
    openByUrl: (url: string) => {
      rt.call(S, 'openByUrl', 400, 'full');
      const m = /\/d\/([^/]+)/.exec(String(url));
      const ss = m ? host.spreadsheets.get(m[1]) : undefined;
      if (!ss) throw rt.error('Unexpected error while getting the method or property openByUrl on object SpreadsheetApp.');
      return new EmuSpreadsheet(host, ss);
    },
    create: (name: string) => {
      rt.call(S, 'create', 1500, 'full');
      rt.useQuota('spreadsheetsCreated');
      return new EmuSpreadsheet(host, host.createSpreadsheet(String(name)));
    },
    newConditionalFormatRule: () => {
      rt.call(S, 'newConditionalFormatRule', LATENCY.trivial);
      return conditionalRuleBuilder();
    },
    ProtectionType: { RANGE: 'RANGE', SHEET: 'SHEET' },
    BorderStyle: { SOLID: 'SOLID', DOTTED: 'DOTTED', DASHED: 'DASHED' },
  };
}

export { columnLetter };
