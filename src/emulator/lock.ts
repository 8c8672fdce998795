/**
 * LockService, emulated. A lock is held by an execution until it is released or the execution
 * ends. Other executions are represented by holders a test registers (`hold`), optionally until
 * a virtual time: tryLock waits on the virtual clock and succeeds if the holder lets go in time.
 */
import { LATENCY, Runtime } from './runtime';

interface Holder {
  executionId: number | null;
  label: string;
  until: number;
}

export class LockTable {
  private holders = new Map<string, Holder>();

  constructor(private rt: Runtime) {}

  holder(key: string): Holder | undefined {
    const h = this.holders.get(key);
    if (h && h.until <= this.rt.now) {
      this.holders.delete(key);
      return undefined;
    }
    return h;
  }

  /** Another execution holds `key` until virtual time `until` (forever by default). */
  hold(key: string, label = 'another execution', until = Number.POSITIVE_INFINITY): void {
    this.holders.set(key, { executionId: null, label, until });
  }

  /** The other execution registered with `hold` lets go of `key` now. */
  letGo(key: string): void {
    const h = this.holders.get(key);
    if (h && h.executionId === null) this.holders.delete(key);
  }

  acquire(key: string, executionId: number): void {
    this.holders.set(key, { executionId, label: `execution ${executionId}`, until: Number.POSITIVE_INFINITY });
  }

  release(key: string, executionId: number): void {
    const h = this.holders.get(key);
    if (h && h.executionId === executionId) this.holders.delete(key);
  }

  releaseAll(executionId: number): void {
    for (const [k, h] of this.holders) if (h.executionId === executionId) this.holders.delete(k);
  }
}

export function createLockService(rt: Runtime, table: LockTable, documentKey: () => string | null, userKey: () => string) {
  const L = 'LockService';
  const makeLock = (key: string) => {
    let mine = false;
    const attempt = (timeoutMs: number): boolean => {
      const ex = rt.current;
      const id = ex ? ex.id : 0;
      const h = table.holder(key);
      if (!h || h.executionId === id) {
        table.acquire(key, id);
        mine = true;
        return true;
      }
      // Wait on the virtual clock for the holder to let go, up to the timeout.
      const waitUntil = rt.now + Math.max(0, timeoutMs);
      if (h.until <= waitUntil) {
        rt.spend(h.until - rt.now);
        table.acquire(key, id);
        mine = true;
        return true;
      }
      rt.spend(Math.max(0, timeoutMs));
      return false;
    };
    return {
      tryLock(timeoutInMillis: number) {
        rt.call(L, 'Lock.tryLock', LATENCY.lock);
        return attempt(Number(timeoutInMillis));
      },
      waitLock(timeoutInMillis: number) {
        rt.call(L, 'Lock.waitLock', LATENCY.lock);
        if (!attempt(Number(timeoutInMillis))) throw rt.error('Lock timeout: another process was holding the lock for too long.');
      },
      releaseLock() {
        rt.call(L, 'Lock.releaseLock', LATENCY.trivial);
        const ex = rt.current;
        if (mine) table.release(key, ex ? ex.id : 0);
        mine = false;
      },
      hasLock() {
        rt.call(L, 'Lock.hasLock', LATENCY.trivial);
        const h = table.holder(key);
        return mine && !!h && h.executionId === (rt.current ? rt.current.id : 0);
      },
    };
  };
  return {
    getDocumentLock() {
      rt.call(L, 'getDocumentLock', LATENCY.trivial);
      const doc = documentKey();
      return doc ? makeLock(`document:${doc}`) : null;
    },
    getScriptLock() {
      rt.call(L, 'getScriptLock', LATENCY.trivial);
      return makeLock('script');
    },
    getUserLock() {
      rt.call(L, 'getUserLock', LATENCY.trivial);
      return makeLock(`user:${userKey()}`);
    },
  };
}
