/**
 * Email for the Gmail API: address checks and RFC 2822 messages (UTF-8, base64 bodies,
 * encoded-word headers), base64url-encoded for Users.Drafts.create's `raw`.
 * Pure TypeScript: no Buffer, no btoa, so it runs in Apps Script and Node alike.
 */

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** A single address a family can be written to: name@domain.tld, nothing around it. */
export function isValidEmail(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return false;
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split('.');
  if (local.length > 64 || !LOCAL.test(local)) return false;
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return false;
  return /^[A-Za-z]{2,63}$/.test(labels[labels.length - 1]);
}

/** The domain of an address, lower-cased: "district.org" for "Ana@District.org". */
export function emailDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

export type EmailCheck = { ok: true; addresses: string[] } | { ok: false; reason: 'no-email' | 'invalid-email' };

/** The guardian email cell: empty, one address, or several separated by ";" or ",". All must be valid. */
export function checkGuardianEmail(cell: string): EmailCheck {
  const parts = cell
    .split(/[;,]/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (parts.length === 0) return { ok: false, reason: 'no-email' };
  if (!parts.every(isValidEmail)) return { ok: false, reason: 'invalid-email' };
  return { ok: true, addresses: parts.map((a) => a.toLowerCase()) };
}

function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    let c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) {
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    } else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64Bytes(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (b === undefined ? '=' : B64[(n >> 6) & 63]) + (c === undefined ? '=' : B64[n & 63]);
  }
  return out;
}

export function base64(text: string): string {
  return base64Bytes(utf8(text));
}

/** base64url without padding, as the Gmail API's `raw` field takes it. */
export function base64Url(text: string): string {
  return base64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Plain ASCII a mail program shows as it is. Text holding "=?" is not: mail programs decode
 * "=?UTF-8?B?...?=" wherever they find it (in quoted names too), so a name typed that way in an
 * export would show as other words than its own. Such text is sent encoded, as non-ASCII is.
 */
function isPlainHeaderText(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text) && !text.includes('=?');
}

/** An RFC 2047 header value: plain ASCII as is, anything else as UTF-8 encoded-words of at most 75 characters, folded. */
export function encodeHeader(value: string): string {
  const clean = value.replace(/[\r\n\t]+/g, ' ');
  if (isPlainHeaderText(clean) && clean.length <= 900) return clean;
  const words: string[] = [];
  let chunk = '';
  for (const ch of clean) {
    // 12 characters of "=?UTF-8?B??=" leave 63 for base64, i.e. 45 bytes.
    if (utf8(chunk + ch).length > 45) {
      words.push(`=?UTF-8?B?${base64(chunk)}?=`);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(`=?UTF-8?B?${base64(chunk)}?=`);
  return words.join('\r\n ');
}

function displayName(name: string): string {
  const clean = name.replace(/[\r\n\t]+/g, ' ').trim();
  if (!clean) return '';
  if (isPlainHeaderText(clean)) return `"${clean.replace(/["\\]/g, (c) => '\\' + c)}"`;
  return encodeHeader(clean);
}

export interface EmailMessage {
  to: readonly string[];
  toName?: string;
  subject: string;
  text: string;
  /** Extra headers (ASCII names and values), e.g. the toolkit's key for finding a draft again. */
  headers?: Record<string, string>;
}

/** The message as RFC 2822 text: UTF-8 plain text, base64 body in 76-character lines, CRLF line ends. */
export function buildMessage(m: EmailMessage): string {
  const name = displayName(m.toName ?? '');
  const to = m.to.map((a, i) => (i === 0 && name ? `${name} <${a}>` : a)).join(', ');
  const lines = [
    `To: ${to}`,
    `Subject: ${encodeHeader(m.subject)}`,
    'MIME-Version: 1.0',
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${v.replace(/[^\x21-\x7e ]/g, '')}`),
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
  ];
  const body = base64(m.text.replace(/\r?\n/g, '\r\n'));
  const folded = body.match(/.{1,76}/g) ?? [''];
  return lines.join('\r\n') + '\r\n' + folded.join('\r\n') + '\r\n';
}

/** The value of the `raw` field of a Gmail API draft. */
export function rawMessage(m: EmailMessage): string {
  return base64Url(buildMessage(m));
}
