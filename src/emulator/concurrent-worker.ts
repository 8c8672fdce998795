/**
 * One execution of runConcurrently (see concurrent.ts for the model): the built bundle in its
 * own bare scope, whose SpreadsheetApp is the shared document (synchronous calls to the main
 * thread) and whose document lock is a word in shared memory.
 */
import vm from 'node:vm';
import { MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { LoadedBundle, ScriptRunError } from './bundle';
import { SLOT } from './concurrent';
import { LATENCY } from './runtime';
import { Workspace } from './workspace';

interface Data {
  shared: SharedArrayBuffer;
  clock: SharedArrayBuffer;
  index: number;
  port: MessagePort;
  buildDir: string;
  user: string;
  fn: string;
  args: unknown[];
  constants: Record<string, unknown>;
  now: number;
}

type Encoded = null | boolean | number | string | { $d: number } | { $h: number } | Encoded[] | { [k: string]: Encoded };

const data = workerData as Data;
const words = new Int32Array(data.shared);
const handoff = new Float64Array(data.clock);
const me = data.index + 1;
const answerSlot = SLOT.answers + data.index;

const ws = new Workspace({ user: data.user, start: data.now });
const bundle = new LoadedBundle(ws, data.buildDir);
const rt = ws.rt;
const context = bundle.context as Record<string, unknown>;

/* ------------------------------------------------ the shared document ---------- */

const handleOf = new WeakMap<object, number>();

function encode(v: unknown): Encoded {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Object.prototype.toString.call(v) === '[object Date]') return { $d: (v as Date).getTime() };
  if (typeof v === 'object' || typeof v === 'function') {
    const h = handleOf.get(v as object);
    if (h !== undefined) return { $h: h };
    if (Array.isArray(v)) return v.map(encode);
    const out: Record<string, Encoded> = {};
    for (const [k, x] of Object.entries(v as object)) out[k] = encode(x);
    return out;
  }
  return null;
}

/** Values come back as the script's own arrays, objects and Dates (made in the bundle's realm). */
const RealmArray = vm.runInContext('Array', bundle.context) as ArrayConstructor;
const RealmObject = vm.runInContext('Object', bundle.context) as ObjectConstructor;
const realmArray = (xs: unknown[]) => {
  const a = new RealmArray();
  for (const x of xs) a.push(x);
  return a;
};
const realmObject = () => new RealmObject() as Record<string, unknown>;

function decode(v: Encoded): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return realmArray(v.map(decode));
  if ('$d' in v && typeof v.$d === 'number') return ws.makeDate(v.$d);
  if ('$h' in v && typeof v.$h === 'number') return remote(v.$h);
  const out = realmObject();
  for (const [k, x] of Object.entries(v)) out[k] = decode(x as Encoded);
  return out;
}

/** A synchronous call to the document: post, block until answered, read the answer. */
function call(handle: number, method: string, args: unknown[]): unknown {
  Atomics.store(words, answerSlot, 0);
  data.port.postMessage({ handle, method, args: args.map(encode), now: rt.now });
  Atomics.wait(words, answerSlot, 0);
  // The answer was posted before the flag was raised, but a port's message can become readable
  // here a moment after the flag: wait for it in short sleeps.
  let received = receiveMessageOnPort(data.port);
  while (!received) {
    Atomics.wait(words, answerSlot, 1, 1);
    received = receiveMessageOnPort(data.port);
  }
  const answer = received.message as { value?: Encoded; error?: { name: string; message: string }; now: number };
  rt.now = Math.max(rt.now, answer.now);
  // The document's clock may carry this execution past its 6 minutes.
  rt.spend(0);
  if (answer.error) throw rt.error(answer.error.message, answer.error.name);
  return decode(answer.value ?? null);
}

const proxies = new Map<number, object>();

/** A document object (Spreadsheet, Sheet, Range ...) that stays in the main thread: every method is a call. */
function remote(handle: number): object {
  const known = proxies.get(handle);
  if (known) return known;
  const methods = new Map<string, (...a: unknown[]) => unknown>();
  const proxy = new Proxy(
    {},
    {
      get(_t, prop) {
        if (typeof prop !== 'string' || prop === 'then' || prop === 'toJSON') return undefined;
        let m = methods.get(prop);
        if (!m) {
          m = (...args: unknown[]) => call(handle, prop, args);
          methods.set(prop, m);
        }
        return m;
      },
    },
  );
  handleOf.set(proxy, handle);
  proxies.set(handle, proxy);
  return proxy;
}

const spreadsheetApp = remote(0) as Record<string, unknown>;
const root = new Proxy(spreadsheetApp, {
  get(target, prop) {
    // Enums (ProtectionType ...) are plain data, copied once; everything else is a method call.
    if (typeof prop === 'string' && prop in data.constants) return decode(data.constants[prop] as Encoded);
    return (target as Record<string | symbol, unknown>)[prop];
  },
});
context.SpreadsheetApp = root;

/* ------------------------------------------------ the shared lock ---------- */

let waited = false;
let lockOrder = 0;

function bumpMax(slot: number, value: number): void {
  for (;;) {
    const cur = Atomics.load(words, slot);
    if (value <= cur || Atomics.compareExchange(words, slot, cur, value) === cur) return;
  }
}

function acquired(_slot: number): true {
  lockOrder = Atomics.add(words, SLOT.acquisitions, 1) + 1;
  // Time passes from the last holder to this one.
  rt.now = Math.max(rt.now, handoff[0]);
  return true;
}

function tryAcquire(slot: number, timeoutMs: number): boolean {
  const cur = Atomics.load(words, slot);
  if (cur === me) return true;
  if (Atomics.compareExchange(words, slot, 0, me) === 0) return acquired(slot);
  const started = Date.now();
  const deadline = started + Math.max(0, timeoutMs);
  bumpMax(SLOT.maxWaiting, Atomics.add(words, SLOT.waiting, 1) + 1);
  Atomics.notify(words, SLOT.waiting);
  try {
    for (;;) {
      const holder = Atomics.load(words, slot);
      if (holder === 0 && Atomics.compareExchange(words, slot, 0, me) === 0) {
        waited = true;
        Atomics.add(words, SLOT.contended, 1);
        return acquired(slot);
      }
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(words, slot, holder, left);
    }
  } finally {
    Atomics.sub(words, SLOT.waiting, 1);
    Atomics.notify(words, SLOT.waiting);
    // Waiting takes the execution's time too.
    rt.now += Date.now() - started;
  }
}

function release(slot: number): void {
  if (Atomics.load(words, slot) !== me) return;
  const holdUntil = Atomics.load(words, SLOT.holdUntil);
  if (holdUntil > 0 && Atomics.compareExchange(words, SLOT.firstHoldDone, 0, 1) === 0) {
    // The first holder keeps the lock until the others are queued on it (see concurrent.ts).
    const until = Date.now() + 30000;
    for (;;) {
      const n = Atomics.load(words, SLOT.waiting);
      if (n >= holdUntil || Date.now() > until) break;
      Atomics.wait(words, SLOT.waiting, n, 50);
    }
  }
  handoff[0] = Math.max(handoff[0], rt.now);
  Atomics.store(words, slot, 0);
  Atomics.notify(words, slot);
}

function sharedLock(slot: number) {
  return {
    tryLock(ms: number) {
      rt.call('LockService', 'Lock.tryLock', LATENCY.lock);
      return tryAcquire(slot, Number(ms));
    },
    waitLock(ms: number) {
      rt.call('LockService', 'Lock.waitLock', LATENCY.lock);
      if (!tryAcquire(slot, Number(ms))) throw rt.error('Lock timeout: another process was holding the lock for too long.');
    },
    releaseLock() {
      rt.call('LockService', 'Lock.releaseLock', LATENCY.trivial);
      release(slot);
    },
    hasLock() {
      rt.call('LockService', 'Lock.hasLock', LATENCY.trivial);
      return Atomics.load(words, slot) === me;
    },
  };
}

const localLocks = context.LockService as { getUserLock(): unknown };
context.LockService = {
  getDocumentLock: () => {
    rt.call('LockService', 'getDocumentLock', LATENCY.trivial);
    return sharedLock(SLOT.docLock);
  },
  getScriptLock: () => {
    rt.call('LockService', 'getScriptLock', LATENCY.trivial);
    return sharedLock(SLOT.scriptLock);
  },
  // One user's lock is theirs alone; each execution here has its own user, so it stays local.
  getUserLock: () => localLocks.getUserLock(),
};

/* ------------------------------------------------ run ---------- */

parentPort!.postMessage({ type: 'ready' });
Atomics.wait(words, SLOT.go, 0);

let outcome: { ok: boolean; value?: unknown; error?: string };
try {
  outcome = { ok: true, value: bundle.scriptRun(data.fn, ...data.args) };
} catch (e) {
  outcome = { ok: false, error: e instanceof ScriptRunError ? e.message : String((e as Error)?.message ?? e) };
} finally {
  // Locks still held when an execution ends are released.
  release(SLOT.docLock);
  release(SLOT.scriptLock);
}
parentPort!.postMessage({ type: 'done', ...outcome, lockOrder, waited, logs: ws.logs.map((l) => `${l.level}: ${l.message}`) });
data.port.close();
