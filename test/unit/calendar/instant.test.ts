import { describe, expect, it } from 'vitest';
import { InstantParseError, formatInstant, parseInstant } from '../../../src/calendar/index.js';

describe('parseInstant', () => {
  it.each([
    ['2025-01-27T08:15:00+07:00', '2025-01-27T01:15:00.000Z'],
    ['2025-01-27T01:15:00Z', '2025-01-27T01:15:00.000Z'],
    ['2025-01-27T08:15+07:00', '2025-01-27T01:15:00.000Z'],
    ['2025-01-27T08:15:00.250+0700', '2025-01-27T01:15:00.250Z'],
    ['2025-01-27 03:15:00-02:00', '2025-01-27T05:15:00.000Z'],
    ['2024-02-29T23:59:59.9999+07:00', '2024-02-29T16:59:59.999Z'],
  ])('reads %s', (text, iso) => {
    expect(parseInstant(text).toISOString()).toBe(iso);
  });

  it('refuses an instant without a time zone, naming it', () => {
    expect(() => parseInstant('2025-01-27T08:00:00')).toThrow('instant has no time zone: 2025-01-27T08:00:00');
    expect(() => parseInstant('2025-01-27T08:00')).toThrow(InstantParseError);
  });

  it.each(['2025-02-30T08:00:00+07:00', '2025-02-29T08:00:00Z', '2025-13-01T08:00:00Z', '2025-04-31T08:00:00Z'])(
    'refuses the impossible date %s, naming it',
    (text) => {
      expect(() => parseInstant(text)).toThrow(`impossible date in instant: ${text}`);
    },
  );

  it.each(['2025-01-27T24:00:00Z', '2025-01-27T08:60:00Z', '2025-01-27T08:00:60Z', '2025-01-27T08:00:00+25:00', 'tomorrow', '2025-01-27'])(
    'refuses %s',
    (text) => {
      expect(() => parseInstant(text)).toThrow(InstantParseError);
    },
  );
});

describe('formatInstant', () => {
  it('writes the local time with the offset, milliseconds only when present', () => {
    expect(formatInstant(new Date('2025-01-27T00:00:00Z'), 420)).toBe('2025-01-27T07:00:00+07:00');
    expect(formatInstant(new Date('2025-01-26T17:00:00.5Z'), 420)).toBe('2025-01-27T00:00:00.500+07:00');
    expect(formatInstant(new Date('2025-01-27T00:00:00Z'), 0)).toBe('2025-01-27T00:00:00Z');
  });

  it('round-trips with parseInstant', () => {
    const d = new Date('2031-07-04T12:34:56.789Z');
    expect(parseInstant(formatInstant(d, 420)).getTime()).toBe(d.getTime());
  });
});
