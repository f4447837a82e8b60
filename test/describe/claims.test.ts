// No finding claims a direction or a significance its result lacks: results from random data
// through the real functions, every sentence in every locale checked against the flags.
import fc from 'fast-check';
import { expect, describe as group, it } from 'vitest';
import {
  analyze,
  buildHierarchy,
  describe,
  detectShifts,
  type Finding,
  rollup,
  trend,
  trendByNode,
  trendChanges,
} from '../../src/index.ts';

const h = buildHierarchy([
  { id: 'g', parentId: null, level: 'group', name: 'Group' },
  { id: 'a', parentId: 'g', level: 'store', name: 'Store A' },
  { id: 'b', parentId: 'g', level: 'store', name: 'Store B' },
]);

/** Direction or significance words, once the negated phrases are taken out. */
const claims: Record<'en' | 'ru' | 'uk', (text: string) => boolean> = {
  en: (t) =>
    /\b(up|down|above|below|dropped|rose|significant)\b/.test(
      t.replace(/no significant (change|difference)/g, ''),
    ),
  ru: (t) =>
    /(^|[^а-яё])(снижение|рост|выше|ниже|значим\S*)([^а-яё]|$)/i.test(
      t.replace(/статистически значим(ых изменений|ого отличия)/g, ''),
    ),
  uk: (t) =>
    /(^|[^а-яіїєґ'])(зниження|зростання|вище|нижче|значущ\S*)([^а-яіїєґ']|$)/i.test(
      t.replace(/статистично значущ(их змін|ої відмінності)/g, ''),
    ),
};

/** Per node and month: promoters, passives, detractors (scores 10, 7, 2). */
const cell = fc.tuple(fc.nat(12), fc.nat(4), fc.nat(12));
const data = fc.record({
  months: fc.integer({ min: 2, max: 14 }),
  cells: fc.array(fc.tuple(cell, cell), { minLength: 14, maxLength: 14 }),
  minSample: fc.constantFrom(0, 3, 10),
  chart: fc.constantFrom<'none' | 'ewma' | 'cusum'>('none', 'ewma', 'cusum'),
});

function rowsOf(
  months: number,
  cells: readonly (readonly [readonly number[], readonly number[]])[],
) {
  const rows: { nodeId: string; score: number; at: number }[] = [];
  for (let m = 0; m < months; m++) {
    const pair = cells[m];
    if (pair === undefined) continue;
    pair.forEach(([p = 0, pa = 0, d = 0], k) => {
      const nodeId = k === 0 ? 'a' : 'b';
      const scores = [
        ...Array<number>(p).fill(10),
        ...Array<number>(pa).fill(7),
        ...Array<number>(d).fill(2),
      ];
      scores.forEach((score, i) =>
        rows.push({ nodeId, score, at: Date.UTC(2024, m, 1 + (i % 27), 12) }),
      );
    });
  }
  // at least one response, so that there is something to analyse
  if (rows.length === 0) rows.push({ nodeId: 'a', score: 9, at: Date.UTC(2024, 0, 2) });
  return rows;
}

const seen = { significant: 0, not: 0, withheld: 0 };

function check(findings: readonly Finding[], locale: 'en' | 'ru' | 'uk') {
  for (const f of findings) {
    seen[f.kind === 'withheld' ? 'withheld' : f.significant ? 'significant' : 'not']++;
    expect(
      claims[locale](f.text),
      `${f.significant ? 'significant' : 'not significant'}: ${f.text}`,
    ).toBe(f.significant);
    if (f.kind === 'withheld') expect(f.figures).toEqual({ minSample: f.figures.minSample });
  }
}

group('describe claims only what the result supports', () => {
  it('every direction or significance word ⇔ significant: true, and significant ⇔ the result’s flag', () => {
    fc.assert(
      fc.property(data, ({ months, cells, minSample, chart }) => {
        const rows = rowsOf(months, cells);
        const a = analyze(h, rows, {
          minSample,
          gaming: false,
          shifts: { recent: 1, baseline: 1, chart, minSample: 5 },
        });
        const r = rollup(h, rows, { minSample });
        const c = trendChanges(trend(rows, { period: 'month' }));
        const s = detectShifts(trendByNode(h, rows, { period: 'month' }), {
          recent: 1,
          baseline: 2,
          chart,
          minSample: 5,
        });
        for (const locale of ['en', 'ru', 'uk'] as const) {
          const fa = describe(a, { locale });
          check(fa, locale);
          for (const f of fa) {
            const change = a.changes.find((x) => x.id === f.unitId);
            if (f.kind === 'summary')
              expect(f.significant).toBe(change?.previous?.significant ?? false);
            if (f.kind === 'year_ago') expect(f.significant).toBe(change?.yearAgo?.significant);
            if (f.kind === 'withheld') expect(change?.suppressed).toBe(true);
          }
          expect(fa.filter((f) => f.kind === 'alert')).toHaveLength(a.shifts?.alerts.length ?? 0);
          const fr = describe(r, { locale });
          check(fr, locale);
          for (const f of fr) {
            const node = r.nodes.find((n) => n.id === f.unitId);
            if (f.kind === 'summary')
              expect(f.significant).toBe(
                node?.vsParent != null && node.vsParent.qValue < 1 - r.confidence,
              );
          }
          const fc2 = describe(c, { locale });
          check(fc2, locale);
          const last = c.changes.at(-1);
          for (const f of fc2) {
            if (f.kind === 'summary')
              expect(f.significant).toBe(last?.previous?.significant ?? false);
            if (f.kind === 'year_ago') expect(f.significant).toBe(last?.yearAgo?.significant);
          }
          const fs = describe(s, { locale });
          check(fs, locale);
          expect(fs).toHaveLength(s.alerts.length);
        }
      }),
      { numRuns: 25, seed: 13 },
    );
    // the generated results exercise every case
    expect(seen.significant).toBeGreaterThan(20);
    expect(seen.not).toBeGreaterThan(20);
    expect(seen.withheld).toBeGreaterThan(5);
  });
});
