import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyze,
  buildHierarchy,
  type ChartSpec,
  describe as describeFindings,
  isNpsInputError,
  type ReportFile,
  type ReportPack,
  reportPack,
  rollup,
  trendByNode,
} from '../../src/index.ts';
import { pageNames } from '../../src/report/files.ts';
import { escapeText } from '../../src/report/html.ts';
import { sampleRetailGroup } from '../../src/sample/index.ts';
import { thrown } from '../_support/errors.ts';
import { analysis, MIN_SAMPLE, NODES } from './_fixture.ts';
import { countAttr, hrefs, tagProblems } from './_html.ts';

const a = analysis();
const pack: ReportPack = await reportPack(a);

/** The page of unit `id` (found by its h1, the unit's escaped name). */
function pageOf(p: ReportPack, id: string): ReportFile {
  const node = NODES.find((n) => n.id === id);
  const f = p.files.find((x) => x.contents.includes(`<h1>${escapeText(node?.name ?? id)}</h1>`));
  if (f === undefined) throw new Error(`no page for ${id}`);
  return f;
}

/** A fake renderer: an SVG naming the spec's marks and how many data values it holds. */
const fakeRender = (spec: ChartSpec): Promise<string> => {
  const values = spec.data.values.filter((d) => d.nps !== null && d.nps !== undefined).length;
  return Promise.resolve(
    `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g data-values="${String(values)}"></g></svg>`,
  );
};

describe('reportPack: pages and links', () => {
  it('has index.html (the root) and one page per unit, names safe on any file system', () => {
    expect(pack.files.length).toBe(NODES.length);
    expect(pack.files[0]?.path).toBe('index.html');
    expect(pageOf(pack, 'group').path).toBe('index.html');
    for (const n of NODES) expect(pageOf(pack, n.id)).toBeDefined();
    const paths = pack.files.map((f) => f.path);
    for (const p of paths) expect(p).toMatch(/^[a-z0-9][a-z0-9.-]*\.html$/);
    // `Store` and `store` get different names even on a case-insensitive file system
    expect(new Set(paths.map((p) => p.toLowerCase())).size).toBe(paths.length);
    expect(pageOf(pack, 'Store').path).not.toBe(pageOf(pack, 'store').path);
  });

  it('every link resolves to a page of the pack; nothing refers outside it', () => {
    const paths = new Set(pack.files.map((f) => f.path));
    for (const f of pack.files) {
      for (const h of hrefs(f.contents)) expect(paths.has(h), `${f.path} → ${h}`).toBe(true);
      expect(f.contents).not.toMatch(/\ssrc=|https?:\/\/(?!www\.w3\.org\/2000\/svg)|@import|url\(/);
    }
  });

  it('each page links up to every ancestor and down to its children', () => {
    const store = pageOf(pack, 'Store').contents;
    const up = ['group', 'retail', '__proto__'].map((id) => pageOf(pack, id).path);
    expect(hrefs(store).slice(0, 3)).toEqual(up);
    const region = pageOf(pack, '__proto__').contents;
    for (const id of ['Store', 'store']) expect(hrefs(region)).toContain(pageOf(pack, id).path);
    const root = pageOf(pack, 'group').contents;
    for (const id of ['retail', 'online']) expect(hrefs(root)).toContain(pageOf(pack, id).path);
  });

  it('pages are well-formed HTML5 with the locale as lang, a title and utf-8', () => {
    for (const f of pack.files) {
      expect(tagProblems(f.contents), f.path).toEqual([]);
      expect(f.contents).toMatch(/^<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">/);
      expect(f.contents).toMatch(/<title>[^<]+<\/title>/);
    }
  });
});

describe('reportPack: figures', () => {
  it('shows the rollup figures of the unit: NPS, interval and n', () => {
    const node = a.rollup.nodes.find((n) => n.id === '__proto__');
    const page = pageOf(pack, '__proto__').contents;
    // 288 responses, NPS 53 (rollup); the interval is the rollup's, rounded
    expect(node?.n).toBe(288);
    expect(page).toContain(
      `<span data-figure="nps">${String(Math.round(node?.nps ?? Number.NaN))}</span>`,
    );
    expect(page).toContain(
      `<span data-figure="interval">${String(Math.round(node?.low ?? 0))} – ${String(Math.round(node?.high ?? 0))}</span>`,
    );
    expect(page).toContain('<span data-figure="n">288 respondents</span>');
  });

  it('the trend table has one row per period, withheld periods without figures', () => {
    const page = pageOf(pack, 's4').contents;
    expect(page).toContain('data-withheld'); // s4 itself is withheld (complementary)
    const s3 = pageOf(pack, 's3').contents;
    const trend = /<h2>Trend<\/h2>(.*?)<\/section>/s.exec(s3)?.[1] ?? '';
    expect([...trend.matchAll(/<tr><th scope="row">2025-\d\d<\/th>/g)].length).toBe(12);
  });

  it('the comparison table lists the parent and the siblings, withheld ones without figures, with one legend', () => {
    const s3 = pageOf(pack, 's3').contents;
    const section =
      /<h2>Compared with its parent and siblings<\/h2>(.*?)<\/section>/s.exec(s3)?.[1] ?? '';
    expect(section).toContain('<th scope="row">South (parent)</th>');
    expect(section).toContain(
      '<th scope="row">Tiny kiosk</th><td>Figures withheld</td><td>–</td><td>–</td><td>–</td>',
    );
    const s3node = a.rollup.nodes.find((n) => n.id === 's3');
    const q = s3node?.vsParent?.qValue ?? 1;
    const mark = q < 0.05 ? ' *' : '';
    expect(section).toContain(
      `${Math.round(s3node?.vsParent?.difference ?? 0)
        .toString()
        .replace('-', '-')}${mark}</td>`,
    );
    expect(section).toContain('Benjamini–Hochberg');
  });

  it('shows the drivers the unit’s level owns, alerts, follow-up and response rates', () => {
    const store = pageOf(pack, 's3').contents;
    // the stores' analyses were skipped: the store level's levers from its region's responses
    const drivers = /<h2>Drivers this level owns<\/h2>(.*?)<\/section>/s.exec(store)?.[1] ?? '';
    expect(drivers).toContain(
      '<p class="note">Too few complete answers here: importance from South.</p>',
    );
    expect(drivers).toMatch(
      /<th scope="row">Speed of service<\/th><td>(fix first|maintain|low priority|possible overkill)<\/td>/,
    );
    expect(drivers).not.toContain('Prices');
    const group = pageOf(pack, 'group').contents;
    expect(group).toContain('<th scope="row">Prices &lt;&amp; offers&gt;</th>');
    expect(group).toMatch(/Drivers owned by the group level: \d+% of the explained importance\./);
    // the planted slip of s3 is an alert on its page
    expect(store).toMatch(
      /<span data-figure="alert">Drop of \d+ points since 2025-\d\d-\d\d\.<\/span>/,
    );
    expect(store).toContain('<dt>Cases</dt><dd><span data-figure="detail">6</span></dd>');
    const rate = a.quality?.responseRates?.nodes.find((n) => n.id === 's3')?.rate ?? Number.NaN;
    expect(store).toContain(
      `<dt>Response rate</dt><dd><span data-figure="detail">${String(Math.round(rate * 100))}%`,
    );
    // 9 of 12 audits passed: 75% (t interval from auditCompliance)
    expect(store).toMatch(
      /<dt>Mystery-shopper compliance<\/dt><dd><span data-figure="detail">75% \(\d+% – \d+%\)<\/span><\/dd>/,
    );
  });
});

describe('reportPack: the latest period', () => {
  it('states a change as significant only when its test is', () => {
    const change = a.changes?.find((c) => c.id === 's3');
    const page = pageOf(pack, 's3').contents;
    expect(page).toContain('<h2>Latest period: 2025-12</h2>');
    const prev = change?.previous;
    expect(prev).not.toBeNull();
    const word = prev?.significant === true ? 'significant' : 'within the noise';
    expect(page).toContain(
      `<li>Against the previous period: <span data-figure="change">${new Intl.NumberFormat('en', { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(prev?.difference ?? 0)}</span> (${word})</li>`,
    );
  });
});

describe('reportPack: withheld units', () => {
  it('carry no figures, no charts and a sentence saying why', () => {
    const tiny = pageOf(pack, 'tiny').contents;
    const s4 = pageOf(pack, 's4').contents;
    for (const page of [tiny, s4]) {
      expect(countAttr(page, 'data-figure')).toBe(0);
      expect(page).not.toMatch(/<svg|<table|<h2>(Trend|Findings|Drivers)/);
      expect(page).toContain('data-withheld="true"');
    }
    expect(tiny).toContain(`fewer than ${String(MIN_SAMPLE)} responses`);
    expect(s4).toContain('cannot be worked out by subtraction');
  });

  it('are listed under their parent without figures', () => {
    const region = pageOf(pack, 'a/b').contents;
    expect(region).toMatch(
      new RegExp(
        `<a href="${pageOf(pack, 'tiny').path}">Tiny kiosk</a><span class="note"> — Figures withheld</span>`,
      ),
    );
  });

  it('drop findings given for them', async () => {
    const p = await reportPack(a, {
      findings: [
        { unitId: 'tiny', text: 'secret finding', significant: true },
        { unitId: 's3', text: 'Service <slipped> & "fell"', significant: true },
        { unitId: null, text: 'All answers: NPS 52', significant: false },
      ],
    });
    expect(p.files[0]?.contents).toContain('<li data-significant="false">All answers: NPS 52</li>');
    expect(p.files.some((f) => f.contents.includes('secret finding'))).toBe(false);
    expect(pageOf(p, 's3').contents).toContain(
      '<li data-significant="true">Service &lt;slipped&gt; &amp; &quot;fell&quot;</li>',
    );
  });
});

describe('reportPack: escaping', () => {
  it('no name or id reaches a page unescaped', () => {
    for (const f of pack.files) {
      expect(f.contents).not.toContain('<script');
      expect(f.contents).not.toContain('<shop>');
      expect(f.contents).not.toContain('"Retail"');
    }
    expect(pageOf(pack, 's3').contents).toContain(
      '<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</h1>',
    );
  });

  it('escapeText: the five special characters, and characters HTML forbids become U+FFFD', () => {
    expect(escapeText(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(escapeText('a\u0000b\u0007c\td\ne\uD800f\uD83D\uDE00\uFFFE')).toBe(
      'a\uFFFDb\uFFFDc\td\ne\uFFFDf\uD83D\uDE00\uFFFD',
    );
  });

  it('property: any name gives balanced pages that show it exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
        fc.string({ maxLength: 12 }),
        async (name, id) => {
          const h = buildHierarchy([
            { id: `root:${id}`, parentId: null, name },
            { id: `u${id}`, parentId: `root:${id}`, name },
          ]);
          const p = await reportPack({ rollup: rollup(h, [{ nodeId: `u${id}`, score: 9 }]) });
          expect(p.files.length).toBe(2);
          for (const f of p.files) {
            expect(tagProblems(f.contents)).toEqual([]);
            expect(f.contents).toContain(`<h1>${escapeText(name)}</h1>`);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 30_000);
});

describe('pageNames', () => {
  it('property: distinct ids get distinct, safe names, also when case is ignored', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 30 }),
        (ids) => {
          const names = pageNames(ids, null, ['index.html']);
          const values = [...names.values()];
          expect(values.length).toBe(ids.length);
          expect(new Set(values.map((v) => v.toLowerCase())).size).toBe(values.length);
          for (const v of values) {
            expect(v).toMatch(/^[a-z0-9][a-z0-9-]*\.html$/);
            expect(v.length).toBeLessThanOrEqual(60);
            expect(v).not.toBe('index.html');
          }
        },
      ),
    );
  });

  it('ids that hash alike still get distinct names', () => {
    // the same slug and (forced) the same stem: the second gets -2
    const names = pageNames(['x', 'x', 'X'], null, []);
    expect(names.get('x')).toMatch(/^x-[0-9a-f]{8}\.html$/);
    expect(names.get('X')).toMatch(/^x-[0-9a-f]{8}\.html$/);
    expect(names.get('X')).not.toBe(names.get('x'));
  });
});

describe('reportPack: no negative zero', () => {
  it('an NPS or a limit that rounds to zero reads 0, never -0', async () => {
    const h = buildHierarchy([
      { id: 'all', parentId: null, level: 'group', name: 'Group' },
      { id: 's1', parentId: 'all', level: 'store', name: 'Store' },
    ]);
    // 150 promoters, 151 detractors (the base of the default scheme): NPS −100 / 301 = −0.33
    const rows = [
      ...Array.from({ length: 150 }, () => ({ nodeId: 's1', score: 10 })),
      ...Array.from({ length: 151 }, () => ({ nodeId: 's1', score: 1 })),
    ];
    const r = rollup(h, rows);
    expect(r.nodes[0]?.nps).toBeCloseTo(-100 / 301, 12);
    const page = (await reportPack({ rollup: r })).files[0]?.contents ?? '';
    expect(page).toContain('<span data-figure="nps">0</span>');
    expect(page).not.toMatch(/>[-−]0</);
  });
});

describe('reportPack: the minimum sample in words', () => {
  it('agrees in number in ru and uk ("меньше 21 ответа", "менше ніж 22 відповіді")', async () => {
    const h = buildHierarchy([
      { id: 'all', parentId: null, level: 'group', name: 'Group' },
      { id: 'big', parentId: 'all', level: 'store', name: 'Big' },
      { id: 'tiny', parentId: 'all', level: 'store', name: 'Tiny' },
      { id: 'tiny2', parentId: 'all', level: 'store', name: 'Tiny 2' },
    ]);
    const rows = [
      ...Array.from({ length: 60 }, (_, i) => ({ nodeId: 'big', score: i % 3 === 0 ? 2 : 9 })),
      { nodeId: 'tiny', score: 9 },
      { nodeId: 'tiny2', score: 9 },
    ];
    const text = async (locale: 'en' | 'ru' | 'uk', minSample: number) =>
      (await reportPack({ rollup: rollup(h, rows, { minSample }) }, { locale })).files.find((x) =>
        x.contents.includes('<h1>Tiny</h1>'),
      )?.contents ?? '';
    expect(await text('ru', 21)).toContain('меньше 21 ответа —');
    expect(await text('ru', 22)).toContain('меньше 22 ответов —');
    expect(await text('uk', 22)).toContain('менше ніж 22 відповіді —');
    expect(await text('uk', 25)).toContain('менше ніж 25 відповідей —');
    expect(await text('uk', 21)).toContain('менше ніж 21 відповідь —');
    expect(await text('en', 21)).toContain('fewer than 21 responses,');
  });
});

describe('reportPack: render, locales, roots', () => {
  it('with render, each chart is its SVG (the data under it); without, its table', async () => {
    const specs: ChartSpec[] = [];
    const p = await reportPack(a, {
      render: (spec) => {
        specs.push(spec);
        return fakeRender(spec);
      },
    });
    const s3 = pageOf(p, 's3').contents;
    expect([...s3.matchAll(/<svg /g)].length).toBe(2); // trend and comparison
    expect(s3).toContain('<g data-values="12"></g>'); // 12 published months of s3
    expect(s3).toContain('<details><summary>Chart data</summary>');
    // the trend spec carries the unit's published points
    const trend = specs.find((s) => JSON.stringify(s).includes('"period"')) as { $schema: string };
    expect(trend.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    expect(pageOf(pack, 's3').contents).not.toContain('<svg');
  });

  it('a render that resolves to anything but one SVG element rejects with a typed error', async () => {
    for (const bad of [
      '<div></div>',
      '<svg onload="alert(1)"></svg>',
      '<svg><script>x</script></svg>',
      42,
    ]) {
      const e: unknown = await reportPack(a, {
        render: () => Promise.resolve(bad as string),
      }).catch((x: unknown) => x);
      expect(
        isNpsInputError(e) && e.code === 'invalid_input' && e.path.join('.') === 'options.render',
      ).toBe(true);
    }
    // text that merely looks like an attribute is fine
    const ok = await reportPack(a, {
      render: () => Promise.resolve('<svg><text>Kiosk online = 5</text></svg>'),
    });
    expect(pageOf(ok, 's3').contents).toContain('<svg><text>Kiosk online = 5</text></svg>');
    // …and so is an attribute value holding it (renderSvg's aria-label of a unit named so),
    // while a handler written without quotes is not
    const named =
      '<svg aria-label="NPS of Kiosk online = cash" role="img"><title>Kiosk online = cash</title></svg>';
    const labelled = await reportPack(a, { render: () => Promise.resolve(named) });
    expect(pageOf(labelled, 's3').contents).toContain(named);
    for (const bad of [
      '<svg onload=alert(1)></svg>',
      '<svg/onload=alert(1)></svg>',
      '<svg><g title="x>" ONCLICK = "y"></g></svg>',
    ]) {
      const e: unknown = await reportPack(a, { render: () => Promise.resolve(bad) }).catch(
        (x: unknown) => x,
      );
      expect(isNpsInputError(e) && e.code === 'invalid_input').toBe(true);
    }
    const boom = new Error('renderer down');
    await expect(reportPack(a, { render: () => Promise.reject(boom) })).rejects.toBe(boom);
  });

  it('ru and uk: lang, words and plural forms of the locale', async () => {
    const ru = await reportPack(a, { locale: 'ru', title: 'Отчёт <Q4>' });
    const page = pageOf(ru, '__proto__').contents;
    expect(page).toContain('<html lang="ru">');
    expect(page).toContain('288 респондентов');
    expect(page).toContain('<title>North &amp; &quot;East&quot; — Отчёт &lt;Q4&gt;</title>');
    const uk = await reportPack(a, { locale: 'uk' });
    expect(pageOf(uk, 'tiny').contents).toContain('менше ніж 5 відповідей');
  });

  it('several roots: index.html is an overview linking to each', async () => {
    const h = buildHierarchy(
      [
        { id: 'a', parentId: null, name: 'A' },
        { id: 'b', parentId: null, name: 'B' },
      ],
      { forest: true },
    );
    const p = await reportPack({
      rollup: rollup(h, [
        { nodeId: 'a', score: 9 },
        { nodeId: 'b', score: 2 },
      ]),
    });
    expect(p.files.map((f) => f.path)).toEqual([
      'index.html',
      expect.stringMatching(/^a-/),
      expect.stringMatching(/^b-/),
    ]);
    expect(hrefs(p.files[0]?.contents ?? '')).toEqual([p.files[1]?.path, p.files[2]?.path]);
    expect(hrefs(p.files[1]?.contents ?? '')[0]).toBe('index.html');
  });
});

describe('reportPack: bad input is a typed error, thrown before any rendering', () => {
  it('an analysis not shaped as documented names the path', () => {
    expect(thrown(() => reportPack(null as never)).code).toBe('invalid_input');
    const bad = {
      ...a,
      rollup: {
        ...a.rollup,
        nodes: a.rollup.nodes.map((n, i) => (i === 2 ? { ...n, nps: '7' } : n)),
      },
    };
    const e = thrown(() => reportPack(bad as never));
    expect([e.code, e.path]).toEqual(['invalid_input', ['analysis', 'rollup', 'nodes', 2, 'nps']]);
    expect(e.message).toMatch(
      /^reportPack: analysis\.rollup\.nodes\[2\]\.nps must be a finite number or null, received/,
    );
    // a finding about a unit the analysis does not have is not silently dropped
    const stray = thrown(() =>
      reportPack(a, { findings: [{ unitId: 'nowhere', text: 'NPS 40', significant: false }] }),
    );
    expect([stray.code, stray.path]).toEqual([
      'unknown_node',
      ['options', 'findings', 0, 'unitId'],
    ]);
    expect(stray.message).toMatch(
      /^reportPack: options\.findings\[0\]\.unitId must be a unit of the analysis/,
    );
    const twice = { ...a, rollup: { ...a.rollup, nodes: [...a.rollup.nodes, a.rollup.nodes[1]] } };
    expect(thrown(() => reportPack(twice as never)).code).toBe('duplicate_id');
    const orphan = { ...a, rollup: { ...a.rollup, nodes: a.rollup.nodes.slice(1) } };
    expect(thrown(() => reportPack(orphan as never)).path).toEqual([
      'analysis',
      'rollup',
      'nodes',
      0,
      'parentId',
    ]);
  });

  it('bad options are invalid_option', () => {
    expect(thrown(() => reportPack(a, { locale: 'de' as never })).code).toBe('invalid_option');
    expect(thrown(() => reportPack(a, { render: 'svg' as never })).code).toBe('invalid_option');
    expect(thrown(() => reportPack(a, { colour: 'red' } as never)).code).toBe('invalid_option');
  });
});

describe('reportPack: the sample retail group', () => {
  it('a page per unit of the group, named as the sample names them, every link resolving', async () => {
    const g = sampleRetailGroup({ seed: 11 });
    const r = rollup(g.hierarchy, g.responses, { minSample: 30 });
    const cube = trendByNode(g.hierarchy, g.responses, {
      period: 'quarter',
      timeZone: g.timeZone,
      minSample: 30,
    });
    const p = await reportPack({ rollup: r, trend: cube, asOf: g.to }, { locale: 'ru' });
    expect(p.files.length).toBe(g.nodes.length);
    const paths = new Set(p.files.map((f) => f.path));
    for (const n of g.nodes) {
      const page = p.files.find((f) => f.contents.includes(`<h1>${escapeText(n.name)}</h1>`));
      expect(page, n.id).toBeDefined();
    }
    for (const f of p.files) {
      expect(tagProblems(f.contents), f.path).toEqual([]);
      for (const h of hrefs(f.contents)) expect(paths.has(h)).toBe(true);
    }
    const slipping = p.files.find((f) =>
      f.contents.includes(`<h1>${escapeText(g.stories.slippingStore.name)}</h1>`),
    );
    // 8 quarters of trend on the slipping store's page, in Russian
    expect(slipping?.contents).toContain('<h2>Динамика</h2>');
  }, 30_000);
});

describe('reportPack: an analysis from analyze, findings from describe', () => {
  it('the sample group analysed: a page per unit, the findings of describe on their pages', async () => {
    const g = sampleRetailGroup({ seed: 5 });
    const an = analyze(g.hierarchy, g.responses, {
      asOf: Date.parse(g.to),
      timeZone: g.timeZone,
      minSample: 30,
      drivers: g.drivers,
      followUpCases: g.followUpCases,
      invitations: g.invitations,
      audits: g.audits,
    });
    const findings = describeFindings(an, { locale: 'en' });
    const p = await reportPack(an, { findings });
    expect(p.files.length).toBe(g.nodes.length);
    const paths = new Set(p.files.map((f) => f.path));
    for (const f of p.files) {
      expect(tagProblems(f.contents), f.path).toEqual([]);
      for (const h of hrefs(f.contents)) expect(paths.has(h)).toBe(true);
    }
    const withFinding = findings.find((x) => x.unitId !== null && x.text !== '');
    const unit = g.nodes.find((n) => n.id === withFinding?.unitId);
    const page = p.files.find((f) =>
      f.contents.includes(`<h1>${escapeText(unit?.name ?? '')}</h1>`),
    );
    expect(page?.contents).toContain(escapeText(withFinding?.text ?? ''));
  }, 60_000);
});
