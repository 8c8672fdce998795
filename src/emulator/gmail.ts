/**
 * The Gmail advanced service (Gmail API v1), emulated for what the toolkit uses: drafts and, when
 * a district opts in, sending. The toolkit uses the advanced service because it works with the
 * narrow gmail.compose scope (GmailApp needs the whole mailbox: https://mail.google.com/).
 *
 * Messages are RFC 2822 text, base64url-encoded in `raw`, as the real API takes them. The emulator
 * keeps the raw message and a parsed view (to, subject, text body) for assertions and the offline
 * run's .eml files. Each create is a Gmail write (daily quota); each sent recipient counts toward
 * the email-recipients quota.
 */
import { checkArgs } from './api-args';
import { Runtime } from './runtime';
import { Workspace, WorkspacePlugin } from './workspace';

export interface StoredMessage {
  id: string;
  threadId: string;
  raw: string;
  owner: string;
  createdAt: number;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string | null;
}

export interface GmailState {
  drafts: { id: string; message: StoredMessage }[];
  sent: StoredMessage[];
  nextId: number;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** RFC 2047 encoded words decoded as a mail program does; the space between two adjacent words is not text (RFC 2047, 6.2). */
function decodeWords(header: string): string {
  return header
    .replace(/(=\?utf-8\?[bq]\?[^?]*\?=)\s+(?==\?utf-8\?[bq]\?)/gi, '$1')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

function decodeBody(body: string, encoding: string): string {
  const enc = encoding.toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function splitPart(text: string): Part {
  const sep = text.search(/\r?\n\r?\n/);
  const head = sep < 0 ? text : text.slice(0, sep);
  const body = sep < 0 ? '' : text.slice(sep).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

/**
 * The addresses of an RFC 5322 address list (a To or Cc header), read as Gmail reads it: a comma
 * inside a quoted string (with backslash escapes), <...> or a (comment) separates nothing, and each
 * member is `addr` or `display name <addr>`, comments aside. A member that is neither (an open quote,
 * bracket or comment, two <...>, text after the >) is given whole: it has a character no address
 * has, so the draft is refused as Gmail refuses it. Empty members are skipped.
 */
export function addressList(header: string): string[] {
  const addresses: string[] = [];
  let member = '';
  let before = ''; // outside quotes' ends, comments and <...>: a bare address, or the display name
  let after = ''; // the same after a <...>: only spaces may be there
  let angles: string[] = [];
  let angle: string | null = null;
  let quoted = false;
  let comments = 0;
  let stray = false;
  const finish = () => {
    const whole = member.trim();
    const ok = !quoted && !comments && angle === null && !stray && angles.length <= 1 && !after.trim();
    const address = (angles.length ? angles[0] : before).trim();
    if (whole) addresses.push(ok && address ? address : whole);
    member = before = after = '';
    angles = [];
    angle = null;
    quoted = stray = false;
    comments = 0;
  };
  for (let i = 0; i < header.length; i++) {
    let c = header[i];
    if (c === '\\' && (quoted || comments)) c += header[++i] ?? '';
    if (!quoted && !comments && angle === null && c === ',') {
      finish();
      continue;
    }
    member += c;
    const outside = () => (angles.length ? (after += c) : (before += c));
    if (angle !== null) {
      if (c === '<') stray = true;
      else if (c !== '>') angle += c;
      else {
        angles.push(angle);
        angle = null;
      }
    } else if (comments) {
      if (c === '(') comments++;
      else if (c === ')') comments--;
    } else if (quoted) {
      if (c === '"') quoted = false;
      outside();
    } else if (c === '(') comments = 1;
    else if (c === '<') angle = '';
    else {
      if (c === '"') quoted = true;
      else if (c === ')' || c === '>') stray = true;
      outside();
    }
  }
  finish();
  return addresses;
}

/** Parse an RFC 2822 message (single part, or multipart/alternative with text and HTML parts). */
export function parseMessage(rfc822: string): { to: string[]; cc: string[]; subject: string; text: string; html: string | null } {
  const top = splitPart(rfc822);
  const list = (h: string | undefined) => addressList(h ?? '');
  let text = '';
  let html: string | null = null;
  const type = top.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    for (const chunk of top.body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitPart(chunk.replace(/^\r?\n/, ''));
      const body = decodeBody(part.body.replace(/\r?\n$/, ''), part.headers.get('content-transfer-encoding') ?? '7bit');
      if (/text\/html/i.test(part.headers.get('content-type') ?? '')) html = body;
      else if (!text) text = body;
    }
  } else {
    const body = decodeBody(top.body, top.headers.get('content-transfer-encoding') ?? '7bit');
    if (/text\/html/i.test(type)) html = body;
    else text = body;
  }
  return {
    to: list(top.headers.get('to')),
    cc: list(top.headers.get('cc')),
    subject: decodeWords(top.headers.get('subject') ?? ''),
    text,
    html,
  };
}

/** The top-level headers of a base64url raw message, as the API's payload.headers. */
function headerList(raw: string): { name: string; value: string }[] {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const sep = text.search(/\r?\n\r?\n/);
  const head = (sep < 0 ? text : text.slice(0, sep)).replace(/\r?\n[ \t]+/g, ' ');
  return head
    .split(/\r?\n/)
    .filter((l) => l.indexOf(':') > 0)
    .map((l) => ({ name: l.slice(0, l.indexOf(':')).trim(), value: l.slice(l.indexOf(':') + 1).trim() }));
}

function apiError(rt: Runtime, method: string, message: string): Error {
  return rt.error(`API call to gmail.users.${method} failed with error: ${message}`, 'GoogleJsonResponseException');
}

export class GmailPlugin implements WorkspacePlugin {
  readonly name = 'gmail';
  state: GmailState = { drafts: [], sent: [], nextId: 1 };
  /**
   * Addresses this Gmail refuses beyond the syntax check ("Invalid To header"), for tests: Gmail's
   * own rules for what it will not address are not documented, so a test names the ones it needs.
   */
  refuse: (address: string) => boolean = () => false;

  /** Drafts of the current user, parsed (for tests and the offline run). */
  draftsOf(owner: string): StoredMessage[] {
    return this.state.drafts.filter((d) => d.message.owner === owner).map((d) => d.message);
  }

  globals(ws: Workspace): Record<string, unknown> {
    const rt = ws.rt;
    const G = 'Gmail';
    const store = (resource: { message?: { raw?: string }; raw?: string } | undefined, method: string): StoredMessage => {
      const raw = resource?.message?.raw ?? resource?.raw;
      if (typeof raw !== 'string' || raw === '')
        throw apiError(rt, method, "'raw' RFC822 payload message string or uploading message via /upload/* URL required");
      const text = Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
      const parsed = parseMessage(text);
      for (const a of [...parsed.to, ...parsed.cc]) if (!EMAIL.test(a) || this.refuse(a)) throw apiError(rt, method, `Invalid To header`);
      const id = (this.state.nextId++).toString(16).padStart(16, '0');
      return { id, threadId: id, raw, owner: ws.user, createdAt: rt.now, ...parsed };
    };
    const scopes = (method: string) =>
      ws.requireScope(`Gmail.Users.${method}`, ['gmail.compose', 'gmail.modify', 'https://mail.google.com/']);
    const checkUser = (userId: string, method: string) => {
      if (userId !== 'me' && userId !== ws.user) throw apiError(rt, method, 'Delegation denied for ' + ws.user);
    };
    return {
      Gmail: {
        Users: {
          Drafts: {
            create: (resource: { message?: { raw?: string } }, userId: string) => {
              rt.call(G, 'Users.Drafts.create', 700, 'full');
              scopes('Drafts.create');
              checkUser(userId, 'drafts.create');
              rt.useQuota('gmailReadWrite');
              const message = store(resource, 'drafts.create');
              const draft = { id: `r${message.id}`, message };
              this.state.drafts.push(draft);
              return { id: draft.id, message: { id: message.id, threadId: message.threadId, labelIds: ['DRAFT'] } };
            },
            /**
             * Newest first, as Gmail lists (unconfirmed for drafts). `q` supports what the toolkit
             * uses: "after:SECONDS" (drafts created after a moment).
             */
            list: (userId: string, optionalArgs?: { maxResults?: number; pageToken?: string; q?: string }) => {
              rt.call(G, 'Users.Drafts.list', 300, 'full');
              scopes('Drafts.list');
              checkUser(userId, 'drafts.list');
              const options = checkArgs(rt, (m) => apiError(rt, 'drafts.list', m), optionalArgs, {
                maxResults: 'number',
                pageToken: 'string',
                q: 'string',
                includeSpamTrash: 'boolean',
              }) as { maxResults?: number; pageToken?: string; q?: string };
              rt.useQuota('gmailReadWrite');
              let mine = this.state.drafts.filter((d) => d.message.owner === ws.user).reverse();
              const after = /(?:^|\s)after:(\d+)(?:\s|$)/.exec(options.q ?? '');
              if (after) mine = mine.filter((d) => d.message.createdAt >= Number(after[1]) * 1000);
              const start = Number(options.pageToken ?? 0);
              const size = Math.min(options.maxResults ?? 100, 500);
              const page = mine.slice(start, start + size);
              return {
                drafts: page.map((d) => ({ id: d.id, message: { id: d.message.id, threadId: d.message.threadId } })),
                nextPageToken: start + size < mine.length ? String(start + size) : undefined,
                resultSizeEstimate: mine.length,
              };
            },
            /**
             * users.drafts.get(userId, id, { format }): the one query parameter is format
             * (minimal, full, raw or metadata; full by default). Unlike messages.get, drafts.get
             * has no metadataHeaders: "metadata" gives every header.
             */
            get: (userId: string, id: string, optionalArgs?: { format?: string }) => {
              rt.call(G, 'Users.Drafts.get', 300, 'full');
              scopes('Drafts.get');
              checkUser(userId, 'drafts.get');
              const options = checkArgs(rt, (m) => apiError(rt, 'drafts.get', m), optionalArgs, {
                format: ['minimal', 'full', 'raw', 'metadata'],
              }) as { format?: string };
              rt.useQuota('gmailReadWrite');
              const d = this.state.drafts.find((x) => x.id === id && x.message.owner === ws.user);
              if (!d) throw apiError(rt, 'drafts.get', 'Requested entity was not found.');
              const message = {
                id: d.message.id,
                threadId: d.message.threadId,
                labelIds: ['DRAFT'],
                internalDate: String(d.message.createdAt),
              };
              const format = options.format ?? 'full';
              if (format === 'minimal') return { id: d.id, message };
              if (format === 'raw') return { id: d.id, message: { ...message, raw: d.message.raw } };
              // full also has the parsed body parts; the toolkit reads headers only, so they are what is emulated.
              return { id: d.id, message: { ...message, payload: { headers: headerList(d.message.raw) } } };
            },
            remove: (userId: string, id: string) => {
              rt.call(G, 'Users.Drafts.remove', 300, 'full');
              scopes('Drafts.remove');
              checkUser(userId, 'drafts.delete');
              rt.useQuota('gmailReadWrite');
              const i = this.state.drafts.findIndex((x) => x.id === id && x.message.owner === ws.user);
              if (i < 0) throw apiError(rt, 'drafts.delete', 'Requested entity was not found.');
              this.state.drafts.splice(i, 1);
            },
          },
          Messages: {
            send: (resource: { raw?: string }, userId: string) => {
              rt.call(G, 'Users.Messages.send', 900, 'full');
              scopes('Messages.send');
              checkUser(userId, 'messages.send');
              const message = store(resource, 'messages.send');
              rt.useQuota('emailRecipients', message.to.length + message.cc.length);
              this.state.sent.push(message);
              return { id: message.id, threadId: message.threadId, labelIds: ['SENT'] };
            },
          },
        },
      },
    };
  }

  snapshot(): GmailState {
    return this.state;
  }

  restore(state: unknown): void {
    this.state = state as GmailState;
  }
}
