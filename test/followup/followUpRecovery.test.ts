import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classicScheme,
  compareNps,
  type FollowUpRecoveryResult,
  followUpRecovery,
  npsInterval,
  type RecoveryPair,
  tallyFromCounts,
} from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';

/** `k` copies of the pair before → after, followed up or not. */
const many = (k: number, before: number, after: number, followedUp: boolean): RecoveryPair[] =>
  Array.from({ length: k }, () => ({ before, after, followedUp }));

// Hand-built data on the ten-point scheme (detractor 1–5, passive 6–7, promoter 8–10).
// Followed up:     D→D 3, D→Pa 4, D→P 5 | Pa→Pa 1, Pa→P 2 | P→D 1, P→P 2      (18 pairs)
// Not followed up: D→D 6, D→Pa 2, D→P 2 | Pa→D 1          | P→P 3            (14 pairs)
const data: RecoveryPair[] = [
  ...many(3, 4, 2, true),
  ...many(4, 1, 6, true),
  ...many(5, 5, 9, true),
  ...many(1, 7, 6, true),
  ...many(2, 6, 10, true),
  ...many(1, 9, 3, true),
  ...many(2, 10, 8, true),
  ...many(6, 3, 5, false),
  ...many(2, 2, 7, false),
  ...many(2, 5, 8, false),
  ...many(1, 6, 1, false),
  ...many(3, 8, 10, false),
];

describe('followUpRecovery(pairs): transition matrices', () => {
  it('followUpRecovery(pairs) counts each first → later category, followed up and not (hand-counted)', () => {
    const r = followUpRecovery(data);
    expect(r.n).toBe(32);
    expect(r.excludedN).toBe(0);
    const f = r.transitions.followedUp;
    expect(f.n).toBe(18);
    expect(f.rows.map((row) => [row.from, row.n, row.counts])).toStrictEqual([
      ['detractor', 12, { detractor: 3, passive: 4, promoter: 5 }],
      ['passive', 3, { detractor: 0, passive: 1, promoter: 2 }],
      ['promoter', 3, { detractor: 1, passive: 0, promoter: 2 }],
    ]);
    expect(f.rows[0].shares).toStrictEqual({
      detractor: 3 / 12,
      passive: 4 / 12,
      promoter: 5 / 12,
    });
    expect(f.rows[1].shares).toStrictEqual({ detractor: 0, passive: 1 / 3, promoter: 2 / 3 });
    const nf = r.transitions.notFollowedUp;
    expect(nf.n).toBe(14);
    expect(nf.rows.map((row) => [row.from, row.n, row.counts])).toStrictEqual([
      ['detractor', 10, { detractor: 6, passive: 2, promoter: 2 }],
      ['passive', 1, { detractor: 1, passive: 0, promoter: 0 }],
      ['promoter', 3, { detractor: 0, passive: 0, promoter: 3 }],
    ]);
    expect(nf.rows[0].shares).toStrictEqual({ detractor: 0.6, passive: 0.2, promoter: 0.2 });
    expect(nf.rows[2].shares).toStrictEqual({ detractor: 0, passive: 0, promoter: 1 });
  });

  it('followUpRecovery(pairs, { scheme: classicScheme }) reads the bands of the scheme (7 is passive, 6 a detractor)', () => {
    const r = followUpRecovery(
      [
        { before: 6, after: 7, followedUp: true },
        { before: 0, after: 9, followedUp: true },
        { before: 7, after: 6, followedUp: false },
      ],
      { scheme: classicScheme },
    );
    expect(r.transitions.followedUp.rows[0].counts).toStrictEqual({
      detractor: 0,
      passive: 1,
      promoter: 1,
    });
    expect(r.transitions.notFollowedUp.rows[1].counts).toStrictEqual({
      detractor: 1,
      passive: 0,
      promoter: 0,
    });
  });

  it('followUpRecovery([]) is data, not an error: empty rows with null shares, null rates and NPS', () => {
    const r = followUpRecovery([]);
    expect(r.n).toBe(0);
    for (const m of [r.transitions.followedUp, r.transitions.notFollowedUp]) {
      expect(m.n).toBe(0);
      for (const row of m.rows) expect(row.shares).toBeNull();
    }
    expect(r.recovery.followedUp.recovered).toStrictEqual({
      count: 0,
      n: 0,
      share: null,
      low: null,
      high: null,
    });
    expect(r.laterNps.followedUp.nps).toBeNull();
    expect(r.laterNps.followedUp.n).toBe(0);
    expect(r.laterNps.difference).toBeNull();
    expect(JSON.parse(JSON.stringify(r))).toStrictEqual(r);
  });
});

describe('followUpRecovery(pairs): recovery rate with the Wilson interval', () => {
  // R 4.2.2, test/reference/followUpRecovery.R: prop.test(x, n, correct = FALSE)$conf.int.
  // By hand for 9/12 at z = 1.959964: centre = (0.75 + z²/24) / (1 + z²/12) = 0.689376,
  // half = z/(1 + z²/12)·√(0.75·0.25/12 + z²/576) = 0.221684 → [0.467692, 0.911060].
  it('followUpRecovery(pairs).recovery is x/n with the Wilson interval of R prop.test(correct = FALSE)', () => {
    const r = followUpRecovery(data);
    expect(r.recovery.method).toBe('wilson');
    expect(r.recovery.confidence).toBe(0.95);
    const f = r.recovery.followedUp;
    expect(f.recovered.count).toBe(9);
    expect(f.recovered.n).toBe(12);
    expect(f.recovered.share).toBe(0.75);
    expect(f.recovered.low).toBeCloseTo(0.46769466506643442, 12);
    expect(f.recovered.high).toBeCloseTo(0.91105833160594518, 12);
    expect(f.promoted.count).toBe(5);
    expect(f.promoted.share).toBe(5 / 12);
    expect(f.promoted.low).toBeCloseTo(0.19326031365875665, 12);
    expect(f.promoted.high).toBeCloseTo(0.68048868745045021, 12);
    const nf = r.recovery.notFollowedUp;
    expect(nf.recovered.share).toBe(0.4);
    expect(nf.recovered.low).toBeCloseTo(0.1681803297062362, 12);
    expect(nf.recovered.high).toBeCloseTo(0.68732623026634165, 12);
    expect(nf.promoted.low).toBeCloseTo(0.056682151454375274, 12);
    expect(nf.promoted.high).toBeCloseTo(0.509837528463358169, 12);
  });

  it('followUpRecovery(pairs, { confidence: 0.9 }) narrows the interval (R: [0.512662, 0.895347])', () => {
    const r = followUpRecovery(data, { confidence: 0.9 });
    expect(r.recovery.confidence).toBe(0.9);
    expect(r.recovery.followedUp.recovered.low).toBeCloseTo(0.51266196819675081, 12);
    expect(r.recovery.followedUp.recovered.high).toBeCloseTo(0.89534743442951081, 12);
  });

  it('followUpRecovery(pairs) at the boundaries: 0 of 7 → [0, 0.354330], 7 of 7 → [0.645670, 1] (R)', () => {
    const none = followUpRecovery(many(7, 3, 4, true)).recovery.followedUp.recovered;
    expect(none.share).toBe(0);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.35433043506668732, 12);
    const all = followUpRecovery(many(7, 3, 8, true)).recovery.followedUp.recovered;
    expect(all.share).toBe(1);
    expect(all.low).toBeCloseTo(0.64566956493331262, 12);
    expect(all.high).toBe(1);
  });

  it("followUpRecovery(pairs).recovery equals npsInterval's 'wilson' method mapped back by (nps + 100)/200", () => {
    // the one Wilson formula (src/kernels/proportion.ts) serves both
    const w = npsInterval(tallyFromCounts({ promoters: 9, passives: 0, detractors: 3 }), {
      method: 'wilson',
    });
    const f = followUpRecovery(data).recovery.followedUp.recovered;
    expect(f.low).toBeCloseTo((w.low + 100) / 200, 14);
    expect(f.high).toBeCloseTo((w.high + 100) / 200, 14);
  });
});

describe('followUpRecovery(pairs): later NPS of detractors, followed up vs not', () => {
  it('followUpRecovery(pairs).laterNps compares the later answers with compareNps, independent (R)', () => {
    const r = followUpRecovery(data);
    // followed-up detractors later: 5 P, 4 Pa, 3 D → NPS = 100·(5 − 3)/8 = 25 (base P + D)
    // not followed up later: 2 P, 2 Pa, 6 D → 100·(2 − 6)/8 = −50
    const a = r.laterNps.followedUp;
    const b = r.laterNps.notFollowedUp;
    expect(a.total).toStrictEqual(tallyFromCounts({ promoters: 5, passives: 4, detractors: 3 }));
    expect([a.n, a.baseN, a.nps]).toStrictEqual([12, 8, 25]);
    expect([b.n, b.baseN, b.nps]).toStrictEqual([10, 8, -50]);
    const ref = npsInterval(tallyFromCounts({ promoters: 5, passives: 4, detractors: 3 }));
    expect([a.low, a.high, a.se]).toStrictEqual([ref.low, ref.high, ref.se]);
    const d = r.laterNps.difference;
    // R: d 75, se 45.927932677184593, z 1.6329931618554519, p 0.10247043485974949
    expect(d?.difference).toBe(75);
    expect(d?.se).toBeCloseTo(45.927932677184593, 10);
    expect(d?.z).toBeCloseTo(1.632993161855452, 12);
    expect(d?.pValue).toBeCloseTo(0.10247043485974949, 12);
    expect(d?.significant).toBe(false);
    expect(d).toStrictEqual(
      compareNps(
        tallyFromCounts({ promoters: 5, passives: 4, detractors: 3 }),
        tallyFromCounts({ promoters: 2, passives: 2, detractors: 6 }),
      ),
    );
  });

  it('followUpRecovery(pairs).laterNps is stated as an observational comparison', () => {
    const r = followUpRecovery(data);
    expect(r.laterNps.design).toBe('observational');
    expect(r.laterNps.note).toMatch(/not followed up at random/);
    expect(r.laterNps.note).toMatch(/regression to the mean/);
  });

  it('followUpRecovery(pairs).laterNps.difference is null when one group has no detractors in the NPS base', () => {
    const r = followUpRecovery([...many(3, 2, 9, true), ...many(2, 9, 9, false)]);
    expect(r.laterNps.followedUp.nps).toBe(100);
    expect(r.laterNps.notFollowedUp.n).toBe(0);
    expect(r.laterNps.notFollowedUp.nps).toBeNull();
    expect(r.laterNps.difference).toBeNull();
  });
});

describe('followUpRecovery(pairs): reading', () => {
  it("followUpRecovery(pairs, { onInvalidScore: 'exclude' }) leaves out a pair with a bad score once, by its first bad score", () => {
    const r = followUpRecovery(
      [
        { before: 3, after: 9, followedUp: true },
        { before: null as unknown as number, after: 11, followedUp: true },
        { before: 4, after: 11, followedUp: false },
        { before: 2, after: 6, followedUp: false },
      ],
      { onInvalidScore: 'exclude' },
    );
    expect(r.n).toBe(2);
    expect(r.excludedN).toBe(2);
    expect(r.excluded).toStrictEqual([
      { reason: 'missing_score', nodeId: null, value: null, n: 1, firstIndex: 1 },
      { reason: 'invalid_score', nodeId: null, value: 11, n: 1, firstIndex: 2 },
    ]);
    expect(r.transitions.followedUp.rows[0].counts.promoter).toBe(1);
    expect(r.transitions.notFollowedUp.rows[0].counts.passive).toBe(1);
  });

  it('followUpRecovery(pairs, { coerce: true }) reads numeric strings; without it the error says so', () => {
    const pairs = [{ before: '3', after: ' 9 ', followedUp: true }] as unknown as RecoveryPair[];
    expect(followUpRecovery(pairs, { coerce: true }).recovery.followedUp.promoted.count).toBe(1);
    const e = thrown(() => followUpRecovery(pairs));
    expect(e.code).toBe('invalid_score');
    expect(e.path).toStrictEqual([0, 'before']);
    expect(e.message).toBe(
      'followUpRecovery: before score at index 0 must be an integer from 1 to 10 (ten-point scheme), received "3" (numbers arrive as strings: pass coerce: true)',
    );
  });

  it('followUpRecovery(pairs) names the field of a bad later score and lists the further problems', () => {
    const e = thrown(() =>
      followUpRecovery([
        { before: 3, after: 9, followedUp: true },
        { before: 3, after: 0, followedUp: true },
        { before: 3, after: 12, followedUp: false },
      ]),
    );
    expect(e.code).toBe('invalid_score');
    expect(e.index).toBe(1);
    expect(e.path).toStrictEqual([1, 'after']);
    expect(e.message).toMatch(/^followUpRecovery: after score at index 1 must be an integer/);
    expect(e.issues.map((i) => i.path)).toStrictEqual([
      [1, 'after'],
      [2, 'after'],
    ]);
  });

  it('followUpRecovery(bad input) throws NpsInputError with a code and the place', () => {
    const bad = (pairs: unknown, options?: unknown) =>
      thrown(() => followUpRecovery(pairs as RecoveryPair[], options as never));
    expect(bad('nope').code).toBe('invalid_input');
    expect(bad([null]).path).toStrictEqual([0]);
    const f = bad([{ before: 3, after: 4, followedUp: 'yes' }]);
    expect([f.code, f.path]).toStrictEqual(['invalid_input', [0, 'followedUp']]);
    expect(f.message).toBe(
      'followUpRecovery: followedUp at index 0 must be true or false, received "yes"',
    );
    expect(bad([{ before: 3, after: 4, followedUp: true, customerId: 7 }]).code).toBe('invalid_id');
    expect(bad([{ before: 3, after: 4, followedUp: true, nodeId: 7 }]).path).toStrictEqual([
      0,
      'nodeId',
    ]);
    const dup = bad([
      { before: 3, after: 4, followedUp: true, customerId: '__proto__' },
      { before: 2, after: 9, followedUp: false, customerId: 'c2' },
      { before: 5, after: 9, followedUp: false, customerId: '__proto__' },
    ]);
    expect([dup.code, dup.index, dup.path]).toStrictEqual(['duplicate_id', 2, [2, 'customerId']]);
    expect(dup.message).toMatch(/customerId "__proto__" at indexes 0 and 2/);
    expect(bad([], { confidence: 1 }).code).toBe('invalid_option');
    expect(bad([], { wieghts: [1] }).code).toBe('invalid_option');
    expect(bad([], { method: 'exact' }).code).toBe('invalid_option');
    expect(bad([], { onInvalidScore: 'skip' }).path).toStrictEqual(['onInvalidScore']);
    expect(bad([], { scheme: { scale: [1, 5] } }).code).toBe('invalid_scheme');
  });

  it('followUpRecovery(pairs) does not mutate its input', () => {
    const copy = structuredClone(data);
    followUpRecovery(data);
    expect(data).toStrictEqual(copy);
  });
});

describe('followUpRecovery(pairs): properties', () => {
  const pair = fc.record({
    before: fc.integer({ min: 1, max: 10 }),
    after: fc.integer({ min: 1, max: 10 }),
    followedUp: fc.boolean(),
  });
  const pairs = fc.array(pair, { maxLength: 60 });
  const matrices = (r: FollowUpRecoveryResult) => [
    r.transitions.followedUp,
    r.transitions.notFollowedUp,
  ];

  it('row shares sum to 1 and row counts to the row n', () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        for (const m of matrices(followUpRecovery(ps))) {
          for (const row of m.rows) {
            const c = row.counts;
            expect(c.detractor + c.passive + c.promoter).toBe(row.n);
            if (row.shares === null) expect(row.n).toBe(0);
            else
              expect(row.shares.detractor + row.shares.passive + row.shares.promoter).toBeCloseTo(
                1,
                12,
              );
          }
        }
      }),
    );
  });

  it('the followed and not-followed split adds up to the whole, cell by cell', () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const r = followUpRecovery(ps);
        expect(r.n).toBe(ps.length);
        expect(r.transitions.followedUp.n).toBe(ps.filter((p) => p.followedUp).length);
        // everyone as followed up: each cell is the sum of the two groups' cells
        const all = followUpRecovery(ps.map((p) => ({ ...p, followedUp: true })));
        all.transitions.followedUp.rows.forEach((row, i) => {
          const f = r.transitions.followedUp.rows[i];
          const nf = r.transitions.notFollowedUp.rows[i];
          expect(row.n).toBe((f?.n ?? 0) + (nf?.n ?? 0));
          for (const k of ['detractor', 'passive', 'promoter'] as const)
            expect(row.counts[k]).toBe((f?.counts[k] ?? 0) + (nf?.counts[k] ?? 0));
        });
      }),
    );
  });

  it('invariant to the order of the pairs', () => {
    fc.assert(
      fc.property(
        pairs.chain((ps) =>
          fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length })),
        ),
        ([ps, shuffled]) => {
          expect(followUpRecovery(shuffled)).toStrictEqual(followUpRecovery(ps));
        },
      ),
    );
  });

  it('the recovery interval holds the share, within [0, 1]; the later NPS matches compareNps', () => {
    fc.assert(
      fc.property(pairs, fc.double({ min: 0.5, max: 0.999, noNaN: true }), (ps, confidence) => {
        const r = followUpRecovery(ps, { confidence });
        for (const g of [r.recovery.followedUp, r.recovery.notFollowedUp]) {
          for (const p of [g.recovered, g.promoted]) {
            if (p.share === null) continue;
            expect(p.low).toBeGreaterThanOrEqual(0);
            expect(p.high).toBeLessThanOrEqual(1);
            expect(p.low).toBeLessThanOrEqual(p.share + 1e-12);
            expect(p.high).toBeGreaterThanOrEqual(p.share - 1e-12);
          }
        }
        const a = r.laterNps.followedUp.total;
        const b = r.laterNps.notFollowedUp.total;
        const d = r.laterNps.difference;
        if (d !== null) expect(d).toStrictEqual(compareNps(a, b, { confidence }));
      }),
    );
  });
});
