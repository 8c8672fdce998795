/** Wait until a value meets a condition (for things that arrive asynchronously, like a browser's requests). Fails after `timeoutMs`. */
export async function eventually<T>(get: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 15000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (ok(value)) return value;
    if (Date.now() > until) throw new Error(`Still not there after ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
