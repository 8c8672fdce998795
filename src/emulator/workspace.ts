/**
 * The emulated Google Workspace the built bundle runs in: one user, their spreadsheets,
 * properties, triggers and locks, and the Apps Script globals made from them.
 *
 * Services beyond the spreadsheet (Drive, Docs, Gmail, Calendar ...) are plugins: each adds its
 * globals and its own saved state, so the offline run can save the whole workspace and continue.
 */
import { CellValue } from './cell-input';
import { createCharts } from './charts';
import { Grid } from './grid';
import { createHtmlService } from './html';
import { createLockService, LockTable } from './lock';
import { createProperties, PropertyStore } from './properties';
import { Runtime, RuntimeState } from './runtime';
import { createScriptApp, TriggerState } from './script-app';
import { createSpreadsheetApp, SheetsHost, SheetState, SpreadsheetState } from './spreadsheet';
import { createUi, UiState } from './ui';
import { createBlob, createLogger, createSession, createUtilities, LogEntry } from './utilities';

export interface WorkspacePlugin {
  /** Key under which the plugin's state is saved. */
  name: string;
  /** Globals the plugin adds to the script's scope (e.g. DriveApp). */
  globals(ws: Workspace): Record<string, unknown>;
  snapshot?(): unknown;
  restore?(state: unknown, ws: Workspace): void;
  /** Called when an execution ends (killed: it hit the 6-minute limit), e.g. to save or drop open documents. */
  endExecution?(killed: boolean): void;
}

export interface WorkspaceOptions {
  /** The person using the spreadsheet (Session.getActiveUser). */
  user?: string;
  /** Owner of the spreadsheet; defaults to the user. */
  owner?: string;
  account?: 'consumer' | 'workspace';
  /** Installed as an Editor add-on (its time triggers fire at most hourly). */
  isAddOn?: boolean;
  start?: number;
  plugins?: WorkspacePlugin[];
  spreadsheetName?: string;
}

export class Workspace {
  readonly rt: Runtime;
  user: string;
  readonly spreadsheets = new Map<string, SpreadsheetState>();
  activeSpreadsheetId: string | null = null;
  readonly scriptProperties: PropertyStore = {};
  readonly documentProperties = new Map<string, PropertyStore>();
  readonly userProperties = new Map<string, PropertyStore>();
  readonly triggers: TriggerState[] = [];
  readonly ui = new UiState();
  readonly locks: LockTable;
  readonly logs: LogEntry[] = [];
  readonly plugins: WorkspacePlugin[];
  isAddOn: boolean;
  /** Session.getActiveUser().getEmail() returns "" (Google hides the user's email by policy). */
  emailHidden = false;
  /**
   * A script's (not an add-on's) time-driven triggers are listed by getUserTriggers(spreadsheet).
   * Not documented either way: Google says only "installable triggers owned by this user in the
   * given spreadsheet". Tests set it false to hold the toolkit to the other reading too.
   */
  scriptClocksInUserTriggers = true;
  /** The project's HTML files (from build/), by name without extension. */
  readonly htmlFiles = new Map<string, string>();
  /** Makes a Date in the script's realm; set by the bundle loader. */
  makeDate: (ms: number) => Date = (ms) => new Date(ms);
  /** Evaluates source in the script's realm; set by the bundle loader. */
  evaluate: (source: string) => unknown = () => {
    throw new Error('Emulator: no script is loaded');
  };
  /** The manifest's oauthScopes once a bundle is loaded; null means not declared (every call allowed). */
  scopes: string[] | null = null;
  private nextId = 1;

  constructor(options: WorkspaceOptions = {}) {
    this.rt = new Runtime(options.start);
    this.rt.account = options.account ?? 'consumer';
    this.user = (options.user ?? 'clerk@district.example.org').toLowerCase();
    this.isAddOn = options.isAddOn ?? true;
    this.locks = new LockTable(this.rt);
    this.plugins = options.plugins ?? [];
    const ss = this.createSpreadsheet(options.spreadsheetName ?? 'District attendance', (options.owner ?? this.user).toLowerCase());
    this.activeSpreadsheetId = ss.id;
  }

  newId(prefix = 'id'): string {
    return `${prefix}-${(this.nextId++).toString(36).padStart(6, '0')}`;
  }

  /**
   * A service call needs one of these scopes in the manifest. With explicit oauthScopes, Apps Script
   * refuses a call the scopes do not cover, with this message.
   */
  requireScope(method: string, anyOf: readonly string[]): void {
    if (this.scopes === null) return;
    const full = anyOf.map((s) => (s.startsWith('https://') ? s : `https://www.googleapis.com/auth/${s}`));
    if (!full.some((s) => this.scopes!.includes(s))) {
      throw this.rt.error(`Specified permissions are not sufficient to call ${method}. Required permissions: ${full.join(' || ')}`);
    }
  }

  createSpreadsheet(name: string, owner = this.user): SpreadsheetState {
    const ss = new SpreadsheetState(this.newId('ss'), name, owner);
    ss.sheets.push(new SheetState(ss.nextSheetId++, 'Sheet1'));
    this.spreadsheets.set(ss.id, ss);
    return ss;
  }

  get active(): SpreadsheetState {
    return this.spreadsheets.get(this.activeSpreadsheetId!)!;
  }

  /** The plain state of a sheet, for assertions: values as stored (no service call is counted). */
  sheet(name: string, spreadsheet: SpreadsheetState = this.active): SheetState | undefined {
    return spreadsheet.sheets.find((s) => s.name === name);
  }

  /** A sheet's values as a 2-D array up to its last row and column with content. */
  values(name: string): CellValue[][] {
    const s = this.sheet(name);
    if (!s) throw new Error(`Emulator: no sheet named ${name}`);
    const rows = Math.max(
      s.values.lastRow((v) => v !== ''),
      s.formulas.lastRow(),
    );
    const cols = Math.max(
      s.values.lastCol((v) => v !== ''),
      s.formulas.lastCol(),
    );
    const out: CellValue[][] = [];
    for (let r = 0; r < rows; r++) {
      const line: CellValue[] = [];
      for (let c = 0; c < cols; c++) line.push(s.values.get(r, c) ?? '');
      out.push(line);
    }
    return out;
  }

  /** Select a range as the user would by clicking (1-based). */
  select(sheetName: string, row: number, col = 1, numRows = 1, numCols = 1): void {
    const i = this.active.sheets.findIndex((s) => s.name === sheetName);
    if (i < 0) throw new Error(`Emulator: no sheet named ${sheetName}`);
    this.active.activeSheet = i;
    this.active.selection = { sheet: i, row, col, numRows, numCols };
  }

  globals(): Record<string, unknown> {
    const rt = this.rt;
    const host: SheetsHost = {
      rt,
      makeDate: (ms) => this.makeDate(ms),
      userEmail: () => this.user,
      spreadsheets: this.spreadsheets,
      activeSpreadsheetId: () => this.activeSpreadsheetId,
      createSpreadsheet: (name) => this.createSpreadsheet(name),
    };
    const ui = createUi(rt, this.ui);
    const { Logger, console } = createLogger(rt, this.logs);
    const docProps = () => {
      const id = this.activeSpreadsheetId ?? 'none';
      if (!this.documentProperties.has(id)) this.documentProperties.set(id, {});
      return this.documentProperties.get(id)!;
    };
    const userProps = () => {
      if (!this.userProperties.has(this.user)) this.userProperties.set(this.user, {});
      return this.userProperties.get(this.user)!;
    };
    const base: Record<string, unknown> = {
      SpreadsheetApp: createSpreadsheetApp(host, () => ui),
      Charts: createCharts(),
      HtmlService: createHtmlService({ rt, files: this.htmlFiles, evaluate: (src) => this.evaluate(src) }),
      PropertiesService: {
        getDocumentProperties: () => {
          rt.call('PropertiesService', 'getDocumentProperties', 1);
          return this.activeSpreadsheetId ? createProperties(rt, docProps, 'document') : null;
        },
        getScriptProperties: () => {
          rt.call('PropertiesService', 'getScriptProperties', 1);
          return createProperties(rt, () => this.scriptProperties, 'script');
        },
        getUserProperties: () => {
          rt.call('PropertiesService', 'getUserProperties', 1);
          return createProperties(rt, userProps, 'user');
        },
      },
      LockService: createLockService(
        rt,
        this.locks,
        () => this.activeSpreadsheetId,
        () => this.user,
      ),
      Session: createSession(
        rt,
        () => this.user,
        () => this.active.timeZone,
        () => this.emailHidden,
      ),
      Utilities: createUtilities(rt, createBlob),
      ScriptApp: createScriptApp({
        rt,
        triggers: this.triggers,
        isAddOn: this.isAddOn,
        scriptClocksInUserTriggers: () => this.scriptClocksInUserTriggers,
        userEmail: () => this.user,
        activeSpreadsheetId: () => this.activeSpreadsheetId,
        newId: () => this.newId('trigger'),
      }),
      Logger,
      console,
    };
    for (const p of this.plugins) Object.assign(base, p.globals(this));
    return base;
  }

  snapshot(): WorkspaceSnapshot {
    return {
      runtime: this.rt.snapshot(),
      user: this.user,
      nextId: this.nextId,
      activeSpreadsheetId: this.activeSpreadsheetId,
      spreadsheets: [...this.spreadsheets.values()].map(serializeSpreadsheet),
      scriptProperties: { ...this.scriptProperties },
      documentProperties: Object.fromEntries(this.documentProperties),
      userProperties: Object.fromEntries(this.userProperties),
      triggers: this.triggers.map((t) => ({ ...t, nextAt: t.nextAt, everyMs: t.everyMs })),
      plugins: Object.fromEntries(this.plugins.filter((p) => p.snapshot).map((p) => [p.name, p.snapshot!()])),
    };
  }

  restore(snap: WorkspaceSnapshot): void {
    this.rt.restore(snap.runtime);
    this.user = snap.user;
    this.nextId = snap.nextId;
    this.spreadsheets.clear();
    for (const s of snap.spreadsheets) {
      const ss = deserializeSpreadsheet(s, (ms) => this.makeDate(ms));
      this.spreadsheets.set(ss.id, ss);
    }
    this.activeSpreadsheetId = snap.activeSpreadsheetId;
    Object.assign(this.scriptProperties, snap.scriptProperties);
    for (const [k, v] of Object.entries(snap.documentProperties)) this.documentProperties.set(k, { ...v });
    for (const [k, v] of Object.entries(snap.userProperties)) this.userProperties.set(k, { ...v });
    this.triggers.splice(0, this.triggers.length, ...snap.triggers.map((t) => ({ ...t, nextAt: t.nextAt ?? null })));
    for (const p of this.plugins) if (p.restore && snap.plugins[p.name] !== undefined) p.restore(snap.plugins[p.name], this);
  }
}

export interface WorkspaceSnapshot {
  runtime: RuntimeState;
  user: string;
  nextId: number;
  activeSpreadsheetId: string | null;
  spreadsheets: unknown[];
  scriptProperties: PropertyStore;
  documentProperties: Record<string, PropertyStore>;
  userProperties: Record<string, PropertyStore>;
  triggers: TriggerState[];
  plugins: Record<string, unknown>;
}

type DateJson = { $date: number };
const GRID_KEYS = ['values', 'formulas', 'numberFormats', 'backgrounds', 'fontWeights', 'fontColors', 'notes'] as const;

function serializeSpreadsheet(ss: SpreadsheetState): unknown {
  return {
    ...ss,
    sheets: ss.sheets.map((s) => {
      const out: Record<string, unknown> = { ...s };
      for (const k of GRID_KEYS) {
        const g = s[k] as Grid<unknown>;
        out[k] = g.rows.map((row) =>
          row ? row.map((v) => (v === undefined ? null : v instanceof Date ? { $date: v.getTime() } : v)) : [],
        );
      }
      return out;
    }),
  };
}

function deserializeSpreadsheet(data: unknown, makeDate: (ms: number) => Date): SpreadsheetState {
  const d = data as { id: string; name: string; owner: string; sheets: Record<string, unknown>[] } & Record<string, unknown>;
  const ss = new SpreadsheetState(d.id, d.name, d.owner);
  Object.assign(ss, { ...d, sheets: [] });
  for (const raw of d.sheets) {
    const s = new SheetState(raw.id as number, raw.name as string, raw.maxRows as number, raw.maxCols as number);
    for (const [k, v] of Object.entries(raw)) {
      if ((GRID_KEYS as readonly string[]).includes(k)) continue;
      (s as unknown as Record<string, unknown>)[k] = v;
    }
    for (const k of GRID_KEYS) {
      (s as unknown as Record<string, unknown>)[k] = Grid.from(raw[k] as (unknown | null)[][], (v) =>
        v && typeof v === 'object' && '$date' in (v as object) ? makeDate((v as DateJson).$date) : v,
      );
    }
    ss.sheets.push(s);
  }
  return ss;
}
