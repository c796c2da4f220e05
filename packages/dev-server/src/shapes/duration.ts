const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, hr: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30s`, `10m`, `2h`/`2hr`, `1d`, `1w` or concatenations (`1d2h`) in ms; undefined if unreadable. */
export function parseDuration(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+)(hr|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text) return undefined;
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * UNITS[unit!]!, 0);
}
