import { describe, expect, it } from 'vitest';
import {
  type DriverRow,
  driverCorrelations,
  driverRegression,
  driverStats,
} from '../../src/index.ts';
import { fSf, regularizedBeta, studentTTwoSided } from '../../src/kernels/beta.ts';
import { rel, swissRows } from './_fixtures.ts';

const rows: DriverRow[] = swissRows();

describe('beta kernel (R 4.2.2 references)', () => {
  it('t, beta and F tails', () => {
    // R: 2*pt(-2.5,10); 2*pt(-1.3,44); 2*pt(-10,3); 2*pt(-0.01,200); pbeta(0.3,2.5,4);
    //    pf(3.2,4,41,lower.tail=FALSE); 2*pt(-6,41)
    expect(rel(studentTTwoSided(2.5, 10), 0.031446844236608776)).toBeLessThan(1e-12);
    expect(rel(studentTTwoSided(-1.3, 44), 0.20037010847073719)).toBeLessThan(1e-12);
    expect(rel(studentTTwoSided(10, 3), 0.0021283990584141494)).toBeLessThan(1e-12);
    expect(rel(studentTTwoSided(0.01, 200), 0.99203125515328106)).toBeLessThan(1e-12);
    expect(rel(regularizedBeta(0.3, 2.5, 4), 0.35219758590676714)).toBeLessThan(1e-12);
    expect(rel(fSf(3.2, 4, 41), 0.022398142405344976)).toBeLessThan(1e-12);
    expect(rel(studentTTwoSided(6, 41), 4.3266158103780147e-7)).toBeLessThan(1e-10);
  });
});

describe('driverRegression on swiss', () => {
  it('matches summary(lm(Fertility ~ ., data = swiss)) in R 4.2.2', () => {
    const r = driverRegression(rows);
    const est = [
      -0.17211397094145539, -0.25800823983472415, -0.87094006293942372, 0.10411533074376744,
      1.07704814069098798,
    ];
    const se = [
      0.070303923178648128, 0.25387820089209856, 0.183028601571258914, 0.035257852536168949,
      0.381719650858071302,
    ];
    const t = [
      -2.4481417701839971, -1.0162677966367852, -4.7584915989227987, 2.9529685801754848,
      2.8215684947575559,
    ];
    const pv = [
      1.8727154385175502e-2, 3.1546172314372584e-1, 2.4306045907379241e-5, 5.1900785451659557e-3,
      7.3357153206014721e-3,
    ];
    // R: diag(solve(cor(swiss[, -1])))
    const vif = [
      2.2841293775972944, 3.6754195755443386, 2.7749427811269514, 1.9371603802631256,
      1.1075422255569538,
    ];
    r.drivers.forEach((d, j) => {
      expect(rel(d.coefficient, est[j] ?? 0)).toBeLessThan(1e-11);
      expect(rel(d.se, se[j] ?? 0)).toBeLessThan(1e-11);
      expect(rel(d.t ?? Number.NaN, t[j] ?? 0)).toBeLessThan(1e-11);
      expect(rel(d.pValue ?? Number.NaN, pv[j] ?? 0)).toBeLessThan(1e-9);
      expect(rel(d.vif, vif[j] ?? 0)).toBeLessThan(1e-11);
    });
    expect(rel(r.intercept, 66.91518167896869329)).toBeLessThan(1e-11);
    expect(rel(r.sigma, 7.1653688320027333)).toBeLessThan(1e-11);
    expect(r.perfectFit).toBe(false);
    expect(rel(r.adjustedR2, 0.67097097739671641)).toBeLessThan(1e-11);
    expect(r.df).toBe(41);
    expect(driverRegression(driverStats(rows)).drivers[2]?.t).toBeCloseTo(r.drivers[2]?.t ?? 0, 12);
  });
});

describe('driverCorrelations on swiss', () => {
  it('Pearson matches cor.test in R 4.2.2', () => {
    const r = driverCorrelations(rows);
    const ref = [
      [0.3530791836199747, 0.014917200614726343],
      [-0.64588270645728751, 9.4504373406904313e-7],
      [-0.66378885703506907, 3.6586169659623552e-7],
      [0.4636847006517939, 0.0010285231901181443],
      [0.41655603143498271, 0.0035852380539505737],
    ];
    r.drivers.forEach((d, j) => {
      expect(rel(d.r, ref[j]?.[0] ?? 0)).toBeLessThan(1e-12);
      expect(rel(d.pValue, ref[j]?.[1] ?? 0)).toBeLessThan(1e-9);
    });
    expect(r.drivers.map((d) => d.rank)).toEqual([5, 2, 1, 3, 4]);
  });
  it('Spearman matches cor.test(method = "spearman", exact = FALSE) in R 4.2.2', () => {
    const r = driverCorrelations(rows, { method: 'spearman' });
    const ref = [
      [0.24266427693641762, 0.10028086125683507],
      [-0.66090299635235406, 4.2815272405998408e-7],
      [-0.44325769036098822, 0.0018059749419463854],
      [0.41364556230124316, 0.0038508988583287897],
      [0.43713670057422294, 0.0021237367232087734],
    ];
    r.drivers.forEach((d, j) => {
      expect(rel(d.r, ref[j]?.[0] ?? 0)).toBeLessThan(1e-12);
      expect(rel(d.pValue, ref[j]?.[1] ?? 0)).toBeLessThan(1e-9);
    });
  });
  it('Spearman needs rows', () => {
    expect(() => driverCorrelations(driverStats(rows), { method: 'spearman' })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
