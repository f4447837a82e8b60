import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditCompliance,
  detectShifts,
  driversByOwner,
  followUpMetrics,
  followUpRecovery,
  gamingSignals,
  isNpsInputError,
  responseRates,
  rollup,
  shapley,
  sourceEffects,
  trendByNode,
} from '../../src/index.ts';
import {
  type SampleResponse,
  type SampleRetailGroup,
  sampleRetailGroup,
} from '../../src/sample/index.ts';
import { COMMENTS } from '../../src/sample/texts.ts';

const DAY = 86_400_000;
let g: SampleRetailGroup;
beforeAll(() => {
  g = sampleRetailGroup();
}, 60_000);

/** The ids of `id` and its ancestors. */
function lineage(group: SampleRetailGroup, id: string): Set<string> {
  const parent = new Map(group.nodes.map((n) => [n.id, n.parentId]));
  const out = new Set<string>();
  for (let at: string | null | undefined = id; at != null; at = parent.get(at)) out.add(at);
  return out;
}

describe('sampleRetailGroup: deterministic', { timeout: 60_000 }, () => {
  it('the same seed gives deep-equal data; the default seed is 2026; another seed differs', () => {
    const again = sampleRetailGroup({ seed: 2026 });
    const { hierarchy: h1, ...a } = again;
    const { hierarchy: h2, ...b } = g;
    // (JSON text: a deep comparison of 40,000 answers that takes milliseconds, not seconds)
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(h1.ids).toStrictEqual(h2.ids);
    expect(h1.ids.map((id) => [h1.parent(id), h1.name(id)])).toStrictEqual(
      h2.ids.map((id) => [h2.parent(id), h2.name(id)]),
    );
    expect(g.seed).toBe(2026);
    const other = sampleRetailGroup({ seed: 1 });
    expect(other.seed).toBe(1);
    expect(other.responses.length).not.toBe(g.responses.length);
    expect(other.nodes).toStrictEqual(g.nodes); // the organisation does not depend on the seed
  });

  it('is plain data: everything but the hierarchy survives a JSON round trip', () => {
    const data = Object.fromEntries(Object.entries(g).filter(([k]) => k !== 'hierarchy'));
    expect(JSON.parse(JSON.stringify(data))).toStrictEqual(data);
  });

  it('builds well under a second (CPU time of one build)', () => {
    const before = process.cpuUsage();
    sampleRetailGroup({ seed: 3 });
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
  });

  it('refuses bad options with NpsInputError invalid_option', () => {
    for (const bad of [{ seed: -1 }, { seed: 1.5 }, { seed: 2 ** 32 }, { sed: 1 }, 'x']) {
      let thrown: unknown;
      try {
        sampleRetailGroup(bad as never);
      } catch (e) {
        thrown = e;
      }
      expect(isNpsInputError(thrown), JSON.stringify(bad)).toBe(true);
      expect((thrown as { code: string }).code).toBe('invalid_option');
    }
  });
});

describe('sampleRetailGroup: shape', { timeout: 60_000 }, () => {
  it('has a head office, three divisions, regions and named stores', () => {
    expect(g.levels).toStrictEqual(['head office', 'division', 'region', 'store']);
    expect(g.hierarchy.levels).toStrictEqual(g.levels);
    const at = (level: string) => g.nodes.filter((n) => n.level === level);
    expect(at('head office').map((n) => n.name)).toStrictEqual(['Head office']);
    expect(at('division').map((n) => n.name)).toStrictEqual([
      'Retail chain',
      'Wholesale',
      'Online shop',
    ]);
    expect(at('region')).toHaveLength(8);
    expect(at('store')).toHaveLength(27);
    const names = g.nodes.map((n) => n.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('Kyiv, Khreshchatyk');
    expect(names).toContain('Saint Petersburg, Nevsky Prospekt');
    for (const n of g.nodes) expect(n.name).not.toBe(n.id);
  });

  it('spans two years ending at `to`, midnight in Moscow, answers in order of time', () => {
    const from = Date.parse(g.from);
    const to = Date.parse(g.to);
    expect(g.timeZone).toBe('Europe/Moscow');
    expect(g.to).toBe('2026-06-30T21:00:00.000Z'); // 2026-07-01 00:00 Moscow (UTC+3)
    expect((to - from) / DAY).toBe(730);
    const r = g.responses;
    expect(r.length).toBeGreaterThan(30_000);
    expect(r.length).toBeLessThan(100_000);
    const bad = r.filter(
      (x, i) =>
        !(x.at >= from && x.at < to) ||
        (i > 0 && x.at < (r[i - 1] as SampleResponse).at) ||
        !(Number.isInteger(x.score) && x.score >= 1 && x.score <= 10),
    );
    expect(bad).toStrictEqual([]);
    expect(new Set(r.map((x) => x.responseId)).size).toBe(r.length);
    // every store has answers in the first and the last month
    const stores = g.nodes.filter((n) => n.level === 'store').map((n) => n.id);
    const early = new Set(r.filter((x) => x.at < from + 30 * DAY).map((x) => x.nodeId));
    const late = new Set(r.filter((x) => x.at >= to - 30 * DAY).map((x) => x.nodeId));
    expect([...early].sort()).toStrictEqual([...stores].sort());
    expect([...late].sort()).toStrictEqual([...stores].sort());
  });

  it('dates everything to the whole second, as an export would (no fractional milliseconds)', () => {
    const instants = [
      ...g.responses.map((x) => x.at),
      ...g.invitations.map((x) => x.at),
      ...g.audits.map((x) => x.at),
      ...g.followUpCases.flatMap((c) => [c.openedAt, c.firstContactAt, c.resolvedAt, c.reopenedAt]),
    ];
    const odd = instants.filter((t) => t !== null && t !== undefined && Number(t) % 1000 !== 0);
    expect(odd.slice(0, 3)).toStrictEqual([]);
  });

  it('has driver ratings with some skipped, and drivers with owning levels', () => {
    expect(g.drivers.map((d) => d.id)).toStrictEqual([
      'politeness',
      'speed',
      'expertise',
      'assortment',
      'price',
      'delivery',
    ]);
    for (const d of g.drivers) expect(g.levels).toContain(d.owner);
    let missing = 0;
    let all = 0;
    let invalid = 0;
    for (const x of g.responses)
      for (const d of g.drivers) {
        const v = x.ratings[d.id];
        all++;
        if (v === null) missing++;
        else if (!(Number.isInteger(v) && v >= 1 && v <= 10)) invalid++;
      }
    expect(invalid).toBe(0);
    expect(missing / all).toBeGreaterThan(0.01);
    expect(missing / all).toBeLessThan(0.06);
  });

  it('has touchpoints, channels, interviewers on phone answers only, and repeat customers', () => {
    const set = (f: (x: SampleResponse) => unknown) => new Set(g.responses.map(f));
    expect([...set((x) => x.touchpoint)].sort()).toStrictEqual([
      'checkout',
      'consultation',
      'delivery',
      'returns',
    ]);
    expect([...set((x) => x.channel)].sort()).toStrictEqual(['app', 'email', 'phone', 'sms']);
    expect(
      g.responses.filter((x) => (x.interviewer === null) !== (x.channel !== 'phone')),
    ).toStrictEqual([]);
    expect(set((x) => x.interviewer).size).toBe(11); // ten interviewers and null
    expect(set((x) => x.customerId).size).toBeLessThan(g.responses.length);
  });

  it('has comments in Russian, Ukrainian and English that agree with the score', () => {
    const withComment = g.responses.filter((x) => x.comment !== null);
    expect(withComment.length / g.responses.length).toBeGreaterThan(0.1);
    const byLanguage = new Map<string, number>();
    const disagree: SampleResponse[] = [];
    for (const x of g.responses) {
      if ((x.language === null) !== (x.comment === null)) disagree.push(x);
      if (x.language === null) continue;
      byLanguage.set(x.language, (byLanguage.get(x.language) ?? 0) + 1);
      // the tone of the comment: 0 positive (promoters 8–10), 1 lukewarm (6–7), 2 negative (1–5)
      const tone = COMMENTS[x.language]
        .map((phrases) => phrases.indexOf(x.comment ?? ''))
        .find((k) => k >= 0);
      if (tone !== (x.score >= 8 ? 0 : x.score >= 6 ? 1 : 2)) disagree.push(x);
    }
    expect(disagree).toStrictEqual([]);
    expect([...byLanguage.keys()].sort()).toStrictEqual(['en', 'ru', 'uk']);
    // Ukrainian comes from the Ukrainian stores
    const ukStores = new Set(
      g.nodes
        .filter((n) => n.parentId === 'retail-ua' || n.parentId === 'online-ua')
        .map((n) => n.id),
    );
    expect(g.responses.filter((x) => x.language === 'uk' && !ukStores.has(x.nodeId))).toStrictEqual(
      [],
    );
    // a Russian detractor comment in the sample, as written
    expect(
      g.responses.some(
        (x) => x.score <= 5 && x.comment === 'Очень долго ждал на кассе, работала одна касса.',
      ),
    ).toBe(true);
  });
});

describe('sampleRetailGroup: valid input of the analyses', { timeout: 60_000 }, () => {
  it('rollup, trendByNode and driversByOwner run on it without setting anything aside', () => {
    const r = rollup(g.hierarchy, g.responses, { minSample: 30 });
    expect(r.nodes[0]?.n).toBe(g.responses.length);
    expect(r.excludedN).toBe(0);
    const cube = trendByNode(g.hierarchy, g.responses, {
      period: 'month',
      timeZone: g.timeZone,
    });
    expect(cube.periods).toHaveLength(24);
    expect(Date.parse(cube.periods[0]?.start ?? '')).toBe(Date.parse(g.from));
    const sh = shapley(g.responses);
    const owners = driversByOwner(sh, new Map(g.drivers.map((d) => [d.id, d.owner])));
    expect(owners.map((o) => o.owner).sort()).toStrictEqual(['division', 'head office', 'store']);
    // rows with a skipped rating are left out (listwise), and only those
    const complete = g.responses.filter((x) => Object.values(x.ratings).every((v) => v !== null));
    expect(sh.n).toBe(complete.length);
  });

  it('followUpMetrics reads the cases: one per detractor, none set aside', () => {
    const detractors = g.responses.filter((x) => x.score <= 5);
    expect(g.followUpCases.map((c) => c.responseId)).toStrictEqual(
      detractors.map((x) => x.responseId),
    );
    const m = followUpMetrics(g.followUpCases, {
      now: Date.parse(g.to),
      hierarchy: g.hierarchy,
      sla: { contact: { hours: 24 }, resolution: { hours: 72 } },
    });
    expect(m.overall.cases).toBe(detractors.length);
    expect(m.overall.open).toBeGreaterThan(0);
    expect(m.overall.contact?.hours.median.value).toBeLessThan(12);
  });

  it('auditCompliance, responseRates and followUpRecovery read the audits, invitations and re-surveys', () => {
    const a = auditCompliance(g.hierarchy, g.audits, { period: 'month', timeZone: g.timeZone });
    expect(a.overall.audits).toBe(27 * 24);
    expect(a.periods).toHaveLength(24);
    expect(a.excludedN).toBe(0);
    const rates = responseRates(g.hierarchy, g.invitations, {
      period: 'month',
      timeZone: g.timeZone,
    });
    expect(rates.excludedN).toBe(0);
    expect(rates.overall.rate).toBeGreaterThan(0.2);
    expect(rates.overall.rate).toBeLessThan(0.5);
    const answered = g.invitations.filter((i) => i.responded).length;
    const lastYear = g.responses.filter(
      (x) =>
        x.at >= Date.parse(g.to) - 365 * DAY + 12 * 3_600_000 && !x.customerId.startsWith('C9'),
    ).length;
    expect(answered).toBe(lastYear);
    const rec = followUpRecovery(g.resurveys);
    const fu = rec.recovery.followedUp.recovered;
    const nf = rec.recovery.notFollowedUp.recovered;
    expect(fu.n + nf.n).toBe(g.resurveys.length);
    // calling back helps: more of those called back are no longer detractors
    expect(fu.share ?? 0).toBeGreaterThan((nf.share ?? 1) + 0.1);
  });
});

describe('sampleRetailGroup: the planted stories are found', { timeout: 60_000 }, () => {
  it.each([2026, 11])(
    'seed %i: the slipping store raises the largest drop alert, and calls back slowly',
    (seed) => {
      const s = seed === 2026 ? g : sampleRetailGroup({ seed });
      const id = s.stories.slippingStore.nodeId;
      const cube = trendByNode(s.hierarchy, s.responses, {
        period: 'week',
        timeZone: s.timeZone,
        to: Date.parse(s.to) - 1,
      });
      const shifts = detectShifts(cube, { recent: 6, baseline: 26, minSample: 20 });
      const drop = shifts.alerts.filter((a) => a.id === id && a.kind === 'drop');
      expect(drop.length).toBeGreaterThan(0);
      // and no other store's change is as large
      const stores = new Set(s.nodes.filter((n) => n.level === 'store').map((n) => n.id));
      const size = (a: (typeof shifts.alerts)[number]) => Math.abs(a.difference);
      const biggest = Math.max(...drop.map(size));
      const others = shifts.alerts.filter((a) => stores.has(a.id) && a.id !== id);
      expect(others.every((a) => size(a) < biggest)).toBe(true);
      // and it calls its detractors back slowly in those weeks
      const since = Date.parse(s.stories.slippingStore.since);
      const recent = s.followUpCases.filter((c) => (c.openedAt as number) >= since);
      const m = followUpMetrics(recent, {
        now: Date.parse(s.to),
        hierarchy: s.hierarchy,
        sla: { contact: { hours: 24 } },
      });
      const node = m.nodes?.find((n) => n.id === id);
      expect(node?.vsRest?.contact?.direction).toBe('slower');
      expect(node?.vsRest?.contact?.qValue).toBeLessThan(0.05);
    },
  );

  it.each([2026, 11])(
    'seed %i: sourceEffects flags the too-good interviewer, and only them',
    (seed) => {
      const s = seed === 2026 ? g : sampleRetailGroup({ seed });
      // (asymptotic p-values: hundreds of answers per interviewer and store group)
      const r = sourceEffects(s.responses, {
        by: 'interviewer',
        stratum: 'nodeId',
        simulate: 'never',
      });
      const flagged = r.sources.filter((x) => x.flagged);
      expect(flagged.map((x) => x.source)).toStrictEqual([s.stories.tooGoodInterviewer.name]);
      expect(flagged[0]?.direction).toBe('more 10s than others');
    },
  );

  it.each([2026, 11])(
    'seed %i: gamingSignals finds the end-of-month surge of the gaming store',
    (seed) => {
      const s = seed === 2026 ? g : sampleRetailGroup({ seed });
      const id = s.stories.gamingStore.nodeId;
      const r = gamingSignals(s.hierarchy, s.responses, { period: 'month', timeZone: s.timeZone });
      const surging = r.units.filter((u) => u.flags.includes('periodEnd'));
      const months = surging.filter((u) => u.id === id).map((u) => r.periods[u.period]?.start);
      // the last twelve months, and (nearly) each of them
      expect(months.length).toBeGreaterThanOrEqual(10);
      for (const m of months)
        expect(m !== undefined && m >= s.stories.gamingStore.since).toBe(true);
      const ok = lineage(s, id);
      for (const u of surging) expect(ok.has(u.id), u.id).toBe(true);
      // the surge comes from a small circle of repeat answerers
      const last = r.units.filter((u) => u.period === r.periods.length - 1);
      const repeats = (uid: string) => last.find((u) => u.id === uid)?.repeats?.share ?? 0;
      expect(repeats(id)).toBeGreaterThan(3 * repeats('msk-tverskaya'));
    },
  );
});
