/**
 * Loads the built bundle the way Apps Script does: every .js file evaluated in one shared global
 * scope that has the Apps Script services and nothing of Node (no require, module, process,
 * setTimeout). Entry points are called as executions, with the 6-minute limit, released locks
 * at the end, and google.script.run's rules for what may cross between page and server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { AuthMode, ExecutionKind, ExecutionTimeout, QUOTAS, TRIGGER_RUNTIME_EXCEEDED } from './runtime';
import { Workspace } from './workspace';

export const BUILD_DIR = path.resolve(__dirname, '../../build');

export interface RunOptions {
  kind?: ExecutionKind;
  authMode?: AuthMode;
}

export interface FailedExecution {
  functionName: string;
  kind: ExecutionKind;
  message: string;
  at: number;
}

/** Thrown to the caller when a google.script.run call fails, as withFailureHandler would receive it. */
export class ScriptRunError extends Error {
  constructor(
    message: string,
    readonly scriptError: unknown,
  ) {
    super(message);
    this.name = 'ScriptRunError';
  }
}

export class LoadedBundle {
  readonly context: vm.Context;
  readonly manifest: Record<string, unknown>;
  readonly failures: FailedExecution[] = [];

  constructor(
    readonly ws: Workspace,
    buildDir = BUILD_DIR,
  ) {
    const rt = ws.rt;
    class VirtualDate extends Date {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(rt.now);
        else super(...(args as [string]));
      }
      static override now() {
        return rt.now;
      }
    }
    ws.makeDate = (ms) => new VirtualDate(ms);
    this.context = appsScriptGlobal();
    this.context.Date = VirtualDate;
    ws.evaluate = (source) => vm.runInContext(source, this.context);
    rt.errorCtor = vm.runInContext('Error', this.context) as ErrorConstructor;
    this.manifest = JSON.parse(readFileSync(path.join(buildDir, 'appsscript.json'), 'utf8'));
    const scopes = this.manifest.oauthScopes;
    ws.scopes = Array.isArray(scopes) ? scopes.map(String) : null;
    Object.assign(this.context, advancedServices(ws.globals(), this.manifest));

    const files = readdirSync(buildDir);
    for (const f of files.filter((f) => f.endsWith('.html'))) {
      ws.htmlFiles.set(f.replace(/\.html$/, ''), readFileSync(path.join(buildDir, f), 'utf8'));
    }
    for (const f of files.filter((f) => f.endsWith('.js')).sort()) {
      new vm.Script(readFileSync(path.join(buildDir, f), 'utf8'), { filename: f }).runInContext(this.context);
    }
  }

  /** Names of the top-level functions Apps Script would list (and google.script.run could call). */
  globalFunctions(): string[] {
    return Object.keys(this.context).filter((k) => typeof this.context[k] === 'function' && !k.endsWith('_') && /^[a-z]/.test(k));
  }

  /** Run a global function as one execution. Errors propagate; a timeout throws ExecutionTimeout. */
  run<T = unknown>(functionName: string, args: unknown[] = [], options: RunOptions = {}): T {
    const fn = this.context[functionName];
    if (typeof fn !== 'function') throw new Error(`Script function not found: ${functionName}`);
    const rt = this.ws.rt;
    const ex = rt.begin(functionName, options.kind ?? 'menu', options.authMode ?? 'FULL');
    try {
      const result = fn(...args) as T;
      // Past the time limit Apps Script stops the script: a catch block that swallowed the error does not change that.
      if (ex.killed) throw new ExecutionTimeout(functionName);
      return result;
    } finally {
      this.ws.locks.releaseAll(ex.id);
      for (const p of this.ws.plugins) p.endExecution?.(ex.killed);
      rt.end(ex);
    }
  }

  /**
   * Call a server function as the page's google.script.run would: arguments and results must be
   * numbers, booleans, strings, null, or plain objects and arrays of these. A Date or a function
   * fails the call (convert dates to ISO strings on the server); undefined in arrays becomes null.
   */
  scriptRun<T = unknown>(functionName: string, ...args: unknown[]): T {
    if (functionName.endsWith('_')) throw new ScriptRunError(`Script function not found: ${functionName}`, null);
    const sentArgs = args.map((a, i) => transfer(a, `argument ${i + 1}`));
    let result: unknown;
    try {
      result = this.run(functionName, sentArgs as unknown[], { kind: 'script.run' });
    } catch (e) {
      if (e instanceof ExecutionTimeout) throw e;
      const err = e as Error;
      throw new ScriptRunError(`${err?.name === 'Error' || !err?.name ? 'Error' : err.name}: ${err?.message ?? String(e)}`, e);
    }
    return transfer(result, 'the result') as T;
  }

  /**
   * Another execution in the middle of the current one: the first time a service call inside an
   * execution matches `when`, that execution is suspended (keeping its locks), `work` runs (it calls
   * entry points, each its own execution, e.g. a sidebar save from another person's browser), and
   * the first execution carries on. The virtual clock is shared: the time `work` takes passes for
   * the suspended execution too. Returns a function telling whether it has happened.
   */
  interleave(when: (service: string, method: string) => boolean, work: () => void): () => boolean {
    const rt = this.ws.rt;
    let done = false;
    const hook = (service: string, method: string) => {
      if (done || !when(service, method)) return;
      done = true;
      rt.callHooks.splice(rt.callHooks.indexOf(hook), 1);
      rt.suspend(work);
    };
    rt.callHooks.push(hook);
    return () => done;
  }

  /** Fire the user opening the spreadsheet (simple onOpen trigger) in the given mode. */
  open(authMode: AuthMode = 'LIMITED'): void {
    if (typeof this.context.onOpen === 'function') this.run('onOpen', [{ authMode, source: null }], { kind: 'simple-trigger', authMode });
  }

  /**
   * Advance the virtual clock, running time-driven triggers as they come due (as the real scheduler
   * would): every user's, each as the user who made it.
   */
  advance(ms: number): void {
    const rt = this.ws.rt;
    const target = rt.now + ms;
    for (;;) {
      const due = this.ws.triggers
        .filter((t) => t.kind === 'CLOCK' && t.nextAt !== null && t.nextAt <= target)
        .sort((a, b) => (a.nextAt as number) - (b.nextAt as number))[0];
      if (!due) break;
      rt.now = Math.max(rt.now, due.nextAt as number);
      due.nextAt = due.everyMs ? (due.nextAt as number) + due.everyMs : null;
      // It runs as its owner and, for an add-on, in the document it was made in.
      const { activeSpreadsheetId, user } = this.ws;
      if (due.sourceId && this.ws.spreadsheets.has(due.sourceId)) this.ws.activeSpreadsheetId = due.sourceId;
      this.ws.user = due.owner;
      try {
        this.fire(due.handler, { authMode: 'FULL', triggerUid: due.id });
      } finally {
        this.ws.activeSpreadsheetId = activeSpreadsheetId;
        this.ws.user = user;
      }
    }
    rt.now = Math.max(rt.now, target);
  }

  /**
   * Run a trigger handler; like the real scheduler, a failure is recorded, not thrown. Once the
   * day's "triggers total runtime" quota (90 min consumer, 6 h Workspace) is used up, a trigger
   * does not run: it fails with Apps Script's message until the quota resets. (Whether a trigger
   * already running is stopped when the quota runs out mid-run is not documented; it is not.)
   */
  fire(handler: string, event: Record<string, unknown>): void {
    const rt = this.ws.rt;
    if (rt.quotaUsed('triggerRuntimeMs') >= QUOTAS[rt.account].triggerRuntimeMs) {
      this.failures.push({ functionName: handler, kind: 'trigger', message: `Exception: ${TRIGGER_RUNTIME_EXCEEDED}`, at: rt.now });
      return;
    }
    try {
      this.run(handler, [event], { kind: 'trigger', authMode: 'FULL' });
    } catch (e) {
      const err = e as Error;
      this.failures.push({ functionName: handler, kind: 'trigger', message: `${err?.name}: ${err?.message}`, at: this.ws.rt.now });
    }
  }
}

/**
 * The advanced services the emulator offers (global symbol as in Apps Script: service ID and version).
 * Apps Script defines an advanced service's symbol only when the manifest enables it (under the
 * manifest's userSymbol); so does the emulator. A manifest with no enabledAdvancedServices list
 * (small test projects) gets all of them.
 */
const ADVANCED: Record<string, { serviceId: string; version: string }> = {
  Gmail: { serviceId: 'gmail', version: 'v1' },
  Calendar: { serviceId: 'calendar', version: 'v3' },
  Drive: { serviceId: 'drive', version: 'v3' },
};

function advancedServices(globals: Record<string, unknown>, manifest: Record<string, unknown>): Record<string, unknown> {
  const enabled = (manifest.dependencies as { enabledAdvancedServices?: unknown } | undefined)?.enabledAdvancedServices;
  if (!Array.isArray(enabled)) return globals;
  const out = { ...globals };
  for (const symbol of Object.keys(ADVANCED)) delete out[symbol];
  for (const e of enabled as { userSymbol?: string; serviceId?: string; version?: string }[]) {
    const [symbol] = Object.entries(ADVANCED).find(([, a]) => a.serviceId === e.serviceId && a.version === e.version) ?? [];
    if (symbol && symbol in globals && e.userSymbol) out[e.userSymbol] = globals[symbol];
  }
  return out;
}

function transfer(value: unknown, where: string): unknown {
  const walk = (v: unknown, at: string, inArray: boolean): unknown => {
    if (v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
    if (v === undefined) return inArray ? null : undefined;
    if (typeof v === 'function') throw new ScriptRunError(`google.script.run cannot pass a function (${at}).`, null);
    if (Object.prototype.toString.call(v) === '[object Date]') {
      throw new ScriptRunError(`google.script.run cannot pass a Date (${at}); send an ISO string instead.`, null);
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${at}[${i}]`, true));
    if (typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as object)) {
        const w = walk(x, `${at}.${k}`, false);
        if (w !== undefined) out[k] = w;
      }
      return out;
    }
    throw new ScriptRunError(`google.script.run cannot pass a ${typeof v} (${at}).`, null);
  };
  return walk(value, where, false);
}

/**
 * The bundle's global scope: an ordinary global object, as Apps Script's V8 gives a script. Node's
 * default context routes every global lookup (Math, Number, Map, SpreadsheetApp...) through
 * interceptors on a sandbox object, about a hundred times slower than in Apps Script, which made
 * the toolkit's own loops look far slower here than they are there. Node before 20.18 has only
 * that kind of context.
 */
function appsScriptGlobal(): vm.Context {
  const plain = (vm.constants as Record<string, unknown> | undefined)?.DONT_CONTEXTIFY;
  return plain ? (vm.createContext(plain as unknown as vm.Context) as vm.Context) : vm.createContext({});
}

/** A workspace with the built toolkit loaded: the usual starting point of a test. */
export function loadToolkit(ws = new Workspace(), buildDir = BUILD_DIR): LoadedBundle {
  return new LoadedBundle(ws, buildDir);
}
