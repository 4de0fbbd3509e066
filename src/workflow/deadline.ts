// Deadlines as leaders write them (Decree 30/2020 Art. 24: "thời hạn giải quyết"), read from
// folded text (lower case, no marks; src/extract/text/fold.ts). Pure. A day and month without a
// year is the next such day on or after the day the reply arrived, within a year — unless it lies
// at most a month before that day (a slip: an error); a date that does not exist (31/11), or one
// written with its year that is already past, is an error, never moved to a nearby day.

export type DeadlineRead = { deadline: string | null } | { error: string };

/** Words that introduce the date by which the work must be done. */
const KEYWORD = String.raw`(?:han(?:\s+chot)?(?:\s+xu\s+ly|\s+giai\s+quyet|\s+hoan\s+thanh|\s+bao\s+cao)?|thoi\s+han|deadline|truoc|xong\s+truoc|hoan\s+thanh\s+truoc|bao\s+cao\s+truoc|tra\s+loi\s+truoc|cham\s+nhat(?:\s+la)?|khong\s+qua)`;
/** Between the keyword and the date: "ngày", a time of day ("15h", "15 giờ 30"), punctuation. */
const FILLER = String.raw`(?:\s*[:.,-]?\s*(?:la\s+|den\s+|vao\s+)?(?:\d{1,2}\s*(?:h|gio)(?:\s*\d{1,2}(?:p|phut)?)?\s*)?(?:ngay\s+)?)`;
const NUMERIC = String.raw`(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?(?!\d)`;
const WORDS = String.raw`(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+(?:nam\s+)?(\d{4}))?`;

const DATE_AFTER_KEYWORD = new RegExp(String.raw`\b${KEYWORD}${FILLER}(?:${NUMERIC}|${WORDS})`, 'g');
const WITHIN_DAYS = /\b(?:trong(?:\s+vong)?|trong\s+thoi\s+han)\s+(\d{1,3})\s+ngay(\s+lam\s+viec)?\b/g;

/** How far back a day/month without a year counts as a slip rather than next year's date. */
const RECENT_PAST_MS = 31 * 86_400_000;

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export { vnDay } from '../calendar/instant.js';

/** The day `n` days after a YYYY-MM-DD day. */
export function addDays(isoDay: string, n: number): string {
  const t = Date.parse(`${isoDay}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** A written day/month[/year] as a date, given the day the reply arrived (YYYY-MM-DD). */
export function resolveDate(day: number, month: number, year: number | null, received: string): string | { error: string } {
  const ry = Number(received.slice(0, 4));
  if (year !== null) {
    const y = year < 100 ? 2000 + year : year;
    if (y < 2000 || y > 2100 || !realDate(y, month, day)) return { error: `${day}/${month}/${year} is not a date` };
    // Already past when the reply arrived: most likely last year's number typed in January; the
    // clerk reads it rather than the document being overdue from its first day.
    if (iso(y, month, day) < received) return { error: `${day}/${month}/${year} is before the day of the reply (${received})` };
    return iso(y, month, day);
  }
  // Within the coming year only: 29/2 written in a year with none and none in the next is not a
  // date (never a deadline two or three years away).
  // A date this year that is only days or weeks past ("hạn 1/12" written on 3/12) is a slip, not
  // the same day next year: it would sit a year without a reminder. The clerk reads it.
  if (realDate(ry, month, day) && iso(ry, month, day) < received && Date.parse(received) - Date.parse(iso(ry, month, day)) <= RECENT_PAST_MS) {
    return { error: `${day}/${month} is before the day of the reply (${received})` };
  }
  for (const y of [ry, ry + 1]) {
    if (!realDate(y, month, day)) continue;
    const d = iso(y, month, day);
    if (d >= received) return d;
  }
  return { error: `${day}/${month} is not a date` };
}

/**
 * The deadline written in `folded` text, or null when none is written. Two different deadlines,
 * or one that is not a date, are an error (the reply goes to the clerk).
 */
export function readDeadline(folded: string, received: string, isWorkingDay: (isoDay: string) => boolean): DeadlineRead {
  const found = new Set<string>();
  for (const m of folded.matchAll(DATE_AFTER_KEYWORD)) {
    const [d, mo, y] = m[1] !== undefined ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]];
    const r = resolveDate(Number(d), Number(mo), y ? Number(y) : null, received);
    if (typeof r !== 'string') return r;
    found.add(r);
  }
  for (const m of folded.matchAll(WITHIN_DAYS)) {
    const n = Number(m[1]);
    if (n < 1 || n > 365) return { error: `"${m[0]}" is not a usable time limit` };
    if (!m[2]) {
      found.add(addDays(received, n));
      continue;
    }
    let day = received;
    for (let left = n; left > 0; ) {
      day = addDays(day, 1);
      if (isWorkingDay(day)) left--;
    }
    found.add(day);
  }
  if (found.size > 1) return { error: `two different deadlines (${[...found].join(', ')})` };
  return { deadline: [...found][0] ?? null };
}

/** Saturdays and Sundays off, nothing else: for tests and when no calendar is at hand. */
export function weekdaysOnly(isoDay: string): boolean {
  const wd = new Date(`${isoDay}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6;
}
