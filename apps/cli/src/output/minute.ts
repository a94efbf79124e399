/** How the report shows a timestamp. */

/** An ISO timestamp to the minute, in UTC ("2021-09-30 07:05Z"); other text as it is. */
export function toMinute(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]}Z` : iso;
}
