import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NpsInputError } from '../../src/errors.ts';
import { segments } from '../../src/hierarchy/segments.ts';
import { benjaminiHochberg } from '../../src/stats/benjaminiHochberg.ts';
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

  it('each segment against the rest, with BH q-values across segments (hand-computed, R)', () => {
    // Ten-point scheme, base P + D; Var = (p + d − (p − d)²)/m on −1..1.
    // web P2 D1 (NPS 33.3) vs rest P1 Pa1 D1 (NPS 0): se = 100·√((8/9)/3 + 1/2) = 89.235435578938947
    // store D1 (−100) vs rest P3 D1 (50): se = 100·√(0 + (1 − 1/4)/4) = 43.30127018922193, z = −3.4641016151377548
    // __proto__ P1 (100) vs rest P2 Pa1 D2 (0): se = 100·√(0 + 1/4) = 50, z = 2
    // p (R: 2*pnorm(-abs(z))) = 0.70874383925019546, 0.00053200550513924922, 0.045500263896358424
    // q (R: p.adjust(p, "BH")) = 0.70874383925019546, 0.0015960165154177476, 0.06825039584453764
    const s = segments(rows, { by: 'channel' });
    const v = s.segments.map((x) => x.vsRest);
    expect(v[0]?.difference).toBeCloseTo(100 / 3, 12);
    expect(v[0]?.se).toBeCloseTo(89.23543557893895, 10);
    expect(v[1]?.z).toBeCloseTo(-3.4641016151377548, 12);
    expect(v[2]?.se).toBeCloseTo(50, 12);
    expect(v[2]?.z).toBeCloseTo(2, 12);
    expect(v.map((x) => x?.pValue)).toEqual([
      expect.closeTo(0.70874383925019546, 12),
      expect.closeTo(0.00053200550513924922, 14),
      expect.closeTo(0.045500263896358424, 12),
    ]);
    expect(v.map((x) => x?.qValue)).toEqual([
      expect.closeTo(0.70874383925019546, 12),
      expect.closeTo(0.0015960165154177476, 14),
      expect.closeTo(0.06825039584453764, 12),
    ]);
    expect(v.map((x) => x?.qValue)).toEqual(benjaminiHochberg(v.map((x) => x?.pValue ?? null)));
    // suppressed segments carry no comparison and are not in the family
    const t = segments(rows, { by: 'channel', minSample: 2 });
    expect(t.segments.map((x) => x.vsRest === null)).toEqual([false, true, true]);
    expect(t.segments[0]?.vsRest?.qValue).toBe(t.segments[0]?.vsRest?.pValue);
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

  it('a total below minSample is withheld too (it would equal its only hidden segment)', () => {
    const s = segments(
      [
        { score: 10, ch: 'web' },
        { score: 2, ch: 'web' },
        { score: 9, ch: 'web' },
      ],
      { by: 'ch', minSample: 5 },
    );
    expect(s.segments[0]?.suppressed).toBe(true);
    expect(s.total).toBeNull();
    expect(s.missing).toBe(0);
  });

  it('suppression cannot be undone by subtracting from the total (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            score: fc.integer({ min: 1, max: 10 }),
            ch: fc.constantFrom('a', 'b', 'c', 'd'),
          }),
          { maxLength: 40 },
        ),
        fc.integer({ min: 0, max: 8 }),
        (rs, minSample) => {
          const full = segments(rs, { by: 'ch' });
          const s = segments(rs, { by: 'ch', minSample });
          const n = new Map(full.segments.map((x) => [x.segment, x.total?.n ?? 0]));
          for (const x of s.segments) {
            if ((n.get(x.segment) ?? 0) < minSample) expect(x.suppressed).toBe(true);
          }
          const hidden = s.segments.filter((x) => x.suppressed && (n.get(x.segment) ?? 0) > 0);
          // a published total minus published segments leaves no single hidden segment
          if (s.total !== null) expect(hidden.length === 1).toBe(false);
          // withheld only when below minSample or needed to protect a hidden segment
          else expect((full.total?.n ?? 0) < minSample || hidden.length > 0).toBe(true);
        },
      ),
    );
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
