// Bitbucket's timestamp format (ISO-8601, microseconds, `+00:00`) and its parsing for `q` comparisons.

/** `2025-03-14T09:21:07.412345+00:00` from epoch milliseconds plus sub-millisecond microseconds. */
export function formatBitbucketTime(epochMs: number, extraMicros = 0): string {
  const iso = new Date(Math.floor(epochMs)).toISOString(); // 2025-03-14T09:21:07.412Z
  const micros = String(extraMicros % 1000).padStart(3, '0');
  return `${iso.slice(0, 23)}${micros}+00:00`;
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Epoch microseconds of an ISO-8601 date or date-time; a missing time is midnight and a missing offset is
 * UTC, as the filtering narrative says. `undefined` when `text` is not such a date.
 */
export function parseIsoMicros(text: string): number | undefined {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match;
  const offset =
    zone === 'Z' ? '+00:00' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  if (Number.isNaN(ms)) return undefined;
  return ms * 1000 + Number(fraction.padEnd(6, '0'));
}
