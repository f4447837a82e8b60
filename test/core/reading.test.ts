// The one reader of responses (src/kernels/scores.ts, src/kernels/responses.ts): `coerce: true`,
// `onInvalidScore: 'exclude'` and the problems an invalid_score error lists, on every path that
// reads responses (rows, columns, dictionary columns, tally entries; rollup, trend, rollingTrend,
// trendByNode, segments, crossTab), and one set of rows feeding rollup, trend and the drivers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  crossTab,
  driverStats,
  driversByNode,
  NpsInputError,
  rollingTrend,
  rollup,
  segments,
  tally,
  trend,
  trendByNode,
} from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const h = buildHierarchy([
  { id: 'all', parentId: null },
  { id: 's1', parentId: 'all', name: 'Store 1' },
  { id: 's2', parentId: 'all' },
]);

interface Row {
  readonly nodeId: string;
  readonly score: unknown;
  readonly at: number;
  readonly channel: string;
}

/** Every function that reads responses, on rows or columns, with the reading options given. */
const readers = {
  rollup: (r: unknown, o: object) => rollup(h, r as never, o),
  trend: (r: unknown, o: object) => trend(r as never, { period: 'month', ...o }),
  rollingTrend: (r: unknown, o: object) =>
    rollingTrend(r as never, { period: 'month', window: { periods: 2 }, ...o }),
  trendByNode: (r: unknown, o: object) => trendByNode(h, r as never, { period: 'month', ...o }),
  segments: (r: unknown, o: object) => segments(r as never, { by: 'channel', ...o }),
  crossTab: (r: unknown, o: object) => crossTab(h, r as never, { by: 'channel', ...o }),
} as const;

const columnsOf = (rows: readonly Row[], dictionary: boolean) => ({
  score: rows.map((r) => r.score),
  nodeId: dictionary
    ? { codes: Int32Array.from(rows, (r) => (r.nodeId === 's1' ? 0 : 1)), values: ['s1', 's2'] }
    : rows.map((r) => r.nodeId),
  at: Float64Array.from(rows, (r) => r.at),
  channel: rows.map((r) => r.channel),
});

const good = fc.integer({ min: 1, max: 10 });
/** Blank scores (reason missing_score) and present ones off the scale (invalid_score). */
const blank = fc.constantFrom(null, undefined, '', '  ', Number.NaN);
const offScale = fc.constantFrom(0, 11, 6.5, -1, 'x', '9.5', 1e9);
const rowArb = (score: fc.Arbitrary<unknown>) =>
  fc.record({
    nodeId: fc.constantFrom('s1', 's2'),
    score,
    at: fc.integer({ min: 0, max: 120 }).map((d) => T0 + d * DAY),
    channel: fc.constantFrom('web', 'app'),
  });

describe("onInvalidScore: 'exclude'", () => {
  it('every reader on rows and columns: the result is that of the valid rows, and excluded counts the rest by reason', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { weight: 6, arbitrary: rowArb(good) },
            { weight: 1, arbitrary: rowArb(blank) },
            { weight: 1, arbitrary: rowArb(offScale) },
          ),
          { minLength: 1, maxLength: 40 },
        ),
        (rows) => {
          const valid = rows.filter(
            (r) =>
              typeof r.score === 'number' &&
              Number.isInteger(r.score) &&
              r.score >= 1 &&
              r.score <= 10,
          );
          const missing = rows.filter(
            (r) =>
              r.score === null ||
              r.score === undefined ||
              Number.isNaN(r.score) ||
              (typeof r.score === 'string' && r.score.trim() === ''),
          ).length;
          const invalid = rows.length - valid.length - missing;
          const exclude = { onInvalidScore: 'exclude' } as const;
          for (const [name, read] of Object.entries(readers)) {
            for (const input of [rows, columnsOf(rows, false), columnsOf(rows, true)]) {
              // the trends over one fixed range, so that the excluded rows' dates add no period
              const range = name.includes('rend') ? { from: T0, to: T0 + 120 * DAY } : {};
              const got = read(input, { ...exclude, ...range }) as unknown as Record<
                string,
                unknown
              >;
              const want = read(valid, range) as unknown as Record<string, unknown>;
              const byReason = new Map<string, number>();
              for (const e of got.excluded as { reason: string; n: number }[]) {
                byReason.set(e.reason, (byReason.get(e.reason) ?? 0) + e.n);
              }
              expect(got.excludedN, name).toBe(rows.length - valid.length);
              expect(byReason.get('missing_score') ?? 0, name).toBe(missing);
              expect(byReason.get('invalid_score') ?? 0, name).toBe(invalid);
              expect({ ...got, excluded: [], excludedN: 0 }, name).toStrictEqual({
                ...want,
                excluded: [],
                excludedN: 0,
              });
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('groups the set-aside responses by reason and value, with the first index', () => {
    const rows = [
      { nodeId: 's1', score: 9 },
      { nodeId: 's1', score: '' },
      { nodeId: 's2', score: 11 },
      { nodeId: 's2', score: '' },
      { nodeId: 's2', score: null },
    ];
    const r = rollup(h, rows, { onInvalidScore: 'exclude' });
    expect(r.excluded).toStrictEqual([
      { reason: 'missing_score', nodeId: null, value: '', n: 2, firstIndex: 1 },
      { reason: 'invalid_score', nodeId: null, value: 11, n: 1, firstIndex: 2 },
      { reason: 'missing_score', nodeId: null, value: null, n: 1, firstIndex: 4 },
    ]);
    expect(r.excludedN).toBe(4);
    expect(r.nodes[0]?.total).toStrictEqual({ promoters: 1, passives: 0, detractors: 0, n: 1 });
  });

  it("'error' (the default) lists up to 10 invalid scores in issues", () => {
    const scores = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? '' : 8));
    const e = thrown(() => rollup(h, { score: scores, nodeId: scores.map(() => 's1') }));
    expect(e.code).toBe('invalid_score');
    expect(e.index).toBe(0);
    expect(e.issues.length).toBe(10);
    expect(e.issues.map((i) => i.path[0])).toStrictEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    expect(e.message).toContain('14 scores are invalid in all');
    expect(e.message).toContain('a blank answer');
  });
});

describe('coerce: true', () => {
  it('numeric strings (trimmed) and BigInts read as the numbers they hold, on every reader and shape', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb(good), { minLength: 1, maxLength: 30 }),
        fc.nat(2),
        (rows, form) => {
          const asText = rows.map((r) => ({
            ...r,
            score:
              form === 0
                ? String(r.score)
                : form === 1
                  ? ` ${String(r.score)}\t`
                  : BigInt(r.score as number),
          }));
          for (const [name, read] of Object.entries(readers)) {
            expect(read(asText, { coerce: true }), name).toStrictEqual(read(rows, {}));
            expect(read(columnsOf(asText, true), { coerce: true }), name).toStrictEqual(
              read(columnsOf(rows, true), {}),
            );
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('weights as strings, instants as ISO strings with an offset, counts of tally entries as strings', () => {
    const rows = [
      { nodeId: 's1', score: '9', weight: '2.5', at: '2025-01-05T10:00:00+02:00' },
      { nodeId: 's2', score: '3', weight: '1', at: '2025-02-01 00:00Z' },
    ];
    const numeric = [
      { nodeId: 's1', score: 9, weight: 2.5, at: Date.UTC(2025, 0, 5, 8) },
      { nodeId: 's2', score: 3, weight: 1, at: Date.UTC(2025, 1, 1) },
    ];
    expect(trendByNode(h, rows, { period: 'month', coerce: true })).toStrictEqual(
      trendByNode(h, numeric, { period: 'month' }),
    );
    // an ISO string without an offset names no instant: still an error
    const local = [{ nodeId: 's1', score: 9, at: '2025-01-05T10:00:00' }];
    expect(thrown(() => trend(local, { period: 'month', coerce: true })).code).toBe('invalid_date');
    expect(tally(['10', 9n, ' 3 '] as never, { coerce: true })).toStrictEqual(tally([10, 9, 3]));
    expect(
      tally(['10', '9'] as never, { weights: ['2', 1] as never, coerce: true }).weights?.promoters,
    ).toBe(3);
  });

  it('without coerce, a string score is an invalid_score error that says to pass it', () => {
    for (const read of Object.values(readers)) {
      const e = thrown(() => read([{ nodeId: 's1', score: '9', at: T0, channel: 'web' }], {}));
      expect(e).toBeInstanceOf(NpsInputError);
      expect(e.code).toBe('invalid_score');
      expect(e.message).toContain('pass coerce: true');
    }
    // blank strings are not numbers, coerced or not
    expect(
      thrown(() => rollup(h, [{ nodeId: 's1', score: ' ' }] as never, { coerce: true })).code,
    ).toBe('invalid_score');
  });
});

describe('the fast paths read what the general path reads (review findings)', () => {
  const at = Float64Array.of(T0 + 4 * DAY, T0 + 35 * DAY);
  it('trend and trendByNode on Float64Array instants: BigInt and Symbol scores and codes are typed', () => {
    expect(thrown(() => trend({ score: [9, 9n] as never, at }, { period: 'month' })).code).toBe(
      'invalid_score',
    );
    expect(
      trend({ score: [9, 9n] as never, at }, { period: 'month', coerce: true }).points,
    ).toStrictEqual(trend({ score: [9, 9], at }, { period: 'month' }).points);
    expect(
      thrown(() => trend({ score: [9, Symbol('s')] as never, at }, { period: 'month' })).code,
    ).toBe('invalid_score');
    for (const code of [0n, Symbol('c')]) {
      const cols = { score: [9, 9], at, nodeId: { codes: [0, code] as never, values: ['s1'] } };
      expect(thrown(() => trendByNode(h, cols, { period: 'month' })).code).toBe('invalid_input');
    }
  });

  it('a score column of text, dictionary-encoded (as Arrow gives strings), reads with coerce', () => {
    const cols = {
      score: { codes: [0, 1, 0, -1], values: ['9', ' 3 '] },
      nodeId: ['s1', 's1', 's2', 's2'],
    };
    const r = rollup(h, cols, { coerce: true, onInvalidScore: 'exclude' });
    expect(r.nodes[0]?.total).toStrictEqual({ promoters: 2, passives: 0, detractors: 1, n: 3 });
    expect(r.excluded).toStrictEqual([
      { reason: 'missing_score', nodeId: null, value: null, n: 1, firstIndex: 3 },
    ]);
  });

  it('one numeric-string rule: decimal notation only, for scores and weights alike', () => {
    for (const text of ['0x9', '0b1001', 'Infinity', '9 9', '']) {
      expect(
        thrown(() => rollup(h, [{ nodeId: 's1', score: text }], { coerce: true })).code,
        text,
      ).toBe('invalid_score');
      expect(
        thrown(() => rollup(h, [{ nodeId: 's1', score: 9, weight: text }], { coerce: true })).code,
        text,
      ).toBe('invalid_weight');
    }
    const total = (score: string) =>
      rollup(h, [{ nodeId: 's1', score }], { coerce: true }).nodes[0]?.total?.promoters;
    expect([total('9.0'), total('1e1'), total(' +9 ')]).toStrictEqual([1, 1, 1]);
  });
});

describe('one set of rows feeds rollup, trend and the drivers', () => {
  it('rows with ratings: rollup and trend ignore the ratings, the driver functions read them', () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      nodeId: i % 2 === 0 ? 's1' : 's2',
      score: 1 + (i % 10),
      at: T0 + (i % 3) * 31 * DAY,
      ratings: { speed: 1 + ((i * 7) % 10), price: 1 + ((i * 3) % 10) },
    }));
    const plain = rows.map(({ nodeId, score, at }) => ({ nodeId, score, at }));
    expect(rollup(h, rows)).toStrictEqual(rollup(h, plain));
    expect(trend(rows, { period: 'month' })).toStrictEqual(trend(plain, { period: 'month' }));
    const stats = driverStats(rows);
    expect(stats.n).toBe(60);
    const byNode = driversByNode(h, rows, { minSample: 10 });
    expect(byNode.nodes.map((n) => [n.id, n.name, n.stats.n])).toStrictEqual([
      ['all', null, 60],
      ['s1', 'Store 1', 30],
      ['s2', null, 30],
    ]);
  });
});
