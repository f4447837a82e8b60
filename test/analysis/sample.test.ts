// analyze and describe on the built-in sample retail group (npskit/sample): the planted stories
// are found, and every section is there.
import { expect, describe as group, it } from 'vitest';
import { analyze, describe, rollup } from '../../src/index.ts';
import { sampleRetailGroup } from '../../src/sample/index.ts';

group('analyze on sampleRetailGroup()', () => {
  it('finds the planted stories and fills every section', { timeout: 120_000 }, () => {
    const g = sampleRetailGroup();
    const a = analyze(g.hierarchy, g.responses, {
      timeZone: g.timeZone,
      minSample: 10,
      drivers: g.drivers,
      source: 'interviewer',
      followUpCases: g.followUpCases,
      followUpSla: { contact: { hours: 24 }, resolution: { hours: 72 } },
      invitations: g.invitations,
      audits: g.audits,
    });
    const last = Math.max(...g.responses.map((r) => r.at));
    // as of the last answer, within the data, in the group's zone
    expect(Date.parse(a.asOf)).toBe(Math.floor(last / 1000) * 1000);
    expect(a.asOf).toMatch(/\+03:00$/);
    expect(Date.parse(a.asOf)).toBeLessThanOrEqual(Date.parse(g.to));
    expect(a.trend.periods).toHaveLength(24);
    // every unit, with its name
    expect(a.units).toHaveLength(g.nodes.length);
    expect(new Map(a.units.map((u) => [u.id, u.name]))).toEqual(
      new Map(g.nodes.map((n) => [n.id, n.name])),
    );
    expect(a.rollup).toEqual(rollup(g.hierarchy, g.responses, { asOf: last, minSample: 10 }));

    // the slipping store: down against a year earlier, and a drop alert
    const slip = g.stories.slippingStore.nodeId;
    const change = a.changes.find((c) => c.id === slip);
    expect(change?.yearAgo?.significant).toBe(true);
    expect(change?.yearAgo?.difference).toBeLessThan(0);
    expect(a.shifts?.alerts.some((x) => x.id === slip && x.kind === 'drop')).toBe(true);
    // the interviewer whose answers are too good
    expect(a.quality.sources?.sources.filter((s) => s.flagged).map((s) => s.source)).toEqual([
      g.stories.tooGoodInterviewer.name,
    ]);
    // the store gaming the end of the month
    const gaming = g.stories.gamingStore.nodeId;
    expect(
      a.quality.gaming?.units.some((u) => u.id === gaming && u.flags.includes('periodEnd')),
    ).toBe(true);
    // drivers: each level's own levers are drivers it owns
    const owners = new Map<string, string>(g.drivers.map((d) => [d.id, d.owner]));
    for (const u of a.drivers?.units ?? []) {
      const level = a.units.find((x) => x.id === u.id)?.level;
      for (const lever of u.ownLevers) expect(owners.get(lever)).toBe(level);
    }
    const root = a.drivers?.units[0];
    expect(root?.ownLevers.length).toBeGreaterThan(0);
    expect(a.followUp).not.toBe(null);
    expect(a.quality.responseRates).not.toBe(null);
    expect(a.quality.audits).not.toBe(null);

    // and describe says it, in Russian
    const ru = describe(a, { locale: 'ru', unitId: slip });
    expect(ru.map((f) => f.kind)).toContain('alert');
    const year = ru.find((f) => f.kind === 'year_ago');
    expect(year?.significant).toBe(true);
    expect(year?.text).toMatch(
      new RegExp(
        `^${g.stories.slippingStore.name}: по сравнению с тем же периодом год назад \\(июнь 2025 г\\.\\) снижение на \\d+ пункт`,
      ),
    );
  });
});
