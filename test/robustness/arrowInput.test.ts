// Apache Arrow tables wherever responses are read: the same results as the plain columns they
// hold, from apache-arrow and from @uwdata/flechette tables (dictionary node ids, int8 scores,
// timestamps, weights, two record batches).

import { tableFromArrays as flechetteTable } from '@uwdata/flechette';
import { Table as ApacheTable, tableFromArrays as arrowTable } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  crossTab,
  driverStats,
  driversByNode,
  rollingTrend,
  rollup,
  segments,
  shapley,
  trend,
  trendByNode,
} from '../../src/index.ts';

const DAY = 86_400_000;
const nodeId = ['s1', 's1', 's2', 's2', 's3', 's1', 's2', 's3'];
const score = Int8Array.from([10, 9, 3, 8, 7, 1, 10, 6]);
const at = Float64Array.from(
  [0, 1, 2, 35, 36, 40, 70, 71].map((d) => Date.UTC(2025, 0, 1) + d * DAY),
);
const weight = Float64Array.from([1, 2, 1, 0.5, 1, 1, 3, 1]);
const channel = ['web', 'app', 'web', 'web', 'app', 'app', 'web', 'app'];
const plain = {
  nodeId,
  score: Array.from(score),
  at: Array.from(at),
  weight: Array.from(weight),
  channel,
};

const h = buildHierarchy([
  { id: 'all', parentId: null },
  { id: 'north', parentId: 'all' },
  { id: 's1', parentId: 'north' },
  { id: 's2', parentId: 'north' },
  { id: 's3', parentId: 'all' },
]);

const apache = arrowTable({ nodeId, score, at, weight, channel });
// two record batches, as a streamed DuckDB result arrives
const half = (t: typeof apache, lo: number, hi: number) => t.slice(lo, hi);
const chunked = new ApacheTable([...half(apache, 0, 3).batches, ...half(apache, 3, 8).batches]);
const flechette = flechetteTable({ nodeId, score, at, weight, channel });

const tables = [
  ['apache-arrow', apache],
  ['apache-arrow, two batches', chunked],
  ['flechette', flechette],
] as const;

describe('Arrow tables are read as the columns they hold', () => {
  it.each(tables)(
    '%s: rollup, trend, rollingTrend, trendByNode, segments, crossTab',
    (_, table) => {
      expect(rollup(h, table)).toStrictEqual(rollup(h, plain));
      expect(trend(table, { period: 'month' })).toStrictEqual(trend(plain, { period: 'month' }));
      expect(rollingTrend(table, { period: 'month', window: { periods: 2 } })).toStrictEqual(
        rollingTrend(plain, { period: 'month', window: { periods: 2 } }),
      );
      expect(trendByNode(h, table, { period: 'month' })).toStrictEqual(
        trendByNode(h, plain, { period: 'month' }),
      );
      expect(segments(table, { by: 'channel' })).toStrictEqual(segments(plain, { by: 'channel' }));
      expect(crossTab(h, table, { by: 'channel' })).toStrictEqual(
        crossTab(h, plain, { by: 'channel' }),
      );
    },
  );

  it('the figures are the hand-counted ones', () => {
    // north = s1 + s2: scores 10, 9, 3, 8, 1, 10 → P 4 (10, 9, 8, 10), D 2 (3, 1), weights 1, 2, 0.5, 3 / 1, 1
    const north = rollup(h, apache).nodes.find((n) => n.id === 'north');
    expect(north?.total?.promoters).toBe(4);
    expect(north?.total?.detractors).toBe(2);
    expect(north?.total?.weights?.promoters).toBe(6.5);
    expect(north?.total?.weights?.detractors).toBe(2);
  });

  it('a table without a score column is a typed error naming its columns', () => {
    const t = arrowTable({ nodeId: ['s1'], rating: Int8Array.from([9]) });
    expect(() => rollup(h, t)).toThrow(/score/);
    try {
      rollup(h, t);
    } catch (e) {
      expect((e as { code: string }).code).toBe('invalid_input');
    }
  });
});

describe('Arrow tables feed the driver functions too', () => {
  it('score and rating columns (nulls are missing ratings) give the columns’ statistics and analysis', () => {
    const n = 40;
    const score = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7) % 10));
    const speed = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 3) % 10));
    const price = Array.from({ length: n }, (_, i) => (i === 5 ? null : 1 + ((i * 11) % 10)));
    const table = arrowTable({
      score,
      speed,
      price,
      nodeId: Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 's1' : 's2')),
    });
    const cols = {
      score,
      ratings: new Map([
        ['speed', speed],
        ['price', Float64Array.from(price, (v) => v ?? Number.NaN)],
      ]),
    };
    expect(driverStats(table)).toStrictEqual(driverStats(cols));
    expect(driverStats(table).excludedN).toBe(1);
    expect(shapley(table)).toStrictEqual(shapley(cols));
    const byNode = driversByNode(h, table, { minSample: 5 });
    // row 5 (odd: store s2) has no price rating
    expect(byNode.nodes.map((x) => [x.id, x.stats.n])).toStrictEqual([
      ['all', 39],
      ['north', 39],
      ['s3', 0],
      ['s1', 20],
      ['s2', 19],
    ]);
    const e = (() => {
      try {
        driverStats(
          arrowTable({ score, label: ['a', ...Array.from({ length: n - 1 }, () => 'b')] }),
        );
      } catch (err) {
        return err as { code?: string };
      }
      return null;
    })();
    expect(e?.code).toBe('invalid_input');
  });
});
