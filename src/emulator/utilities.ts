/** Session, Utilities, Logger and console, emulated. */
import { createHash, randomUUID } from 'node:crypto';
import { LATENCY, Runtime } from './runtime';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Java SimpleDateFormat, as Utilities.formatDate reads it, for the common letters. */
export function formatDate(date: Date, timeZone: string, pattern: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'long',
    hour12: false,
    timeZoneName: 'short',
  }).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const y = Number(get('year'));
  const mo = Number(get('month'));
  const d = Number(get('day'));
  const h = Number(get('hour')) % 24;
  const mi = Number(get('minute'));
  const s = Number(get('second'));
  const wd = DAYS.indexOf(get('weekday'));
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i];
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      out += end === i + 1 ? "'" : pattern.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n++;
    i += n;
    switch (ch) {
      case 'y':
        out += n === 2 ? pad(y % 100, 2) : pad(y, n);
        break;
      case 'M':
        out += n >= 4 ? MONTHS[mo - 1] : n === 3 ? MONTHS[mo - 1].slice(0, 3) : pad(mo, n);
        break;
      case 'd':
        out += pad(d, n);
        break;
      case 'E':
        out += n >= 4 ? DAYS[wd] : DAYS[wd].slice(0, 3);
        break;
      case 'H':
        out += pad(h, n);
        break;
      case 'h':
        out += pad(h % 12 === 0 ? 12 : h % 12, n);
        break;
      case 'm':
        out += pad(mi, n);
        break;
      case 's':
        out += pad(s, n);
        break;
      case 'S':
        out += pad(date.getUTCMilliseconds(), n);
        break;
      case 'a':
        out += h < 12 ? 'AM' : 'PM';
        break;
      case 'z':
        out += get('timeZoneName');
        break;
      case 'X':
      case 'Z': {
        const local = Date.UTC(y, mo - 1, d, h, mi, s);
        const offset = Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60000);
        const sign = offset < 0 ? '-' : '+';
        const abs = Math.abs(offset);
        out += ch === 'X' && offset === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60), 2)}${ch === 'X' ? ':' : ''}${pad(abs % 60, 2)}`;
        break;
      }
      default:
        out += ch.repeat(n);
    }
  }
  return out;
}

export interface LogEntry {
  level: 'log' | 'info' | 'warn' | 'error';
  message: string;
  at: number;
}

/**
 * Session. `emailHidden` models Google's rule that getEmail() returns "" when security policy
 * hides the user's identity (e.g. a personal account in someone else's spreadsheet).
 */
export function createSession(rt: Runtime, user: () => string, timeZone: () => string, emailHidden: () => boolean = () => false) {
  const Se = 'Session';
  const userObj = (email: string) => {
    const shown = emailHidden() ? '' : email;
    return { getEmail: () => shown, getUsername: () => shown.split('@')[0], toString: () => shown };
  };
  return {
    getActiveUser() {
      rt.call(Se, 'getActiveUser', LATENCY.trivial, 'document');
      return userObj(user());
    },
    getEffectiveUser() {
      rt.call(Se, 'getEffectiveUser', LATENCY.trivial, 'document');
      return userObj(user());
    },
    getScriptTimeZone() {
      rt.call(Se, 'getScriptTimeZone', LATENCY.trivial, 'none');
      return timeZone();
    },
    getActiveUserLocale() {
      rt.call(Se, 'getActiveUserLocale', LATENCY.trivial, 'none');
      return 'en';
    },
    getTemporaryActiveUserKey() {
      rt.call(Se, 'getTemporaryActiveUserKey', LATENCY.trivial, 'none');
      return createHash('sha256').update(user()).digest('hex').slice(0, 24);
    },
  };
}

export function createUtilities(rt: Runtime, makeBlob: (data: string | number[], contentType?: string, name?: string) => unknown) {
  const U = 'Utilities';
  return {
    Charset: { UTF_8: 'UTF-8', US_ASCII: 'US-ASCII' },
    DigestAlgorithm: { MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_512: 'sha512' },
    formatDate(date: Date, timeZone: string, format: string) {
      rt.call(U, 'formatDate', LATENCY.trivial, 'none');
      if (!date || isNaN(new Date(date).getTime())) throw rt.error('Invalid argument: date');
      return formatDate(new Date(date), String(timeZone), String(format));
    },
    getUuid() {
      rt.call(U, 'getUuid', LATENCY.trivial, 'none');
      return randomUUID();
    },
    sleep(ms: number) {
      rt.call(U, 'sleep', LATENCY.trivial, 'none');
      if (ms > 5 * 60 * 1000) throw rt.error('Invalid argument: milliseconds');
      rt.spend(ms);
    },
    newBlob(data: string | number[], contentType?: string, name?: string) {
      rt.call(U, 'newBlob', LATENCY.trivial, 'none');
      return makeBlob(data, contentType, name);
    },
    base64Encode(data: string | number[]) {
      rt.call(U, 'base64Encode', LATENCY.trivial, 'none');
      return (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.map((b) => b & 0xff))).toString('base64');
    },
    base64EncodeWebSafe(data: string | number[]) {
      rt.call(U, 'base64EncodeWebSafe', LATENCY.trivial, 'none');
      return (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.map((b) => b & 0xff))).toString('base64url') + '';
    },
    base64Decode(encoded: string) {
      rt.call(U, 'base64Decode', LATENCY.trivial, 'none');
      return [...Buffer.from(String(encoded), 'base64')].map((b) => (b > 127 ? b - 256 : b));
    },
    computeDigest(algorithm: string, value: string) {
      rt.call(U, 'computeDigest', LATENCY.trivial, 'none');
      return [...createHash(String(algorithm)).update(String(value), 'utf8').digest()].map((b) => (b > 127 ? b - 256 : b));
    },
  };
}

export function createBlob(data: string | number[], contentType = 'text/plain', name = '') {
  let bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.map((b) => b & 0xff));
  let type = contentType;
  let fileName = name;
  const blob = {
    getDataAsString: () => bytes.toString('utf8'),
    getBytes: () => [...bytes].map((b) => (b > 127 ? b - 256 : b)),
    setBytes: (b: number[]) => {
      bytes = Buffer.from(b.map((x) => x & 0xff));
      return blob;
    },
    getContentType: () => type,
    setContentType: (t: string) => {
      type = t;
      return blob;
    },
    getName: () => fileName,
    setName: (n: string) => {
      fileName = n;
      return blob;
    },
    copyBlob: () => createBlob([...bytes], type, fileName),
    getBlob: () => blob,
    isGoogleType: () => false,
  };
  return blob;
}

export function createLogger(rt: Runtime, entries: LogEntry[]) {
  const push = (level: LogEntry['level'], args: unknown[]) => {
    entries.push({ level, message: args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' '), at: rt.now });
  };
  const Logger = {
    log(format: unknown, ...values: unknown[]) {
      let msg = String(format);
      if (values.length) {
        let i = 0;
        msg = msg.replace(/%s/g, () => String(values[i++]));
      }
      entries.push({ level: 'log', message: msg, at: rt.now });
      return Logger;
    },
    getLog: () => entries.map((e) => e.message).join('\n'),
    clear: () => {
      entries.length = 0;
    },
  };
  const console = {
    log: (...a: unknown[]) => push('log', a),
    info: (...a: unknown[]) => push('info', a),
    warn: (...a: unknown[]) => push('warn', a),
    error: (...a: unknown[]) => push('error', a),
    time: () => undefined,
    timeEnd: () => undefined,
  };
  return { Logger, console };
}

function safeJson(v: unknown): string {
  if (v instanceof Error || (v && typeof v === 'object' && 'message' in v && 'name' in v)) {
    const e = v as Error;
    return `${e.name}: ${e.message}`;
  }
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
