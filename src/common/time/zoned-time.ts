const OFFSET_PATTERN = /(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;

/** True when the zone name is one this runtime knows (e.g. Asia/Taipei). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads an ISO timestamp. One with an offset (or Z) is taken as written;
 * one without is read as wall-clock time in `zone`. Null when unreadable.
 */
export function parseTimestamp(text: string, zone: string): Date | null {
  if (OFFSET_PATTERN.test(text.trim())) {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? null : date;
  }

  const parts = LOCAL_PATTERN.exec(text.trim());
  if (!parts) return null;

  const [year, month, day, hour, minute, second = '0', fraction = '0'] = parts
    .slice(1)
    .map((part) => part ?? '0');
  const wallClock = Date.UTC(
    +year,
    +month - 1,
    +day,
    +hour,
    +minute,
    +second,
    Math.round(Number(`0.${fraction}`) * 1000),
  );

  return new Date(wallClock - zoneOffsetMs(wallClock, zone));
}

/**
 * The zone's offset from UTC at about that instant. Asking twice settles
 * the answer around daylight-saving changes.
 */
function zoneOffsetMs(wallClock: number, zone: string): number {
  const first = offsetAt(wallClock, zone);

  return offsetAt(wallClock - first, zone);
}

function offsetAt(instant: number, zone: string): number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const fields = Object.fromEntries(
    format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    +fields.year,
    +fields.month - 1,
    +fields.day,
    +fields.hour,
    +fields.minute,
    +fields.second,
  );

  return asUtc - Math.floor(instant / 1000) * 1000;
}
