// Errors the calendar raises on purpose. The CLI turns them into one-line user errors; other
// callers can tell a bad configuration from a date outside the supported range.

/** The calendar configuration (office hours, rules or the holiday table) is invalid. */
export class CalendarConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarConfigError';
  }
}

/** A date outside the configured year range was asked about. */
export class CalendarRangeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarRangeError';
  }
}

/** A user-supplied instant could not be read. */
export class InstantParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstantParseError';
  }
}
