// Run timestamps arrive as Postgres `timestamp` text in UTC without a zone
// (`2025-07-16T10:00:00.123`, or with a space from Electric itself).

const hasZone = /(?:Z|[+-]\d\d(?::?\d\d)?)$/i;

/** The instant a run timestamp names; `Invalid Date` if it names none. */
export function parseRunDate(value: string): Date {
  return new Date(hasZone.test(value) ? value : `${value}Z`);
}
