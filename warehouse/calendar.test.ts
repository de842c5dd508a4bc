import { describe, expect, it } from 'vitest';
import { todayWib } from './calendar.js';

describe('todayWib', () => {
  it('is the calendar day in Jakarta (UTC+7), not in UTC', () => {
    expect(todayWib(new Date('2024-06-30T16:59:59Z'))).toBe('2024-06-30');
    expect(todayWib(new Date('2024-06-30T17:00:00Z'))).toBe('2024-07-01');
    expect(todayWib(new Date('2024-12-31T17:30:00Z'))).toBe('2025-01-01');
  });
});
