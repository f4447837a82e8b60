/**
 * The terminal report: pure, from the analyses' results to lines of text (no I/O), so it is
 * tested without spawning the CLI.
 */
import type { Finding } from '../describe/describe.ts';
import type { RelativeImportanceResult } from '../drivers/relativeImportance.ts';
import type { RollupResult } from '../hierarchy/rollup.ts';
import type { TrendByNodeResult } from '../trend/trendByNode.ts';
import type { GroupFigures, SuppressionReason } from '../types.ts';
import { type SetAsideLog, summary } from './prepare.ts';

/** Everything the terminal report shows. */
export interface ReportData {
  /** The export's name as given. */
  readonly file: string;
  /** How it was read, e.g. `'CSV, semicolon-separated'`. */
  readonly source: string;
  /** `'line'` for CSV and JSON Lines, `'item'` for a JSON array, `'row'` for Parquet. */
  readonly lineWord: 'line' | 'item' | 'row';
  readonly rollup: RollupResult;
  /** The monthly cube (its first node, the root, is shown), with `--at`. */
  readonly trend: TrendByNodeResult | null;
  /** Driver importance, or why it could not be computed, with `--drivers`. */
  readonly drivers: RelativeImportanceResult | { readonly error: string } | null;
  /** Ratings that were not numbers and were read as missing. */
  readonly badRatings: number;
  /**
   * Plain-language findings (`describe` of the analysis, with `--at`): the organisation's own,
   * then every unit's alerts and significant changes.
   */
  readonly findings: readonly Finding[] | null;
  readonly read: number;
  readonly used: number;
  readonly setAside: SetAsideLog;
}

/** A signed whole number of NPS points: `+34`, `-8`, `0`. */
function points(x: number): string {
  const r = Math.round(x) + 0;
  return r > 0 ? `+${String(r)}` : String(r);
}

const responses = (n: number): string => `${String(n)} response${n === 1 ? '' : 's'}`;

/** NPS and interval, or why there is none. */
function figures(
  g: GroupFigures & { readonly suppression?: SuppressionReason | null },
  minSample: number,
): string {
  if (g.suppression === 'complementary') {
    return 'suppressed (else a smaller unit could be worked out by subtraction)';
  }
  if (g.suppressed) return `suppressed (fewer than ${responses(minSample)})`;
  if (g.nps === null) return g.n === 0 ? 'no responses' : 'no NPS (no promoters or detractors)';
  const interval =
    g.low === null || g.high === null ? '' : `  (${points(g.low)} to ${points(g.high)})`;
  return `NPS ${points(g.nps).padStart(4)}${interval}`;
}

/** Columns padded to their widest cell (the last column is not padded). */
function table(rows: readonly (readonly string[])[], right: ReadonlySet<number>): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, k) => (widths[k] = Math.max(widths[k] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, k) =>
        k === r.length - 1
          ? c
          : right.has(k)
            ? c.padStart(widths[k] ?? 0)
            : c.padEnd(widths[k] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}

/** Nodes in tree order: each followed by its subtree (the rollup lists them level by level). */
function depthFirst<T extends { readonly id: string; readonly parentId: string | null }>(
  nodes: readonly T[],
): T[] {
  const children = new Map<string | null, T[]>();
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) {
    const key = n.parentId !== null && ids.has(n.parentId) ? n.parentId : null;
    const list = children.get(key);
    if (list === undefined) children.set(key, [n]);
    else list.push(n);
  }
  const out: T[] = [];
  const stack = [...(children.get(null) ?? [])].reverse();
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    out.push(n);
    stack.push(...[...(children.get(n.id) ?? [])].reverse());
  }
  return out;
}

const percent = (x: number): string => `${(100 * x).toFixed(0)}%`;

/**
 * The terminal report as lines: the units (indented by depth, with name, level, n and NPS with
 * its interval, or suppressed), the whole organisation's monthly trend, the drivers' importance,
 * and last the count of rows read, used and set aside with reasons.
 */
export function reportLines(d: ReportData): string[] {
  const r = d.rollup;
  const out: string[] = [];
  const conf = `${String(Math.round(r.confidence * 1000) / 10)}%`;
  out.push(`npskit report: ${d.file} (${d.source})`);
  out.push('');
  out.push(
    `Units: NPS with its ${conf} interval (${r.method})${r.minSample > 0 ? `; figures of units with fewer than ${responses(r.minSample)} are suppressed` : ''}`,
  );
  const unitRows = depthFirst(r.nodes).map((n) => [
    `${'  '.repeat(n.depth)}${n.name ?? n.id}`,
    n.level ?? '',
    n.suppressed ? '' : `n ${String(n.n ?? 0)}`,
    figures(n, r.minSample),
  ]);
  out.push(...table(unitRows, new Set([2])).map((l) => `  ${l}`));

  if (d.trend !== null) {
    const t = d.trend;
    const root = t.nodes[0];
    out.push('');
    out.push(`Monthly trend of ${root?.name ?? root?.id ?? 'the organisation'} (${t.timeZone})`);
    if (root === undefined || t.periods.length === 0) out.push('  no dated responses');
    else {
      const rows = t.periods.map((p, k) => {
        const point = root.points[k];
        return [
          p.label,
          point === undefined || point.suppressed ? '' : `n ${String(point.n ?? 0)}`,
          point === undefined ? '' : figures(point, r.minSample),
        ];
      });
      out.push(...table(rows, new Set([1])).map((l) => `  ${l}`));
    }
  }

  if (d.drivers !== null) {
    out.push('');
    const dr = d.drivers;
    if ('error' in dr) out.push(`Drivers: not computed: ${dr.error}`);
    else {
      out.push(
        `Drivers of the score: each one's share of R² = ${dr.r2.toFixed(2)} (Shapley value / LMG; Lindeman, Merenda & Gold 1980), from ${String(dr.n)} complete rows${dr.excludedN > 0 ? ` (${String(dr.excludedN)} with a missing rating left out)` : ''}`,
      );
      const ranked = [...dr.drivers].sort((a, b) => a.rank - b.rank);
      const rows = ranked.map((x) => [`${String(x.rank)}.`, x.driver, percent(x.share)]);
      out.push(...table(rows, new Set([0, 2])).map((l) => `  ${l}`));
    }
    if (d.badRatings > 0) {
      out.push(
        `  (${String(d.badRatings)} rating${d.badRatings === 1 ? ' was not a number and was' : 's were not numbers and were'} read as missing)`,
      );
    }
  }

  if (d.findings !== null && d.findings.length > 0) {
    out.push('');
    out.push('Findings (a change is called up or down only when it is significant)');
    for (const f of d.findings) out.push(`  ${f.text}`);
  }

  out.push('');
  out.push(summary(d.read, d.used, d.setAside, d.lineWord));
  return out;
}
