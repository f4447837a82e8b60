// Every driver method honours the outcome choice: with outcome 'nps' (+100/0/−100), 'promoter'
// or 'detractor' (0/1) it returns exactly what it returns on 'score' rows whose scores were
// recoded by hand under the default ten-point scheme (promoters 8–10, detractors 1–5).
import { describe, expect, it } from 'vitest';
import {
  bootstrapImportance,
  buildHierarchy,
  type DriverOutcome,
  dominanceAnalysis,
  driverCorrelations,
  driverRegression,
  driverStats,
  driversByNode,
  penaltyReward,
  relativeImportance,
  shapleySample,
} from '../../src/index.ts';
import { normalDraw, seededRandom } from '../../src/kernels/random.ts';
import { closeAll, METRICS } from './_fixtures.ts';

const clamp = (v: number): number => Math.min(10, Math.max(1, Math.round(v)));
const rng = seededRandom(2024);
const rows = Array.from({ length: 240 }, (_, i) => {
  const f = normalDraw(rng);
  const a = clamp(6 + 2 * (0.6 * f + normalDraw(rng)));
  const b = clamp(6 + 2 * (0.4 * f + normalDraw(rng)));
  const c = clamp(6 + 2 * normalDraw(rng));
  return {
    nodeId: i % 2 === 0 ? 's1' : 's2',
    score: clamp(1 + 0.5 * a + 0.3 * b + 0.1 * c + normalDraw(rng)),
    ratings: { a, b, c },
  };
});
const RECODE: Record<Exclude<DriverOutcome, 'score'>, (v: number) => number> = {
  nps: (v) => (v >= 8 ? 100 : v <= 5 ? -100 : 0),
  promoter: (v) => (v >= 8 ? 1 : 0),
  detractor: (v) => (v <= 5 ? 1 : 0),
};
const h = buildHierarchy([
  { id: 'all', parentId: null, level: 'company' },
  { id: 's1', parentId: 'all', level: 'store' },
  { id: 's2', parentId: 'all', level: 'store' },
]);

describe('outcome choice on every method', () => {
  for (const outcome of ['nps', 'promoter', 'detractor'] as const) {
    const manual = rows.map((r) => ({ ...r, score: RECODE[outcome](r.score) }));
    it(`'${outcome}' = the method on hand-recoded scores`, () => {
      const s = driverStats(rows, { outcome });
      expect(s.outcome).toBe(outcome);
      closeAll(s.comoments, driverStats(manual).comoments, 1e-9);
      for (const metric of METRICS) {
        const r = relativeImportance(rows, { outcome, metric });
        expect(r.outcome).toBe(outcome);
        closeAll(
          r.drivers.map((d) => d.raw),
          relativeImportance(manual, { metric }).drivers.map((d) => d.raw),
          1e-13,
        );
        // statistics carry their outcome
        expect(relativeImportance(s, { metric }).outcome).toBe(outcome);
      }
      const dom = dominanceAnalysis(rows, { outcome });
      const domM = dominanceAnalysis(manual);
      expect(dom.outcome).toBe(outcome);
      closeAll(
        dom.drivers.flatMap((d) => d.conditional),
        domM.drivers.flatMap((d) => d.conditional),
        1e-13,
      );
      for (const method of ['pearson', 'spearman'] as const)
        closeAll(
          driverCorrelations(rows, { outcome, method }).drivers.map((d) => d.r),
          driverCorrelations(manual, { method }).drivers.map((d) => d.r),
          1e-13,
        );
      closeAll(
        driverRegression(rows, { outcome }).drivers.map((d) => d.coefficient),
        driverRegression(manual).drivers.map((d) => d.coefficient),
        1e-9,
      );
      const pr = penaltyReward(rows, { outcome });
      const prM = penaltyReward(manual);
      expect(pr.outcome).toBe(outcome);
      closeAll(
        pr.drivers.flatMap((d) => [d.penalty, d.reward]),
        prM.drivers.flatMap((d) => [d.penalty, d.reward]),
        1e-9,
      );
      closeAll(
        shapleySample(rows, { outcome, seed: 3, permutations: 20 }).drivers.map((d) => d.raw),
        shapleySample(manual, { seed: 3, permutations: 20 }).drivers.map((d) => d.raw),
        1e-13,
      );
      const bs = bootstrapImportance(rows, { outcome, seed: 5, replicates: 20, metric: 'pratt' });
      const bsM = bootstrapImportance(manual, { seed: 5, replicates: 20, metric: 'pratt' });
      expect(bs.outcome).toBe(outcome);
      closeAll(
        bs.drivers.flatMap((d) => [d.raw, d.low, d.high]),
        bsM.drivers.flatMap((d) => [d.raw, d.low, d.high]),
        1e-12,
      );
      const nodes = driversByNode(h, rows, { outcome, minSample: 30, metric: 'johnson' }).nodes;
      const nodesM = driversByNode(h, manual, { minSample: 30, metric: 'johnson' }).nodes;
      expect(nodes.map((x) => x.importance?.outcome)).toEqual([outcome, outcome, outcome]);
      closeAll(
        nodes.flatMap((x) => x.importance?.drivers.map((d) => d.raw) ?? []),
        nodesM.flatMap((x) => x.importance?.drivers.map((d) => d.raw) ?? []),
        1e-13,
      );
    });
  }
});
