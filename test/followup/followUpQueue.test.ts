import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  classicScheme,
  type FollowUpPolicy,
  type FollowUpResponse,
  followUpQueue,
  NpsInputError,
} from '../../src/index.ts';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

/** group → east (Asia/Tokyo) → store-e; group → west → store-w, store-w2 */
const h = buildHierarchy([
  { id: 'group', parentId: null },
  { id: 'east', parentId: 'group' },
  { id: 'west', parentId: 'group' },
  { id: 'store-e', parentId: 'east' },
  { id: 'store-w', parentId: 'west' },
  { id: 'store-w2', parentId: 'west' },
]);

const office = { timeZone: 'Europe/Kyiv', hours: { start: '09:00', end: '18:00' } };

function thrown(f: () => unknown): NpsInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof NpsInputError) return e;
    throw e;
  }
  throw new Error('expected an NpsInputError');
}

describe('followUpQueue(responses, policy, now)', () => {
  it('queues detractors only by default, with due instants on the business calendar', () => {
    const rows: FollowUpResponse[] = [
      // Friday 2025-10-24 19:00 Kyiv, after closing; Monday 27 is a holiday here
      { responseId: 'd', nodeId: 'store-w', score: 2, at: at('2025-10-24T19:00+03:00') },
      { responseId: 'p', nodeId: 'store-w', score: 7, at: at('2025-10-24T19:00+03:00') },
      { responseId: 'r', nodeId: 'store-w', score: 10, at: at('2025-10-24T19:00+03:00') },
    ];
    const q = followUpQueue(
      rows,
      {
        hierarchy: h,
        sla: { businessDays: 1 },
        calendar: { ...office, holidays: ['2025-10-27'] },
      },
      at('2025-10-29T12:00Z'),
    );
    expect(q.items.map((i) => i.responseId)).toEqual(['d']);
    const d = q.items[0];
    // current working day: Tuesday 28 (Monday is a holiday); one more: Wednesday 29 at 18:00,
    // winter time since Sunday 26 (+02:00)
    expect(d?.dueAt).toBe('2025-10-29T18:00:00+02:00');
    expect(d?.at).toBe('2025-10-24T19:00:00+03:00');
    expect(d?.overdue).toBe(false);
    // 2025-10-24T16:00Z to 2025-10-29T12:00Z: 5 days less 4 hours
    expect(d?.ageHours).toBe(116);
    expect(d?.reasons).toEqual(['detractor']);
    expect(d?.owner).toBe('store-w');
    expect(d?.escalated).toBe(0);
    expect(d?.timeZone).toBe('Europe/Kyiv');
    expect(q.overdueN).toBe(0);
    expect(q.now).toBe('2025-10-29T12:00:00.000Z');
    expect(q.excludedN).toBe(0);
  });

  it('overdue once now is past the due instant (business hours over the spring change)', () => {
    // Friday 2025-03-28 17:00+02:00, 2 business hours → Monday 10:00+03:00 = 07:00Z
    const rows = [{ responseId: 'a', nodeId: 'store-w', score: 1, at: at('2025-03-28T15:00Z') }];
    const policy: FollowUpPolicy = { hierarchy: h, sla: { businessHours: 2 }, calendar: office };
    const before = followUpQueue(rows, policy, at('2025-03-31T07:00Z'));
    expect(before.items[0]?.dueAt).toBe('2025-03-31T10:00:00+03:00');
    expect(before.items[0]?.overdue).toBe(false);
    const after = followUpQueue(rows, policy, at('2025-03-31T07:00:00.001Z'));
    expect(after.items[0]?.overdue).toBe(true);
    expect(after.overdueN).toBe(1);
  });

  it('adds passives, comments, low ratings and repeat detractors when asked', () => {
    const t0 = at('2025-06-02T08:00Z');
    const rows: FollowUpResponse[] = [
      { responseId: 'p1', nodeId: 'store-w', score: 6, at: t0 },
      { responseId: 'c1', nodeId: 'store-w', score: 9, at: t0, comment: 'Queue was long' },
      { responseId: 'c2', nodeId: 'store-w', score: 9, at: t0, comment: '   ' },
      {
        responseId: 'l1',
        nodeId: 'store-w',
        score: 8,
        at: t0,
        ratings: { staff: 2, price: 9, delivery: null },
      },
      {
        responseId: 'l2',
        nodeId: 'store-w',
        score: 10,
        at: t0,
        ratings: new Map([
          ['price', 3],
          ['staff', 3],
        ]),
      },
      // customer k: detractor on 1 June and 5 June (within 7 days), and 20 June (15 days later)
      {
        responseId: 'k1',
        nodeId: 'store-w',
        score: 3,
        at: at('2025-06-01T08:00Z'),
        customerId: 'k',
      },
      {
        responseId: 'k2',
        nodeId: 'store-w2',
        score: 4,
        at: at('2025-06-05T08:00Z'),
        customerId: 'k',
      },
      {
        responseId: 'k3',
        nodeId: 'store-w',
        score: 5,
        at: at('2025-06-20T08:00Z'),
        customerId: 'k',
      },
    ];
    const q = followUpQueue(
      rows,
      {
        hierarchy: h,
        sla: { hours: 24 },
        passives: true,
        comments: true,
        lowRatings: { drivers: ['staff', 'price'], atMost: 3 },
        repeatDetractors: { withinDays: 7 },
      },
      at('2025-06-21T00:00Z'),
    );
    const byId = new Map(q.items.map((i) => [i.responseId, i]));
    expect([...byId.keys()].sort()).toEqual(['c1', 'k1', 'k2', 'k3', 'l1', 'l2', 'p1']);
    expect(byId.get('p1')?.reasons).toEqual(['passive']);
    expect(byId.get('c1')?.reasons).toEqual(['comment']);
    expect(byId.get('l1')?.reasons).toEqual(['low_rating']);
    expect(byId.get('l1')?.lowDrivers).toEqual(['staff']);
    expect(byId.get('l2')?.lowDrivers).toEqual(['staff', 'price']);
    expect(byId.get('k1')?.reasons).toEqual(['detractor']);
    expect(byId.get('k2')?.reasons).toEqual(['detractor', 'repeat_detractor']);
    expect(byId.get('k3')?.reasons).toEqual(['detractor']);
    expect(byId.get('k2')?.customerId).toBe('k');
    // detractors off: only the repeat remains of the three
    const onlyRepeats = followUpQueue(
      rows,
      { hierarchy: h, sla: { hours: 24 }, detractors: false, repeatDetractors: { withinDays: 7 } },
      at('2025-06-21T00:00Z'),
    );
    expect(onlyRepeats.items.map((i) => i.responseId)).toEqual(['k2']);
  });

  it('computes the priority from severity, value, age and repeat (hand-computed)', () => {
    const now = at('2025-06-02T20:00Z');
    const rows = [
      // severity (10 − 5)/9, value 50/100, overdue (age 1)
      { responseId: 'b', nodeId: 'store-w', score: 5, at: now - 20 * H, value: 50 },
      // severity (10 − 1)/9 = 1, value 1, age 5/10
      { responseId: 'a', nodeId: 'store-w', score: 1, at: now - 5 * H, value: 100 },
    ];
    const q = followUpQueue(rows, { hierarchy: h, sla: { hours: 10 } }, now);
    expect(q.items.map((i) => i.responseId)).toEqual(['a', 'b']);
    // no repeat rule: repeat takes no weight (the most urgent response can reach 1)
    expect(q.items[0]?.priority).toBeCloseTo((1 + 1 + 0.5) / 3, 12);
    expect(q.items[1]?.priority).toBeCloseTo((5 / 9 + 0.5 + 1) / 3, 12);
    // with the rule on (neither is a repeat) it weighs in as 0
    const withRule = followUpQueue(
      rows,
      { hierarchy: h, sla: { hours: 10 }, repeatDetractors: { withinDays: 30 } },
      now,
    );
    expect(withRule.items[0]?.priority).toBeCloseTo((1 + 1 + 0.5 + 0) / 4, 12);
    // without customer values, value takes no weight either
    const noValues = followUpQueue(
      rows.map((r) => ({ responseId: r.responseId, nodeId: r.nodeId, score: r.score, at: r.at })),
      { hierarchy: h, sla: { hours: 10 } },
      now,
    );
    expect(noValues.items.map((i) => [i.responseId, i.priority])).toEqual([
      ['b', (5 / 9 + 1) / 2],
      ['a', (1 + 0.5) / 2],
    ]);
    // weights: age only, so the overdue one comes first
    const byAge = followUpQueue(
      rows,
      { hierarchy: h, sla: { hours: 10 }, priority: { severity: 0, value: 0, repeat: 0 } },
      now,
    );
    expect(byAge.items.map((i) => [i.responseId, i.priority])).toEqual([
      ['b', 1],
      ['a', 0.5],
    ]);
    // equal priorities: the earlier due first, then the response id
    const tie = followUpQueue(
      [
        { responseId: 'y', nodeId: 'store-w', score: 3, at: now - 2 * H },
        { responseId: 'x', nodeId: 'store-w', score: 3, at: now - 2 * H },
        { responseId: 'z', nodeId: 'store-w', score: 3, at: now - 3 * H },
      ],
      { hierarchy: h, sla: { hours: 10 }, priority: { age: 0 } },
      now,
    );
    expect(tie.items.map((i) => i.responseId)).toEqual(['z', 'x', 'y']);
  });

  it('escalates up the hierarchy by elapsed hours, stopping at the root', () => {
    const now = at('2025-06-10T12:00Z');
    const rows = [10, 30, 80, 120].map((age) => ({
      responseId: `age-${String(age)}`,
      nodeId: 'store-w',
      score: 1,
      at: now - age * H,
    }));
    const q = followUpQueue(
      rows,
      {
        hierarchy: h,
        sla: { hours: 8 },
        escalation: [
          { afterHours: 72, levels: 2 },
          { afterHours: 24 },
          { afterHours: 100, levels: 5 },
        ],
      },
      now,
    );
    const owner = new Map(q.items.map((i) => [i.responseId, [i.owner, i.escalated]]));
    expect(owner.get('age-10')).toEqual(['store-w', 0]);
    expect(owner.get('age-30')).toEqual(['west', 1]);
    expect(owner.get('age-80')).toEqual(['group', 2]);
    expect(owner.get('age-120')).toEqual(['group', 2]);
  });

  it('reads each node on its own zone, inherited from the nearest ancestor', () => {
    const t = at('2025-03-28T00:00Z'); // Friday: 09:00 in Tokyo, 02:00 in Kyiv
    const rows = [
      { responseId: 'e', nodeId: 'store-e', score: 1, at: t },
      { responseId: 'w', nodeId: 'store-w', score: 1, at: t },
    ];
    const q = followUpQueue(
      rows,
      {
        hierarchy: h,
        sla: { businessHours: 9 },
        calendar: { hours: { start: '09:00', end: '18:00' } },
        timeZone: 'Europe/Kyiv',
        timeZones: new Map([['east', 'Asia/Tokyo']]),
      },
      t + H,
    );
    const due = new Map(q.items.map((i) => [i.responseId, [i.dueAt, i.timeZone]]));
    expect(due.get('e')).toEqual(['2025-03-28T18:00:00+09:00', 'Asia/Tokyo']);
    expect(due.get('w')).toEqual(['2025-03-28T18:00:00+02:00', 'Europe/Kyiv']);
  });

  it('works without a hierarchy: nodeId as given, zones by node id', () => {
    const t = at('2025-03-28T00:00Z');
    const q = followUpQueue(
      [
        { responseId: '1', nodeId: 'tokyo', score: 0, at: t },
        { responseId: '2', score: 6, at: t },
      ],
      {
        sla: { businessDays: 0 },
        scheme: classicScheme,
        timeZones: new Map([['tokyo', 'Asia/Tokyo']]),
      },
      t,
    );
    expect(q.items.map((i) => [i.responseId, i.nodeId, i.owner, i.dueAt])).toEqual([
      ['1', 'tokyo', 'tokyo', '2025-03-29T00:00:00+09:00'],
      ['2', null, null, '2025-03-29T00:00:00Z'],
    ]);
  });

  it('leaves out handled responses, and excludes unknown nodes and invalid scores when asked', () => {
    const t = at('2025-06-02T08:00Z');
    const rows = [
      { responseId: 'a', nodeId: 'store-w', score: 1, at: t },
      { responseId: 'b', nodeId: 'store-x', score: 1, at: t },
      { responseId: 'c', nodeId: 'store-w', score: 11, at: t },
      { responseId: 'd', nodeId: 'store-w', score: '2', at: '2025-06-02T08:00:00Z' },
    ];
    const q = followUpQueue(
      rows,
      {
        hierarchy: h,
        sla: { hours: 1 },
        onUnknownNode: 'exclude',
        onInvalidScore: 'exclude',
        coerce: true,
        handled: ['a'],
      },
      t + H,
    );
    expect(q.items.map((i) => [i.responseId, i.score])).toEqual([['d', 2]]);
    expect(q.excludedN).toBe(2);
    expect(q.excluded.map((e) => e.reason).sort()).toEqual(['invalid_score', 'unknown_node']);
  });

  it('places responses on the structure valid at now: moved stores escalate to their new region', () => {
    const move = at('2025-06-01T00:00Z');
    const dated = buildHierarchy([
      { id: 'group', parentId: null },
      { id: 'north', parentId: 'group' },
      { id: 'south', parentId: 'group' },
      { id: 'store', parentId: 'north', validTo: move },
      { id: 'store', parentId: 'south', validFrom: move },
      { id: 'closed', parentId: 'north', validTo: move },
    ]);
    const t = at('2025-05-30T00:00Z');
    const rows = [
      { responseId: 'a', nodeId: 'store', score: 1, at: t },
      { responseId: 'b', nodeId: 'closed', score: 1, at: t },
    ];
    const policy: FollowUpPolicy = {
      hierarchy: dated,
      sla: { hours: 24 },
      escalation: [{ afterHours: 24 }],
    };
    const now = at('2025-06-02T00:00Z');
    expect(thrown(() => followUpQueue(rows, policy, now)).code).toBe('unknown_node');
    const q = followUpQueue(rows, { ...policy, onUnknownNode: 'exclude' }, now);
    expect(q.items.map((i) => [i.responseId, i.owner])).toEqual([['a', 'south']]);
    expect(q.excluded).toEqual([
      { reason: 'node_not_valid', nodeId: 'closed', n: 1, firstIndex: 1 },
    ]);
  });

  it('refuses malformed input with typed errors', () => {
    const t = at('2025-06-02T08:00Z');
    const ok = { responseId: 'a', nodeId: 'store-w', score: 1, at: t };
    const p: FollowUpPolicy = { hierarchy: h, sla: { hours: 1 } };
    const code = (f: () => unknown) => thrown(f).code;
    expect(code(() => followUpQueue([{ ...ok, responseId: undefined as never }], p, t))).toBe(
      'invalid_id',
    );
    const dup = thrown(() => followUpQueue([ok, ok], p, t));
    expect([dup.code, dup.index]).toEqual(['duplicate_id', 1]);
    expect(code(() => followUpQueue([{ ...ok, nodeId: 'nope' }], p, t))).toBe('unknown_node');
    expect(code(() => followUpQueue([{ ...ok, at: t + 1 }], p, t))).toBe('invalid_date');
    expect(code(() => followUpQueue([{ ...ok, at: undefined as never }], p, t))).toBe(
      'invalid_date',
    );
    expect(code(() => followUpQueue([ok], p, Number.NaN))).toBe('invalid_date');
    expect(
      code(() => followUpQueue([ok], { sla: { hours: 1 }, escalation: [{ afterHours: 1 }] }, t)),
    ).toBe('invalid_option');
    expect(code(() => followUpQueue([ok], { ...p, sla: { days: 1 } as never }, t))).toBe(
      'invalid_option',
    );
    expect(thrown(() => followUpQueue([ok], { ...p, slas: 1 } as never, t)).message).toMatch(
      /unknown key "slas"/,
    );
    expect(
      code(() => followUpQueue([ok], { ...p, timeZones: new Map([['west', 'Mars/Base']]) }, t)),
    ).toBe('invalid_time_zone');
    expect(
      code(() => followUpQueue([ok], { ...p, timeZones: new Map([['nowhere', 'UTC']]) }, t)),
    ).toBe('unknown_node');
    expect(code(() => followUpQueue([{ ...ok, value: -1 }], p, t))).toBe('invalid_input');
    expect(
      code(() =>
        followUpQueue(
          [{ ...ok, ratings: { staff: 'low' as never } }],
          { ...p, lowRatings: { drivers: ['staff'], atMost: 3 } },
          t,
        ),
      ),
    ).toBe('invalid_input');
    expect(code(() => followUpQueue({ score: [1] } as never, p, t))).toBe('invalid_input');
    expect(code(() => followUpQueue([{ ...ok, score: 11 }], p, t))).toBe('invalid_score');
  });

  it('does not mutate its input and returns JSON data', () => {
    const rows = [{ responseId: 'a', nodeId: 'store-w', score: 1, at: at('2025-06-02T08:00Z') }];
    const copy = structuredClone(rows);
    const q = followUpQueue(rows, { hierarchy: h, sla: { hours: 1 } }, at('2025-06-03T00:00Z'));
    expect(rows).toEqual(copy);
    expect(JSON.parse(JSON.stringify(q))).toEqual(q);
  });

  it('property: the queue does not depend on the order of the responses', () => {
    const nodes = ['store-e', 'store-w', 'store-w2'];
    const row = fc.record({
      nodeId: fc.constantFrom(...nodes),
      score: fc.integer({ min: 1, max: 10 }),
      hoursAgo: fc.integer({ min: 0, max: 24 * 20 }),
      customerId: fc.option(fc.constantFrom('k1', 'k2', 'k3'), { nil: undefined }),
      value: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    });
    const now = at('2025-10-29T12:00Z');
    fc.assert(
      fc.property(fc.array(row, { maxLength: 25 }), fc.integer(), (specs, seed) => {
        const rows = specs.map((s, i) => ({
          responseId: `r${String(i)}`,
          nodeId: s.nodeId,
          score: s.score,
          at: now - s.hoursAgo * H,
          customerId: s.customerId,
          value: s.value,
        }));
        const policy: FollowUpPolicy = {
          hierarchy: h,
          sla: { businessDays: 2 },
          calendar: office,
          timeZones: new Map([['east', 'Asia/Tokyo']]),
          passives: true,
          repeatDetractors: { withinDays: 3 },
          escalation: [{ afterHours: 48 }],
        };
        const q = followUpQueue(rows, policy, now);
        const shuffled = fc.sample(fc.shuffledSubarray(rows, { minLength: rows.length }), {
          seed,
          numRuns: 1,
        })[0];
        expect(followUpQueue(shuffled ?? rows, policy, now)).toEqual(q);
        // every detractor and passive is queued; due after the response; overdue = now > due
        expect(q.items.length).toBe(rows.filter((r) => r.score <= 7).length);
        for (const it of q.items) {
          expect(Date.parse(it.dueAt)).toBeGreaterThan(Date.parse(it.at));
          expect(it.overdue).toBe(now > Date.parse(it.dueAt));
          expect(it.priority).toBeGreaterThanOrEqual(0);
          expect(it.priority).toBeLessThanOrEqual(1);
        }
        for (let k = 1; k < q.items.length; k++) {
          expect((q.items[k - 1]?.priority ?? 0) >= (q.items[k]?.priority ?? 0)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});
