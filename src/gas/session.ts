/**
 * Who is using the toolkit: the one rule every feature records people by ("Entered by" on the
 * logs, "Run by" on the Outreach log, the default owner of an outreach follow-up).
 *
 * 1. The active user's email (Session.getActiveUser, which needs the userinfo.email scope). In a
 *    district's own Workspace domain it is always known.
 * 2. Else the effective user's email. An add-on runs as the person using it, so from a dialog or
 *    sidebar this is the same person; from a time-based trigger, where Google may not report the
 *    active user, it is the person the trigger belongs to (who armed the job or the schedule).
 * 3. Else, where Google hides the email by policy (a personal account in someone else's
 *    spreadsheet), a stable anonymous key for this person in this script, so entries by different
 *    people are still told apart: "user key 0123456789ab (email hidden by Google)".
 *
 * Emails are lower-cased. The result is never empty. `isEmail` tells the two kinds apart, for
 * uses that need an address (a Calendar guest).
 */
const HIDDEN = 'email hidden by Google';

export function currentUser(): string {
  const email = Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail();
  if (email) return String(email).toLowerCase();
  const key = String(Session.getTemporaryActiveUserKey() || '').slice(0, 12);
  return key ? `user key ${key} (${HIDDEN})` : `an unknown user (${HIDDEN})`;
}

/** True when `currentUser()` gave an email address (not the anonymous key). */
export function isEmail(user: string): boolean {
  return user.includes('@') && !user.endsWith(`(${HIDDEN})`);
}
