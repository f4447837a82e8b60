/**
 * The link between audited compliance and loyalty: across the units of one level, how
 * compliance goes with NPS, and which standards go with NPS most.
 */
import * as z from 'zod/mini';
import { driverCorrelations } from '../drivers/regression.ts';
import {
  type ImportanceMetric,
  type RelativeImportanceResult,
  relativeImportance,
} from '../drivers/relativeImportance.ts';
import { NpsInputError } from '../errors.ts';
import { levelDepth, rollupNodes } from '../hierarchy/_levelUnits.ts';
import type { RollupResult } from '../hierarchy/rollup.ts';
import { describe } from '../kernels/describe.ts';
import { zForConfidence } from '../kernels/normal.ts';
import { confidenceOption, metricOption } from '../kernels/options.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type { AuditComplianceResult } from './audits.ts';

/** Options of {@link auditLoyaltyLink}. */
export interface AuditLoyaltyLinkOptions {
  /** The level whose units are compared: its name (e.g. `'store'`) or depth (0 = roots). */
  readonly level: string | number;
  /** Confidence level of the correlation interval (default 0.95). */
  readonly confidence?: number | undefined;
  /** The relative-importance metric for the standards (default `'lmg'`, Shapley R² shares). */
  readonly metric?: ImportanceMetric | undefined;
}

/** One unit's pair: its compliance and its NPS. */
export interface LinkUnit {
  /** The node id. */
  readonly id: string;
  /** Mean audit compliance (0..1). */
  readonly compliance: number;
  /** NPS (−100..100). */
  readonly nps: number;
}

/** A correlation across units. */
export interface UnitCorrelation {
  /** The correlation coefficient (−1..1). */
  readonly r: number;
  /** Lower confidence limit (Fisher z; `null` for Spearman, or with fewer than 4 units, or |r| = 1). */
  readonly low: number | null;
  /** Upper confidence limit. */
  readonly high: number | null;
  /** Two-sided p-value of t = r √((n − 2)/(1 − r²)) on n − 2 degrees of freedom. */
  readonly pValue: number;
}

/** A standard's pass rate against NPS across units (Pearson, pairwise over units). */
export interface StandardCorrelation {
  /** The standard. */
  readonly standard: string;
  /** Pearson's r of its pass rate with unit NPS (−1..1). */
  readonly r: number;
  /** Two-sided p-value of t = r √((n − 2)/(1 − r²)) on n − 2 degrees of freedom. */
  readonly pValue: number;
  /** Units whose audits checked the standard. */
  readonly n: number;
}

/** What {@link auditLoyaltyLink} returns. */
export interface AuditLoyaltyLink {
  /** The level compared, as given. */
  readonly level: string | number;
  /** The confidence level. */
  readonly confidence: number;
  /** Units with published compliance and NPS (the pairs used), in the rollup's order. */
  readonly units: readonly LinkUnit[];
  /** Units of the level left out: no audits or no NPS, or withheld in either table. */
  readonly skipped: readonly string[];
  /** Pearson's r with the Fisher z interval. */
  readonly pearson: UnitCorrelation;
  /** Spearman's rank correlation (large-sample p-value). */
  readonly spearman: UnitCorrelation;
  /**
   * Standards against NPS across units (standard pass rates as ratings, unit NPS as outcome):
   * the driver module's relative importance, on units rating every standard used; `null` when
   * fewer units than standards + 2, or no standard varies.
   */
  readonly standards: RelativeImportanceResult | null;
  /** Per standard, Pearson correlation of its pass rate with NPS (pairwise over units). */
  readonly standardCorrelations: readonly StandardCorrelation[];
  /**
   * Standards left out of `standards` and `standardCorrelations`: their pass rate is the same in
   * every unit that checked them, or fewer than 3 units checked them.
   */
  readonly constantStandards: readonly string[];
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<AuditLoyaltyLinkOptions>()(
    z.strictObject({
      level: z.union([z.string(), z.number()]),
      confidence: confidenceOption(),
      metric: metricOption(),
    }),
  ),
);

/**
 * The Fisher z interval of a correlation: tanh(atanh r ± z(1 − α/2) / √(n − 3)) (Fisher 1921),
 * as R's `cor.test(x, y)$conf.int`.
 */
function fisherInterval(r: number, n: number, confidence: number): [number | null, number | null] {
  if (n < 4 || !(Math.abs(r) < 1)) return [null, null];
  const h = zForConfidence(confidence) / Math.sqrt(n - 3);
  const zr = Math.atanh(r);
  return [Math.tanh(zr - h), Math.tanh(zr + h)];
}

const unit = (x: unknown): boolean => typeof x === 'number' && x >= 0 && x <= 1;

/** A compliance node's fields that are read here, checked. */
function isComplianceNode(n: unknown): boolean {
  if (typeof n !== 'object' || n === null) return false;
  const r = n as Record<string, unknown>;
  const standards = r.standards;
  return (
    typeof r.id === 'string' &&
    (r.compliance === null || unit(r.compliance)) &&
    (standards === null ||
      (Array.isArray(standards) &&
        standards.every(
          (s: unknown) =>
            typeof s === 'object' &&
            s !== null &&
            typeof (s as Record<string, unknown>).standard === 'string' &&
            unit((s as Record<string, unknown>).passRate),
        )))
  );
}

/** The nodes of an auditCompliance result, or `invalid_input` when it is not one. */
function complianceNodes(fn: string, result: unknown): AuditComplianceResult['nodes'] {
  const nodes: unknown =
    typeof result === 'object' && result !== null ? (result as { nodes?: unknown }).nodes : null;
  if (!Array.isArray(nodes) || !nodes.every(isComplianceNode)) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: compliance must be the result of auditCompliance(), received ${describe(result)}`,
      received: result,
    });
  }
  return nodes as AuditComplianceResult['nodes'];
}

/**
 * How audited compliance goes with loyalty across the units of a level: the correlation of
 * unit compliance with unit NPS (Pearson with the Fisher z interval, and Spearman), and which
 * standards are associated with NPS most.
 *
 * Method. The units are the nodes at `level` published in both tables (compliance and NPS not
 * withheld, not empty). The correlations are computed by the driver module on unit rows
 * `{ score: NPS, ratings: { compliance } }` (`driverCorrelations`, Pearson and Spearman); the
 * Pearson interval is Fisher's z transformation, tanh(atanh r ± z/√(n − 3)) (Fisher 1921;
 * R's `cor.test`). The standards are the driver module's methods on unit rows
 * `{ score: NPS, ratings: { standard: pass rate } }`: `relativeImportance` (default metric LMG,
 * Lindeman, Merenda & Gold 1980) on the units that checked every standard, and
 * `driverCorrelations` per standard (pairwise). These are associations across units, not
 * effects: a store with better staff may both comply and please.
 *
 * @param compliance - The result of `auditCompliance` on the hierarchy.
 * @param rollupResult - The result of `rollup` on the same hierarchy.
 * @param options - `level` is required; see {@link AuditLoyaltyLinkOptions}.
 * @returns The units, the two correlations and the standards' importance.
 * @throws {@link NpsInputError} `invalid_option` for a bad option, `invalid_level` for a level
 *   the rollup does not have, `invalid_input` for inputs that are not those results,
 *   `too_few_rows` with fewer than 3 units, `constant_driver` when compliance or NPS is the
 *   same in every unit, and the driver module's errors.
 * @example
 * ```ts
 * const nodes = [{ id: 'all', parentId: null }];
 * for (const s of ['s1', 's2', 's3', 's4']) nodes.push({ id: s, parentId: 'all', level: 'store' });
 * const org = buildHierarchy(nodes);
 * const t = Date.UTC(2026, 0, 10);
 * const audits = [0.2, 0.5, 0.6, 0.9].map((score, k) => ({
 *   auditId: `a${k}`, nodeId: `s${k + 1}`, at: t, items: [{ standard: 'greeting', score }],
 * }));
 * const responses = [[10, 1], [10, 10, 1], [10, 10, 10, 1], [10]].flatMap((scores, k) =>
 *   scores.map((score) => ({ nodeId: `s${k + 1}`, score })),
 * );
 * const link = auditLoyaltyLink(auditCompliance(org, audits), rollup(org, responses), { level: 'store' });
 * link.units.map((u) => Math.round(u.nps)); //=> [0, 33, 50, 100]
 * Math.round(link.spearman.r * 1000) / 1000; //=> 1
 * // Pearson r with its Fisher z interval (R: cor.test gives 0.993 [0.701, 1.000])
 * [link.pearson.r, link.pearson.low, link.pearson.high].map((v) => Math.round((v ?? 0) * 1000) / 1000); //=> [0.993, 0.701, 1]
 * ```
 */
export function auditLoyaltyLink(
  compliance: AuditComplianceResult,
  rollupResult: RollupResult,
  options: AuditLoyaltyLinkOptions,
): AuditLoyaltyLink {
  const fn = 'auditLoyaltyLink';
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const confidence = o.confidence ?? 0.95;
  const rNodes = rollupNodes(fn, rollupResult);
  const depth = levelDepth(fn, rollupResult, o.level);
  const cNodes = complianceNodes(fn, compliance);
  const byId = new Map<string, AuditComplianceResult['nodes'][number]>();
  for (const n of cNodes) byId.set(n.id, n);
  const units: LinkUnit[] = [];
  const skipped: string[] = [];
  const rows: { score: number; ratings: Record<string, number | null> }[] = [];
  const standardSet: string[] = [];
  const seen = new Set<string>();
  for (const r of rNodes) {
    if (r.depth !== depth) continue;
    const a = byId.get(r.id);
    if (
      a === undefined ||
      a.compliance === null ||
      a.standards === null ||
      r.nps === null ||
      r.suppressed
    ) {
      skipped.push(r.id);
      continue;
    }
    units.push({ id: r.id, compliance: a.compliance, nps: r.nps });
    for (const s of a.standards) {
      if (!seen.has(s.standard)) {
        seen.add(s.standard);
        standardSet.push(s.standard);
      }
    }
    rows.push({ score: r.nps, ratings: {} });
  }
  if (units.length < 3) {
    throw new NpsInputError({
      code: 'too_few_rows',
      message: `${fn}: at least 3 units at level ${describe(o.level)} need published compliance and NPS, found ${String(units.length)}; choose a level with more units, or lower minSample`,
      path: ['level'],
      received: o.level,
    });
  }
  for (const key of ['compliance', 'nps'] as const) {
    if (units.every((u) => u[key] === (units[0] as LinkUnit)[key])) {
      throw new NpsInputError({
        code: 'constant_driver',
        message: `${fn}: ${key === 'nps' ? 'NPS' : 'compliance'} is the same (${String((units[0] as LinkUnit)[key])}) in every unit at level ${describe(o.level)}, so it cannot be correlated; compare units that differ`,
        path: ['level'],
        received: o.level,
      });
    }
  }
  const pair = units.map((u) => ({ score: u.nps, ratings: { compliance: u.compliance } }));
  const corr = (method: 'pearson' | 'spearman'): UnitCorrelation => {
    const d = driverCorrelations(pair, { method }).drivers[0];
    const r = d?.r ?? Number.NaN;
    const [low, high] =
      method === 'pearson' ? fisherInterval(r, units.length, confidence) : [null, null];
    return { r, low, high, pValue: d?.pValue ?? Number.NaN };
  };
  // standards: pass rate per unit (null where the unit's audits never checked it)
  units.forEach((u, k) => {
    const a = byId.get(u.id);
    const ratings: [string, number | null][] = standardSet.map((s) => [s, null]);
    const pos = new Map(standardSet.map((s, j) => [s, j]));
    for (const s of a?.standards ?? []) {
      const j = pos.get(s.standard);
      if (j !== undefined) (ratings[j] as [string, number | null])[1] = s.passRate;
    }
    (rows[k] as { ratings: Record<string, number | null> }).ratings = Object.fromEntries(ratings);
  });
  const constantStandards: string[] = [];
  const varying: string[] = [];
  for (const s of standardSet) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let n = 0;
    for (const row of rows) {
      const v = Object.hasOwn(row.ratings, s) ? row.ratings[s] : null;
      if (v === null || v === undefined) continue;
      n++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (n >= 3 && hi > lo) varying.push(s);
    else constantStandards.push(s);
  }
  let complete = 0;
  for (const row of rows) {
    if (varying.every((s) => typeof row.ratings[s] === 'number')) complete++;
  }
  const standards =
    varying.length > 0 && complete >= varying.length + 2
      ? relativeImportance(rows, { drivers: varying, metric: o.metric ?? 'lmg' })
      : null;
  const standardCorrelations =
    varying.length === 0
      ? []
      : driverCorrelations(rows, { drivers: varying, missing: 'pairwise' }).drivers.map((d) => ({
          standard: d.driver,
          r: d.r,
          pValue: d.pValue,
          n: d.n,
        }));
  return {
    level: o.level,
    confidence,
    units,
    skipped,
    pearson: corr('pearson'),
    spearman: corr('spearman'),
    standards,
    standardCorrelations,
    constantStandards,
  };
}
