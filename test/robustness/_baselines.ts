// Valid calls of every exported function of src/index.ts (taken from their TSDoc examples),
// built fresh on each call so a test can freeze or mutate them. The robustness tests derive bad
// calls from these by replacing one argument, or one leaf inside an argument, by a bad value.
import * as api from '../../src/index.ts';

const { buildHierarchy, classicScheme, driverStats, rollup, tallyFromCounts, trend } = api;

/** A valid call: the function name and a factory for fresh arguments. */
export interface Baseline {
  readonly fn: string;
  readonly label: string;
  readonly args: () => unknown[];
}

const tc = (promoters: number, passives: number, detractors: number) =>
  tallyFromCounts({ promoters, passives, detractors });

const hierarchyNodes = () => [
  { id: 'all', parentId: null, level: 'company' },
  { id: 'a', parentId: 'all', level: 'store' },
  { id: 'b', parentId: 'all', level: 'store' },
];
export const hierarchy = () => buildHierarchy(hierarchyNodes());
export const nodeRows = () => [
  { nodeId: 'a', score: 10, at: Date.UTC(2025, 0, 5), channel: 'web' },
  { nodeId: 'a', score: 2, at: Date.UTC(2025, 0, 9), channel: 'store' },
  { nodeId: 'b', score: 9, at: Date.UTC(2025, 1, 2), channel: 'web' },
  { nodeId: 'b', score: 1, at: Date.UTC(2025, 2, 1), channel: 'web' },
  { nodeId: 'b', score: 7, at: Date.UTC(2025, 2, 3), channel: 'store' },
];
const rollupResult = () => rollup(hierarchy(), nodeRows());
const auditRows = () => [
  {
    auditId: 'u1',
    nodeId: 'a',
    at: Date.UTC(2025, 0, 5),
    items: [
      { standard: 'greeting', passed: true },
      { standard: 'till', score: 0.5, weight: 2 },
    ],
  },
  {
    auditId: 'u2',
    nodeId: 'b',
    at: Date.UTC(2025, 1, 5),
    items: [{ standard: 'greeting', passed: false }],
  },
];
const linkHierarchy = () =>
  buildHierarchy([
    { id: 'all', parentId: null, level: 'company' },
    ...['a', 'b', 'c', 'd'].map((id) => ({ id, parentId: 'all', level: 'store' })),
  ]);
const linkAudits = () =>
  [0.2, 0.9, 0.5, 0.6].map((score, k) => ({
    auditId: `u${String(k)}`,
    nodeId: 'abcd'[k] as string,
    at: Date.UTC(2025, 0, 5),
    items: [
      { standard: 'greeting', passed: k % 2 === 0 },
      { standard: 'till', score },
    ],
  }));
const linkRows = () =>
  [
    [10, 1, 1],
    [10, 10, 1],
    [10, 1],
    [10, 10, 10, 1],
  ].flatMap((scores, k) => scores.map((score) => ({ nodeId: 'abcd'[k] as string, score })));
/** score = a + b exactly. */
export const driverRows4 = () => [
  { score: 1, ratings: { a: 1, b: 0 } },
  { score: 2, ratings: { a: 2, b: 0 } },
  { score: 1, ratings: { a: 0, b: 1 } },
  { score: 2, ratings: { a: 1, b: 1 } },
];
const driverRows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    score: (i % 7) + (i % 3),
    ratings: { a: i % 7, b: i % 3, c: i % 5 },
  }));
const datedRows = () => [
  { score: 10, at: Date.UTC(2025, 0, 6) },
  { score: 2, at: Date.UTC(2025, 0, 13) },
  { score: 9, at: Date.UTC(2025, 1, 20) },
  { score: 3, at: Date.UTC(2025, 2, 20) },
];
/** Responses whose monthly trend is {@link shiftPoints} (a drop in April). */
const shiftRows = () =>
  shiftPoints().flatMap((p, k) =>
    (
      [
        [10, p.total.promoters],
        [1, p.total.detractors],
      ] as const
    ).flatMap(([score, count]) =>
      Array.from({ length: count }, () => ({ score, at: Date.UTC(2025, k, 15) })),
    ),
  );
export const shiftPoints = () =>
  [tc(60, 0, 20), tc(60, 0, 20), tc(60, 0, 20), tc(30, 0, 50)].map((total, k) => ({
    start: `2025-0${String(k + 1)}-01T00:00:00Z`,
    end: `2025-0${String(k + 2)}-01T00:00:00Z`,
    total,
  }));
const importance = () => ({
  drivers: [
    { driver: 'speed', raw: 0.3 },
    { driver: 'price', raw: 0.1 },
  ],
});

export const baselines: readonly Baseline[] = [
  {
    fn: 'analyze',
    label: 'month',
    args: () => [
      hierarchy(),
      nodeRows(),
      { period: 'month', minSample: 1, shifts: { recent: 1, baseline: 1 }, gaming: false },
    ],
  },
  { fn: 'describe', label: 'rollup', args: () => [rollupResult(), { locale: 'ru', unitId: 'a' }] },
  { fn: 'classify', label: 'default scheme', args: () => [8] },
  { fn: 'classify', label: 'classic scheme', args: () => [8, classicScheme] },
  {
    fn: 'compareNps',
    label: 'tallies',
    args: () => [tc(60, 25, 15), tc(40, 30, 30), { scheme: classicScheme, confidence: 0.9 }],
  },
  {
    fn: 'compareNps',
    label: 'paired scores',
    args: () => [[10, 10, 9, 6], [10, 8, 7, 6], { relation: 'paired' }],
  },
  { fn: 'nps', label: 'scores', args: () => [[10, 9, 8, 7, 3]] },
  { fn: 'nps', label: 'tally', args: () => [tc(50, 30, 20), { scheme: classicScheme }] },
  {
    fn: 'npsInterval',
    label: 'tally, bayes prior',
    args: () => [
      tc(60, 25, 15),
      { method: 'bayes', confidence: 0.9, prior: { promoters: 1, passives: 1, detractors: 1 } },
    ],
  },
  {
    fn: 'npsInterval',
    label: 'scores, tango',
    args: () => [[10, 9, 3, 7, 8], { method: 'tango' }],
  },
  { fn: 'npsSummary', label: 'scores', args: () => [[10, 9, 3, 7], { method: 'wilson' }] },
  {
    fn: 'sampleSize',
    label: 'margin',
    args: () => [
      { marginOfError: 5 },
      { population: 2000, expected: { promoters: 0.5, passives: 0.3, detractors: 0.2 } },
    ],
  },
  { fn: 'sampleSize', label: 'difference', args: () => [{ difference: 10 }] },
  {
    fn: 'defineScheme',
    label: 'csat',
    args: () => [
      { scale: [1, 5], promoters: [5, 5], passives: [4, 4], detractors: [1, 3], base: 'all' },
    ],
  },
  { fn: 'tally', label: 'weighted', args: () => [[10, 9, 7, 3, 1], { weights: [1, 2, 1, 1, 1] }] },
  {
    fn: 'tallyFromCounts',
    label: 'counts',
    args: () => [{ promoters: 60, passives: 25, detractors: 15 }],
  },
  { fn: 'mergeTallies', label: 'two', args: () => [tc(3, 1, 1), tc(1, 0, 2)] },
  {
    fn: 'tallyFromHistogram',
    label: 'object',
    args: () => [{ 10: 50, 9: 20, 7: 10, 4: 15, 1: 5 }],
  },
  {
    fn: 'tallyFromHistogram',
    label: 'map coerce',
    args: () => [
      new Map<number, unknown>([
        [10, '412'],
        [3, 88n],
      ]),
      { coerce: true, scheme: classicScheme },
    ],
  },
  { fn: 'tallyFromHistogram', label: 'array', args: () => [[0, 1, 0, 0, 0, 2, 3, 0, 4, 0, 5]] },
  {
    fn: 'bootstrapImportance',
    label: 'johnson',
    args: () => [driverRows(30), { metric: 'johnson', seed: 1, replicates: 20 }],
  },
  { fn: 'dominanceAnalysis', label: 'rows', args: () => [driverRows(12)] },
  { fn: 'driverStats', label: 'rows', args: () => [driverRows4(), { outcome: 'score' }] },
  {
    fn: 'driverStats',
    label: 'columns',
    args: () => [{ score: [1, 2, 1, 2], ratings: { a: [1, 2, 0, 1], b: [0, 0, 1, 1] } }],
  },
  {
    fn: 'mergeDriverStats',
    label: 'two',
    args: () => [
      driverStats([{ score: 9, ratings: { speed: 8 } }]),
      driverStats([{ score: 5, ratings: { speed: 4 } }]),
    ],
  },
  {
    fn: 'driverStatsFromSums',
    label: 'sums',
    args: () => [{ drivers: ['speed'], n: 2, sums: [14, 12], sumsOfProducts: [106, 92, 92, 80] }],
  },
  {
    fn: 'driversByNode',
    label: 'rows',
    args: () => [
      hierarchy(),
      Array.from({ length: 8 }, (_, i) => ({
        nodeId: i < 4 ? 'a' : 'b',
        score: (i % 4) + (i % 3),
        ratings: { x: i % 4, y: i % 3 },
      })),
      { minSample: 3 },
    ],
  },
  {
    fn: 'followUpQueue',
    label: 'policy',
    args: () => [
      [
        { responseId: 'r1', nodeId: 'a', score: 2, at: Date.UTC(2025, 2, 28, 15), value: 10 },
        { responseId: 'r2', nodeId: 'b', score: 7, at: Date.UTC(2025, 2, 28, 15), comment: 'x' },
        {
          responseId: 'r3',
          nodeId: 'b',
          score: 9,
          at: Date.UTC(2025, 2, 29),
          ratings: { staff: 2 },
          customerId: 'k',
        },
      ],
      {
        hierarchy: hierarchy(),
        sla: { businessHours: 4 },
        calendar: {
          timeZone: 'Europe/Kyiv',
          workdays: [1, 2, 3, 4, 5],
          holidays: ['2025-03-31'],
          hours: { start: '09:00', end: '18:00' },
        },
        timeZones: new Map([['b', 'Asia/Tokyo']]),
        passives: true,
        comments: true,
        lowRatings: { drivers: ['staff'], atMost: 3 },
        repeatDetractors: { withinDays: 7 },
        escalation: [{ afterHours: 24, levels: 1 }],
        priority: { severity: 2, value: 1, age: 1, repeat: 1 },
      },
      Date.UTC(2025, 3, 2),
    ],
  },
  {
    fn: 'driversByOwner',
    label: 'map',
    args: () => [
      importance(),
      new Map([
        ['speed', 'store'],
        ['price', 'head office'],
      ]),
    ],
  },
  {
    fn: 'driverPerformance',
    label: 'top-box',
    args: () => [
      [
        { score: 9, ratings: { speed: 9, price: 6 } },
        { score: 7, ratings: { speed: 7, price: null } },
      ],
      { measure: 'top-box' },
    ],
  },
  {
    fn: 'importancePerformance',
    label: 'cuts',
    args: () => [
      importance(),
      new Map([
        ['speed', 6],
        ['price', 8],
      ]),
      { importanceCut: 0.05, performanceCut: 7 },
    ],
  },
  {
    fn: 'penaltyReward',
    label: 'rows',
    args: () => [
      Array.from({ length: 12 }, (_, i) => ({
        score: i % 11,
        ratings: { a: (i * 3) % 11, b: (i * 7) % 11 },
      })),
    ],
  },
  { fn: 'driverRegression', label: 'rows', args: () => [driverRows(12)] },
  {
    fn: 'driverCorrelations',
    label: 'spearman pairwise',
    args: () => [driverRows(12), { method: 'spearman', missing: 'pairwise' }],
  },
  { fn: 'relativeImportance', label: 'first', args: () => [driverRows(12), { metric: 'first' }] },
  { fn: 'shapley', label: 'rows', args: () => [driverRows(12)] },
  { fn: 'relativeWeights', label: 'rows', args: () => [driverRows(12)] },
  {
    fn: 'shapleySample',
    label: 'seeded',
    args: () => [driverRows(12), { seed: 1, permutations: 30 }],
  },
  { fn: 'buildHierarchy', label: 'nodes', args: () => [hierarchyNodes()] },
  {
    fn: 'hierarchyFromColumns',
    label: 'rows',
    args: () => [
      [
        { division: 'Retail', region: 'North', store: 's1', name: 'High St' },
        { division: 'Online', region: 'North', store: 's2', name: 'Web' },
      ],
      {
        levels: ['division', 'region', 'store'],
        root: { id: 'group', name: 'Group', level: 'company' },
        names: { store: 'name' },
        coerce: true,
      },
    ],
  },
  {
    fn: 'rollup',
    label: 'rows',
    args: () => [hierarchy(), nodeRows(), { minSample: 1, method: 'wilson' }],
  },
  { fn: 'contributions', label: 'target', args: () => [rollupResult(), { target: 50 }] },
  {
    fn: 'crossTab',
    label: 'channel',
    args: () => [hierarchy(), nodeRows(), { by: 'channel', level: 1 }],
  },
  {
    fn: 'publishTables',
    label: 'rollup, cube and cross-table',
    args: () => [
      hierarchy(),
      nodeRows(),
      { minSample: 2, trend: { period: 'month' }, crossTabs: [{ by: 'channel' }] },
    ],
  },
  { fn: 'funnel', label: 'rollup', args: () => [rollupResult(), { coverage: [0.9, 0.99] }] },
  { fn: 'rollupTable', label: 'rollup', args: () => [rollupResult()] },
  { fn: 'segments', label: 'channel', args: () => [nodeRows(), { by: 'channel' }] },
  {
    fn: 'sourceEffects',
    label: 'channel within stores',
    args: () => [nodeRows(), { by: 'channel', stratum: 'nodeId', seed: 1, replicates: 50 }],
  },
  { fn: 'shrinkage', label: 'rollup', args: () => [rollupResult(), { level: 1 }] },
  { fn: 'rank', label: 'rollup', args: () => [rollupResult(), { by: 'nps' }] },
  { fn: 'varianceComponents', label: 'rollup', args: () => [rollupResult()] },
  { fn: 'benjaminiHochberg', label: 'p-values', args: () => [[0.01, 0.04, null, 0.2]] },
  {
    fn: 'gamingSignals',
    label: 'rows with customers, by month, keep-first',
    args: () => [
      hierarchy(),
      nodeRows().map((r, i) => ({ ...r, customerId: `c${String(i % 3)}` })),
      { period: 'month', minSample: 1, dedupe: 'keep-first', permutations: 19, seed: 3 },
    ],
  },
  {
    fn: 'followUpMetrics',
    label: 'cases on a hierarchy, by month, on a calendar',
    args: () => [
      [
        {
          caseId: 'c1',
          nodeId: 'a',
          openedAt: Date.UTC(2025, 0, 6, 9),
          firstContactAt: Date.UTC(2025, 0, 6, 12),
          resolvedAt: Date.UTC(2025, 0, 8),
        },
        { caseId: 'c2', nodeId: 'b', openedAt: Date.UTC(2025, 0, 7), firstContactAt: null },
        {
          caseId: 'c3',
          nodeId: 'b',
          openedAt: Date.UTC(2025, 1, 3),
          resolvedAt: Date.UTC(2025, 1, 4),
        },
      ],
      {
        now: Date.UTC(2025, 1, 10),
        sla: { contact: { businessHours: 8 }, resolution: { hours: 72 } },
        calendar: { timeZone: 'Europe/Kyiv', hours: { start: '09:00', end: '18:00' } },
        hierarchy: hierarchy(),
        period: 'month',
        minSample: 1,
      },
    ],
  },
  {
    fn: 'trendChanges',
    label: 'monthly',
    args: () => [trend(datedRows(), { period: 'month' }), { confidence: 0.9 }],
  },
  {
    fn: 'detectShifts',
    label: 'points',
    args: () => [{ points: shiftPoints() }, { recent: 1, baseline: 3, chart: 'ewma' }],
  },
  {
    fn: 'rollingTrend',
    label: 'days',
    args: () => [datedRows(), { period: 'week', window: { days: 14 }, timeZone: 'Europe/Paris' }],
  },
  {
    fn: 'trend',
    label: 'month',
    args: () => [datedRows(), { period: 'month', timeZone: 'America/New_York' }],
  },
  {
    fn: 'trendByNode',
    label: 'month',
    args: () => [hierarchy(), nodeRows(), { period: 'month' }],
  },
  // charts (src/charts)
  {
    fn: 'trendChart',
    label: 'plain trend, alerts',
    args: () => [
      { period: 'month', points: api.trend(shiftRows(), { period: 'month' }).points },
      { alerts: api.detectShifts({ points: shiftPoints() }, { recent: 1, baseline: 3 }) },
    ],
  },
  {
    fn: 'trendChart',
    label: 'cube node, minSample',
    args: () => [
      api.trendByNode(hierarchy(), nodeRows(), { period: 'month', minSample: 2 }),
      { nodeId: 'b', title: 'Store b', width: 300, height: 200 },
    ],
  },
  {
    fn: 'funnelChart',
    label: 'rollup level, names',
    args: () => [api.funnel(rollupResult()), { names: new Map([['a', 'Store A']]) }],
  },
  {
    fn: 'comparisonChart',
    label: 'children of the root',
    args: () => [rollup(hierarchy(), nodeRows(), { minSample: 3 }), 'all', { show: 'children' }],
  },
  {
    fn: 'driverMatrixChart',
    label: 'median cuts',
    args: () => [
      api.importancePerformance(
        importance(),
        new Map([
          ['speed', 6],
          ['price', 8],
        ]),
        { importanceCut: 'median', performanceCut: 'median' },
      ),
      { importanceCut: 'median', performanceCut: 'median', title: 'Drivers' },
    ],
  },
  {
    fn: 'survivalChart',
    label: 'node, contact, SLA',
    args: () => [
      api.followUpMetrics(
        [1, 2, 3].map((k) => ({
          caseId: `c${String(k)}`,
          nodeId: 'a',
          openedAt: Date.UTC(2025, 0, 6),
          firstContactAt: Date.UTC(2025, 0, 6, 2 * k),
          ...(k < 3 ? { resolvedAt: Date.UTC(2025, 0, 6 + k) } : {}),
        })),
        { now: Date.UTC(2025, 0, 10), sla: { contact: { hours: 4 } }, hierarchy: hierarchy() },
      ),
      { nodeId: 'a', event: 'contact', slaHours: 4 },
    ],
  },
  {
    fn: 'trendTest',
    label: 'known',
    args: () => [
      {
        points: [tc(50, 0, 50), tc(60, 0, 40), tc(70, 0, 30)].map((total) => ({
          start: '',
          end: '',
          total,
        })),
      },
      { scale: 'known' },
    ],
  },
  {
    fn: 'followUpRecovery',
    label: 'pairs, confidence',
    args: () => [
      [
        { customerId: 'c1', before: 3, after: 9, followedUp: true, nodeId: 'a' },
        { customerId: 'c2', before: 5, after: 7, followedUp: true },
        { customerId: 'c3', before: 4, after: 2, followedUp: false },
        { customerId: 'c4', before: 9, after: 10, followedUp: false },
      ],
      { confidence: 0.9 },
    ],
  },
  {
    fn: 'auditCompliance',
    label: 'audits by month, minSample',
    args: () => [
      hierarchy(),
      auditRows(),
      { period: 'month', timeZone: 'Europe/Kyiv', minSample: 1, onUnknownNode: 'exclude' },
    ],
  },
  {
    fn: 'auditLoyaltyLink',
    label: 'stores',
    args: () => [
      api.auditCompliance(linkHierarchy(), linkAudits()),
      rollup(linkHierarchy(), linkRows()),
      { level: 'store', confidence: 0.9 },
    ],
  },
  {
    fn: 'rakeWeights',
    label: 'two margins, trim',
    args: () => [
      [
        { region: 'north', age: 'young' },
        { region: 'north', age: 'old' },
        { region: 'south', age: 'young' },
        { region: 'south', age: 'old' },
        { region: 'south', age: 'old' },
      ],
      {
        margins: { region: { north: 0.5, south: 0.5 }, age: { young: 0.4, old: 0.6 } },
        weights: [1, 2, 1, 1, 1],
        maxIterations: 50,
        tolerance: 1e-8,
        trim: { lower: 0.2, upper: 5 },
      },
    ],
  },
  {
    fn: 'compareResponders',
    label: 'two variables',
    args: () => [
      [
        { region: 'north', age: 'young' },
        { region: 'north', age: 'old' },
        { region: 'south', age: 'old' },
      ],
      {
        margins: { region: { north: 40, south: 60 }, age: { young: 50, old: 50 } },
        targets: 'totals',
      },
    ],
  },
  {
    fn: 'responseRates',
    label: 'invitations by month, minSample',
    args: () => [
      hierarchy(),
      [
        { invitationId: 'i1', nodeId: 'a', at: Date.UTC(2025, 0, 5), responded: true },
        { invitationId: 'i2', nodeId: 'a', at: Date.UTC(2025, 1, 5), responded: false },
        { invitationId: 'i3', nodeId: 'b', at: Date.UTC(2025, 1, 6), responded: true },
      ],
      { period: 'month', minSample: 1 },
    ],
  },
  {
    fn: 'warehouseSql',
    label: 'month, weight, drivers',
    args: () => [
      {
        dialect: 'postgres',
        table: 'analytics.responses',
        score: 'score',
        node: 'store_id',
        at: 'answered_at',
        period: 'month',
        timeZone: 'Europe/Kyiv',
        weight: 'w',
        drivers: ['speed', 'staff'],
      },
    ],
  },
  {
    fn: 'tallyEntriesFromSql',
    label: 'weighted rows',
    args: () => [
      [
        {
          node_id: 'a',
          period_start: '2025-03-01',
          promoters: 3n,
          passives: 1n,
          detractors: 1n,
          missing: 0n,
          invalid: 0n,
          promoters_weight: 3,
          passives_weight: 1,
          detractors_weight: 1,
          promoters_weight_squared: 3,
          passives_weight_squared: 1,
          detractors_weight_squared: 1,
          invalid_weights: 0n,
        },
      ],
      { timeZone: 'Europe/Kyiv' },
    ],
  },
  {
    fn: 'driverStatsFromSql',
    label: 'sums',
    args: () => [
      [
        {
          node_id: 'a',
          n: 2n,
          excluded: 1n,
          sum_0: 14,
          sum_1: 12,
          sum_0_0: 106,
          sum_0_1: 92,
          sum_1_1: 80,
        },
      ],
      { drivers: ['speed'] },
    ],
  },
  {
    fn: 'reportPack',
    label: 'rollup and cube, ru, findings',
    args: () => [
      {
        rollup: rollupResult(),
        trend: api.trendByNode(hierarchy(), nodeRows(), { period: 'month' }),
        asOf: '2025-03-31',
      },
      {
        locale: 'ru',
        title: 'Q1',
        findings: [{ unitId: 'a', text: 'NPS up', significant: false }],
      },
    ],
  },
  { fn: 'isNpsInputError', label: 'value', args: () => [new Error('x')] },
];

/** Values that are wrong for almost any parameter. */
export function badValues(): [string, unknown][] {
  const sparse: unknown[] = [10];
  sparse[2] = 9;
  return [
    ['undefined', undefined],
    ['null', null],
    ["'x'", 'x'],
    ["'7'", '7'],
    ["''", ''],
    ['42', 42],
    ['-1', -1],
    ['11', 11],
    ['6.5', 6.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['-0', -0],
    ['1e308', 1e308],
    ['true', true],
    ['[]', []],
    ['[NaN]', [Number.NaN]],
    ['[10, <hole>, 9]', sparse],
    ['{}', {}],
    ['Object.create(null)', Object.create(null)],
    [
      '{__proto__,constructor,toString}',
      JSON.parse('{"__proto__":1,"constructor":2,"toString":3}'),
    ],
    ['new Map()', new Map()],
    ['Symbol()', Symbol('s')],
    ['10n', 10n],
    ['Invalid Date', new Date(Number.NaN)],
    ['() => 1', () => 1],
    ["'Not/AZone'", 'Not/AZone'],
  ];
}

export type Path = readonly (string | number)[];

/** Paths to every leaf (and every inner node) of plain objects and arrays, in order. */
export function pathsOf(value: unknown, limit = 400): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, p: Path, depth: number): void => {
    if (out.length >= limit || depth > 6) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && i < 6; i++) {
        out.push([...p, i]);
        walk(v[i], [...p, i], depth + 1);
      }
    } else if (isPlain(v)) {
      for (const k of Object.keys(v)) {
        out.push([...p, k]);
        walk((v as Record<string, unknown>)[k], [...p, k], depth + 1);
      }
    }
  };
  walk(value, [], 0);
  return out;
}

function isPlain(v: unknown): v is object {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A copy of `root` with the value at `path` replaced (copying only along the path). */
export function replaceAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = root.slice();
    copy[head as number] = replaceAt(root[head as number], rest, value);
    return copy;
  }
  const copy = { ...(root as Record<string, unknown>) };
  copy[head as string] = replaceAt((root as Record<string, unknown>)[head as string], rest, value);
  return copy;
}

/** A copy of `root` with the key at `path` deleted. */
export function deleteAt(root: unknown, path: Path): unknown {
  const [head, ...rest] = path;
  if (rest.length > 0) {
    return replaceAt(
      root,
      [head as string],
      deleteAt((root as Record<string, unknown>)[head as string], rest),
    );
  }
  if (Array.isArray(root)) return root.filter((_, i) => i !== head);
  return Object.fromEntries(
    Object.entries(root as Record<string, unknown>).filter(([k]) => k !== head),
  );
}

/** Deep copy for before/after comparison (Maps, Sets, Dates, typed arrays, plain data). */
export function snapshot(v: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (seen.has(v)) return seen.get(v);
  if (v instanceof Date) return new Date(v.getTime());
  if (v instanceof Error) return v;
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice: () => unknown }).slice();
  if (v instanceof Map) {
    const m = new Map();
    seen.set(v, m);
    for (const [k, x] of v) m.set(k, snapshot(x, seen));
    return m;
  }
  if (Array.isArray(v)) {
    const a: unknown[] = [];
    seen.set(v, a);
    for (let i = 0; i < v.length; i++) if (i in v) a[i] = snapshot(v[i], seen);
    a.length = v.length;
    return a;
  }
  const o = Object.create(Object.getPrototypeOf(v) as object | null) as Record<string, unknown>;
  seen.set(v, o);
  for (const k of Reflect.ownKeys(v)) {
    const d = Object.getOwnPropertyDescriptor(v, k);
    if (d?.enumerable)
      (o as Record<PropertyKey, unknown>)[k] = snapshot(
        (v as Record<PropertyKey, unknown>)[k],
        seen,
      );
  }
  return o;
}

/** Object.freeze recursively (typed arrays cannot be frozen and are left alone). */
export function deepFreeze<T>(v: T, seen = new Set<unknown>()): T {
  if (typeof v !== 'object' || v === null || seen.has(v) || ArrayBuffer.isView(v)) return v;
  seen.add(v);
  if (v instanceof Map) for (const x of v.values()) deepFreeze(x, seen);
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k], seen);
  return Object.freeze(v);
}

const documentedCodes: ReadonlySet<string> = new Set([
  'invalid_score',
  'invalid_weight',
  'invalid_count',
  'invalid_scheme',
  'invalid_option',
  'length_mismatch',
  'empty',
  'invalid_id',
  'duplicate_id',
  'unknown_parent',
  'unknown_node',
  'cycle',
  'multiple_roots',
  'invalid_level',
  'invalid_date',
  'invalid_time_zone',
  'invalid_period',
  'too_few_rows',
  'constant_driver',
  'collinear',
  'singular_matrix',
  'not_positive_definite',
  'unknown_driver',
  'too_many_drivers',
  'non_finite',
  'incompatible_stats',
  'invalid_margin',
  'unknown_category',
  'empty_category',
  'invalid_input',
]);

export type Outcome =
  | { readonly kind: 'ok'; readonly value: unknown }
  | {
      readonly kind: 'nps';
      readonly code: string;
      readonly message: string;
      readonly error: api.NpsInputError;
    }
  | {
      readonly kind: 'raw';
      readonly name: string;
      readonly message: string;
      readonly where: string;
    };

export function callApi(fn: string, args: readonly unknown[]): Outcome {
  const f = (api as unknown as Record<string, (...a: unknown[]) => unknown>)[fn];
  if (typeof f !== 'function') throw new Error(`no export ${fn}`);
  try {
    return { kind: 'ok', value: f(...args) };
  } catch (e) {
    if (api.isNpsInputError(e)) return { kind: 'nps', code: e.code, message: e.message, error: e };
    const err = (e ?? {}) as Partial<Error>;
    const where = /\/src\/[^\s):]+:\d+/.exec(err.stack ?? '')?.[0] ?? '?';
    return { kind: 'raw', name: err.name ?? typeof e, message: err.message ?? '', where };
  }
}

/** Why an outcome breaks the project standard, or null if it meets it. */
export function violation(fn: string, o: Outcome): string | null {
  if (o.kind === 'ok') return null;
  if (o.kind === 'raw') return `raw ${o.name}: ${o.message} @ ${o.where}`;
  if (!documentedCodes.has(o.code)) return `undocumented code ${o.code}`;
  if (!o.message.startsWith(`${fn}:`)) return `message does not start with "${fn}:": ${o.message}`;
  return null;
}

/** The value with functions replaced by a marker, for comparing results that hold closures. */
export function withoutFunctions(v: unknown, seen = new Set<unknown>()): unknown {
  if (typeof v === 'function') return '[function]';
  if (typeof v !== 'object' || v === null || seen.has(v) || ArrayBuffer.isView(v)) return v;
  seen.add(v);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, withoutFunctions(x, seen)]));
  if (Array.isArray(v)) return v.map((x) => withoutFunctions(x, seen));
  if (!isPlain(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutFunctions(x, seen)]));
}
