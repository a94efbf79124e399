/**
 * Which users count as inactive: no sign-in for N days, or never. Pure, so the rule is tested
 * without a server (the command reads `lastLoginDateTime` from `GET /v3/users?view=Full`).
 */

/** What the rule needs of a user (`UserView` has more). */
export interface LoginRecord {
  id: string;
  lastLoginDateTime?: string | null | undefined;
}

/** An inactive user: the record, their last sign-in (null for never) and whole days since. */
export interface InactiveUser<U extends LoginRecord> {
  user: U;
  lastLogin: string | null;
  /** Whole days since the last sign-in; null when they never signed in. */
  daysSinceLogin: number | null;
}

const DAY_MS = 86_400_000;

/** The instant `days` days before `now`: a last sign-in before it is inactive. */
export function inactivityCutoff(days: number, now: Date): Date {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`days must be a whole number of 0 or more, got ${days}`);
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * The users whose last sign-in is older than `days` days before `now`, or who never signed in,
 * longest inactive first (never first of all). A date that does not parse counts as never:
 * the admin should look at that account rather than have it hidden.
 */
export function inactiveUsers<U extends LoginRecord>(
  users: readonly U[],
  days: number,
  now: Date,
): InactiveUser<U>[] {
  const cutoff = inactivityCutoff(days, now).getTime();
  const result: InactiveUser<U>[] = [];
  for (const user of users) {
    const at = user.lastLoginDateTime ? Date.parse(user.lastLoginDateTime) : Number.NaN;
    if (Number.isNaN(at)) {
      result.push({ user, lastLogin: null, daysSinceLogin: null });
    } else if (at < cutoff) {
      result.push({
        user,
        lastLogin: user.lastLoginDateTime as string,
        daysSinceLogin: Math.floor((now.getTime() - at) / DAY_MS),
      });
    }
  }
  const rank = (u: InactiveUser<U>) => u.daysSinceLogin ?? Number.POSITIVE_INFINITY;
  return result.sort((a, b) => rank(b) - rank(a));
}
