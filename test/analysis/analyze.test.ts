import { describe, expect, it } from 'vitest';
import {
  analyze,
  compareNps,
  detectShifts,
  driversByNode,
  NpsInputError,
  rollup,
  trendByNode,
  trendChanges,
} from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';
import { groupDrivers, groupHierarchy, groupRows } from './_group.ts';

const h = groupHierarchy();
const rows = groupRows();
const last = Math.max(...rows.map((r) => r.at));

describe('analyze on a seeded four-level group', () => {
  const a = analyze(h, rows, { drivers: groupDrivers, source: 'interviewer' });

  it('is plain JSON data (but for the z of a zero-variance comparison, ±Infinity as compareNps documents)', () => {
    const inf = (_: string, v: unknown) => (v === Infinity ? 'Inf' : v === -Infinity ? '-Inf' : v);
    const back = JSON.parse(JSON.stringify(a, inf), (_, v: unknown) =>
      v === 'Inf' ? Infinity : v === '-Inf' ? -Infinity : v,
    ) as unknown;
    expect(back).toEqual(a);
  });

  it('dates itself by the last response, in the zone, and names the period and options used', () => {
    expect(a.asOf).toBe(new Date(last).toISOString().replace('.000Z', 'Z'));
    expect([a.period, a.timeZone, a.confidence, a.minSample, a.scheme.name]).toEqual([
      'month',
      'UTC',
      0.95,
      0,
      'ten-point',
    ]);
  });

  it('lists the units in hierarchy order with names and children', () => {
    // depth first: each unit followed by its subtree
    expect(a.units.map((u) => u.id)).toEqual(h.ids);
    expect(new Set(a.units.map((u) => u.id))).toEqual(new Set(a.rollup.nodes.map((n) => n.id)));
    expect(a.units[0]).toEqual({
      id: 'g',
      name: 'Group',
      level: 'group',
      depth: 0,
      parentId: null,
      childIds: ['r', 'w'],
    });
    expect(a.units.find((u) => u.id === 'n1')?.childIds).toEqual(['n1a', 'n1b', 'n1c']);
  });

  it('holds exactly the rollup and the cube of direct calls', () => {
    expect(a.rollup).toEqual(rollup(h, rows, { asOf: last, minSample: 0 }));
    expect(a.trend).toEqual(
      trendByNode(h, rows, { period: 'month', asOf: last, to: last, minSample: 0 }),
    );
    expect(a.trend.periods).toHaveLength(24);
  });

  it('gives each unit its last month against the previous one and a year earlier, as trendChanges does', () => {
    for (const c of a.changes) {
      const node = a.trend.nodes.find((n) => n.id === c.id);
      const direct = trendChanges({
        points: a.trend.periods.map((p, k) => ({ ...p, total: node?.points[k]?.total })),
      }).changes[23];
      expect(c.previous).toEqual(direct?.previous);
      expect(c.yearAgo).toEqual(direct?.yearAgo);
      expect(c.period?.label).toBe('2025-12');
    }
    // the planted slip: store n1a's December against its November, by compareNps directly
    const n1a = a.changes.find((c) => c.id === 'n1a');
    const cube = a.trend.nodes.find((n) => n.id === 'n1a');
    const dec = cube?.points[23]?.total;
    const nov = cube?.points[22]?.total;
    if (!dec || !nov) throw new Error('no tallies');
    const cmp = compareNps(dec, nov);
    expect(n1a?.previous?.difference).toBeCloseTo(cmp.difference, 10);
    expect(n1a?.previous?.pValue).toBeCloseTo(cmp.pValue, 10);
    expect(n1a?.previous?.significant).toBe(true);
    expect(n1a?.previous?.difference).toBeLessThan(-30);
    expect(n1a?.yearAgo?.against).toBe('2024-12-01T00:00:00Z');
  });

  it('raises the shift alert of detectShifts on the cube (last month against the 12 before)', () => {
    const direct = detectShifts(a.trend, {
      recent: 1,
      baseline: 12,
      chartSpan: 6,
      shortWindows: 'shorten',
    });
    expect(a.shifts).toEqual(direct);
    const drops = a.shifts?.alerts.filter((x) => x.kind === 'drop').map((x) => x.id);
    // the region of the slipping store alerts; the store's own month has too few promoters and
    // detractors for the window test (detectShifts' minSample of 30 in the base), and says so
    expect(drops).toContain('n1');
    expect(a.shifts?.skipped).toContainEqual(
      expect.objectContaining({ id: 'n1a', detector: 'window', reason: 'min_sample' }),
    );
  });

  it('sums driver importance by owning level per unit and names each unit its own levers', () => {
    const d = a.drivers;
    if (!d) throw new Error('no drivers');
    const direct = driversByNode(h, rows, {
      drivers: ['speed', 'assortment', 'price'],
      asOf: last,
    });
    const store = d.units.find((u) => u.id === 'n1b');
    const node = direct.nodes.find((n) => n.id === 'n1b');
    expect(store?.r2).toBeCloseTo(node?.importance?.r2 ?? Number.NaN, 12);
    // speed drives the score most in this data and stores own it
    expect(store?.ownLevers).toEqual(['speed']);
    expect(d.units.find((u) => u.id === 'n1')?.ownLevers).toEqual(['assortment']);
    expect(d.units.find((u) => u.id === 'g')?.ownLevers).toEqual(['price']);
    expect(store?.byOwner[0]?.owner).toBe('store');
    const shares = store?.byOwner.reduce((s, o) => s + o.share, 0) ?? 0;
    expect(shares).toBeCloseTo(1, 12);
    expect(store?.quadrants.map((q) => q.driver).sort()).toEqual(['assortment', 'price', 'speed']);
    // the 2-a-month store has 48 complete answers: analysed with the default minimum of 30
    expect(d.units.find((u) => u.id === 'w2c')?.skipped).toBe(null);
    const strict = analyze(h, rows, {
      drivers: groupDrivers,
      driverMinSample: 50,
      shifts: false,
      gaming: false,
    });
    expect(strict.drivers?.units.find((u) => u.id === 'w2c')).toMatchObject({
      skipped: 'min_sample',
      ownLevers: [],
    });
  });

  it('reads the drivers with the same options as the rest: coerce and onInvalidScore', () => {
    // An export: scores as text, and one row with a score off the scale.
    const part = rows.slice(0, 3000);
    const text = [
      ...part.map((r) => ({ ...r, score: String(r.score) })),
      { ...part[0], score: 'n/a' },
    ] as unknown as typeof rows;
    const opts = { drivers: groupDrivers, shifts: false, gaming: false } as const;
    const plain = analyze(h, part, opts);
    const read = analyze(h, text, { ...opts, coerce: true, onInvalidScore: 'exclude' });
    expect(read.drivers).toEqual(plain.drivers);
    expect(read.rollup.excludedN).toBe(1);
    // without the options the text scores are an error, as in every other section
    expect(thrown(() => analyze(h, text, opts)).code).toBe('invalid_score');
  });

  it('adds the quality sections asked for, and none other', () => {
    expect(a.quality.sources?.by).toBe('interviewer');
    expect(a.quality.gaming).not.toBe(null);
    expect(a.quality.responseRates).toBe(null);
    expect(a.quality.audits).toBe(null);
    expect(a.followUp).toBe(null);
  });
});

describe('analyze keeps withheld figures withheld', () => {
  const a = analyze(h, rows, { minSample: 10, gaming: false });

  it('withholds the small store in the rollup, the cube and its changes', () => {
    expect(a.rollup.nodes.find((n) => n.id === 'w2c')?.suppressed).toBe(false); // 48 in all
    const c = a.changes.find((x) => x.id === 'w2c');
    expect(c).toMatchObject({
      suppressed: true,
      nps: null,
      n: null,
      previous: null,
      yearAgo: null,
    });
    expect(a.trend).toEqual(
      trendByNode(h, rows, { period: 'month', asOf: last, to: last, minSample: 10 }),
    );
  });

  it('withholds the driver analysis of a unit whose figures are withheld (no n, no importance)', () => {
    // 48 answers at the small store: withheld at minSample 50, though driversByNode's own
    // minimum (30 complete answers) would analyse it
    const b = analyze(h, rows, {
      minSample: 50,
      drivers: groupDrivers,
      shifts: false,
      gaming: false,
    });
    expect(b.rollup.nodes.find((n) => n.id === 'w2c')?.suppressed).toBe(true);
    expect(b.drivers?.units.find((u) => u.id === 'w2c')).toEqual({
      id: 'w2c',
      n: null,
      skipped: 'min_sample',
      r2: null,
      byOwner: [],
      quadrants: [],
      ownLevers: [],
    });
    // a published unit keeps its analysis
    expect(b.drivers?.units.find((u) => u.id === 'n1b')?.skipped).toBe(null);
  });

  it('raises no alert built on a withheld cell', () => {
    for (const alert of a.shifts?.alerts ?? []) expect(alert.id).not.toBe('w2c');
  });
});

describe('analyze options', () => {
  const small = rows.slice(0, 200);
  it('takes a later asOf, the week period and a zone', () => {
    const a = analyze(h, small, {
      asOf: Date.UTC(2024, 0, 31),
      period: 'week',
      timeZone: 'Europe/Kyiv',
      shifts: false,
      gaming: false,
    });
    expect(a.asOf).toBe('2024-01-31T02:00:00+02:00');
    expect(a.period).toBe('week');
    expect(a.trend.periods.at(-1)?.label).toBe('2024-W05');
  });

  it('ends with the last period of the data when asOf is the boundary after it (the end of the data)', () => {
    // The data end in some month; asOf at the start of the next month describes "as of the end
    // of that month": the next month holds nothing yet and is not the latest period.
    const lastMonth = new Date(last);
    const next = Date.UTC(lastMonth.getUTCFullYear(), lastMonth.getUTCMonth() + 1, 1);
    const a = analyze(h, rows, { asOf: next, shifts: false, gaming: false });
    const plain = analyze(h, rows, { shifts: false, gaming: false });
    expect(a.trend.periods.at(-1)?.label).toBe(plain.trend.periods.at(-1)?.label);
    expect(a.trend.periods.at(-1)?.end).toBe(new Date(next).toISOString().replace('.000Z', 'Z'));
    // one millisecond later, the next month is the latest (and empty)
    const b = analyze(h, rows, { asOf: next + 1, shifts: false, gaming: false });
    expect(b.trend.periods).toHaveLength(plain.trend.periods.length + 1);
  });

  it('refuses an asOf before the last response, unknown keys and bad values, as analyze errors', () => {
    const early = thrown(() => analyze(h, small, { asOf: Date.UTC(2024, 0, 2) }));
    expect(early).toBeInstanceOf(NpsInputError);
    expect(early).toMatchObject({ code: 'invalid_option', path: ['asOf'] });
    expect(early.message).toMatch(
      /^analyze: options\.asOf must be .* not before the last response/,
    );
    const unknown = thrown(() => analyze(h, small, { perod: 'month' } as never));
    expect(unknown).toMatchObject({ code: 'invalid_option' });
    expect(unknown.message).toMatch(/^analyze: /);
    const shifts = thrown(() => analyze(h, small, { shifts: { recnt: 2 } as never }));
    expect(shifts).toMatchObject({ code: 'invalid_option', path: ['shifts'] });
    expect(shifts.message).toMatch(/^analyze: .*\(in detectShifts\)$/);
    const score = thrown(() => analyze(h, [{ nodeId: 'n1a', score: 11, at: 0 }]));
    expect(score).toMatchObject({ code: 'invalid_score' });
    expect(score.message).toMatch(/^analyze: /);
    const drivers = thrown(() =>
      analyze(h, small, {
        drivers: [
          { id: 'speed', owner: 'store' },
          { id: 'speed', owner: 'region' },
        ],
      }),
    );
    expect(drivers).toMatchObject({ code: 'duplicate_id', path: ['drivers', 1, 'id'] });
    expect(thrown(() => analyze(h, []))).toMatchObject({ code: 'empty' });
    // a metric driversByNode does not know is an error, not every unit skipped
    const metric = thrown(() =>
      analyze(h, small, { drivers: groupDrivers, driverMetric: 'lgm' as never }),
    );
    expect(metric).toMatchObject({ code: 'invalid_option', path: ['driverMetric'] });
    // shifts is false or an options object: true, a number or a string is not silently ignored
    for (const bad of [true, 5, 'no']) {
      const e = thrown(() => analyze(h, small, { shifts: bad as never }));
      expect(e).toMatchObject({ code: 'invalid_option', path: ['shifts'] });
      expect(e.message).toMatch(
        /^analyze: options\.shifts .*false or an object of detectShifts options/,
      );
    }
  });
});
