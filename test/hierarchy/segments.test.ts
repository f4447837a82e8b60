import { describe, expect, it } from 'vitest';
import { NpsInputError } from '../../src/errors.ts';
import { segments } from '../../src/hierarchy/segments.ts';
import { unitTally } from './_fixtures.ts';

const rows = [
  { score: 10, channel: 'web' },
  { score: 9, channel: 'web' },
  { score: 2, channel: 'web' },
  { score: 3, channel: 'store' },
  { score: 7, channel: 'store' },
  { score: 10, channel: '__proto__' },
  { score: 8 },
];

describe('segments', () => {
  it('hand-computed per-segment summaries; missing values counted', () => {
    const s = segments(rows, { by: 'channel' });
    expect(s.segments.map((x) => [x.segment, x.total?.n, x.nps])).toEqual([
      ['web', 3, 100 / 3],
      ['store', 2, -100],
      ['__proto__', 1, 100],
    ]);
    expect(s.segments[0]?.share).toBe(3 / 6);
    expect(s.total).toEqual({ promoters: 3, passives: 1, detractors: 2, n: 6 });
    expect(s.missing).toBe(1);
  });

  it('rows, columns (strings and dictionary) and tallies agree', () => {
    const a = segments(rows, { by: 'channel' });
    const cols = { score: rows.map((r) => r.score), channel: rows.map((r) => r.channel) };
    expect(segments(cols as never, { by: 'channel' })).toEqual(a);
    const values = ['web', 'store', '__proto__'];
    const dict = {
      score: rows.map((r) => r.score),
      channel: {
        codes: Int32Array.from(rows, (r) =>
          r.channel === undefined ? -1 : values.indexOf(r.channel),
        ),
        values,
      },
    };
    expect(segments(dict as never, { by: 'channel' })).toEqual(a);
    const tallies = rows.map((r) => ({
      channel: r.channel,
      tally: unitTally(r.score),
    }));
    expect(segments(tallies as never, { by: 'channel' })).toEqual(a);
  });

  it('suppression with a complementary segment', () => {
    // minSample 2: __proto__ (1) hidden; next smallest non-empty (store, 2) hidden too.
    const s = segments(rows, { by: 'channel', minSample: 2 });
    expect(s.segments.map((x) => x.suppressed)).toEqual([false, true, true]);
    expect(s.segments[1]).toMatchObject({ total: null, nps: null, share: null });
  });

  it('errors', () => {
    expect(() => segments(rows, { by: '' })).toThrow(NpsInputError);
    expect(() =>
      segments([{ score: 9, channel: 3 }] as never, { by: 'channel' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[NpsInputError: segments: channel at index 0 must be a string, received 3]`,
    );
  });
});
