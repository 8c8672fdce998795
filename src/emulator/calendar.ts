/**
 * The Calendar advanced service (Calendar API v3), emulated for follow-ups: Events.insert, get,
 * patch, list and remove on the user's calendars. The toolkit uses the advanced service rather
 * than CalendarApp because it works with a narrow events scope (calendar.events.owned or
 * calendar.events); CalendarApp needs the full https://www.googleapis.com/auth/calendar.
 *
 * Faithful where it bites:
 * - a client may choose an event's ID (base32hex, 5-1024 characters); inserting an ID that exists
 *   fails with 409 "The requested identifier already exists." (how the toolkit never makes a
 *   follow-up twice);
 * - a deleted event is kept, with status "cancelled", under its ID: inserting that ID again fails as
 *   above, get still returns it (cancelled), list leaves it out, and only a patch that sets status
 *   "confirmed" brings it back (a patch of its title alone leaves it deleted);
 * - the daily "calendar events created" quota (5,000 consumer, 10,000 Workspace): over it the
 *   API answers "Calendar usage limits exceeded.";
 * - FULL authorization and an events scope are required; typical latencies;
 * - a description is HTML ("Can contain HTML", Event.description): `shownDescription` gives what
 *   Calendar shows of it, so tests see a tag in a name become markup or a link.
 */
import { checkArgs, ParamSpec } from './api-args';
import { Runtime } from './runtime';
import { Workspace, WorkspacePlugin } from './workspace';

export interface EventState {
  id: string;
  calendarId: string;
  summary: string;
  description: string;
  start: { dateTime?: string; date?: string; timeZone?: string };
  end: { dateTime?: string; date?: string; timeZone?: string };
  attendees: { email: string; responseStatus?: string }[];
  reminders: { useDefault: boolean; overrides?: { method: string; minutes: number }[] };
  extendedProperties?: { private?: Record<string, string>; shared?: Record<string, string> };
  status: 'confirmed' | 'cancelled';
  created: number;
  updated: number;
  organizer: string;
  htmlLink: string;
  /** sendUpdates of the last write ('all', 'externalOnly' or 'none'). */
  sendUpdates: string;
}

export interface CalendarState {
  events: EventState[];
}

const EVENT_SCOPES = ['calendar', 'calendar.events', 'calendar.events.owned'];

/** The query parameters of each Events method (Calendar API v3 reference). */
const SEND: ParamSpec = ['all', 'externalOnly', 'none'];
const PARAMS: Record<string, Record<string, ParamSpec>> = {
  insert: {
    conferenceDataVersion: 'number',
    maxAttendees: 'number',
    sendNotifications: 'boolean',
    sendUpdates: SEND,
    supportsAttachments: 'boolean',
  },
  patch: {
    alwaysIncludeEmail: 'boolean',
    conferenceDataVersion: 'number',
    maxAttendees: 'number',
    sendNotifications: 'boolean',
    sendUpdates: SEND,
    supportsAttachments: 'boolean',
  },
  get: { alwaysIncludeEmail: 'boolean', maxAttendees: 'number', timeZone: 'string' },
  remove: { sendNotifications: 'boolean', sendUpdates: SEND },
  list: {
    alwaysIncludeEmail: 'boolean',
    eventTypes: 'strings',
    iCalUID: 'string',
    maxAttendees: 'number',
    maxResults: 'number',
    orderBy: ['startTime', 'updated'],
    pageToken: 'string',
    privateExtendedProperty: 'strings',
    q: 'string',
    sharedExtendedProperty: 'strings',
    showDeleted: 'boolean',
    showHiddenInvitations: 'boolean',
    singleEvents: 'boolean',
    syncToken: 'string',
    timeMax: 'string',
    timeMin: 'string',
    timeZone: 'string',
    updatedMin: 'string',
  },
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#')
      return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * An event's description as Calendar shows it (web, apps, invitation emails), read as HTML: a
 * "<" before a letter, "/", "!" or "?" opens a tag, which is markup, not text (an address written
 * as <ana@district.org> vanishes); <br> and the end of a paragraph, block or list item break the
 * line, as a line break in the text does; entities are decoded. `links` are the hrefs of its
 * <a> tags, which Calendar shows as links.
 */
export function shownDescription(description: string): { text: string; links: string[] } {
  const links: string[] = [];
  const text = description
    .replace(/\r\n?/g, '\n')
    .replace(/<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>/gi, (_m, d?: string, s?: string, b?: string) => {
      links.push(decodeEntities(d ?? s ?? b ?? ''));
      return '';
    })
    .replace(/<br\s*\/?>|<\/(?:p|div|li|h[1-6])\s*>/gi, '\n')
    .replace(/<[a-z/!?][^>]*>/gi, '');
  return { text: decodeEntities(text), links };
}

function apiError(rt: Runtime, method: string, message: string): Error {
  return rt.error(`API call to calendar.events.${method} failed with error: ${message}`, 'GoogleJsonResponseException');
}

export class CalendarPlugin implements WorkspacePlugin {
  readonly name = 'calendar';
  state: CalendarState = { events: [] };
  private nextId = 1;

  eventsOf(calendarId: string): EventState[] {
    return this.state.events.filter((e) => e.calendarId === calendarId && e.status !== 'cancelled');
  }

  globals(ws: Workspace): Record<string, unknown> {
    const rt = ws.rt;
    const C = 'Calendar';
    const call = (method: string, ms: number, optionalArgs?: unknown) => {
      rt.call(C, `Events.${method}`, ms, 'full');
      ws.requireScope(`Calendar.Events.${method}`, EVENT_SCOPES);
      checkArgs(rt, (m) => apiError(rt, method, m), optionalArgs, PARAMS[method]);
    };
    const calendar = (id: string, method: string) => {
      const cal = String(id) === 'primary' ? ws.user : String(id).toLowerCase();
      if (cal !== ws.user) throw apiError(rt, method, 'Not Found');
      return cal;
    };
    const find = (cal: string, id: string) => this.state.events.find((e) => e.calendarId === cal && e.id === id);
    const view = (e: EventState) =>
      JSON.parse(JSON.stringify({ ...e, kind: 'calendar#event', organizer: { email: e.organizer, self: true } }));
    const link = (cal: string, id: string) =>
      `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${cal}`).toString('base64url')}`;
    const check = (r: Partial<EventState>, method: string) => {
      if (!r.start || !r.end || (!r.start.dateTime && !r.start.date)) throw apiError(rt, method, 'Missing time.');
      if (r.start.dateTime && r.end.dateTime && r.end.dateTime < r.start.dateTime)
        throw apiError(rt, method, 'The specified time range is empty.');
      for (const a of r.attendees ?? [])
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a.email ?? '')) throw apiError(rt, method, 'Invalid attendee email.');
    };
    return {
      Calendar: {
        Events: {
          insert: (resource: Partial<EventState>, calendarId: string, optionalArgs: { sendUpdates?: string } = {}) => {
            call('insert', 450, optionalArgs);
            const cal = calendar(calendarId, 'insert');
            check(resource, 'insert');
            let id = resource.id;
            if (id !== undefined) {
              if (!/^[a-v0-9]{5,1024}$/.test(id)) throw apiError(rt, 'insert', 'Invalid resource id value.');
              if (find(cal, id)) throw apiError(rt, 'insert', 'The requested identifier already exists.');
            } else id = `e${(this.nextId++).toString(32)}${rt.now.toString(32)}`;
            try {
              rt.useQuota('calendarEventsCreated');
            } catch {
              throw apiError(rt, 'insert', 'Calendar usage limits exceeded.');
            }
            const e: EventState = {
              id,
              calendarId: cal,
              summary: String(resource.summary ?? ''),
              description: String(resource.description ?? ''),
              start: { ...resource.start },
              end: { ...resource.end! },
              attendees: (resource.attendees ?? []).map((a) => ({ email: String(a.email).toLowerCase(), responseStatus: 'needsAction' })),
              reminders: resource.reminders ?? { useDefault: true },
              extendedProperties: resource.extendedProperties,
              status: 'confirmed',
              created: rt.now,
              updated: rt.now,
              organizer: ws.user,
              htmlLink: link(cal, id),
              sendUpdates: optionalArgs.sendUpdates ?? 'none',
            };
            this.state.events.push(e);
            return view(e);
          },
          get: (calendarId: string, eventId: string, optionalArgs?: object) => {
            call('get', 250, optionalArgs);
            const e = find(calendar(calendarId, 'get'), String(eventId));
            if (!e) throw apiError(rt, 'get', 'Not Found');
            return view(e);
          },
          patch: (resource: Partial<EventState>, calendarId: string, eventId: string, optionalArgs: { sendUpdates?: string } = {}) => {
            call('patch', 400, optionalArgs);
            const e = find(calendar(calendarId, 'patch'), String(eventId));
            if (!e) throw apiError(rt, 'patch', 'Not Found');
            const next = { ...e, ...resource, id: e.id };
            check(next, 'patch');
            Object.assign(e, next, { updated: rt.now, sendUpdates: optionalArgs.sendUpdates ?? 'none' });
            if (resource.attendees)
              e.attendees = resource.attendees.map((a) => ({ email: String(a.email).toLowerCase(), responseStatus: 'needsAction' }));
            return view(e);
          },
          list: (calendarId: string, optionalArgs: { privateExtendedProperty?: string; maxResults?: number; pageToken?: string } = {}) => {
            call('list', 350, optionalArgs);
            const cal = calendar(calendarId, 'list');
            let items = this.state.events.filter((e) => e.calendarId === cal && e.status !== 'cancelled');
            const prop = optionalArgs.privateExtendedProperty;
            if (prop) {
              const [k, v] = String(prop).split('=');
              items = items.filter((e) => e.extendedProperties?.private?.[k] === v);
            }
            const start = Number(optionalArgs.pageToken ?? 0);
            const size = Math.min(optionalArgs.maxResults ?? 250, 2500);
            return {
              kind: 'calendar#events',
              items: items.slice(start, start + size).map(view),
              nextPageToken: start + size < items.length ? String(start + size) : undefined,
            };
          },
          remove: (calendarId: string, eventId: string, optionalArgs?: object) => {
            call('remove', 300, optionalArgs);
            const e = find(calendar(calendarId, 'remove'), String(eventId));
            if (!e || e.status === 'cancelled') throw apiError(rt, 'remove', 'Resource has been deleted');
            // A deleted event keeps its ID (it is cancelled), so the ID cannot be reused.
            e.status = 'cancelled';
          },
        },
      },
    };
  }

  snapshot(): CalendarState & { nextId: number } {
    return { ...this.state, nextId: this.nextId };
  }

  restore(state: unknown): void {
    const s = state as CalendarState & { nextId: number };
    this.state = { events: s.events };
    this.nextId = s.nextId ?? 1;
  }
}
