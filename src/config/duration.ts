/**
 * Parses a duration with its unit: `30s`, `500ms`, `2m`, or `0` (nothing in any unit). A bare number
 * other than 0 is no duration: `--grace 30` could mean 30 ms or 30 s, and the difference is a run that
 * kills every target at once or one that waits half a minute. Returns null when it is none of those.
 */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]);
  const unit = match[2];
  if (unit === undefined) return value === 0 ? 0 : null;
  const ms = unit === 'ms' ? value : unit === 's' ? value * 1000 : value * 60_000;
  return Math.round(ms);
}

/** The number a duration written without its unit gives (`30`, `"30"`), or null when it is not one. */
export function unitlessNumber(raw: unknown): string | null {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw > 0 ? String(raw) : null;
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  return /^\d+(?:\.\d+)?$/.test(text) && Number(text) > 0 ? text : null;
}
