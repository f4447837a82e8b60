/**
 * Mystery-shopper audits: compliance with service standards per audit, per node (pooled over
 * its subtree) and per period, with the same placement and suppression as every other table.
 */
import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { betaQuantile } from '../kernels/beta.ts';
import { describe } from '../kernels/describe.ts';
import { recordTable } from '../kernels/nodePeriods.ts';
import { recordTableShape } from '../kernels/options.ts';
import { asOfEpoch, excludedCount } from '../kernels/placement.ts';
import { NodePlacer, RecordIds, readInstant } from '../kernels/records.ts';
import { compiledOf, type Epoch, epochOfIndex } from '../kernels/tree.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type {
  Exclusion,
  Hierarchy,
  NodeInfo,
  PeriodSpan,
  RecordTableOptions,
  SuppressionReason,
} from '../types.ts';

/** One checked standard of an audit: pass/fail (`passed`) or a score on 0..1, with an optional weight. */
export interface AuditItem {
  /** The standard's name (e.g. `'greeting'`). */
  readonly standard: string;
  /** Whether the standard was met (counts as score 1 or 0). Give this or `score`. */
  readonly passed?: boolean | null | undefined;
  /** Degree of compliance on 0..1. Give this or `passed`. */
  readonly score?: number | null | undefined;
  /** Weight of the item in the audit's compliance (default 1; finite, ≥ 0). */
  readonly weight?: number | null | undefined;
}

/** One mystery-shopper visit: the unit audited, when, and the standards checked. */
export interface Audit {
  /** The audit's own id (a non-empty string, unique). */
  readonly auditId: string;
  /** The node (unit) audited. */
  readonly nodeId: string;
  /** When the visit took place: a `Date` or epoch ms (ISO 8601 with an offset under `coerce`). */
  readonly at: Date | number | string;
  /** The standards checked (at least one, with a positive total weight). */
  readonly items: readonly AuditItem[];
}

/** Options of {@link auditCompliance}. */
/** Options of {@link auditCompliance} (`minSample` counts audits). */
export type AuditComplianceOptions = RecordTableOptions;

/** A standard's pass rate in a group: the mean item score (passed = 1, failed = 0), on 0..1. */
export interface StandardCompliance {
  /** The standard. */
  readonly standard: string;
  /** Mean score of the group's items of this standard (0..1). */
  readonly passRate: number;
}

/** The compliance figures of one group of audits (a node's subtree, a period, both). */
export interface ComplianceFigures {
  /** Audits in the group (`null` when suppressed; so is every figure below). */
  readonly audits: number | null;
  /** Mean audit compliance (0..1; `null` when empty or suppressed). */
  readonly compliance: number | null;
  /** Lower limit of the Student t interval, clamped to 0 (`null` with fewer than 2 audits). */
  readonly low: number | null;
  /** Upper limit, clamped to 1 (`null` with fewer than 2 audits). */
  readonly high: number | null;
  /** Standard error of the mean, sd / √n (`null` with fewer than 2 audits). */
  readonly se: number | null;
  /** Pass rate per standard, in order of first appearance (`null` when suppressed). */
  readonly standards: readonly StandardCompliance[] | null;
  /** Whether the figures are withheld (`minSample`). */
  readonly suppressed: boolean;
  /** Why (`null` when published). */
  readonly suppression: SuppressionReason | null;
}

/** A node's figures, pooled over its subtree. */
export interface ComplianceNode extends NodeInfo, ComplianceFigures {
  /** Per period, aligned with the result's `periods` (`null` without `period`). */
  readonly periods: readonly ComplianceFigures[] | null;
}

/** The figures of the audits in one period. */
export interface CompliancePeriod extends PeriodSpan, ComplianceFigures {}

/** One audit's compliance. */
export interface AuditScore {
  /** The audit's id. */
  readonly auditId: string;
  /** Its node. */
  readonly nodeId: string;
  /** When, ISO 8601 (UTC). */
  readonly at: string;
  /** Σ weight · score / Σ weight (0..1). */
  readonly compliance: number;
}

/** What {@link auditCompliance} returns. */
export interface AuditComplianceResult {
  /** The interval method: `'t'` (Student t on n − 1 degrees of freedom). */
  readonly method: 't';
  /** The confidence level of the intervals. */
  readonly confidence: number;
  /** The minimum number of audits applied. */
  readonly minSample: number;
  /** Each placed audit's compliance, in input order (`null` when `minSample` > 0: row-level data). */
  readonly audits: readonly AuditScore[] | null;
  /** Every placed audit. */
  readonly overall: ComplianceFigures;
  /** Per node of the reported structure, parents first. */
  readonly nodes: readonly ComplianceNode[];
  /** Per period (`null` without `period`). */
  readonly periods: readonly CompliancePeriod[] | null;
  /** Audits set aside (`onUnknownNode: 'exclude'`). */
  readonly excluded: readonly Exclusion[];
  /** How many audits `excluded` holds. */
  readonly excludedN: number;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<AuditComplianceOptions>()(z.strictObject(recordTableShape())),
);

/** @internal Audits read into columns, with the items flattened. */
interface AuditColumns {
  readonly length: number;
  readonly ids: readonly string[];
  readonly node: Int32Array;
  readonly at: Float64Array;
  readonly compliance: Float64Array;
  /** Items of audit i: itemStart[i] .. itemStart[i + 1]. */
  readonly itemStart: Int32Array;
  readonly itemStandard: Int32Array;
  readonly itemScore: Float64Array;
  readonly standards: readonly string[];
  readonly excluded: readonly Exclusion[];
  readonly excludedN: number;
}

function bad(
  fn: string,
  code: 'invalid_input' | 'invalid_id' | 'invalid_weight',
  path: (string | number)[],
  message: string,
  received: unknown,
): NpsInputError {
  return new NpsInputError({
    code,
    message: `${fn}: ${message}`,
    index: path[0] as number,
    path,
    received,
  });
}

/** Read and validate audits in one loop; unknown nodes through the placement kernel. */
function readAudits(
  fn: string,
  audits: unknown,
  indexOf: ReadonlyMap<string, number>,
  nodeIds: readonly string[],
  epoch: Epoch | undefined,
  exclude: boolean,
  coerce: boolean,
): AuditColumns {
  if (!Array.isArray(audits)) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: audits must be an array of audit objects ({ auditId, nodeId, at, items }), received ${describe(audits)}`,
      received: audits,
    });
  }
  const rows: readonly unknown[] = audits;
  const n = rows.length;
  const node = new Int32Array(n);
  const at = new Float64Array(n);
  const compliance = new Float64Array(n);
  const itemStart = new Int32Array(n + 1);
  const itemStandard: number[] = [];
  const itemScore: number[] = [];
  const standards: string[] = [];
  const standardIndex = new Map<string, number>();
  const ids = new RecordIds(fn, 'auditId', 'audit');
  const auditIds: string[] = [];
  const placer = new NodePlacer(indexOf, epoch);
  for (let i = 0; i < n; i++) {
    const a = rows[i];
    if (typeof a !== 'object' || a === null) {
      throw bad(
        fn,
        'invalid_input',
        [i],
        `audit at index ${String(i)} must be an object ({ auditId, nodeId, at, items }), received ${describe(a)}`,
        a,
      );
    }
    const r = a as Partial<Record<keyof Audit, unknown>>;
    auditIds.push(ids.check(r.auditId, i));
    at[i] = readInstant(fn, r.at, i, 'at', coerce);
    const items = r.items;
    if (!Array.isArray(items) || items.length === 0) {
      throw bad(
        fn,
        'invalid_input',
        [i, 'items'],
        `items at index ${String(i)} must be a non-empty array of { standard, passed | score, weight? }, received ${describe(items)}`,
        items,
      );
    }
    let sw = 0;
    let sws = 0;
    const list: readonly unknown[] = items;
    for (let j = 0; j < list.length; j++) {
      const it = list[j];
      if (typeof it !== 'object' || it === null) {
        throw bad(
          fn,
          'invalid_input',
          [i, 'items', j],
          `item ${String(j)} of the audit at index ${String(i)} must be an object ({ standard, passed | score, weight? }), received ${describe(it)}`,
          it,
        );
      }
      const q = it as Partial<Record<keyof AuditItem, unknown>>;
      const std = q.standard;
      if (typeof std !== 'string' || std === '') {
        throw bad(
          fn,
          'invalid_id',
          [i, 'items', j, 'standard'],
          `standard of item ${String(j)} of the audit at index ${String(i)} must be a non-empty string, received ${describe(std)}`,
          std,
        );
      }
      const passed = q.passed ?? undefined;
      const score = q.score ?? undefined;
      let s: number;
      if (passed !== undefined && score !== undefined) {
        throw bad(
          fn,
          'invalid_input',
          [i, 'items', j],
          `item ${String(j)} of the audit at index ${String(i)} gives both passed and score; give one`,
          it,
        );
      } else if (passed !== undefined) {
        if (typeof passed !== 'boolean') {
          throw bad(
            fn,
            'invalid_input',
            [i, 'items', j, 'passed'],
            `passed of item ${String(j)} of the audit at index ${String(i)} must be true or false, received ${describe(passed)}`,
            passed,
          );
        }
        s = passed ? 1 : 0;
      } else if (score !== undefined) {
        if (typeof score !== 'number' || !(score >= 0 && score <= 1)) {
          throw bad(
            fn,
            'invalid_input',
            [i, 'items', j, 'score'],
            `score of item ${String(j)} of the audit at index ${String(i)} must be a number in 0..1, received ${describe(score)}`,
            score,
          );
        }
        s = score;
      } else {
        throw bad(
          fn,
          'invalid_input',
          [i, 'items', j],
          `item ${String(j)} of the audit at index ${String(i)} has neither passed nor score; give passed: true/false or a score in 0..1`,
          it,
        );
      }
      const w = q.weight ?? 1;
      if (typeof w !== 'number' || !(w >= 0 && w < Number.POSITIVE_INFINITY)) {
        throw bad(
          fn,
          'invalid_weight',
          [i, 'items', j, 'weight'],
          `weight of item ${String(j)} of the audit at index ${String(i)} must be a finite number ≥ 0, received ${describe(w)}`,
          w,
        );
      }
      sw += w;
      sws += w * s;
      let k = standardIndex.get(std);
      if (k === undefined) {
        k = standards.length;
        standards.push(std);
        standardIndex.set(std, k);
      }
      itemStandard.push(k);
      itemScore.push(s);
    }
    if (!(sw > 0 && sw < Number.POSITIVE_INFINITY)) {
      throw bad(
        fn,
        'invalid_weight',
        [i, 'items'],
        `the items of the audit at index ${String(i)} must have a positive finite total weight, received ${String(sw)}${sw > 0 ? ' (use smaller relative weights)' : ''}`,
        items,
      );
    }
    compliance[i] = sws / sw;
    itemStart[i + 1] = itemScore.length;
    node[i] = placer.place(fn, r.nodeId, i);
  }
  const excluded = placer.exclusions(fn, nodeIds, exclude, 'audit');
  return {
    length: n,
    ids: auditIds,
    node,
    at,
    compliance,
    itemStart,
    itemStandard: Int32Array.from(itemStandard),
    itemScore: Float64Array.from(itemScore),
    standards,
    excluded,
    excludedN: excludedCount(excluded),
  };
}

/** The two-sided Student t quantile t(1 − α/2, df), from df / (df + T²) ~ Beta(df/2, 1/2). */
function tQuantile(confidence: number, df: number): number {
  const x = betaQuantile(1 - confidence, df / 2, 0.5);
  return Math.sqrt((df * (1 - x)) / x);
}

const SUPPRESSION: readonly (SuppressionReason | null)[] = [null, 'min_sample', 'complementary'];

/** The figures of a group of audits; `flag` from hiddenFlag. */
function figures(
  cols: AuditColumns,
  group: readonly number[],
  flag: number,
  confidence: number,
): ComplianceFigures {
  if (flag !== 0) {
    return {
      audits: null,
      compliance: null,
      low: null,
      high: null,
      se: null,
      standards: null,
      suppressed: true,
      suppression: SUPPRESSION[flag] ?? 'complementary',
    };
  }
  const n = group.length;
  let sum = 0;
  for (const i of group) sum += cols.compliance[i] as number;
  const mean = n > 0 ? sum / n : null;
  let se: number | null = null;
  let low: number | null = null;
  let high: number | null = null;
  if (mean !== null && n >= 2) {
    let ss = 0;
    for (const i of group) ss += ((cols.compliance[i] as number) - mean) ** 2;
    se = Math.sqrt(ss / (n - 1) / n);
    const h = tQuantile(confidence, n - 1) * se;
    low = Math.max(0, mean - h);
    high = Math.min(1, mean + h);
  }
  const S = cols.standards.length;
  const sums = new Float64Array(S);
  const counts = new Float64Array(S);
  for (const i of group) {
    for (let k = cols.itemStart[i] as number; k < (cols.itemStart[i + 1] as number); k++) {
      const s = cols.itemStandard[k] as number;
      sums[s] = (sums[s] as number) + (cols.itemScore[k] as number);
      counts[s] = (counts[s] as number) + 1;
    }
  }
  const standards: StandardCompliance[] = [];
  for (let s = 0; s < S; s++) {
    const c = counts[s] as number;
    if (c > 0) {
      standards.push({
        standard: cols.standards[s] as string,
        passRate: (sums[s] as number) / c,
      });
    }
  }
  return {
    audits: n,
    compliance: mean,
    low,
    high,
    se,
    standards,
    suppressed: false,
    suppression: null,
  };
}

/**
 * Compliance with service standards from mystery-shopper audits: per audit, per node of a
 * hierarchy (pooled over its subtree), per period, and per node and period, with a pass rate
 * per standard in every group.
 *
 * Method. An audit's compliance is the weighted mean of its items' scores, Σ w·s / Σ w, where
 * a pass/fail item scores 1 or 0 and a graded item its score on 0..1 (weights default to 1). A
 * group's compliance is the mean of its audits' compliance (each audit counts once, whatever
 * its number of items: the audit is the sampling unit), so a parent's figure is the
 * audit-weighted pool of its children's. Its interval is Student's t interval for a mean,
 * mean ± t(1 − α/2, n − 1) · s/√n (Student 1908; e.g. Casella & Berger, "Statistical
 * Inference", 2nd ed., §9.2), clamped to 0..1, as R's `t.test(x)$conf.int`; it needs two
 * audits. A standard's pass rate is the mean score of the group's items of that standard.
 *
 * Placement: audits are placed on the structure at `asOf` (default the latest); unknown,
 * missing or inactive nodes are the `unknown_node` error or, with `onUnknownNode: 'exclude'`,
 * `excluded` with reasons, as for responses.
 *
 * Suppression: `minSample` counts audits. A group with 1 to minSample − 1 audits is withheld
 * (`'min_sample'`) and other groups (`'complementary'`) where its audit count could otherwise
 * be recovered from published counts (a parent minus its other children, a node's total minus
 * its other periods): the engine's disclosure audit over the cells node subtree, node subtree
 * in a period, period, and the whole. Withheld groups publish nothing; per-audit scores are
 * then left out too (`audits: null`).
 *
 * @param hierarchy - A hierarchy from `buildHierarchy`.
 * @param audits - The audits (see {@link Audit}).
 * @param options - See {@link AuditComplianceOptions}.
 * @returns Compliance on 0..1 per audit, overall, per node (parents first), per period.
 * @throws {@link NpsInputError} `invalid_option` for a bad option, `invalid_input` for a
 *   malformed audit or item (neither `passed` nor `score`, a score outside 0..1), `invalid_id`,
 *   `duplicate_id` for a repeated `auditId`, `invalid_weight`, `invalid_date` for a bad `at`,
 *   `unknown_node` for an audit whose node is not in the hierarchy (unless excluded).
 * @example
 * ```ts
 * const org = buildHierarchy([
 *   { id: 'north', parentId: null },
 *   { id: 's1', parentId: 'north' },
 *   { id: 's2', parentId: 'north' },
 * ]);
 * const t = Date.UTC(2026, 0, 10);
 * const r = auditCompliance(org, [
 *   { auditId: 'a1', nodeId: 's1', at: t, items: [{ standard: 'greeting', passed: true }, { standard: 'till', score: 0.5 }] },
 *   { auditId: 'a2', nodeId: 's1', at: t, items: [{ standard: 'greeting', passed: false }, { standard: 'till', score: 1, weight: 3 }] },
 *   { auditId: 'a3', nodeId: 's2', at: t, items: [{ standard: 'greeting', passed: true }] },
 * ]);
 * r.audits?.map((a) => a.compliance); //=> [0.75, 0.75, 1]
 * r.nodes[0]?.compliance; //=> 0.8333333333333334
 * r.nodes[0]?.standards?.[0]; //=> { standard: 'greeting', passRate: 0.6666666666666666 }
 * ```
 */
export function auditCompliance(
  hierarchy: Hierarchy,
  audits: readonly Audit[],
  options?: AuditComplianceOptions,
): AuditComplianceResult {
  const fn = 'auditCompliance';
  const o = parseWith(optionsSchema(), options ?? {}, fn, 'options');
  const c = compiledOf(fn, hierarchy);
  const ep = epochOfIndex(c, asOfEpoch(fn, c, o.asOf));
  const confidence = o.confidence ?? 0.95;
  const minSample = o.minSample ?? 0;
  const cols = readAudits(
    fn,
    audits,
    c.indexOf,
    c.ids,
    c.epochs.length > 1 ? ep : undefined,
    o.onUnknownNode === 'exclude',
    o.coerce === true,
  );
  const table = recordTable(fn, c, ep, o, cols.node, cols.at, minSample, (g, flag) =>
    figures(cols, g, flag, confidence),
  );
  return {
    method: 't',
    confidence,
    minSample,
    audits:
      minSample > 0
        ? null
        : table.placed.map((i) => ({
            auditId: cols.ids[i] as string,
            nodeId: c.ids[cols.node[i] as number] as string,
            at: new Date(cols.at[i] as number).toISOString(),
            compliance: cols.compliance[i] as number,
          })),
    overall: table.overall,
    nodes: table.nodes,
    periods: table.periods,
    excluded: cols.excluded,
    excludedN: cols.excludedN,
  };
}
