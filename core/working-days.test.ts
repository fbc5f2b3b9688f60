import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, nationalHolidays, workingDaysOverdue } from './working-days.js';

/** A Jakarta wall-clock time as an instant. */
const wib = (local: string) => new Date(`${local}+07:00`);
/** The end of a Jakarta calendar day, which is what a deadline is. */
const endOf = (date: string) => new Date(`${date}T23:59:59.999+07:00`);

describe('national holidays', () => {
  it('come from the maintained calendar, including Independence Day and Christmas', () => {
    const holidays = nationalHolidays(2026);
    expect(holidays.has('2026-08-17')).toBe(true);
    expect(holidays.has('2026-12-25')).toBe(true);
    expect(holidays.has('2026-01-01')).toBe(true);
    expect(holidays.has('2026-08-18')).toBe(false);
  });

  it('are not working days; weekends are not either', () => {
    expect(isWorkingDay('2026-08-17')).toBe(false); // Monday, Hari Kemerdekaan
    expect(isWorkingDay('2026-08-15')).toBe(false); // Saturday
    expect(isWorkingDay('2026-08-16')).toBe(false); // Sunday
    expect(isWorkingDay('2026-08-18')).toBe(true);
  });
});

describe('addWorkingDays (verification: 3 working days)', () => {
  it('counts from the next day within a week', () => {
    // Tuesday 10 Nov 2026 -> Wed, Thu, Fri.
    expect(addWorkingDays(wib('2026-11-10T10:00:00'), 3)).toEqual(endOf('2026-11-13'));
  });

  it('skips a weekend: a Friday-afternoon report is due at the end of Wednesday', () => {
    expect(addWorkingDays(wib('2026-11-13T16:45:00'), 3)).toEqual(endOf('2026-11-18'));
  });

  it('treats a Saturday report like a Friday one', () => {
    expect(addWorkingDays(wib('2026-11-14T09:00:00'), 3)).toEqual(endOf('2026-11-18'));
  });

  it('skips Independence Day on Monday 17 August 2026', () => {
    // Friday 14 Aug -> (Sat, Sun, Mon holiday) Tue 18, Wed 19, Thu 20.
    expect(addWorkingDays(wib('2026-08-14T15:00:00'), 3)).toEqual(endOf('2026-08-20'));
  });

  it('skips Christmas', () => {
    // Wednesday 23 Dec 2026 -> Thu 24, (Fri 25 Christmas, Sat, Sun), Mon 28, Tue 29.
    expect(addWorkingDays(wib('2026-12-23T11:00:00'), 3)).toEqual(endOf('2026-12-29'));
  });

  it('uses the Jakarta date, not UTC: 23:30 WIB Friday is Friday, 00:30 WIB Saturday is Saturday', () => {
    // 23:30 WIB Friday is 16:30 UTC Friday; 00:30 WIB Saturday is 17:30 UTC Friday.
    expect(addWorkingDays(wib('2026-11-13T23:30:00'), 1)).toEqual(endOf('2026-11-16'));
    expect(addWorkingDays(wib('2026-11-14T00:30:00'), 1)).toEqual(endOf('2026-11-16'));
    expect(addWorkingDays(wib('2026-11-12T23:30:00'), 1)).toEqual(endOf('2026-11-13'));
  });

  it('takes longer regional limits (14 working days)', () => {
    // Mon 2 Nov 2026 + 14 working days, no holiday in between: Fri 20 Nov.
    expect(addWorkingDays(wib('2026-11-02T08:00:00'), 14)).toEqual(endOf('2026-11-20'));
  });
});

describe('workingDaysOverdue', () => {
  it('is 0 before the deadline and counts working days after it, skipping the holiday', () => {
    const due = endOf('2026-08-14'); // Friday
    expect(workingDaysOverdue(due, wib('2026-08-14T20:00:00'))).toBe(0);
    expect(workingDaysOverdue(due, wib('2026-08-17T10:00:00'))).toBe(0); // Monday holiday
    expect(workingDaysOverdue(due, wib('2026-08-18T10:00:00'))).toBe(1);
  });
});
