import { describe, expect, it } from 'vitest';
import {
  type Audit,
  auditCompliance,
  auditLoyaltyLink,
  buildHierarchy,
  relativeImportance,
  rollup,
} from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';

// Eight stores; store k has P[k] promoters (10) and D[k] detractors (1): NPS = (P − D)/(P + D)·100
// = 40, 0, 80, 20, 60, −20, 60, 0. One audit each: greeting passed (g) and till score (t), equal
// weights, so compliance = (g + t) / 2 = 0.7, 0.45, 0.9, 0.6, 0.8, 0.25, 0.95, 0.15.
const P = [7, 5, 9, 6, 8, 4, 8, 5];
const D = [3, 5, 1, 4, 2, 6, 2, 5];
const G = [1, 0, 1, 1, 1, 0, 1, 0];
const T = [0.4, 0.9, 0.8, 0.2, 0.6, 0.5, 0.9, 0.3];
const stores = P.map((_, k) => `s${String(k + 1)}`);

const org = () =>
  buildHierarchy([
    { id: 'all', parentId: null, level: 'company' },
    { id: 'north', parentId: 'all', level: 'region' },
    { id: 'south', parentId: 'all', level: 'region' },
    ...stores.map((id, k) => ({ id, parentId: k < 4 ? 'north' : 'south', level: 'store' })),
  ]);

const responses = () =>
  stores.flatMap((nodeId, k) => [
    ...Array.from({ length: P[k] as number }, () => ({ nodeId, score: 10 })),
    ...Array.from({ length: D[k] as number }, () => ({ nodeId, score: 1 })),
  ]);

const audits = (): Audit[] =>
  stores.map((nodeId, k) => ({
    auditId: `a${String(k)}`,
    nodeId,
    at: Date.UTC(2026, 0, 10),
    items: [
      { standard: 'greeting', passed: G[k] === 1 },
      { standard: 'till', score: T[k] as number },
    ],
  }));

describe('auditLoyaltyLink(compliance, rollupResult, { level })', () => {
  it('matches R cor.test for the compliance–NPS correlation', () => {
    const h = org();
    const link = auditLoyaltyLink(auditCompliance(h, audits()), rollup(h, responses()), {
      level: 'store',
    });
    expect(link.units.map((u) => u.id)).toEqual(stores);
    expect(link.units.map((u) => Math.round(u.nps))).toEqual([40, 0, 80, 20, 60, -20, 60, 0]);
    // R 4.2.2:
    //   P <- c(7,5,9,6,8,4,8,5); D <- c(3,5,1,4,2,6,2,5); y <- (P-D)/(P+D)*100
    //   g <- c(1,0,1,1,1,0,1,0); tl <- c(0.4,0.9,0.8,0.2,0.6,0.5,0.9,0.3); x <- (g+tl)/2
    //   cor.test(x, y) → r 0.92811685373544384, conf.int 0.64582682245435952 0.98716517683574634,
    //                    p 0.00087924166166417387
    //   cor.test(x, y, conf.level = 0.9)$conf.int → 0.7206652634685039 0.98302200378435423
    //   cor.test(x, y, method = 'spearman', exact = FALSE) → rho 0.91572911615257191,
    //                    p 0.001403174324892436
    expect(link.pearson.r).toBeCloseTo(0.92811685373544384, 12);
    expect(link.pearson.low).toBeCloseTo(0.64582682245435952, 12);
    expect(link.pearson.high).toBeCloseTo(0.98716517683574634, 12);
    expect(link.pearson.pValue).toBeCloseTo(0.00087924166166417387, 12);
    expect(link.spearman.r).toBeCloseTo(0.91572911615257191, 12);
    expect(link.spearman.pValue).toBeCloseTo(0.001403174324892436, 12);
    expect(link.spearman.low).toBeNull();
    const at90 = auditLoyaltyLink(auditCompliance(h, audits()), rollup(h, responses()), {
      level: 'store',
      confidence: 0.9,
    });
    expect(at90.pearson.low).toBeCloseTo(0.7206652634685039, 12);
    expect(at90.pearson.high).toBeCloseTo(0.98302200378435423, 12);
  });

  it('ranks the standards with the driver module on unit rows', () => {
    const h = org();
    const link = auditLoyaltyLink(auditCompliance(h, audits()), rollup(h, responses()), {
      level: 'store',
    });
    // R: cor.test(g, y) → 0.85634883857767508, p 0.0066353472498967185;
    //    cor.test(tl, y) → 0.38621434216449929, p 0.34463615138524384
    expect(link.standardCorrelations.map((s) => s.standard)).toEqual(['greeting', 'till']);
    expect(link.standardCorrelations[0]?.r).toBeCloseTo(0.85634883857767508, 12);
    expect(link.standardCorrelations[0]?.pValue).toBeCloseTo(0.0066353472498967185, 12);
    expect(link.standardCorrelations[1]?.r).toBeCloseTo(0.38621434216449929, 12);
    expect(link.standardCorrelations[1]?.pValue).toBeCloseTo(0.34463615138524384, 12);
    // R: summary(lm(y ~ g + tl))$r.squared → 0.8662270372114933
    expect(link.standards?.r2).toBeCloseTo(0.8662270372114933, 12);
    expect(link.standards?.metric).toBe('lmg');
    expect(link.standards?.drivers[0]?.driver).toBe('greeting');
    expect(link.standards?.drivers[0]?.rank).toBe(1);
    // the same as calling the driver module on the unit rows
    const rows = link.units.map((u, k) => ({
      score: u.nps,
      ratings: { greeting: G[k] as number, till: T[k] as number },
    }));
    expect(link.standards).toEqual(relativeImportance(rows, { metric: 'lmg' }));
    expect(link.constantStandards).toEqual([]);
  });

  it('leaves out units withheld or without audits, and constant standards', () => {
    const h = org();
    const list = audits()
      .filter((a) => a.nodeId !== 's8')
      .map((a) => ({ ...a, items: [...a.items, { standard: 'uniform', passed: true }] }));
    const link = auditLoyaltyLink(auditCompliance(h, list), rollup(h, responses()), {
      level: 'store',
    });
    expect(link.skipped).toEqual(['s8']);
    expect(link.units).toHaveLength(7);
    expect(link.constantStandards).toEqual(['uniform']);
    expect(link.standards?.drivers.map((d) => d.driver)).toEqual(['greeting', 'till']);
  });

  it('refuses what it cannot compare', () => {
    const h = org();
    const c = auditCompliance(h, audits());
    const r = rollup(h, responses());
    expect(thrown(() => auditLoyaltyLink(c, r, { level: 'region' }))).toMatchObject({
      code: 'too_few_rows',
      path: ['level'],
    });
    expect(thrown(() => auditLoyaltyLink(c, r, { level: 'shop' }))).toMatchObject({
      code: 'invalid_level',
      path: ['level'],
    });
    // a depth works as the level name does
    expect(auditLoyaltyLink(c, r, { level: 2 }).units).toHaveLength(8);
    const same = audits().map((a) => ({ ...a, items: [{ standard: 'till', score: 0.5 }] }));
    expect(
      thrown(() => auditLoyaltyLink(auditCompliance(h, same), r, { level: 'store' })),
    ).toMatchObject({
      code: 'constant_driver',
    });
    const allTens = stores.map((nodeId) => ({ nodeId, score: 10 }));
    expect(
      thrown(() => auditLoyaltyLink(c, rollup(h, allTens), { level: 'store' })).message,
    ).toMatch(/NPS is the same/);
    expect(thrown(() => auditLoyaltyLink({} as never, r, { level: 'store' })).code).toBe(
      'invalid_input',
    );
    expect(thrown(() => auditLoyaltyLink(c, null as never, { level: 'store' })).code).toBe(
      'invalid_input',
    );
    expect(thrown(() => auditLoyaltyLink(c, r, { level: 'store', confidence: 2 })).code).toBe(
      'invalid_option',
    );
    expect(thrown(() => auditLoyaltyLink(c, r, {} as never)).code).toBe('invalid_option');
  });
});

describe('auditLoyaltyLink: standards checked in too few units', () => {
  it('a standard checked in 2 units, even with different pass rates, is left out as constantStandards', () => {
    const a = audits().map((x, k) =>
      k < 2 ? { ...x, items: [...x.items, { standard: 'rare', passed: k === 0 }] } : x,
    );
    const link = auditLoyaltyLink(auditCompliance(org(), a), rollup(org(), responses()), {
      level: 'store',
    });
    expect(link.constantStandards).toEqual(['rare']);
    expect(link.standardCorrelations.map((s) => s.standard)).toEqual(['greeting', 'till']);
  });
});
