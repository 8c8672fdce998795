/**
 * ScriptApp, emulated: authorization modes and installable triggers.
 *
 * Faithful where it bites: an Editor add-on's time-driven triggers fire at most once an hour
 * (a one-off `after(ms)` shorter than an hour waits the hour); a user may have 20 triggers per
 * script; a one-off trigger that has fired stays in getProjectTriggers() until deleted.
 *
 * An add-on may have one trigger of each type per user per document. Google's "Triggers for
 * Editor add-ons" page (developers.google.com/workspace/add-ons/concepts/editor-triggers,
 * "Installable triggers in add-ons", Restrictions) says: "Each add-on can only have one trigger
 * of each type, per user, per document. For example, in a given spreadsheet, a given user can
 * only have one edit trigger, although the user could also have a form-submit trigger or a
 * time-driven trigger in the same spreadsheet." and "Time-driven triggers cannot run more
 * frequently than once per hour." The emulator enforces it for time-driven triggers: they belong
 * to the document they were made in (their source ID), and a second one for the same user and
 * document fails with the message users of add-ons report (e.g. github.com/ljay79/jira-tools
 * issue 53). A fired one-off trigger still counts until it is deleted (not documented either way;
 * the worse case).
 */
import { LATENCY, Runtime } from './runtime';

export const MAX_TRIGGERS = 20;
const HOUR = 60 * 60 * 1000;
export const TOO_MANY_TIME_TRIGGERS = 'This add-on has created too many time-based triggers in this document for this Google user account.';

export interface TriggerState {
  id: string;
  handler: string;
  kind: 'CLOCK' | 'ON_OPEN' | 'ON_EDIT' | 'ON_CHANGE' | 'ON_FORM_SUBMIT';
  /** Next virtual time it fires (clock triggers); null once a one-off trigger has fired. */
  nextAt: number | null;
  /** Repeat interval, ms; null for one-off triggers. */
  everyMs: number | null;
  sourceId: string | null;
  owner: string;
}

export interface ScriptHost {
  rt: Runtime;
  triggers: TriggerState[];
  isAddOn: boolean;
  /** See Workspace.scriptClocksInUserTriggers. */
  scriptClocksInUserTriggers?: () => boolean;
  userEmail: () => string;
  activeSpreadsheetId: () => string | null;
  newId: () => string;
}

export const AUTH_MODE = { NONE: 'NONE', LIMITED: 'LIMITED', FULL: 'FULL', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION' } as const;
export const WEEK_DAY = { MONDAY: 1, TUESDAY: 2, WEDNESDAY: 3, THURSDAY: 4, FRIDAY: 5, SATURDAY: 6, SUNDAY: 0 } as const;

export function createScriptApp(host: ScriptHost) {
  const rt = host.rt;
  const A = 'ScriptApp';

  const triggerObject = (t: TriggerState) => ({
    getUniqueId: () => t.id,
    getHandlerFunction: () => t.handler,
    getEventType: () => t.kind,
    getTriggerSource: () => (t.kind === 'CLOCK' ? 'CLOCK' : 'SPREADSHEETS'),
    getTriggerSourceId: () => t.sourceId,
    __state: t,
  });

  const mine = () => host.triggers.filter((t) => t.owner === host.userEmail());

  const install = (t: Omit<TriggerState, 'id' | 'owner'>) => {
    rt.call(A, 'TriggerBuilder.create', 300, 'full');
    if (mine().length >= MAX_TRIGGERS) {
      throw rt.error('This script has too many triggers. Triggers must be deleted from the script before more can be added.');
    }
    if (host.isAddOn && t.kind === 'CLOCK' && mine().some((x) => x.kind === 'CLOCK' && x.sourceId === t.sourceId)) {
      throw rt.error(TOO_MANY_TIME_TRIGGERS);
    }
    const state: TriggerState = { ...t, id: host.newId(), owner: host.userEmail() };
    host.triggers.push(state);
    return triggerObject(state);
  };

  const clockBuilder = (handler: string) => {
    let after: number | null = null;
    let at: number | null = null;
    let everyMs: number | null = null;
    let weekDay: number | null = null;
    let hour: number | null = null;
    const b = {
      after(ms: number) {
        after = Number(ms);
        return b;
      },
      at(date: Date) {
        at = date.getTime();
        return b;
      },
      everyMinutes(n: number) {
        if (host.isAddOn) throw rt.error('Add-ons may not create time-based triggers that run more often than once per hour.');
        everyMs = n * 60 * 1000;
        return b;
      },
      everyHours(n: number) {
        everyMs = n * HOUR;
        return b;
      },
      everyDays(n: number) {
        everyMs = n * 24 * HOUR;
        return b;
      },
      everyWeeks(n: number) {
        everyMs = n * 7 * 24 * HOUR;
        return b;
      },
      onWeekDay(day: number) {
        weekDay = day;
        return b;
      },
      atHour(h: number) {
        hour = h;
        return b;
      },
      nearMinute(_m: number) {
        return b;
      },
      inTimezone(_tz: string) {
        return b;
      },
      create() {
        let first: number;
        if (after !== null) first = rt.now + (host.isAddOn ? Math.max(after, HOUR) : after);
        else if (at !== null) first = at;
        else if (everyMs !== null) {
          first = rt.now + everyMs;
          if (weekDay !== null || hour !== null) {
            // Fire on the next matching weekday/hour (UTC in the emulator), then every interval.
            const d = new Date(rt.now);
            for (let i = 0; i < 8 * 24; i++) {
              const cand = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + i + 1));
              if ((weekDay === null || cand.getUTCDay() === weekDay) && (hour === null || cand.getUTCHours() === hour)) {
                first = cand.getTime();
                break;
              }
            }
          }
        } else throw rt.error('Missing time-based trigger details: call after(), at() or every...() before create().');
        return install({
          handler,
          kind: 'CLOCK',
          nextAt: first,
          everyMs: after !== null || at !== null ? null : everyMs,
          // An add-on's time-driven trigger belongs to the document it was made in.
          sourceId: host.isAddOn ? host.activeSpreadsheetId() : null,
        });
      },
    };
    return b;
  };

  const sheetBuilder = (handler: string, sourceId: string) => {
    const make = (kind: TriggerState['kind']) => ({
      create: () => install({ handler, kind, nextAt: null, everyMs: null, sourceId }),
    });
    return {
      onOpen: () => make('ON_OPEN'),
      onEdit: () => make('ON_EDIT'),
      onChange: () => make('ON_CHANGE'),
      onFormSubmit: () => make('ON_FORM_SUBMIT'),
    };
  };

  return {
    AuthMode: AUTH_MODE,
    WeekDay: WEEK_DAY,
    EventType: { CLOCK: 'CLOCK', ON_OPEN: 'ON_OPEN', ON_EDIT: 'ON_EDIT', ON_CHANGE: 'ON_CHANGE', ON_FORM_SUBMIT: 'ON_FORM_SUBMIT' },
    TriggerSource: { CLOCK: 'CLOCK', SPREADSHEETS: 'SPREADSHEETS' },
    newTrigger(functionName: string) {
      rt.call(A, 'newTrigger', LATENCY.trivial, 'full');
      const handler = String(functionName);
      return {
        timeBased: () => clockBuilder(handler),
        forSpreadsheet: (ss: string | { getId(): string }) => sheetBuilder(handler, typeof ss === 'string' ? ss : ss.getId()),
      };
    },
    getProjectTriggers() {
      rt.call(A, 'getProjectTriggers', 200, 'full');
      return mine().map(triggerObject);
    },
    getUserTriggers(ss: { getId(): string }) {
      rt.call(A, 'getUserTriggers', 200, 'full');
      const id = ss.getId();
      // This document's triggers; a script's (not an add-on's) time-driven triggers belong to no document.
      return mine()
        .filter((t) => t.sourceId === id || (t.kind === 'CLOCK' && t.sourceId === null && (host.scriptClocksInUserTriggers?.() ?? true)))
        .map(triggerObject);
    },
    deleteTrigger(trigger: { __state?: TriggerState; getUniqueId(): string }) {
      rt.call(A, 'deleteTrigger', 200, 'full');
      const id = trigger.getUniqueId();
      const i = host.triggers.findIndex((t) => t.id === id);
      if (i < 0) throw rt.error('Trigger not found.');
      host.triggers.splice(i, 1);
    },
    getOAuthToken() {
      rt.call(A, 'getOAuthToken', LATENCY.trivial, 'full');
      return 'emulated-oauth-token';
    },
    getScriptId() {
      rt.call(A, 'getScriptId', LATENCY.trivial, 'none');
      return 'emulated-script-id';
    },
  };
}
