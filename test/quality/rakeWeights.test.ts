import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  nps,
  type RakeWeightsResult,
  rakeWeights,
  rollup,
  tally,
} from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';

/** Every entry of `actual` within `tol` (absolute) of `expected`. */
function expectClose(actual: readonly number[], expected: readonly number[], tol = 1e-8): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(...actual.map((a, i) => Math.abs(a - (expected[i] as number))));
  expect(worst).toBeLessThanOrEqual(tol);
}

/** The weighted share of each category of `variable`. */
function sharesOf(rows: readonly Record<string, string>[], w: readonly number[], variable: string) {
  const sums = new Map<string, number>();
  let total = 0;
  rows.forEach((r, i) => {
    const c = r[variable] as string;
    sums.set(c, (sums.get(c) ?? 0) + (w[i] as number));
    total += w[i] as number;
  });
  return new Map([...sums].map(([k, v]) => [k, v / total]));
}

const rowsOf = (cols: Record<string, string[]>): Record<string, string>[] => {
  const keys = Object.keys(cols);
  const n = (cols[keys[0] as string] as string[]).length;
  return Array.from({ length: n }, (_, i) =>
    Object.fromEntries(keys.map((k) => [k, (cols[k] as string[])[i] as string])),
  );
};

// Designs and weights from test/reference/rake.R (R survey::rake, survey 4.1.1).
const design1 = rowsOf({
  region: 'north north north north north north north south south south south south'.split(' '),
  age: 'young young young mid mid old old young mid old old old'.split(' '),
});
const margins1 = {
  region: { north: 0.45, south: 0.55 },
  age: { young: 0.3, mid: 0.3, old: 0.4 },
};
const r1 = [
  0.745590925908459, 0.745590925908459, 0.745590925908459, 0.940344310713318, 0.940344310713318,
  0.641269300424, 0.641269300424, 1.36322722227462, 1.71931137857336, 1.17248713305067,
  1.17248713305067, 1.17248713305067,
];

const design2 = rowsOf({
  region: Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 'north' : 'south')),
  age: 'young young mid old old mid young old mid mid young old old young mid old'.split(' '),
  channel: 'web store web web store store web store web store store web web web store store'.split(
    ' ',
  ),
});
const start2 = [1, 2, 1.5, 0.5, 3, 1, 1, 2, 2.5, 1, 0.8, 1.2, 1, 2, 1, 0.7];
const margins2 = {
  region: { north: 0.48, south: 0.52 },
  age: { young: 0.25, mid: 0.35, old: 0.4 },
  channel: { web: 0.6, store: 0.4 },
};
const r2 = [
  0.773025831508079, 1.27308543351703, 1.88695515133391, 0.925783784516505, 1.89294789109527,
  1.03586668515187, 0.773025831508079, 1.96166685344483, 3.14492525222319, 1.03586668515187,
  0.327596826794279, 2.22188108283961, 1.19113698939808, 2.40326607667254, 0.666386226139162,
  0.68658339870569,
];

describe('rakeWeights(rows, { margins }): equal to R survey::rake', () => {
  it('two margins, unit starting weights (design 1)', () => {
    const r = rakeWeights(design1, { margins: margins1 });
    expect(r.converged).toBe(true);
    expect(r.maxError).toBeLessThanOrEqual(1e-10);
    expectClose(r.weights, r1);
    // Σw kept at n, and every margin met
    expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(12, 10);
    expect(sharesOf(design1, r.weights, 'age').get('old')).toBeCloseTo(0.4, 10);
  });

  it('three margins, unequal starting weights (design 2)', () => {
    const r = rakeWeights(design2, { margins: margins2, weights: start2 });
    expect(r.converged).toBe(true);
    expectClose(r.weights, r2);
    const sum = start2.reduce((a, b) => a + b, 0);
    expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(sum, 9);
  });

  it('the same with targets given as population totals: weights sum to the population', () => {
    const total = start2.reduce((a, b) => a + b, 0);
    const totals = Object.fromEntries(
      Object.entries(margins2).map(([v, m]) => [
        v,
        Object.fromEntries(Object.entries(m).map(([c, s]) => [c, s * 1000])),
      ]),
    );
    const r = rakeWeights(design2, { margins: totals, targets: 'totals', weights: start2 });
    expectClose(
      r.weights,
      r2.map((w) => (w * 1000) / total),
      1e-6,
    );
    expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1000, 6);
  });

  it('a design that cannot converge (confounded variables) is reported, with R’s weights after the same passes', () => {
    const rows = rowsOf({
      region: ['north', 'north', 'south', 'south', 'south'],
      age: ['young', 'young', 'old', 'old', 'old'],
    });
    const r = rakeWeights(rows, {
      margins: { region: { north: 0.4, south: 0.6 }, age: { young: 0.6, old: 0.4 } },
      maxIterations: 5,
    });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(5);
    // the last margin (age) is met; region is 0.6 north against 0.4 wanted
    expect(r.maxError).toBeCloseTo(0.2, 12);
    expectClose(r.weights, [1.5, 1.5, 0.666666666666667, 0.666666666666667, 0.666666666666667]);
  });

  it('a design that converges only in the limit: R warns after 20 passes, so does rakeWeights', () => {
    const rows = rowsOf({
      region: ['north', 'north', 'south', 'south', 'south', 'south'],
      age: ['young', 'young', 'young', 'young', 'old', 'old'],
    });
    const margins = { region: { north: 0.5, south: 0.5 }, age: { young: 0.5, old: 0.5 } };
    const r = rakeWeights(rows, { margins, maxIterations: 20 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(20);
    expectClose(
      r.weights,
      [1.46341463414634, 1.46341463414634, 0.0365853658536586, 0.0365853658536586, 1.5, 1.5],
    );
    // with more passes it gets closer (the young southerners' weight → 0 like 1/passes)
    const long = rakeWeights(rows, { margins, maxIterations: 2000 });
    expect(long.converged).toBe(false);
    expect(long.maxError).toBeLessThan(r.maxError / 50);
    const loose = rakeWeights(rows, { margins, tolerance: 1e-3 });
    expect(loose.converged).toBe(true);
    expect(loose.maxError).toBeLessThanOrEqual(1e-3);
  });
});

describe('rakeWeights: hand-computed results', () => {
  const rows = [{ region: 'north' }, { region: 'north' }, { region: 'north' }, { region: 'south' }];

  it('one margin is post-stratification: one pass, weight = target × n / category count', () => {
    const r = rakeWeights(rows, { margins: { region: { north: 0.5, south: 0.5 } } });
    expectClose(r.weights, [2 / 3, 2 / 3, 2 / 3, 2], 1e-15);
    expect(r.iterations).toBe(1);
    expect(r.converged).toBe(true);
    // Kish: Σw = 4, Σw² = 3·4/9 + 4 = 16/3, effective n = 16 / (16/3) = 3, deff = 4/3
    expect(r.effectiveN).toBeCloseTo(3, 14);
    expect(r.designEffect).toBeCloseTo(4 / 3, 14);
    expect(r.n).toBe(4);
    expect(r.margins).toEqual([
      {
        variable: 'region',
        categories: [
          { category: 'north', target: 0.5, achieved: 0.5, initial: 0.75, respondents: 3 },
          { category: 'south', target: 0.5, achieved: 0.5, initial: 0.25, respondents: 1 },
        ],
      },
    ]);
  });

  it('a category with target 0 gets weight 0 and does not count in n', () => {
    const r = rakeWeights(rows, { margins: { region: { north: 1, south: 0 } } });
    expect(r.weights).toEqual([4 / 3, 4 / 3, 4 / 3, 0]);
    expect(r.n).toBe(3);
    expect(r.designEffect).toBeCloseTo(1, 14);
  });

  it('margins and categories may be Maps, and ids like __proto__ are data', () => {
    const r = rakeWeights([{ k: '__proto__' }, { k: 'constructor' }, { k: 'constructor' }], {
      margins: new Map([
        [
          'k',
          new Map([
            ['__proto__', 0.5],
            ['constructor', 0.5],
          ]),
        ],
      ]),
    });
    expectClose(r.weights, [1.5, 0.75, 0.75], 1e-15);
  });

  it('numeric categories are matched by their decimal text', () => {
    const r = rakeWeights([{ band: 1 }, { band: 2 }, { band: 2 }], {
      margins: { band: { '1': 0.5, '2': 0.5 } },
    });
    expectClose(r.weights, [1.5, 0.75, 0.75], 1e-15);
  });

  it('rows of weight 0 keep 0 and do not count as respondents', () => {
    const r = rakeWeights([...rows, { region: 'south' }], {
      margins: { region: { north: 0.5, south: 0.5 } },
      weights: [1, 1, 1, 1, 0],
    });
    expect(r.weights[4]).toBe(0);
    expect(r.n).toBe(4);
    expect(r.margins[0]?.categories[1]?.respondents).toBe(1);
  });
});

describe('rakeWeights: trimming', () => {
  it('an upper cap that the margins cannot live with is reported as non-convergence', () => {
    const rows = [{ r: 'a' }, { r: 'a' }, { r: 'a' }, { r: 'a' }, { r: 'b' }];
    // b needs weight 2.5 (half of 5); capped at 1.5 × mean it can never get there
    const r = rakeWeights(rows, {
      margins: { r: { a: 0.5, b: 0.5 } },
      trim: { upper: 1.5 },
      maxIterations: 50,
    });
    expect(r.converged).toBe(false);
    expect(r.trimmed).toBe(1);
    // the cap is 1.5 × the mean weight aimed at (population 5 / 5 respondents)
    expect(Math.max(...r.weights)).toBe(1.5);
  });

  it('maxError is measured against the population the weights aim at, not the trimmed sum (review of issue 12)', () => {
    const rows = [{ r: 'a' }, { r: 'a' }, { r: 'a' }, { r: 'a' }, { r: 'b' }];
    const r = rakeWeights(rows, {
      margins: { r: { a: 0.5, b: 0.5 } },
      trim: { upper: 1.5 },
      maxIterations: 50,
    });
    // population 5 (the starting weights' sum); the clipped weights sum to less
    const sum = r.weights.reduce((x, y) => x + y, 0);
    expect(sum).toBeLessThan(5);
    const b = r.weights[4] as number;
    expect(r.maxError).toBeCloseTo(Math.abs(b / 5 - 0.5), 14);
    // `achieved` is the share of the weights themselves: b / Σw, a smaller gap
    expect(r.margins[0]?.categories[1]?.achieved).toBeCloseTo(b / sum, 14);
    expect(Math.abs(b / sum - 0.5)).toBeLessThan(r.maxError);
  });

  it('with bounds the margins allow, raking converges inside the bounds', () => {
    const r = rakeWeights(design1, { margins: margins1, trim: { lower: 0.5, upper: 1.6 } });
    expect(r.converged).toBe(true);
    expect(r.trimmed).toBeGreaterThan(0);
    const mean = r.weights.reduce((a, b) => a + b, 0) / r.weights.length;
    expect(Math.max(...r.weights) / mean).toBeLessThanOrEqual(1.6 + 1e-8);
    expect(Math.min(...r.weights) / mean).toBeGreaterThanOrEqual(0.5 - 1e-8);
    // untrimmed raking went above the cap (1.719 > 1.6 × 1)
    expect(Math.max(...r1)).toBeGreaterThan(1.6);
    expect(sharesOf(design1, r.weights, 'region').get('north')).toBeCloseTo(0.45, 9);
    expect(sharesOf(design1, r.weights, 'age').get('young')).toBeCloseTo(0.3, 9);
  });

  it('bounds wider than the weights change nothing', () => {
    const r = rakeWeights(design1, { margins: margins1, trim: { lower: 0.1, upper: 10 } });
    expect(r.trimmed).toBe(0);
    expectClose(r.weights, r1);
  });
});

describe('rakeWeights: the weights feed the weighted functions', () => {
  it('tally(scores, { weights }) and rollup rows with weight accept them', () => {
    const scores = [10, 9, 3, 10, 6, 8, 2, 9, 10, 1, 7, 9];
    const r = rakeWeights(design1, { margins: margins1 });
    const t = tally(scores, { weights: r.weights });
    expect(t.weights?.promoters).toBeCloseTo(
      scores.reduce((a, s, i) => a + (s >= 8 ? (r.weights[i] as number) : 0), 0),
      12,
    );
    const h = buildHierarchy([
      { id: 'all', parentId: null },
      { id: 'n', parentId: 'all' },
      { id: 's', parentId: 'all' },
    ]);
    const rows = design1.map((d, i) => ({
      nodeId: d.region === 'north' ? 'n' : 's',
      score: scores[i] as number,
      weight: r.weights[i] as number,
    }));
    const root = rollup(h, rows).nodes.find((x) => x.id === 'all');
    expect(root?.nps).toBeCloseTo(nps(t), 10);
  });
});

describe('rakeWeights: properties', () => {
  const variables = ['a', 'b', 'c'] as const;
  // rows with every category of every variable present, plus random ones
  const design = fc
    .record({
      levels: fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 3 })),
      extra: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.double({ min: 0.2, max: 5, noNaN: true })), {
        minLength: 0,
        maxLength: 30,
      }),
      shares: fc.tuple(
        fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
      ),
    })
    .map(({ levels, extra, shares }) => {
      const [la, lb] = levels;
      const rows: Record<string, string>[] = [];
      const weights: number[] = [];
      // a full crossing, so that any margins can be met
      for (let i = 0; i < la; i++) {
        for (let j = 0; j < lb; j++) {
          rows.push({ x: variables[0] + String(i), y: variables[1] + String(j) });
          weights.push(1);
        }
      }
      for (const [i, j, w] of extra) {
        rows.push({ x: variables[0] + String(i % la), y: variables[1] + String(j % lb) });
        weights.push(w);
      }
      const norm = (v: number[]) => {
        const s = v.reduce((p, q) => p + q, 0);
        return v.map((x) => x / s);
      };
      const sa = norm(shares[0].slice(0, la));
      const sb = norm(shares[1].slice(0, lb));
      const margins = {
        x: Object.fromEntries(sa.map((s, i) => [variables[0] + String(i), s])),
        y: Object.fromEntries(sb.map((s, j) => [variables[1] + String(j), s])),
      };
      return { rows, weights, margins };
    });

  it('with a full crossing it converges, meets every margin and keeps Σw', () => {
    fc.assert(
      fc.property(design, ({ rows, weights, margins }) => {
        const r = rakeWeights(rows, { margins, weights });
        expect(r.converged).toBe(true);
        for (const [v, m] of Object.entries(margins)) {
          const got = sharesOf(rows, r.weights, v);
          for (const [c, s] of Object.entries(m)) expect(got.get(c)).toBeCloseTo(s, 8);
        }
        const sum = (a: readonly number[]) => a.reduce((p, q) => p + q, 0);
        expect(sum(r.weights)).toBeCloseTo(sum(weights), 8);
        expect(r.designEffect).toBeGreaterThanOrEqual(1 - 1e-12);
        expect(r.effectiveN).toBeLessThanOrEqual(r.n + 1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('scaling the starting weights scales the raked weights; reordering rows reorders them', () => {
    fc.assert(
      fc.property(design, fc.double({ min: 0.01, max: 100, noNaN: true }), (d, k) => {
        const base: RakeWeightsResult = rakeWeights(d.rows, {
          margins: d.margins,
          weights: d.weights,
        });
        const scaled = rakeWeights(d.rows, {
          margins: d.margins,
          weights: d.weights.map((w) => w * k),
        });
        expectClose(
          scaled.weights.map((w) => w / k),
          base.weights,
          1e-7,
        );
        expect(scaled.designEffect).toBeCloseTo(base.designEffect, 8);
        const order = d.rows.map((_, i) => i).reverse();
        const rev = rakeWeights(
          order.map((i) => d.rows[i] as Record<string, string>),
          { margins: d.margins, weights: order.map((i) => d.weights[i] as number) },
        );
        expectClose(
          rev.weights,
          order.map((i) => base.weights[i] as number),
          1e-7,
        );
      }),
      { numRuns: 40 },
    );
  });
});

describe('rakeWeights: bad input', () => {
  const rows = [{ region: 'north' }, { region: 'south' }];
  const margins = { region: { north: 0.5, south: 0.5 } };

  it('a row whose category is not in the margin: unknown_category at [index, variable], with a suggestion', () => {
    const e = thrown(() => rakeWeights([...rows, { region: 'nrth' }], { margins }));
    expect(e.code).toBe('unknown_category');
    expect(e.index).toBe(2);
    expect(e.path).toEqual([2, 'region']);
    expect(e.message).toContain('did you mean "north"?');
    const missing = thrown(() => rakeWeights([{ age: 'x' }], { margins }));
    expect(missing.code).toBe('unknown_category');
    expect(missing.message).toContain('undefined');
  });

  it('a margin category with no respondent: empty_category naming it', () => {
    const e = thrown(() =>
      rakeWeights(rows, { margins: { region: { north: 0.4, south: 0.4, east: 0.2 } } }),
    );
    expect(e.code).toBe('empty_category');
    expect(e.path).toEqual(['margins', 'region', 'east']);
    expect(e.message).toContain('margins.region.east');
    // respondents only of weight 0 count as none
    const z = thrown(() => rakeWeights(rows, { margins, weights: [1, 0] }));
    expect(z.code).toBe('empty_category');
    expect(z.path).toEqual(['margins', 'region', 'south']);
  });

  it('shares not summing to 1, negative or NaN targets, unequal totals: invalid_margin', () => {
    const sum = thrown(() =>
      rakeWeights(rows, { margins: { region: { north: 0.5, south: 0.4 } } }),
    );
    expect(sum.code).toBe('invalid_margin');
    expect(sum.path).toEqual(['margins', 'region']);
    expect(sum.message).toContain("targets: 'totals'");
    const neg = thrown(() =>
      rakeWeights(rows, { margins: { region: { north: 1.5, south: -0.5 } } }),
    );
    expect(neg.code).toBe('invalid_margin');
    expect(neg.path).toEqual(['margins', 'region', 'south']);
    const nan = thrown(() =>
      rakeWeights(rows, { margins: { region: { north: Number.NaN, south: 1 } } }),
    );
    expect(nan.path).toEqual(['margins', 'region', 'north']);
    const totals = thrown(() =>
      rakeWeights([{ a: 'x', b: 'y' }], {
        margins: { a: { x: 100 }, b: { y: 90 } },
        targets: 'totals',
      }),
    );
    expect(totals.code).toBe('invalid_margin');
    expect(totals.path).toEqual(['margins', 'b']);
    expect(thrown(() => rakeWeights(rows, { margins: {} })).code).toBe('invalid_margin');
    expect(thrown(() => rakeWeights(rows, { margins: { region: {} } })).code).toBe(
      'invalid_margin',
    );
    expect(thrown(() => rakeWeights(rows, { margins: { region: [0.5] } as never })).path).toEqual([
      'margins',
      'region',
    ]);
  });

  it('totals whose sum overflows: invalid_margin, not NaN weights (review of issue 12)', () => {
    const huge = thrown(() =>
      rakeWeights(rows, { margins: { region: { north: 1e308, south: 1e308 } }, targets: 'totals' }),
    );
    expect(huge.code).toBe('invalid_margin');
    expect(huge.path).toEqual(['margins', 'region']);
  });

  it('effectiveN and designEffect stay finite for very large or very small totals', () => {
    // two rows, one per region: post-stratification gives each row its region's total
    const two = [{ region: 'north' }, { region: 'south' }];
    for (const t of [1e200, 1e-300]) {
      const r = rakeWeights(two, {
        margins: { region: { north: t, south: 3 * t } },
        targets: 'totals',
      });
      // Kish: (t + 3t)² / (t² + 9t²) = 16 / 10
      expect(r.effectiveN).toBeCloseTo(1.6, 12);
      expect(r.designEffect).toBeCloseTo(2 / 1.6, 12);
    }
  });

  it('bad starting weights, rows and options', () => {
    const w = thrown(() => rakeWeights(rows, { margins, weights: [1, -1] }));
    expect(w.code).toBe('invalid_weight');
    expect(w.index).toBe(1);
    expect(thrown(() => rakeWeights(rows, { margins, weights: [1] })).code).toBe('length_mismatch');
    expect(thrown(() => rakeWeights(rows, { margins, weights: [0, 0] })).code).toBe(
      'invalid_weight',
    );
    expect(thrown(() => rakeWeights([], { margins })).code).toBe('empty');
    expect(thrown(() => rakeWeights('x' as never, { margins })).code).toBe('invalid_input');
    expect(thrown(() => rakeWeights([null] as never, { margins })).index).toBe(0);
    expect(thrown(() => rakeWeights(rows, { margins, tolerance: 0 })).code).toBe('invalid_option');
    expect(thrown(() => rakeWeights(rows, { margins, maxIterations: 1.5 })).code).toBe(
      'invalid_option',
    );
    expect(thrown(() => rakeWeights(rows, { margins, trim: { upper: 0.5 } })).path).toEqual([
      'trim',
      'upper',
    ]);
    expect(thrown(() => rakeWeights(rows, { margins, maxIter: 3 } as never)).code).toBe(
      'invalid_option',
    );
    expect(thrown(() => rakeWeights(rows, undefined as never)).code).toBe('invalid_option');
  });
});
