import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  type GamingSignalsOptions,
  type GamingUnit,
  gamingSignals,
} from '../../src/index.ts';
import { seededRandom } from '../../src/kernels/random.ts';
import { thrown } from '../_support/errors.ts';

const HOUR = 3_600_000;
const jan = (day: number, hour = 12) => Date.UTC(2025, 0, day, hour);

const flat = (ids: readonly string[]) =>
  buildHierarchy([
    { id: 'all', parentId: null },
    ...ids.map((id) => ({ id, parentId: 'all', level: 'store' })),
  ]);

interface Row {
  nodeId: string;
  score: number;
  at: number;
  customerId?: string;
}

const unit = (units: readonly GamingUnit[], id: string, period = 0): GamingUnit => {
  const u = units.find((x) => x.id === id && x.period === period);
  if (u === undefined) throw new Error(`no unit ${id}`);
  return u;
};

describe('gamingSignals: hand-computed cases', () => {
  // a: 12 answers, 5 tens and 7 eights (no detractor); b: 20 answers, 4 tens, 11 sevens, 5 threes
  const rows: Row[] = [];
  for (let d = 1; d <= 12; d++) rows.push({ nodeId: 'a', score: d <= 5 ? 10 : 8, at: jan(d) });
  for (let d = 1; d <= 20; d++) {
    rows.push({ nodeId: 'b', score: d <= 4 ? 10 : d <= 15 ? 7 : 3, at: jan(d, 13) });
  }
  const r = gamingSignals(flat(['a', 'b']), rows, { period: 'month', minSample: 10 });
  const a = unit(r.units, 'a');

  it('top-score share against the pooled siblings: one-sided Fisher exact test', () => {
    // R 4.2.2: fisher.test(matrix(c(5, 7, 4, 16), 2), alternative = "greater")$p.value
    //   = phyper(4, 9, 23, 12, lower.tail = FALSE) = 0.18008613559225348
    expect(a.topShare?.top).toBe(5);
    expect(a.topShare?.peerShare).toBe(0.2);
    expect(a.topShare?.peerN).toBe(20);
    expect(a.topShare?.pValue).toBeCloseTo(0.18008613559225348, 12);
  });

  it('no detractors over n: one-sided Fisher exact test against the peers', () => {
    // R 4.2.2: fisher.test(matrix(c(0, 12, 5, 15), 2), alternative = "less")$p.value
    //   = phyper(0, 5, 27, 12) = 0.076990306689972962
    expect(a.noDetractors?.peerShare).toBe(0.25);
    expect(a.noDetractors?.pValue).toBeCloseTo(0.076990306689972962, 14);
    // b has detractors: nothing to explain
    expect(unit(r.units, 'b').noDetractors?.pValue).toBe(1);
    // BH across the two tested units: q = min(1, 2 p) for the smaller p
    expect(a.noDetractors?.qValue).toBeCloseTo(2 * 0.076990306689972962, 14);
    expect(a.noDetractors?.flagged).toBe(false);
  });

  it('peers without a top score do not make one top score certain evidence (review of issue 12)', () => {
    // a: one 10 among 20 answers; b: no 10 among 20. The binomial against the peers' share
    // treated as known gave p = 0 (q = 0, flagged); the peers' share is an estimate.
    // R 4.2.2: phyper(0, 1, 39, 20, lower.tail = FALSE) = 0.5
    const s: Row[] = [];
    for (let d = 1; d <= 20; d++) {
      s.push({ nodeId: 'a', score: d === 1 ? 10 : 8, at: jan(d) });
      s.push({ nodeId: 'b', score: 8, at: jan(d, 13) });
    }
    const g = gamingSignals(flat(['a', 'b']), s, { period: 'month', minSample: 10 });
    expect(unit(g.units, 'a').topShare?.pValue).toBeCloseTo(0.5, 14);
    expect(unit(g.units, 'a').flags).toEqual([]);
  });

  it('the root has no peers and pools its subtree', () => {
    const all = unit(r.units, 'all');
    expect(all.n).toBe(32);
    // a: 12 promoters (10s and 8s); b: 4 promoters, 11 passives (7s), 5 detractors (3s)
    expect(all.total).toEqual({ promoters: 16, passives: 11, detractors: 5, n: 32 });
    expect(all.topShare).toBeNull();
    expect(all.noDetractors).toBeNull();
    expect(all.repeats).toBeNull();
  });

  it('below minSample nothing is tested', () => {
    const s = gamingSignals(flat(['a', 'b']), rows, { period: 'month', minSample: 13 });
    const sa = unit(s.units, 'a');
    expect(sa.n).toBe(12);
    expect([sa.topShare, sa.noDetractors, sa.periodEnd, sa.burst]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('a surge in the last days of the period: binomial against uniform arrival', () => {
    // 12 answers on Jan 1..12 (from midnight) scoring 5, then 8 on Jan 29..31 scoring 10;
    // endDays 3 of 31 days
    const s: Row[] = [];
    for (let d = 1; d <= 12; d++) s.push({ nodeId: 'a', score: 5, at: jan(d, 0) });
    for (let k = 0; k < 8; k++) s.push({ nodeId: 'a', score: 10, at: jan(29 + (k % 3), k) });
    const g = gamingSignals(flat(['a']), s, { period: 'month', minSample: 10 });
    const pe = unit(g.units, 'a').periodEnd;
    expect(pe?.endN).toBe(8);
    // the mean of the answers' equal probabilities, 3/31 up to rounding
    expect(pe?.expectedShare).toBeCloseTo(3 / 31, 15);
    // R 4.2.2: pbinom(7, 20, 3/31, lower.tail = FALSE) = 0.00033182526417723868
    expect(pe?.pValue).toBeCloseTo(0.00033182526417723868, 15);
    expect(pe?.endVsRest?.difference).toBe(200);
    // one unit a period per level: q = p, flagged
    expect(pe?.flagged).toBe(true);
    expect(unit(g.units, 'a').flags).toContain('periodEnd');
  });

  it('a store that opens mid-period is counted from its first answer, not flagged for a surge (review of issue 12)', () => {
    // b answers every day of January; a opens on Jan 25 (3 answers a day, Jan 25..31). Against
    // the whole month a looked crowded at its end (p = 8e-5, flagged, and so was the parent).
    const mix = [10, 8, 7, 3, 9];
    const s: Row[] = [];
    for (let d = 1; d <= 31; d++) s.push({ nodeId: 'b', score: mix[d % 5] as number, at: jan(d) });
    for (let d = 25; d <= 31; d++) {
      for (let k = 0; k < 3; k++) {
        s.push({ nodeId: 'a', score: mix[(d + k) % 5] as number, at: jan(d, 9 + 3 * k) });
      }
    }
    const g = gamingSignals(flat(['a', 'b']), s, { period: 'month', minSample: 10 });
    const a = unit(g.units, 'a').periodEnd;
    // a's span: Jan 25 09:00 to Feb 1, 159 hours, of which the last 72 are the end window
    expect(a?.endN).toBe(9);
    expect(a?.expectedShare).toBeCloseTo(72 / 159, 14);
    // R 4.2.2: pbinom(8, 21, 72/159, lower.tail = FALSE) = 0.66831913384680153
    expect(a?.pValue).toBeCloseTo(0.66831913384680153, 12);
    // b's span starts at its first answer, Jan 1 12:00: 72 of 732 hours
    expect(unit(g.units, 'b').periodEnd?.expectedShare).toBeCloseTo(72 / 732, 14);
    // the parent: the mean of its answers' expected shares, (31 · 72/732 + 21 · 72/159) / 52
    // (a binomial with the mean of the answers' probabilities: conservative)
    const all = unit(g.units, 'all').periodEnd;
    expect(all?.expectedShare).toBeCloseTo((31 * (72 / 732) + 21 * (72 / 159)) / 52, 14);
    // R 4.2.2: pbinom(11, 52, 0.2415118132717885, lower.tail = FALSE) = 0.62449052219702195
    expect(all?.pValue).toBeCloseTo(0.62449052219702195, 12);
    expect(g.units.filter((u) => u.flags.includes('periodEnd'))).toEqual([]);
  });

  it('a far-tail surge keeps its p-value instead of rounding to 0 (review of issue 12)', () => {
    // a answers once at the start of January, then 30 times in its last 3 of 31 days.
    // R 4.2.2: pbinom(29, 31, 3/31, lower.tail = FALSE) = 1.0506142516388918e-29
    const s: Row[] = [{ nodeId: 'a', score: 9, at: jan(1, 0) }];
    for (let k = 0; k < 30; k++) s.push({ nodeId: 'a', score: 10, at: jan(29 + (k % 3), k % 24) });
    const g = gamingSignals(flat(['a']), s, { period: 'month', minSample: 10 });
    const pe = unit(g.units, 'a').periodEnd;
    expect(pe?.endN).toBe(30);
    expect(pe?.expectedShare).toBeCloseTo(3 / 31, 15);
    expect((pe?.pValue ?? 0) / 1.0506142516388918e-29).toBeCloseTo(1, 12);
  });

  it('a period the data starts inside is counted from the first response', () => {
    // answers every day from Jan 20 12:00 to Jan 31 12:00: uniform over the observed span
    const s: Row[] = [];
    for (let d = 20; d <= 31; d++) s.push({ nodeId: 'a', score: 9, at: jan(d) });
    const g = gamingSignals(flat(['a']), s, { period: 'month', minSample: 10 });
    const pe = unit(g.units, 'a').periodEnd;
    // the last 3 days (from Jan 29 00:00) of the span from Jan 20 12:00 to Feb 1 00:00
    expect(pe?.expectedShare).toBeCloseTo(3 / 11.5, 14);
    expect(pe?.endN).toBe(3);
    expect(pe?.flagged).toBe(false);
  });

  it('identical answers in a burst: permutation p-value of the longest run', () => {
    // 10, 10, 10, 5, 5 within minutes: of the 5!/(3!·2!) = 10 orders, 3 keep the three 10s
    // together, so P(longest run ≥ 3) = 0.3 exactly; the seeded test estimates it.
    const s: Row[] = [10, 10, 10, 5, 5].map((score, k) => ({
      nodeId: 'a',
      score,
      at: jan(3) + k * 60_000,
    }));
    const g = gamingSignals(flat(['a']), s, {
      period: 'month',
      minSample: 1,
      permutations: 20_000,
      seed: 7,
    });
    const b = unit(g.units, 'a').burst;
    expect(b?.longestRun).toBe(3);
    expect(b?.score).toBe(10);
    expect(b?.firstIndex).toBe(0);
    expect(b?.pValue).toBeGreaterThan(0.29);
    expect(b?.pValue).toBeLessThan(0.31);
    // answers two hours apart are no burst (default burstMinutes 60)
    const far = s.map((x, k) => ({ ...x, at: jan(3) + k * 2 * HOUR }));
    const g2 = gamingSignals(flat(['a']), far, { period: 'month', minSample: 1 });
    expect(unit(g2.units, 'a').burst?.longestRun).toBe(1);
    expect(unit(g2.units, 'a').burst?.pValue).toBe(1);
  });

  it('bursts compare ratings too, and only among the answers of the unit itself', () => {
    const s = [1, 2, 3, 4].map((k) => ({
      nodeId: 'a',
      score: 9,
      at: jan(3) + k * 60_000,
      ratings: { speed: k === 3 ? 2 : 5, staff: 4 },
    }));
    const g = gamingSignals(flat(['a']), s, { period: 'month', minSample: 1 });
    // the third answer rates speed differently: runs of 2 and 1
    expect(unit(g.units, 'a').burst?.longestRun).toBe(2);
    // the key order of ratings does not matter
    const same = s.map((x) => ({ ...x, ratings: { staff: 4, speed: 5 } }));
    const g2 = gamingSignals(flat(['a']), same, { period: 'month', minSample: 1 });
    expect(unit(g2.units, 'a').burst?.longestRun).toBe(4);
    // a Map of ratings, and BigInt or cyclic values, read without a raw error
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const odd = same.map((x, k) => ({
      ...x,
      ratings: k < 2 ? new Map([['staff', 4]]) : { staff: 10n, note: cyclic },
    }));
    const g3 = gamingSignals(flat(['a']), odd as never, { period: 'month', minSample: 1 });
    expect(unit(g3.units, 'a').burst?.longestRun).toBe(2);
    // the root has no answers of its own
    expect(unit(g2.units, 'all').burst).toBeNull();
  });

  it('same seed, same result', () => {
    const o: GamingSignalsOptions = { period: 'month', minSample: 1, seed: 11 };
    expect(gamingSignals(flat(['a', 'b']), rows, o)).toEqual(
      gamingSignals(flat(['a', 'b']), rows, o),
    );
  });
});

describe('gamingSignals: repeated respondents', () => {
  // customer x on Jan 1, Jan 5 and Feb 9 (window 30 days): Jan 5 repeats Jan 1; Feb 9 is 35 days
  // after Jan 5, no repeat. y once.
  const rows: Row[] = [
    { nodeId: 'a', score: 9, at: jan(1), customerId: 'x' },
    { nodeId: 'a', score: 10, at: jan(5), customerId: 'x' },
    { nodeId: 'a', score: 10, at: jan(40), customerId: 'x' },
    { nodeId: 'a', score: 6, at: jan(7), customerId: 'y' },
  ];
  const base: GamingSignalsOptions = { period: 'month', minSample: 1 };

  it('counts repeats and keeps them by default', () => {
    const r = gamingSignals(flat(['a']), rows, base);
    expect(unit(r.units, 'a', 0).repeats).toEqual({ repeats: 1, share: 1 / 3, removed: 0 });
    expect(unit(r.units, 'a', 0).n).toBe(3);
    expect(unit(r.units, 'a', 1).repeats).toEqual({ repeats: 0, share: 0, removed: 0 });
    expect(r.excludedN).toBe(0);
  });

  it('keep-first removes the later answer, keep-last the earlier, into excluded', () => {
    const first = gamingSignals(flat(['a']), rows, { ...base, dedupe: 'keep-first' });
    expect(first.excluded).toEqual([
      { reason: 'duplicate_respondent', nodeId: 'a', n: 1, firstIndex: 1 },
    ]);
    expect(unit(first.units, 'a').n).toBe(2);
    expect(unit(first.units, 'a').total.passives).toBe(1);
    expect(unit(first.units, 'a').total.promoters).toBe(1);
    const last = gamingSignals(flat(['a']), rows, { ...base, dedupe: 'keep-last' });
    expect(last.excluded).toEqual([
      { reason: 'duplicate_respondent', nodeId: 'a', n: 1, firstIndex: 0 },
    ]);
    expect(last.excludedN).toBe(1);
    expect(unit(last.units, 'a').repeats?.removed).toBe(1);
  });

  it('a shorter window finds no repeat', () => {
    const r = gamingSignals(flat(['a']), rows, { ...base, repeatWindowDays: 3 });
    expect(unit(r.units, 'a').repeats?.repeats).toBe(0);
  });

  it('columns with a dictionary customerId column give the same counts', () => {
    const cols = {
      nodeId: rows.map((x) => x.nodeId),
      score: rows.map((x) => x.score),
      at: rows.map((x) => x.at),
      customerId: { codes: Int32Array.from([0, 0, 0, 1]), values: ['x', 'y'] },
    };
    const r = gamingSignals(flat(['a']), cols, { ...base, dedupe: 'keep-first' });
    expect(r.excluded).toEqual([
      { reason: 'duplicate_respondent', nodeId: 'a', n: 1, firstIndex: 1 },
    ]);
  });

  it('property: keep-first removes only repeats, and every answer is kept or excluded', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ c: fc.integer({ min: 0, max: 3 }), day: fc.integer({ min: 1, max: 90 }) }),
          { minLength: 1, maxLength: 30 },
        ),
        (xs) => {
          const rs = xs.map((x) => ({
            nodeId: 'a',
            score: 8,
            at: jan(x.day),
            customerId: `c${String(x.c)}`,
          }));
          const o: GamingSignalsOptions = {
            period: 'year',
            minSample: 1,
            repeatWindowDays: 10,
            dedupe: 'keep-first',
          };
          const d = gamingSignals(flat(['a']), rs, o);
          const a = unit(d.units, 'a');
          expect(a.n + d.excludedN).toBe(rs.length);
          expect(a.repeats?.removed).toBe(d.excludedN);
          expect(a.repeats?.removed ?? 0).toBeLessThanOrEqual(a.repeats?.repeats ?? 0);
          // one answer per customer is always kept
          expect(a.n).toBeGreaterThanOrEqual(new Set(xs.map((x) => x.c)).size);
        },
      ),
      { numRuns: 50 },
    );
  });
});

/** Scores on 1..10 from an honest store's distribution. */
const HONEST = [0.03, 0.02, 0.03, 0.04, 0.08, 0.1, 0.15, 0.2, 0.17, 0.18];
function draw(random: () => number, probs: readonly number[]): number {
  let u = random();
  for (let s = 0; s < probs.length; s++) {
    u -= probs[s] ?? 0;
    if (u < 0) return s + 1;
  }
  return probs.length;
}

/** A month of answers from `stores` honest stores (uniform arrival in January 2025). */
function honestMonth(random: () => number, stores: number, perStore: number): Row[] {
  const rows: Row[] = [];
  const start = Date.UTC(2025, 0, 1);
  const span = 31 * 24 * HOUR;
  for (let s = 0; s < stores; s++) {
    for (let k = 0; k < perStore; k++) {
      rows.push({
        nodeId: `s${String(s)}`,
        score: draw(random, HONEST),
        at: start + Math.floor(random() * span),
      });
    }
  }
  return rows;
}

describe('gamingSignals: seeded simulations', () => {
  const stores = Array.from({ length: 20 }, (_, s) => `s${String(s)}`);
  const h = flat(stores);

  it('a store that inflates scores at period end is found', () => {
    const random = seededRandom(2025);
    const rows = honestMonth(random, 20, 60);
    // s7 adds 25 answers of 10 in the last three days of January
    for (let k = 0; k < 25; k++) {
      rows.push({
        nodeId: 's7',
        score: 10,
        at: Date.UTC(2025, 0, 29) + Math.floor(random() * 3 * 24 * HOUR),
      });
    }
    const r = gamingSignals(h, rows, { period: 'month', permutations: 99, seed: 1 });
    const s7 = unit(r.units, 's7');
    expect(s7.flags).toContain('periodEnd');
    expect(s7.periodEnd?.endVsRest?.difference).toBeGreaterThan(0);
    // the honest stores are not flagged for it
    const others = r.units.filter((u) => u.depth === 1 && u.id !== 's7');
    expect(others.filter((u) => u.periodEnd?.flagged === true)).toEqual([]);
  });

  it('honest stores with few, small peers: top-share and no-detractor p-values stay valid (review of issue 12)', () => {
    // two sibling stores of 20 answers, 8 % tens and 6 % detractors: with the peers' share
    // taken as known, 18 % of the top-share p-values were ≤ 0.05 and 16 % were exactly 0
    const random = seededRandom(7);
    const h2 = flat(['a', 'b']);
    let tested = 0;
    const below = { topShare: 0, noDetractors: 0 };
    for (let run = 0; run < 200; run++) {
      const rows: Row[] = [];
      for (const nodeId of ['a', 'b']) {
        for (let i = 0; i < 20; i++) {
          const u = random();
          const score = u < 0.08 ? 10 : u < 0.9 ? 8 : u < 0.96 ? 3 : 9;
          rows.push({ nodeId, score, at: jan(1 + (i % 28)) });
        }
      }
      const r = gamingSignals(h2, rows, { period: 'month', permutations: 1 });
      for (const u of r.units) {
        if (u.depth !== 1) continue;
        tested++;
        if ((u.topShare?.pValue ?? 1) <= 0.05) below.topShare++;
        if ((u.noDetractors?.pValue ?? 1) <= 0.05) below.noDetractors++;
      }
    }
    expect(tested).toBe(400);
    // valid one-sided tests: P(p ≤ 0.05) ≤ 0.05; 400 tests give a binomial SD of about 0.011
    expect(below.topShare / tested).toBeLessThan(0.07);
    expect(below.noDetractors / tested).toBeLessThan(0.07);
  });

  it('honest stores: p-values at about the nominal rate, BH flags rare', () => {
    const random = seededRandom(99);
    let tested = 0;
    const below = { topShare: 0, noDetractors: 0, periodEnd: 0, burst: 0 };
    let flagged = 0;
    const runs = 25;
    for (let run = 0; run < runs; run++) {
      const rows = honestMonth(random, 20, 60);
      const r = gamingSignals(h, rows, { period: 'month', permutations: 99, seed: run });
      for (const u of r.units) {
        if (u.depth !== 1) continue;
        tested++;
        if ((u.topShare?.pValue ?? 1) <= 0.05) below.topShare++;
        if ((u.noDetractors?.pValue ?? 1) <= 0.05) below.noDetractors++;
        if ((u.periodEnd?.pValue ?? 1) <= 0.05) below.periodEnd++;
        if ((u.burst?.pValue ?? 1) <= 0.05) below.burst++;
        flagged += u.flags.length;
      }
    }
    expect(tested).toBe(runs * 20);
    // valid one-sided tests: P(p ≤ 0.05) ≤ 0.05 (the binomial ones conservative by
    // discreteness); 500 tests give a binomial SD of about 0.01
    expect(below.topShare / tested).toBeLessThan(0.08);
    expect(below.periodEnd / tested).toBeLessThan(0.08);
    expect(below.periodEnd / tested).toBeGreaterThan(0.01);
    expect(below.burst / tested).toBeLessThan(0.08);
    // honest stores always have detractors at n = 60 with a 12 % detractor share
    expect(below.noDetractors).toBe(0);
    // BH at 5 %: under the null, flags in at most a few of the 4 × 25 families
    expect(flagged).toBeLessThanOrEqual(10);
  });
});

describe('gamingSignals: errors', () => {
  const rows: Row[] = [{ nodeId: 'a', score: 9, at: jan(1) }];
  it('refuses tallies', () => {
    const e = thrown(() =>
      gamingSignals(
        flat(['a']),
        [{ nodeId: 'a', at: jan(1), tally: { promoters: 1, passives: 0, detractors: 0 } }],
        { period: 'month' },
      ),
    );
    expect(e.code).toBe('invalid_input');
  });
  it('validates options', () => {
    expect(
      thrown(() => gamingSignals(flat(['a']), rows, { period: 'fortnight' } as never)).code,
    ).toBe('invalid_option');
    const bad = { period: 'month', dedupe: 'keep-best' } as unknown as GamingSignalsOptions;
    expect(thrown(() => gamingSignals(flat(['a']), rows, bad)).code).toBe('invalid_option');
    const e = thrown(() => gamingSignals(flat(['a']), rows, { period: 'month', topScore: 11 }));
    expect(e.code).toBe('invalid_option');
    expect(e.path).toEqual(['topScore']);
    expect(
      thrown(() => gamingSignals(flat(['a']), rows, { period: 'month', seed: 1.5 })).code,
    ).toBe('invalid_option');
  });
  it('needs dates and known nodes', () => {
    expect(
      thrown(() => gamingSignals(flat(['a']), [{ nodeId: 'a', score: 9 }], { period: 'month' }))
        .code,
    ).toBe('invalid_date');
    expect(
      thrown(() =>
        gamingSignals(flat(['a']), [{ nodeId: 'z', score: 9, at: jan(1) }], { period: 'month' }),
      ).code,
    ).toBe('unknown_node');
    const r = gamingSignals(flat(['a']), [{ nodeId: 'z', score: 9, at: jan(1) }, ...rows], {
      period: 'month',
      onUnknownNode: 'exclude',
    });
    expect(r.excluded).toEqual([{ reason: 'unknown_node', nodeId: 'z', n: 1, firstIndex: 0 }]);
  });
});
