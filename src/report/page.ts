// One page of the report pack: a unit's figures, charts, findings and its place in the tree.
import type { ChartBlock } from './charts.ts';
import type { Formats } from './format.ts';
import { el, type Html, join, raw } from './html.ts';
import type { Maybe, ReportModel, ShareFigure, UnitModel } from './read.ts';

/** @internal What every page of a pack shares. */
export interface PageContext {
  readonly model: ReportModel;
  readonly f: Formats;
  readonly title: string;
  /** Page file name per unit id (the root's is `index.html` when there is one root). */
  readonly files: ReadonlyMap<string, string>;
  /** The rendered SVG of a chart, or `null` to show its data as a table. */
  readonly svg: (chart: ChartBlock) => string | null;
}

/** The style sheet of every page (inlined: a page opens on its own, without the network). */
const CSS = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.45;color:#1b1f24;background:#fff}
body{margin:0 auto;max-width:60rem;padding:1rem 1.25rem 3rem}
nav ol{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;padding:0;margin:0 0 1rem;font-size:.9rem}
nav li+li::before{content:"›";margin-right:.25rem;color:#6a737d}
a{color:#0b5cad}
h1{margin:.2rem 0 .5rem;font-size:1.8rem}
h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
.level{margin:0;color:#57606a;text-transform:uppercase;letter-spacing:.05em;font-size:.8rem}
.headline{display:flex;align-items:baseline;gap:1rem;flex-wrap:wrap}
.nps{font-size:3rem;font-weight:700;margin:0}
.withheld{border-left:4px solid #bf8700;background:#fff8c5;padding:.5rem 1rem}
table{border-collapse:collapse;margin:.5rem 0;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid #d8dee4;padding:.25rem .6rem;text-align:left}
td.num,th.num{text-align:right}
figure{margin:0}
figcaption{font-weight:600;margin:.25rem 0}
.chart svg{max-width:100%;height:auto}
dl{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem}
dt{color:#57606a}dd{margin:0}
.note,footer{color:#57606a;font-size:.85rem}
`;

/** A `<span data-figure>` holding one published figure (the tests look for these). */
function figure(kind: string, value: string): Html {
  return el('span', { 'data-figure': kind }, value);
}

function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  caption: string | null,
): Html {
  return el(
    'table',
    null,
    caption === null ? null : el('caption', null, caption),
    el('thead', null, el('tr', null, ...head.map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      null,
      ...rows.map((r) =>
        el(
          'tr',
          null,
          ...r.map((c, i) => (i === 0 ? el('th', { scope: 'row' }, c) : el('td', null, c))),
        ),
      ),
    ),
  );
}

/** A chart: its SVG with the data under it, or (without render) the data as a table. */
function chart(c: ChartBlock, ctx: PageContext, tableAlways: boolean): Html {
  const svg = ctx.svg(c);
  const data = table(c.head, c.rows, null);
  if (svg === null) return el('figure', { class: 'chart' }, data);
  return el(
    'figure',
    { class: 'chart' },
    el('div', { role: 'img', 'aria-label': c.title }, raw(svg)),
    tableAlways ? data : el('details', null, el('summary', null, ctx.f.m.chartData), data),
  );
}

function link(ctx: PageContext, id: string, label: string): Html {
  return el('a', { href: ctx.files.get(id) ?? 'index.html' }, label);
}

/** Ancestors from the root down to the unit. */
function breadcrumb(unit: UnitModel, ctx: PageContext): Html {
  const chain: UnitModel[] = [];
  for (let u: UnitModel | undefined = unit; u !== undefined; ) {
    chain.unshift(u);
    u = u.parentId === null ? undefined : ctx.model.byId.get(u.parentId);
  }
  const items: Html[] = [];
  if (ctx.model.roots.length > 1)
    items.push(el('li', null, el('a', { href: 'index.html' }, ctx.f.m.overview)));
  for (const u of chain) {
    items.push(
      u === unit
        ? el('li', { 'aria-current': 'page' }, u.label)
        : el('li', null, link(ctx, u.id, u.label)),
    );
  }
  return el('nav', { 'aria-label': ctx.f.m.breadcrumb }, el('ol', null, ...items));
}

/** The units below, linked, with their NPS where published (only names on a withheld page). */
function childList(
  ids: readonly string[],
  ctx: PageContext,
  figures: boolean,
  heading: string,
): Html {
  const { f } = ctx;
  const items = ids.flatMap((id) => {
    const c = ctx.model.byId.get(id);
    if (c === undefined) return [];
    const detail = !figures
      ? null
      : c.suppressed
        ? el('span', { class: 'note' }, ` — ${f.m.withheld}`)
        : c.nps === null
          ? null
          : join([` — ${f.m.nps} `, figure('child-nps', f.points(c.nps))]);
    return [el('li', null, link(ctx, c.id, c.label), detail)];
  });
  return el(
    'section',
    null,
    el('h2', null, heading),
    items.length === 0 ? el('p', null, f.m.noChildren) : el('ul', null, ...items),
  );
}

function headline(unit: UnitModel, ctx: PageContext): Html {
  const { f, model } = ctx;
  if (unit.nps === null) {
    return el(
      'section',
      { class: 'headline' },
      el('p', null, f.m.noResponses),
      unit.n === null ? null : figure('n', f.respondents(unit.n)),
    );
  }
  return el(
    'section',
    { class: 'headline' },
    el('p', { class: 'nps' }, figure('nps', f.points(unit.nps)), ' ', el('small', null, f.m.nps)),
    el(
      'p',
      null,
      unit.low === null || unit.high === null
        ? null
        : join([
            `${f.m.interval(f.percent(model.confidence))}: `,
            figure('interval', f.range(unit.low, unit.high)),
            '; ',
          ]),
      unit.n === null ? null : figure('n', f.respondents(unit.n)),
    ),
  );
}

function definitions(pairs: readonly (readonly [string, string | null])[]): Html | null {
  const shown = pairs.filter((p): p is readonly [string, string] => p[1] !== null);
  if (shown.length === 0) return null;
  return el(
    'dl',
    null,
    ...shown.flatMap(([k, v]) => [el('dt', null, k), el('dd', null, figure('detail', v))]),
  );
}

function followUp(unit: UnitModel, ctx: PageContext): Html | null {
  const { f } = ctx;
  const fu = unit.followUp;
  if (fu === null) return null;
  const body =
    fu === 'withheld'
      ? el('p', null, f.m.withheld)
      : definitions([
          [f.m.cases, fu.cases === null ? null : f.count(fu.cases)],
          [f.m.open, fu.open === null ? null : f.count(fu.open)],
          [f.m.overdueContact, fu.overdueContact === null ? null : f.count(fu.overdueContact)],
          [
            f.m.medianContactHours,
            fu.medianContactHours === null ? null : f.hours(fu.medianContactHours),
          ],
          [f.m.withinSla, fu.withinSla === null ? null : f.percent(fu.withinSla)],
        ]);
  return el('section', null, el('h2', null, f.m.followUp), body);
}

/** A share and its interval as text (`null` when empty). */
function shareText(x: Maybe<ShareFigure>, f: Formats): string | null {
  if (x === 'withheld') return f.m.withheld;
  if (x === null) return null;
  if (x.value === null) return null;
  const interval =
    x.low === null || x.high === null ? '' : ` (${f.percent(x.low)} – ${f.percent(x.high)})`;
  return `${f.percent(x.value)}${interval}`;
}

function quality(unit: UnitModel, ctx: PageContext): Html | null {
  const { f } = ctx;
  const pairs: [string, string | null][] = [];
  if (unit.responseRate !== null) pairs.push([f.m.responseRate, shareText(unit.responseRate, f)]);
  if (unit.compliance !== null) pairs.push([f.m.auditCompliance, shareText(unit.compliance, f)]);
  if (unit.gaming !== null && unit.gaming.length > 0)
    pairs.push([f.m.gamingFlags, unit.gaming.map((g) => f.m.gamingNames[g] ?? g).join('; ')]);
  const body = definitions(pairs);
  return body === null ? null : el('section', null, el('h2', null, f.m.quality), body);
}

function drivers(unit: UnitModel, ctx: PageContext): Html | null {
  const { f, model } = ctx;
  const d = unit.drivers;
  if (d === null || unit.level === null) return null;
  const from = d.from === unit.id ? null : model.byId.get(d.from);
  return el(
    'section',
    null,
    el('h2', null, f.m.drivers),
    d.share === null ? null : el('p', null, f.m.driversIntro(unit.level, f.percent(d.share))),
    from === undefined || from === null
      ? null
      : el('p', { class: 'note' }, f.m.driversFrom(from.label)),
    table(
      [f.m.driver, f.m.quadrant],
      d.levers.map((l) => [
        l.name,
        l.quadrant === null ? '–' : (f.m.quadrants[l.quadrant] ?? l.quadrant),
      ]),
      null,
    ),
  );
}

/** The latest period's changes, stating significance only where the test supports it. */
function latest(unit: UnitModel, ctx: PageContext): Html | null {
  const { f } = ctx;
  const l = unit.latest;
  if (l === null) return null;
  const change = (c: { difference: number; significant: boolean } | null, label: string) =>
    c === null
      ? null
      : el(
          'li',
          null,
          `${label}: `,
          figure('change', f.points(c.difference, true)),
          ` (${c.significant ? f.m.significant : f.m.notSignificant})`,
        );
  const items = [change(l.previous, f.m.vsPrevious), change(l.yearAgo, f.m.vsYearAgo)];
  if (items.every((x) => x === null)) return null;
  return el('section', null, el('h2', null, f.m.latest(l.label)), el('ul', null, ...items));
}

function findings(unit: UnitModel, ctx: PageContext): Html {
  const { f } = ctx;
  return el(
    'section',
    null,
    el('h2', null, f.m.findings),
    unit.findings.length === 0
      ? el('p', { class: 'note' }, f.m.noFindings)
      : el(
          'ul',
          null,
          ...unit.findings.map((x) =>
            el('li', { 'data-significant': x.significant ? 'true' : 'false' }, x.text),
          ),
        ),
  );
}

function alerts(unit: UnitModel, ctx: PageContext): Html | null {
  const { f } = ctx;
  if (unit.alerts.length === 0) return null;
  return el(
    'section',
    null,
    el('h2', null, f.m.alerts),
    el(
      'ul',
      null,
      ...unit.alerts.map((a) =>
        el(
          'li',
          null,
          figure(
            'alert',
            f.m.alertText(a.kind, f.points(Math.abs(a.difference)), a.since.slice(0, 10)),
          ),
        ),
      ),
    ),
  );
}

/** @internal The charts a unit's page shows (the same objects `page` is given SVGs for). */
export interface UnitCharts {
  readonly trend: ChartBlock | null;
  readonly comparison: ChartBlock | null;
}

/** A whole document. */
function documentOf(ctx: PageContext, title: string, body: readonly (Html | null)[]): string {
  const { f, model } = ctx;
  return `<!DOCTYPE html>\n${
    el(
      'html',
      { lang: f.locale },
      el(
        'head',
        null,
        raw('<meta charset="utf-8">'),
        raw('<meta name="viewport" content="width=device-width, initial-scale=1">'),
        el('title', null, title),
        raw(`<style>${CSS}</style>`),
      ),
      el(
        'body',
        null,
        ...body,
        el('footer', null, f.m.methodNote(model.method, f.percent(model.confidence))),
      ),
    ).html
  }\n`;
}

/** @internal The page of one unit. */
export function unitPage(unit: UnitModel, charts: UnitCharts, ctx: PageContext): string {
  const { f, model } = ctx;
  const header = el(
    'header',
    null,
    unit.level === null ? null : el('p', { class: 'level' }, unit.level),
    el('h1', null, unit.label),
    el(
      'p',
      { class: 'note' },
      ctx.title,
      model.asOf === null ? null : ` · ${f.m.asOf(model.asOf.slice(0, 10))}`,
    ),
  );
  const content: (Html | null)[] = unit.suppressed
    ? [
        el(
          'section',
          { class: 'withheld', 'data-withheld': 'true' },
          el('h2', null, f.m.withheld),
          el(
            'p',
            null,
            unit.suppression === 'complementary'
              ? f.m.withheldComplementary
              : f.m.withheldMinSample(f.minimumAnswers(model.minSample)),
          ),
        ),
      ]
    : [
        headline(unit, ctx),
        latest(unit, ctx),
        findings(unit, ctx),
        alerts(unit, ctx),
        charts.trend === null
          ? null
          : el('section', null, el('h2', null, f.m.trend), chart(charts.trend, ctx, false)),
        charts.comparison === null
          ? null
          : el(
              'section',
              null,
              el('h2', null, charts.comparison.title),
              chart(charts.comparison, ctx, true),
              el('p', { class: 'note' }, f.m.significanceLegend(f.percent(model.confidence))),
            ),
        drivers(unit, ctx),
        followUp(unit, ctx),
        quality(unit, ctx),
      ];
  return documentOf(ctx, `${unit.label} — ${ctx.title}`, [
    breadcrumb(unit, ctx),
    el(
      'main',
      null,
      header,
      ...content,
      childList(unit.children, ctx, !unit.suppressed, ctx.f.m.children),
    ),
  ]);
}

/** @internal The overview of a structure with several roots: links to each. */
export function overviewPage(ctx: PageContext): string {
  return documentOf(ctx, ctx.title, [
    el(
      'main',
      null,
      el('header', null, el('h1', null, ctx.title)),
      childList(ctx.model.roots, ctx, true, ctx.f.m.overview),
    ),
  ]);
}
