// Every relative-importance metric, Johnson's weights and dominance analysis against R on two
// classic public datasets shipped with base R. The numbers are the output of
// `Rscript test/drivers/reference/relaimpo.R` (R 4.2.2), which computes each quantity by brute force
// from its published definition with lm() for every R² (relaimpo 2.2-7 itself is not installable
// here); rerun it to regenerate them.
import { describe, expect, it } from 'vitest';
import {
  type DriverRow,
  dominanceAnalysis,
  driverStats,
  type ImportanceMetric,
  relativeImportance,
} from '../../src/index.ts';
import { at, closeAll, SWISS_NAMES, swissRows } from './_fixtures.ts';
import { MTCARS_NAMES, mtcars } from './mtcars.ts';

interface Reference {
  readonly rows: DriverRow[];
  readonly names: readonly string[];
  readonly r2: number;
  readonly metrics: Record<ImportanceMetric, readonly number[]>;
  readonly conditional: readonly (readonly number[])[];
  readonly general: readonly number[];
  readonly dominates: readonly (readonly string[])[];
}

const mtcarsRows: DriverRow[] = mtcars.map((r) => ({
  score: at(r, 0),
  ratings: Object.fromEntries(MTCARS_NAMES.map((d, j) => [d, at(r, j + 1)])),
}));

// R genizi (Genizi 1993, correlations of the data with Z = Xs R^{-1/2}) and johnson (Johnson
// 2000, lm() of Xs and of scale(y) on Z) are two independent computations; they agree to 1e-15.
const CASES: Record<string, Reference> = {
  'datasets::swiss, Fertility ~ .': {
    rows: swissRows(),
    names: SWISS_NAMES,
    r2: 0.70673500159272551,
    metrics: {
      lmg: [
        0.057091220768091283, 0.17117302890023411, 0.26013467862438444, 0.10557015037349354,
        0.11276592292652207,
      ],
      first: [
        0.12466490990574781, 0.41716447050059063, 0.44061564672392334, 0.21500350161854373,
        0.17351892732486229,
      ],
      last: [
        0.042869607125494036, 0.0073874185151244776, 0.16196269307733591, 0.062372625827423644,
        0.05694525873249745,
      ],
      betasq: [
        0.097919729041395023, 0.027151862623226705, 0.44943720596683329, 0.12082577956586178,
        0.063069278591506531,
      ],
      pratt: [
        -0.1104859909623874, 0.10642740433893494, 0.44500456758202989, 0.1611768149966073,
        0.10461220563754077,
      ],
      car: [
        0.00056747418533871562, 0.15113399084812748, 0.32326807097666477, 0.11507318417898046,
        0.11669228140361353,
      ],
      genizi: [
        0.048416895811900472, 0.15470824980615969, 0.27196410464599852, 0.11468002994756149,
        0.11696572138110455,
      ],
      johnson: [
        0.048416895811900666, 0.15470824980616013, 0.27196410464599874, 0.11468002994756134,
        0.11696572138110427,
      ],
    },
    general: [
      0.057091220768091276, 0.17117302890023411, 0.26013467862438444, 0.10557015037349354,
      0.11276592292652207,
    ],
    conditional: [
      [
        0.12466490990574786, 0.050272326242773543, 0.032445473641199395, 0.035203786925241676,
        0.042869607125493925,
      ],
      [
        0.41716447050059047, 0.2377086689596245, 0.13210040391324848, 0.061504182612582725,
        0.0073874185151243665,
      ],
      [
        0.44061564672392334, 0.29091706553341123, 0.22101047796877704, 0.18616750981847488,
        0.1619626930773358,
      ],
      [
        0.21500350161854359, 0.1069971344462903, 0.074482527644641194, 0.068994962330569093,
        0.062372625827423533,
      ],
      [
        0.1735189273248624, 0.13795347903572161, 0.11233004344500189, 0.083081906094527008,
        0.05694525873249745,
      ],
    ],
    dominates: [[], [], ['Agriculture', 'Examination', 'Catholic'], [], ['Agriculture']],
  },
  'datasets::mtcars, mpg ~ cyl + disp + hp + drat + wt + qsec': {
    rows: mtcarsRows,
    names: MTCARS_NAMES,
    r2: 0.85482241158482319,
    metrics: {
      lmg: [
        0.17323909310454466, 0.16405351214532257, 0.14365935541414063, 0.1037795706568457,
        0.22521078786626206, 0.044880092397707412,
      ],
      first: [
        0.72618000509380476, 0.71834334048973014, 0.60243734142393424, 0.46399516798508655,
        0.7528327936582645, 0.17529632026101277,
      ],
      last: [
        0.005907672845996248, 0.0069889641397719027, 0.0077652459216929204, 0.0046254987300624606,
        0.064455931120515952, 0.0035072314874902144,
      ],
      betasq: [
        0.058834381510727979, 0.073737573928051636, 0.041604505947282613, 0.013721630868726241,
        0.46290254343877629, 0.014168168108204921,
      ],
      pratt: [
        0.2066986972991153, -0.23014972338694012, 0.15831648036176524, 0.07979204484134983,
        0.59032890405987248, 0.04983600840966055,
      ],
      car: [
        0.16899359088965527, 0.098121735723741541, 0.14761382168836079, 0.097486518062718866,
        0.31235816566993579, 0.030248579550410833,
      ],
      genizi: [
        0.15235086027489417, 0.1503487720357852, 0.1408970213471491, 0.12269778277923157,
        0.23076985956390555, 0.057758115583857121,
      ],
      johnson: [
        0.15235086027489414, 0.15034877203578523, 0.14089702134714893, 0.1226977827792315,
        0.23076985956390511, 0.057758115583857239,
      ],
    },
    general: [
      0.17323909310454469, 0.1640535121453226, 0.14365935541414068, 0.10377957065684572,
      0.22521078786626206, 0.044880092397707419,
    ],
    conditional: [
      [
        0.72618000509380476, 0.21903441214466166, 0.056278161612346896, 0.021310355235885935,
        0.010723951694572674, 0.005907672845996137,
      ],
      [
        0.71834334048972981, 0.20411283095408922, 0.040265517157405624, 0.0092066266697527054,
        0.0054037934611863786, 0.0069889641397717917,
      ],
      [
        0.60243734142393401, 0.1714269820323924, 0.044774789562344541, 0.022309723661610201,
        0.013242049882870099, 0.0077652459216928094,
      ],
      [
        0.46399516798508661, 0.11808629970766023, 0.021652832524377632, 0.008577101811197519,
        0.0057405231826898277, 0.0046254987300624606,
      ],
      [
        0.75283279365826439, 0.26780086982104551, 0.11421474840898735, 0.081528254980281142,
        0.07043212920847812, 0.064455931120515841,
      ],
      [
        0.17529632026101272, 0.050117307654745237, 0.019863341431931358, 0.012927975920830746,
        0.0075683776302342349, 0.0035072314874902144,
      ],
    ],
    dominates: [[], [], [], [], ['cyl', 'disp', 'hp', 'drat', 'qsec'], []],
  },
};

const METRICS = ['lmg', 'first', 'last', 'betasq', 'pratt', 'genizi', 'car', 'johnson'] as const;

for (const [label, ref] of Object.entries(CASES)) {
  describe(`R reference: ${label}`, () => {
    const stats = driverStats(ref.rows);
    for (const metric of METRICS) {
      it(`${metric} matches R to 1e-12 (rows and statistics)`, () => {
        for (const input of [ref.rows, stats]) {
          const r = relativeImportance(input, { metric });
          expect(r.n).toBe(ref.rows.length);
          expect(Math.abs(r.r2 - ref.r2)).toBeLessThan(1e-12);
          expect(r.drivers.map((d) => d.driver)).toEqual(ref.names);
          closeAll(
            r.drivers.map((d) => d.raw),
            ref.metrics[metric],
            1e-12,
          );
        }
      });
    }

    it('dominance: conditional, general and complete match R', () => {
      const d = dominanceAnalysis(ref.rows);
      expect(Math.abs(d.r2 - ref.r2)).toBeLessThan(1e-12);
      d.drivers.forEach((x, j) => {
        closeAll(x.conditional, at(ref.conditional, j), 1e-12);
        expect([...x.dominates].sort()).toEqual([...at(ref.dominates, j)].sort());
      });
      closeAll(
        d.drivers.map((x) => x.general),
        ref.general,
        1e-12,
      );
    });

    it('identities: general dominance = LMG, genizi = johnson, decomposing metrics sum to R²', () => {
      const lmg = relativeImportance(ref.rows, { metric: 'lmg' }).drivers.map((d) => d.raw);
      closeAll(
        dominanceAnalysis(ref.rows).drivers.map((x) => x.general),
        lmg,
        1e-14,
      );
      closeAll(
        relativeImportance(ref.rows, { metric: 'genizi' }).drivers.map((d) => d.raw),
        relativeImportance(ref.rows, { metric: 'johnson' }).drivers.map((d) => d.raw),
        1e-15,
      );
      for (const metric of ['lmg', 'pratt', 'genizi', 'car', 'johnson'] as const) {
        const sum = relativeImportance(ref.rows, { metric }).drivers.reduce((s, d) => s + d.raw, 0);
        expect(Math.abs(sum - ref.r2)).toBeLessThan(1e-12);
      }
      // first, last and betasq do not decompose R² (they do not sum to it here)
      for (const metric of ['first', 'last', 'betasq'] as const) {
        const sum = ref.metrics[metric].reduce((s, v) => s + v, 0);
        expect(Math.abs(sum - ref.r2)).toBeGreaterThan(0.01);
      }
    });

    it('suppression is flagged exactly where pratt (β·r) is negative', () => {
      const r = relativeImportance(ref.rows, { metric: 'lmg' });
      r.drivers.forEach((d, j) => {
        expect(d.suppressed).toBe(at(ref.metrics.pratt, j) < 0);
        expect(d.sign).toBe(Math.sign(d.beta));
        expect(Math.abs(d.beta * d.correlation - at(ref.metrics.pratt, j))).toBeLessThan(1e-12);
      });
    });
  });
}
