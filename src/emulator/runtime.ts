/**
 * The emulated Apps Script runtime: a virtual clock, executions with Apps Script's 6-minute
 * limit, per-call latencies, daily quotas and a counter of every service call.
 *
 * Every service method in the emulator starts with `rt.call('SpreadsheetApp', 'Range.getValues', cost)`.
 * That one line counts the call, charges its latency to the virtual clock, enforces the
 * execution deadline and the authorization mode, exactly where the real service would.
 */

export type AuthMode = 'NONE' | 'LIMITED' | 'FULL';
export type ExecutionKind = 'menu' | 'script.run' | 'trigger' | 'simple-trigger' | 'editor';

/** What a call needs: 'none' works in AuthMode.NONE (menus), 'document' needs LIMITED (current doc), 'full' needs FULL. */
export type Access = 'none' | 'document' | 'full';

export const MAX_EXECUTION_MS = 6 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Daily quotas from Google's quota page (per user; reset 24 h after the first use). */
export const QUOTAS = {
  consumer: {
    documentsCreated: 250,
    spreadsheetsCreated: 250,
    calendarEventsCreated: 5000,
    emailRecipients: 100,
    gmailReadWrite: 20000,
    propertiesReadWrite: 50000,
    triggerRuntimeMs: 90 * 60 * 1000,
  },
  workspace: {
    documentsCreated: 1500,
    spreadsheetsCreated: 3200,
    calendarEventsCreated: 10000,
    emailRecipients: 1500,
    gmailReadWrite: 50000,
    propertiesReadWrite: 500000,
    triggerRuntimeMs: 6 * 60 * 60 * 1000,
  },
} as const;

export type QuotaName = keyof (typeof QUOTAS)['consumer'];

/** What Apps Script says once the day's trigger runtime is used up (quotas page, "Error messages"). */
export const TRIGGER_RUNTIME_EXCEEDED = 'Service using too much computer time for one day';

/** The name Apps Script gives each quota in "Service invoked too many times for one day: X." */
const QUOTA_SERVICE_NAME: Record<QuotaName, string> = {
  documentsCreated: 'docs create',
  spreadsheetsCreated: 'spreadsheets create',
  calendarEventsCreated: 'calendar',
  emailRecipients: 'email',
  gmailReadWrite: 'gmail',
  propertiesReadWrite: 'properties',
  triggerRuntimeMs: 'trigger runtime',
};

export interface Execution {
  id: number;
  functionName: string;
  kind: ExecutionKind;
  authMode: AuthMode;
  startedAt: number;
  deadline: number;
  /** Set once the deadline passed: every later call fails, as the real runtime stops the script. */
  killed: boolean;
}

/** Thrown when the 6-minute limit passes. The runtime, not the script, owns this error. */
export class ExecutionTimeout extends Error {
  constructor(readonly functionName: string) {
    super('Exceeded maximum execution time');
    this.name = 'Error';
  }
}

export interface CallRecord {
  service: string;
  method: string;
}

export class Runtime {
  /** Virtual time in ms since the epoch. Starts at a fixed school-day morning unless set. */
  now: number;
  account: keyof typeof QUOTAS = 'consumer';
  /** Scale for per-call latencies; 0 makes calls free (handy in unit tests of logic). */
  latencyScale = 1;
  /** A service that slows down (e.g. { DocumentApp: 50 }): its latencies are multiplied, for tests of the time limit. */
  slowdown: Record<string, number> = {};
  readonly calls = new Map<string, number>();
  readonly callLog: CallRecord[] = [];
  logCalls = false;
  current: Execution | null = null;
  private nextExecutionId = 1;
  private quotaUse = new Map<QuotaName, { since: number; used: number }>();
  /** Makes errors in the script's own realm, so `e instanceof Error` holds inside the bundle. */
  errorCtor: ErrorConstructor = Error;
  /** Listeners for things a person would see (toasts, dialogs), used by the offline run for progress. */
  readonly listeners: ((event: { type: string; [k: string]: unknown }) => void)[] = [];
  /**
   * Called on each service call inside an execution, after its checks and before its latency: how a
   * test makes another execution happen in the middle of this one (LoadedBundle.interleave).
   */
  readonly callHooks: ((service: string, method: string) => void)[] = [];

  constructor(start = Date.UTC(2026, 10, 23, 13, 0, 0)) {
    this.now = start;
  }

  emit(event: { type: string; [k: string]: unknown }): void {
    for (const l of this.listeners) l(event);
  }

  /** An Apps Script "Exception" with the real message. */
  error(message: string, name = 'Exception'): Error {
    const e = new this.errorCtor(message);
    e.name = name;
    return e;
  }

  /** Count a service call, charge its latency, and enforce the deadline and authorization. */
  call(service: string, method: string, latencyMs = 20, access: Access = 'document'): void {
    const key = `${service}.${method}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    if (this.logCalls) this.callLog.push({ service, method });
    const ex = this.current;
    if (ex) {
      if (ex.killed) throw new ExecutionTimeout(ex.functionName);
      if (access !== 'none' && ex.authMode === 'NONE') {
        throw this.error(
          `You do not have permission to call ${service}.${method.replace(/^[A-Z]\w*\./, '')}. This add-on has not been authorized in this document yet.`,
        );
      }
      if (access === 'full' && ex.authMode === 'LIMITED') {
        throw this.error(
          `You do not have permission to call ${service}.${method.replace(/^[A-Z]\w*\./, '')} in this authorization mode (LIMITED).`,
        );
      }
    }
    if (ex && this.callHooks.length) for (const hook of this.callHooks.slice()) hook(service, method);
    this.spend(latencyMs * this.latencyScale * (this.slowdown[service] ?? 1));
  }

  /**
   * Run `work` (other executions) while the current one is suspended, as if they ran at the same
   * moment from another browser tab or a trigger. Locks the suspended execution holds stay held.
   */
  suspend(work: () => void): void {
    const ex = this.current;
    this.current = null;
    try {
      work();
    } finally {
      this.current = ex;
    }
  }

  /** Advance the virtual clock inside an execution (latency, Utilities.sleep, lock waits). */
  spend(ms: number): void {
    this.now += ms;
    const ex = this.current;
    if (ex && this.now > ex.deadline) {
      ex.killed = true;
      throw new ExecutionTimeout(ex.functionName);
    }
  }

  /** Total calls to one service (e.g. 'SpreadsheetApp'), or to all services. */
  count(service?: string): number {
    let n = 0;
    for (const [k, v] of this.calls) if (!service || k.startsWith(service + '.')) n += v;
    return n;
  }

  resetCounts(): void {
    this.calls.clear();
    this.callLog.length = 0;
  }

  begin(functionName: string, kind: ExecutionKind, authMode: AuthMode): Execution {
    if (this.current) throw new Error(`Emulator: ${functionName} started while ${this.current.functionName} is still running`);
    const ex: Execution = {
      id: this.nextExecutionId++,
      functionName,
      kind,
      authMode,
      startedAt: this.now,
      deadline: this.now + MAX_EXECUTION_MS,
      killed: false,
    };
    this.current = ex;
    return ex;
  }

  end(ex: Execution): void {
    if (this.current === ex) this.current = null;
    if (ex.kind === 'trigger') this.useQuota('triggerRuntimeMs', this.now - ex.startedAt, false);
  }

  /**
   * Use some of a daily quota. Over the limit, the real service throws
   * "Service invoked too many times for one day: X." and nothing is created.
   */
  useQuota(name: QuotaName, amount = 1, enforce = true): void {
    const limit = QUOTAS[this.account][name];
    let use = this.quotaUse.get(name);
    if (!use || this.now - use.since >= DAY_MS) {
      use = { since: this.now, used: 0 };
      this.quotaUse.set(name, use);
    }
    if (enforce && use.used + amount > limit) {
      throw this.error(`Service invoked too many times for one day: ${QUOTA_SERVICE_NAME[name]}.`);
    }
    use.used += amount;
  }

  quotaUsed(name: QuotaName): number {
    const use = this.quotaUse.get(name);
    return !use || this.now - use.since >= DAY_MS ? 0 : use.used;
  }

  snapshot(): RuntimeState {
    return { now: this.now, account: this.account, quotaUse: [...this.quotaUse.entries()] };
  }

  restore(state: RuntimeState): void {
    this.now = state.now;
    this.account = state.account;
    this.quotaUse = new Map(state.quotaUse);
  }
}

export interface RuntimeState {
  now: number;
  account: keyof typeof QUOTAS;
  quotaUse: [QuotaName, { since: number; used: number }][];
}

/** Typical latencies of the real services, in ms (measured folklore; see docs/architecture.md). */
export const LATENCY = {
  trivial: 1,
  metadata: 20,
  read: (cells: number) => 60 + cells * 0.004,
  write: (cells: number) => 120 + cells * 0.01,
  format: (cells: number) => 80 + cells * 0.002,
  structure: 150,
  properties: 25,
  lock: 40,
  ui: 300,
} as const;
