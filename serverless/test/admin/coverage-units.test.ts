import { parseDateBound } from '../../admin/coverage-args';
import { endedTasks, readTaskEvent, type RawTaskEvent } from '../../admin/coverage-events';
import { csvField } from '../../admin/coverage-format';
import { createProgress } from '../../admin/coverage-progress';

describe('coverage progress bar', () => {
  it('draws in place on a terminal, clipped to its width, and clears its line when finished', () => {
    const written: string[] = [];
    const progress = createProgress({ isTTY: true, columns: 40, write: (text) => written.push(text) });
    progress.update('reading TaskRouter events', 1, 4);
    progress.update('reading TaskRouter events', 4, 4);
    progress.finish();
    expect(written[0]).toBe('\r[######..................]  25% reading\x1b[K');
    expect(written[1]).toMatch(/^\r\[#{24}\] 100% /);
    expect(written[2]).toBe('\r\x1b[K');
  });

  it('writes nothing at all when the stream is not a terminal (piped, redirected, CI)', () => {
    const written: string[] = [];
    for (const isTTY of [false, undefined]) {
      const progress = createProgress({ ...(isTTY === undefined ? {} : { isTTY }), write: (text) => written.push(text) });
      progress.update('reading', 1, 2);
      progress.finish();
    }
    expect(written).toEqual([]);
  });
});

describe('coverage CSV fields', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('%j is written %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('writes numbers and booleans as they are, and nothing for an unknown value', () => {
    expect(csvField(-1)).toBe('-1');
    expect(csvField(true)).toBe('true');
    expect(csvField(undefined)).toBe('');
  });
});

describe('coverage date bounds', () => {
  it('takes a day as all of it in UTC', () => {
    expect(parseDateBound('2026-11-01', 'from')?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseDateBound('2026-11-30', 'to')?.toISOString()).toBe('2026-11-30T23:59:59.999Z');
  });

  it('takes a date-time with a zone, and refuses impossible days and zone-less times', () => {
    expect(parseDateBound('2026-11-01T10:00:00+02:00', 'from')?.toISOString()).toBe('2026-11-01T08:00:00.000Z');
    expect(parseDateBound('2026-02-30', 'from')).toBeUndefined();
    expect(parseDateBound('2026-11-01T10:00:00', 'from')).toBeUndefined();
    expect(parseDateBound('last month', 'to')).toBeUndefined();
  });
});

describe('coverage: tasks from TaskRouter events', () => {
  const task = 'WT' + 'a'.repeat(32);
  const event = (type: string, at: number, attributes: unknown): RawTaskEvent => ({
    eventType: type,
    eventDate: new Date(at),
    eventDateMs: at,
    eventData: { task_sid: task, ...(attributes === undefined ? {} : { task_attributes: typeof attributes === 'string' ? attributes : JSON.stringify(attributes) }) },
  });
  const read = (raws: RawTaskEvent[]) => raws.map(readTaskEvent).filter((e): e is NonNullable<typeof e> => e !== undefined);

  it('keeps a task whose end is in the range, with the attributes of its latest event (a write after the end included)', () => {
    const events = read([event('task.created', 1000, { v: 1 }), event('task.completed', 2000, { v: 2 }), event('task.updated', 3000, { v: 3 })]);
    expect(endedTasks(events, new Date(1500), new Date(2000))).toEqual([
      { taskSid: task, endedAt: new Date(2000), endType: 'task.completed', attributes: { v: 3 }, taskReason: undefined },
    ]);
  });

  it('leaves out a task that ended outside the range (to the millisecond) or has not ended', () => {
    const ended = read([event('task.completed', 2000, {})]);
    expect(endedTasks(ended, new Date(2001), new Date(5000))).toEqual([]);
    expect(endedTasks(ended, new Date(0), new Date(1999))).toEqual([]);
    expect(endedTasks(read([event('task.created', 2000, {}), event('task.updated', 2500, {})]), new Date(0), new Date(5000))).toEqual([]);
  });

  it('says so when no event carries readable attributes (redacted after 30 days)', () => {
    const [only] = endedTasks(read([event('task.completed', 2000, undefined), event('task.updated', 2100, 'not json')]), new Date(0), new Date(5000));
    expect(only?.attributes).toBeUndefined();
  });

  it('prefers the ending event at the same millisecond: it carries the attributes as the task ended', () => {
    const events = read([event('task.completed', 2000, { final: true }), event('task.updated', 2000, { final: false })]);
    expect(endedTasks(events, new Date(0), new Date(5000))[0]?.attributes).toEqual({ final: true });
  });
});
