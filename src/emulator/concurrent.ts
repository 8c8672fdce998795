/**
 * Truly overlapping executions against one shared spreadsheet, to test what Apps Script's
 * document lock is for.
 *
 * The model. In Apps Script, each execution runs in its own process; every SpreadsheetApp call is
 * a round trip to the one document Google keeps, which applies calls one at a time in the order
 * they arrive; LockService is a lock every execution can wait on (tryLock/waitLock block the
 * script). The emulator reproduces that shape with real parallelism:
 *
 *   - every execution is a worker thread that loads build/ in its own bare scope (its own
 *     LoadedBundle, Session user and virtual clock), exactly like a single-threaded test does;
 *   - the document lives once, in the main thread's Workspace. A worker's SpreadsheetApp is a
 *     proxy: each method call is posted to the main thread and the worker blocks (Atomics.wait)
 *     until the answer comes back (receiveMessageOnPort), so the script sees an ordinary
 *     synchronous API. Objects (Spreadsheet, Sheet, Range, Protection ...) stay in the main
 *     thread and are handed to workers as handles. The main thread applies calls from all
 *     workers in arrival order, so calls from different executions interleave call by call, as
 *     they do on Google's servers: two unlocked "find the last row, write below it" sequences
 *     can pick the same row;
 *   - the document lock is a word in shared memory taken with Atomics.compareExchange;
 *     tryLock(ms) blocks the worker's thread for up to ms of real time (Atomics.wait), and a
 *     lock still held when an execution ends is released, as Apps Script does;
 *   - time: the document's clock (main thread) is the reference. Each call carries the
 *     worker's virtual time to the document and brings the document's back, and the lock hands
 *     the releasing execution's time to the next holder, so "new Date()" taken under the lock
 *     never goes backwards down a log sheet.
 * What is not shared: properties, caches and triggers stay per worker (the sidebar uses none).
 *
 * `holdFirstLockUntilWaiting` makes contention certain rather than likely: the first execution
 * to get a shared lock (document or script) keeps it until that many other executions are
 * blocked waiting for one (or 30 s pass), so a test sees every save really queue on the lock.
 * The lock figures (acquisitions, contended, maxWaiting) count both shared locks.
 */
import { buildSync } from 'esbuild';
import path from 'node:path';
import { MessageChannel, MessagePort, Worker } from 'node:worker_threads';
import { BUILD_DIR } from './bundle';
import { Workspace } from './workspace';

export interface ConcurrentCall {
  /** Who runs it (Session.getActiveUser). */
  user: string;
  fn: string;
  args: unknown[];
}

export interface ConcurrentResult {
  user: string;
  fn: string;
  ok: boolean;
  value?: unknown;
  error?: string;
  /** 1-based order in which this execution got a shared lock (0: never took one). */
  lockOrder: number;
  /** True when the execution had to wait for a shared lock. */
  waited: boolean;
  /** What the execution wrote to its log (console, Logger). */
  logs: string[];
}

export interface ConcurrentRun {
  results: ConcurrentResult[];
  lock: {
    acquisitions: number;
    /** Acquisitions that had to wait for another execution to let go. */
    contended: number;
    /** Most executions blocked on the lock at the same moment. */
    maxWaiting: number;
  };
  /** Spreadsheet calls the shared document served. */
  documentCalls: number;
}

export interface ConcurrentOptions {
  buildDir?: string;
  holdFirstLockUntilWaiting?: number;
}

/** Layout of the shared Int32 words (see the worker for their use). */
export const SLOT = {
  docLock: 0,
  waiting: 1,
  acquisitions: 2,
  contended: 3,
  maxWaiting: 4,
  ready: 5,
  go: 6,
  holdUntil: 7,
  firstHoldDone: 8,
  scriptLock: 9,
  /** Per worker: 1 when its RPC answer is ready. */
  answers: 16,
} as const;

let workerSource: string | null = null;

/** The worker's code, bundled once per process (workers do not go through jest's or tsx's TypeScript loader). */
function workerCode(): string {
  if (workerSource) return workerSource;
  const out = buildSync({
    entryPoints: [path.join(__dirname, 'concurrent-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    external: ['esbuild', 'playwright-core'],
  });
  workerSource = out.outputFiles[0].text;
  return workerSource;
}

type Encoded = null | boolean | number | string | { $d: number } | { $h: number } | Encoded[] | { [k: string]: Encoded };

/** The shared document: answers workers' SpreadsheetApp calls one at a time, in arrival order. */
class DocumentServer {
  private readonly handles = new Map<number, unknown>();
  private readonly ids = new WeakMap<object, number>();
  private nextHandle = 1;
  calls = 0;

  constructor(private readonly ws: Workspace) {
    const g = ws.globals();
    this.handles.set(0, g.SpreadsheetApp);
  }

  /** Data properties of the SpreadsheetApp global (enums such as ProtectionType). */
  rootConstants(): Record<string, Encoded> {
    const root = this.handles.get(0) as Record<string, unknown>;
    const out: Record<string, Encoded> = {};
    for (const [k, v] of Object.entries(root)) if (typeof v !== 'function') out[k] = this.encode(v);
    return out;
  }

  private handleOf(obj: object): number {
    let id = this.ids.get(obj);
    if (id === undefined) {
      id = this.nextHandle++;
      this.ids.set(obj, id);
      this.handles.set(id, obj);
    }
    return id;
  }

  encode(v: unknown): Encoded {
    if (v === null || v === undefined) return null;
    if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
    if (Object.prototype.toString.call(v) === '[object Date]') return { $d: (v as Date).getTime() };
    if (Array.isArray(v)) return v.map((x) => this.encode(x));
    if (typeof v === 'object' || typeof v === 'function') {
      const o = v as Record<string, unknown>;
      const plain = Object.getPrototypeOf(o) === Object.prototype && !Object.values(o).some((x) => typeof x === 'function');
      if (!plain) return { $h: this.handleOf(o) };
      const out: Record<string, Encoded> = {};
      for (const [k, x] of Object.entries(o)) out[k] = this.encode(x);
      return out;
    }
    return null;
  }

  decode(v: Encoded): unknown {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => this.decode(x));
    if ('$d' in v && typeof v.$d === 'number') return this.ws.makeDate(v.$d);
    if ('$h' in v && typeof v.$h === 'number') return this.handles.get(v.$h);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = this.decode(x as Encoded);
    return out;
  }

  /** One call from a worker: run it as that worker's user, at the later of the two clocks. */
  call(req: { handle: number; method: string; args: Encoded[]; user: string; now: number }): {
    value?: Encoded;
    error?: { name: string; message: string };
    now: number;
  } {
    this.calls++;
    const rt = this.ws.rt;
    rt.now = Math.max(rt.now, req.now);
    const target = this.handles.get(req.handle) as Record<string, unknown> | undefined;
    const before = this.ws.user;
    this.ws.user = req.user;
    try {
      const fn = target ? target[req.method] : undefined;
      if (typeof fn !== 'function') throw new Error(`TypeError: ${req.method} is not a function`);
      const value = (fn as (...a: unknown[]) => unknown).apply(
        target,
        req.args.map((a) => this.decode(a)),
      );
      return { value: this.encode(value), now: rt.now };
    } catch (e) {
      const err = e as Error;
      return { error: { name: err?.name ?? 'Error', message: err?.message ?? String(e) }, now: rt.now };
    } finally {
      this.ws.user = before;
    }
  }
}

/**
 * Run the calls at the same time, each in its own worker thread and execution, against the
 * workspace's spreadsheet. Resolves when every execution has finished.
 */
export async function runConcurrently(
  ws: Workspace,
  calls: readonly ConcurrentCall[],
  options: ConcurrentOptions = {},
): Promise<ConcurrentRun> {
  const shared = new SharedArrayBuffer(4 * (SLOT.answers + calls.length));
  const words = new Int32Array(shared);
  // The virtual time handed from one lock holder to the next (written and read only under the lock).
  const clock = new SharedArrayBuffer(8);
  words[SLOT.holdUntil] = options.holdFirstLockUntilWaiting ?? 0;
  const server = new DocumentServer(ws);
  const constants = server.rootConstants();
  const code = workerCode();
  const startNow = ws.rt.now;

  const running = calls.map((call, index) => {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (req) => {
      const answer = server.call({ ...req, user: call.user.toLowerCase() });
      port1.postMessage(answer);
      Atomics.store(words, SLOT.answers + index, 1);
      Atomics.notify(words, SLOT.answers + index);
    });
    const worker = new Worker(code, {
      eval: true,
      workerData: {
        shared,
        clock,
        index,
        port: port2,
        buildDir: options.buildDir ?? BUILD_DIR,
        user: call.user,
        fn: call.fn,
        args: call.args,
        constants,
        now: startNow,
      },
      transferList: [port2 as unknown as MessagePort],
    });
    return new Promise<ConcurrentResult>((resolve, reject) => {
      let result: ConcurrentResult | null = null;
      worker.on('message', (m: { type: string } & Partial<ConcurrentResult>) => {
        if (m.type === 'ready' && Atomics.add(words, SLOT.ready, 1) + 1 === calls.length) {
          // Every execution is loaded: start them all at once.
          Atomics.store(words, SLOT.go, 1);
          Atomics.notify(words, SLOT.go);
        }
        if (m.type === 'done')
          result = {
            user: call.user,
            fn: call.fn,
            ok: !!m.ok,
            value: m.value,
            error: m.error,
            lockOrder: m.lockOrder ?? 0,
            waited: !!m.waited,
            logs: m.logs ?? [],
          };
      });
      worker.on('error', reject);
      worker.on('exit', (exitCode) => {
        port1.close();
        if (result) resolve(result);
        else reject(new Error(`Execution ${index} (${call.fn}) ended without a result (exit code ${exitCode})`));
      });
    });
  });

  const results = await Promise.all(running);
  return {
    results,
    lock: {
      acquisitions: Atomics.load(words, SLOT.acquisitions),
      contended: Atomics.load(words, SLOT.contended),
      maxWaiting: Atomics.load(words, SLOT.maxWaiting),
    },
    documentCalls: server.calls,
  };
}
