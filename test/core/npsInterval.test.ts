import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaPdf, betaQuantile, regularizedBeta } from '../../src/kernels/beta.ts';
import { dirichletDifferenceCdf, dirichletDifferenceQuantile } from '../../src/kernels/dirichlet.ts';
import { integrate } from '../../src/kernels/integrate.ts';
import { zForConfidence } from '../../src/kernels/normal.ts';
import { bisectBoundary, brentRoot } from '../../src/kernels/root.ts';
import {
  classicScheme,
  NpsInputError,
  type NpsIntervalMethod,
  npsInterval,
  npsSummary,
  type Scheme,
  type Tally,
  tally,
  tallyFromCounts,
  tenPointScheme,
} from '../../src/index.ts';

type Row = [
  'classic' | 'tenPoint',
  number,
  number,
  number,
  NpsIntervalMethod,
  number,
  [number, number, number] | null,
  number,
  number,
  number,
];

// Reference intervals from independent R code: test/core/reference/intervals.R (R 4.2.2).
// Wald and adjusted Wald (Rocks 2016, The American Statistician 70(4) 365–372) by formula;
// Wilson by prop.test(correct = FALSE)$conf.int mapped by 2π − 1; Tango (1998, Statistics in
// Medicine 17, 891–908) by uniroot on the score statistic with the restricted MLE written from
// the paper; Bayes (base all) by integrate() over θp ~ Beta(a, b + c) (the other conditioning
// from npskit's) and uniroot; Bayes (passive-excluded) by qbeta. Columns: scheme, promoters,
// passives, detractors, method, confidence, prior (promoters, passives, detractors), low, high,
// se (NPS points). Tallies include P = 0, D = 0, only passives, n = 1, n = 5, n = 1000 and two
// skewed samples of 200 000 (narrow, one-sided posteriors).
const REFERENCE: Row[] = [
  [
    'classic',
    60,
    25,
    15,
    'wald',
    0.95,
    null,
    30.497590874857949,
    59.502409125142044,
    7.399324293474371,
  ],
  [
    'classic',
    60,
    25,
    15,
    'adjusted-wald',
    0.95,
    null,
    29.343111201734096,
    58.035529574964926,
    7.3196289828672825,
  ],
  [
    'classic',
    60,
    25,
    15,
    'tango',
    0.95,
    null,
    29.256915542644641,
    58.125702018388068,
    7.399324293474371,
  ],
  [
    'classic',
    60,
    25,
    15,
    'bayes',
    0.95,
    null,
    28.757575964332315,
    57.391223923951486,
    7.3163222681996087,
  ],
  [
    'classic',
    0,
    3,
    2,
    'wald',
    0.95,
    null,
    -82.940659449211765,
    2.9406594492117577,
    21.908902300206645,
  ],
  [
    'classic',
    0,
    3,
    2,
    'adjusted-wald',
    0.95,
    null,
    -67.434465027856433,
    17.434465027856426,
    21.650635094610966,
  ],
  [
    'classic',
    0,
    3,
    2,
    'tango',
    0.95,
    null,
    -76.927571872398715,
    20.82754506964443,
    21.908902300206645,
  ],
  [
    'classic',
    0,
    3,
    2,
    'bayes',
    0.95,
    null,
    -66.481409821570153,
    20.540259529814765,
    22.047927592204918,
  ],
  ['classic', 4, 1, 0, 'wald', 0.95, null, 44.939098376936755, 100, 17.888543819998315],
  [
    'classic',
    4,
    1,
    0,
    'adjusted-wald',
    0.95,
    null,
    4.1655392464676364,
    95.834460753532369,
    23.385358667337133,
  ],
  [
    'classic',
    4,
    1,
    0,
    'tango',
    0.95,
    null,
    1.7931563390285825,
    96.377589136756981,
    17.888543819998315,
  ],
  [
    'classic',
    4,
    1,
    0,
    'bayes',
    0.95,
    null,
    -3.1374914073001117,
    87.458630493819683,
    23.570226039551589,
  ],
  ['classic', 0, 7, 0, 'wald', 0.95, null, 0, 0, 0],
  [
    'classic',
    0,
    7,
    0,
    'adjusted-wald',
    0.95,
    null,
    -24.00455838177654,
    24.00455838177654,
    12.24744871391589,
  ],
  ['classic', 0, 7, 0, 'tango', 0.95, null, -35.433043506668739, 35.433043506668724, 0],
  [
    'classic',
    0,
    7,
    0,
    'bayes',
    0.95,
    null,
    -28.312883556311348,
    28.31288355631138,
    13.483997249264842,
  ],
  ['classic', 1, 0, 0, 'wald', 0.95, null, 100, 100, 0],
  ['classic', 1, 0, 0, 'adjusted-wald', 0.95, null, -48.498649420252015, 98.498649420252022, 37.5],
  ['classic', 1, 0, 0, 'tango', 0.95, null, -58.690137124552507, 100, 0],
  [
    'classic',
    1,
    0,
    0,
    'bayes',
    0.95,
    null,
    -53.5841116638722,
    86.635834151163138,
    37.080992435478315,
  ],
  ['classic', 0, 0, 1, 'wald', 0.95, null, -100, -100, 0],
  ['classic', 0, 0, 1, 'adjusted-wald', 0.95, null, -98.498649420252022, 48.498649420252015, 37.5],
  ['classic', 0, 0, 1, 'tango', 0.95, null, -100, 58.690137124552507, 0],
  [
    'classic',
    0,
    0,
    1,
    'bayes',
    0.95,
    null,
    -86.635834151163138,
    53.58411166387215,
    37.080992435478315,
  ],
  ['classic', 0, 1, 0, 'wald', 0.95, null, 0, 0, 0],
  [
    'classic',
    0,
    1,
    0,
    'adjusted-wald',
    0.95,
    null,
    -60.011395954441348,
    60.011395954441348,
    30.618621784789724,
  ],
  ['classic', 0, 1, 0, 'tango', 0.95, null, -79.345068562276239, 79.345068562276253, 0],
  [
    'classic',
    0,
    1,
    0,
    'bayes',
    0.95,
    null,
    -63.159685013596125,
    63.159685013596054,
    31.622776601683793,
  ],
  [
    'classic',
    2,
    2,
    1,
    'wald',
    0.95,
    null,
    -45.59294077244455,
    85.59294077244455,
    33.46640106136303,
  ],
  [
    'classic',
    2,
    2,
    1,
    'adjusted-wald',
    0.95,
    null,
    -38.744484978472308,
    63.744484978472308,
    26.145625829189861,
  ],
  [
    'classic',
    2,
    2,
    1,
    'tango',
    0.95,
    null,
    -44.462241561577947,
    69.705257432315904,
    33.46640106136303,
  ],
  [
    'classic',
    2,
    2,
    1,
    'bayes',
    0.95,
    null,
    -40.03460247782386,
    61.380768456531285,
    26.020824993326659,
  ],
  ['classic', 5, 0, 0, 'wald', 0.95, null, 100, 100, 0],
  ['classic', 5, 0, 0, 'adjusted-wald', 0.95, null, 17.49145303416898, 100, 22.963966338592297],
  ['classic', 5, 0, 0, 'tango', 0.95, null, 13.10350704336509, 100, 0],
  [
    'classic',
    5,
    0,
    0,
    'bayes',
    0.95,
    null,
    6.9448847672056653,
    94.790806419282092,
    23.19901817845842,
  ],
  [
    'classic',
    412,
    301,
    287,
    'wald',
    0.95,
    null,
    7.3763714795158641,
    17.623628520484136,
    2.6141442194339621,
  ],
  [
    'classic',
    412,
    301,
    287,
    'adjusted-wald',
    0.95,
    null,
    7.348530814582352,
    17.576693512436595,
    2.6092731240300044,
  ],
  [
    'classic',
    412,
    301,
    287,
    'tango',
    0.95,
    null,
    7.3443264227515472,
    17.580956412587788,
    2.6141442194339621,
  ],
  [
    'classic',
    412,
    301,
    287,
    'bayes',
    0.95,
    null,
    7.3314935442414324,
    17.55705692802006,
    2.6089251116895671,
  ],
  [
    'classic',
    100000,
    100000,
    0,
    'wald',
    0.95,
    null,
    49.780869364855853,
    50.219130635144147,
    0.1118033988749895,
  ],
  [
    'classic',
    100000,
    100000,
    0,
    'adjusted-wald',
    0.95,
    null,
    49.780117732730687,
    50.218382289768968,
    0.11180423734702695,
  ],
  [
    'classic',
    100000,
    100000,
    0,
    'tango',
    0.95,
    null,
    49.780871469278821,
    50.219128530721179,
    0.1118033988749895,
  ],
  [
    'classic',
    100000,
    100000,
    0,
    'bayes',
    0.95,
    null,
    49.78011739405126,
    50.218382585832877,
    0.11180451683557784,
  ],
  [
    'classic',
    0,
    200000,
    3,
    'wald',
    0.95,
    null,
    -0.0031973179111492965,
    0.00019736291047430627,
    0.00086600591857820166,
  ],
  [
    'classic',
    0,
    200000,
    3,
    'adjusted-wald',
    0.95,
    null,
    -0.0035787379803922568,
    0.00057882797769233754,
    0.0010606230499333011,
  ],
  [
    'classic',
    0,
    200000,
    3,
    'tango',
    0.95,
    null,
    -0.0044104320975234734,
    0.00042071501883750718,
    0.00086600591857820166,
  ],
  [
    'classic',
    0,
    200000,
    3,
    'bayes',
    0.95,
    null,
    -0.0040006237377432606,
    0.00045813286317559641,
    0.0011179926229798029,
  ],
  [
    'tenPoint',
    60,
    25,
    15,
    'wald',
    0.95,
    null,
    41.89462825478126,
    78.105371745218761,
    9.2376043070340117,
  ],
  [
    'tenPoint',
    60,
    25,
    15,
    'adjusted-wald',
    0.95,
    null,
    40.701811984376043,
    76.945246839153356,
    9.2459440940397144,
  ],
  [
    'tenPoint',
    60,
    25,
    15,
    'tango',
    0.95,
    null,
    39.17743433045672,
    74.975704571606585,
    9.2376043070340135,
  ],
  [
    'tenPoint',
    60,
    25,
    15,
    'bayes',
    0.95,
    null,
    39.089749861480819,
    74.92198201257662,
    9.1879130794435078,
  ],
  [
    'tenPoint',
    60,
    25,
    15,
    'wilson',
    0.95,
    null,
    39.177434330456727,
    74.975704571606585,
    9.2376043070340117,
  ],
  ['tenPoint', 0, 3, 2, 'wald', 0.95, null, -100, -100, 0],
  ['tenPoint', 0, 3, 2, 'adjusted-wald', 0.95, null, -100, 28.832304055169089, 43.865684204499345],
  ['tenPoint', 0, 3, 2, 'tango', 0.95, null, -100, 31.523954498669372, 0],
  [
    'tenPoint',
    0,
    3,
    2,
    'bayes',
    0.95,
    null,
    -98.319248268077473,
    41.519645235742651,
    38.729833462074168,
  ],
  ['tenPoint', 0, 3, 2, 'wilson', 0.95, null, -100, 31.523954498669362, 0],
  ['tenPoint', 4, 1, 0, 'wald', 0.95, null, 100, 100, 0],
  ['tenPoint', 4, 1, 0, 'adjusted-wald', 0.95, null, 15.366962837007902, 100, 29.266001999381441],
  ['tenPoint', 4, 1, 0, 'tango', 0.95, null, 2.0218327090805412, 100, 0],
  [
    'tenPoint',
    4,
    1,
    0,
    'bayes',
    0.95,
    null,
    -4.3647500209962775,
    98.989847324106378,
    28.17180849095055,
  ],
  ['tenPoint', 4, 1, 0, 'wilson', 0.95, null, 2.0218327090805621, 100, 0],
  ['tenPoint', 1, 0, 0, 'wald', 0.95, null, 100, 100, 0],
  ['tenPoint', 1, 0, 0, 'adjusted-wald', 0.95, null, -73.610306035730133, 100, 57.965506984757752],
  ['tenPoint', 1, 0, 0, 'tango', 0.95, null, -58.690137124552507, 100, 0],
  [
    'tenPoint',
    1,
    0,
    0,
    'bayes',
    0.95,
    null,
    -68.37722339831619,
    97.484176581314983,
    47.14045207910317,
  ],
  ['tenPoint', 1, 0, 0, 'wilson', 0.95, null, -58.6901371245525, 100, 0],
  ['tenPoint', 0, 0, 1, 'wald', 0.95, null, -100, -100, 0],
  ['tenPoint', 0, 0, 1, 'adjusted-wald', 0.95, null, -100, 73.610306035730133, 57.965506984757752],
  ['tenPoint', 0, 0, 1, 'tango', 0.95, null, -100, 58.690137124552507, 0],
  [
    'tenPoint',
    0,
    0,
    1,
    'bayes',
    0.95,
    null,
    -97.484176581314983,
    68.377223398316204,
    47.14045207910317,
  ],
  ['tenPoint', 0, 0, 1, 'wilson', 0.95, null, -100, 58.690137124552507, 0],
  ['tenPoint', 3, 0, 2, 'wald', 0.95, null, -65.88131889842353, 100, 43.81780460041329],
  [
    'tenPoint',
    3,
    0,
    2,
    'adjusted-wald',
    0.95,
    null,
    -60.576272511005193,
    91.34550328023596,
    38.756267204290687,
  ],
  [
    'tenPoint',
    3,
    0,
    2,
    'tango',
    0.95,
    null,
    -53.85514374479736,
    76.475845153470416,
    43.81780460041329,
  ],
  [
    'tenPoint',
    3,
    0,
    2,
    'bayes',
    0.95,
    null,
    -55.444380899297563,
    76.376550248594953,
    34.992710611188258,
  ],
  [
    'tenPoint',
    3,
    0,
    2,
    'wilson',
    0.95,
    null,
    -53.85514374479741,
    76.475845153470388,
    43.81780460041329,
  ],
  [
    'tenPoint',
    412,
    301,
    287,
    'wald',
    0.95,
    null,
    10.588922660239968,
    25.176456452778623,
    3.7213780221481785,
  ],
  [
    'tenPoint',
    412,
    301,
    287,
    'adjusted-wald',
    0.95,
    null,
    10.557928483231191,
    25.130865235541112,
    3.7176542189701935,
  ],
  [
    'tenPoint',
    412,
    301,
    287,
    'tango',
    0.95,
    null,
    10.510485928851123,
    25.059413493342596,
    3.7213780221481785,
  ],
  [
    'tenPoint',
    412,
    301,
    287,
    'bayes',
    0.95,
    null,
    10.506939952348127,
    25.060018822151122,
    3.7137673293425237,
  ],
  [
    'tenPoint',
    412,
    301,
    287,
    'wilson',
    0.95,
    null,
    10.510485928851132,
    25.059413493342575,
    3.7213780221481785,
  ],
  [
    'tenPoint',
    530,
    200,
    470,
    'wald',
    0.95,
    null,
    -0.1867839536706134,
    12.186783953670624,
    3.1565804282482652,
  ],
  [
    'tenPoint',
    530,
    200,
    470,
    'adjusted-wald',
    0.95,
    null,
    -0.19116902840326036,
    12.173195987963915,
    3.1542327088394764,
  ],
  [
    'tenPoint',
    530,
    200,
    470,
    'tango',
    0.95,
    null,
    -0.19793818139665761,
    12.152017079569996,
    3.1565804282482652,
  ],
  [
    'tenPoint',
    530,
    200,
    470,
    'bayes',
    0.95,
    null,
    -0.1995586351438372,
    12.152964239080122,
    3.1518788916306106,
  ],
  [
    'tenPoint',
    530,
    200,
    470,
    'wilson',
    0.95,
    null,
    -0.19793818139665076,
    12.152017079569987,
    3.1565804282482652,
  ],
  [
    'classic',
    60,
    25,
    15,
    'tango',
    0.9,
    null,
    31.941737622599014,
    56.204153644627318,
    7.399324293474371,
  ],
  [
    'classic',
    60,
    25,
    15,
    'bayes',
    0.9,
    null,
    31.292185410953198,
    55.346538233613174,
    7.3163222681996087,
  ],
  [
    'tenPoint',
    60,
    25,
    15,
    'wilson',
    0.9,
    null,
    42.837812585379375,
    72.984040012778621,
    9.2376043070340117,
  ],
  [
    'classic',
    60,
    25,
    15,
    'tango',
    0.99,
    null,
    23.872743937539752,
    61.671897261625453,
    7.399324293474371,
  ],
  [
    'classic',
    60,
    25,
    15,
    'bayes',
    0.99,
    null,
    23.707557136788516,
    61.243668327276154,
    7.3163222681996087,
  ],
  [
    'tenPoint',
    60,
    25,
    15,
    'wilson',
    0.99,
    null,
    31.800920924078291,
    78.446049118478427,
    9.2376043070340117,
  ],
  [
    'classic',
    2,
    2,
    1,
    'tango',
    0.9,
    null,
    -35.781383701908766,
    64.294396464497439,
    33.46640106136303,
  ],
  [
    'classic',
    2,
    2,
    1,
    'bayes',
    0.9,
    null,
    -31.653855461862456,
    54.524118865612635,
    26.020824993326659,
  ],
  [
    'tenPoint',
    2,
    2,
    1,
    'wilson',
    0.9,
    null,
    -49.293226343755158,
    84.34685473325429,
    54.433105395181734,
  ],
  [
    'classic',
    2,
    2,
    1,
    'tango',
    0.99,
    null,
    -58.164707658769522,
    77.775098187896901,
    33.46640106136303,
  ],
  [
    'classic',
    2,
    2,
    1,
    'bayes',
    0.99,
    null,
    -55.258695366871834,
    73.089274024640957,
    26.020824993326659,
  ],
  [
    'tenPoint',
    2,
    2,
    1,
    'wilson',
    0.99,
    null,
    -71.156796990466603,
    91.914674140783063,
    54.433105395181734,
  ],
  [
    'classic',
    60,
    25,
    15,
    'bayes',
    0.95,
    [0.5, 0.5, 0.5],
    29.340125409316986,
    58.064956194576837,
    7.3398974459862751,
  ],
  [
    'tenPoint',
    60,
    25,
    15,
    'bayes',
    0.95,
    [0.5, 0.5, 0.5],
    39.832089691029047,
    75.641835463822488,
    9.1836342107564715,
  ],
  [
    'classic',
    60,
    25,
    15,
    'bayes',
    0.95,
    [2, 5, 3],
    25.489322836432393,
    53.474610509077515,
    7.1488216585428033,
  ],
  [
    'tenPoint',
    60,
    25,
    15,
    'bayes',
    0.95,
    [2, 5, 3],
    35.594077257014774,
    71.803958535033786,
    9.2796072713833695,
  ],
  [
    'classic',
    4,
    1,
    0,
    'bayes',
    0.95,
    [0.5, 0.5, 0.5],
    7.8640875379855659,
    94.333193717878217,
    22.819072267986652,
  ],
  [
    'tenPoint',
    4,
    1,
    0,
    'bayes',
    0.95,
    [0.5, 0.5, 0.5],
    11.047476468472105,
    99.976933442352347,
    24.494897427831781,
  ],
  [
    'classic',
    4,
    1,
    0,
    'bayes',
    0.95,
    [2, 5, 3],
    -18.060385010813665,
    55.097090586252918,
    18.708286933869704,
  ],
  [
    'tenPoint',
    4,
    1,
    0,
    'bayes',
    0.95,
    [2, 5, 3],
    -30.171158882564843,
    82.953317172549276,
    29.814239699997199,
  ],
  [
    'classic',
    0,
    3,
    2,
    'bayes',
    0.95,
    [0.5, 0.5, 0.5],
    -72.749292183507194,
    14.336421712612019,
    22.116778105484943,
  ],
  [
    'tenPoint',
    0,
    3,
    2,
    'bayes',
    0.95,
    [0.5, 0.5, 0.5],
    -99.9566183059938,
    33.364350880241858,
    37.267799624996492,
  ],
  [
    'classic',
    0,
    3,
    2,
    'bayes',
    0.95,
    [2, 5, 3],
    -51.418321222473317,
    12.959337379861777,
    16.329931618554518,
  ],
  [
    'tenPoint',
    0,
    3,
    2,
    'bayes',
    0.95,
    [2, 5, 3],
    -91.345626341451663,
    28.246915799534953,
    31.943828249996997,
  ],
  [
    'classic',
    0,
    0,
    1,
    'bayes',
    0.95,
    [0.5, 0.5, 0.5],
    -97.63243425566678,
    58.64062856760065,
    42.7617987059879,
  ],
  [
    'tenPoint',
    0,
    0,
    1,
    'bayes',
    0.95,
    [0.5, 0.5, 0.5],
    -99.922883803848819,
    70.650736738084959,
    50,
  ],
  [
    'classic',
    0,
    0,
    1,
    'bayes',
    0.95,
    [2, 5, 3],
    -57.237421739533481,
    23.899948739367012,
    20.663911662099782,
  ],
  [
    'tenPoint',
    0,
    0,
    1,
    'bayes',
    0.95,
    [2, 5, 3],
    -89.451009894736615,
    43.283587223617872,
    35.634832254989917,
  ],
];

// Weighted: scores 10, 9, 3, 7 with weights 2, 1, 1, 0.5 (same R script): scheme, method,
// Kish n of the base, low, high, se.
const WEIGHTED: ['classic' | 'tenPoint', NpsIntervalMethod, number, number, number, number][] = [
  ['classic', 'wald', 3.2400000000000002, -39.096849925838882, 100, 42.623892596622397],
  [
    'classic',
    'adjusted-wald',
    3.2400000000000002,
    -40.115825731157095,
    86.269671885003234,
    32.241790821941898,
  ],
  [
    'classic',
    'tango',
    3.2400000000000002,
    -47.194269513997277,
    89.291683269318938,
    46.19330107128323,
  ],
  [
    'classic',
    'bayes',
    3.2400000000000002,
    -42.995385486002228,
    78.181716062490935,
    31.727361620354692,
  ],
  ['tenPoint', 'wald', 2.6666666666666665, -41.668921507064724, 100, 46.770717334674266],
  ['tenPoint', 'adjusted-wald', 2.6666666666666665, -58.969358851715057, 100, 46.413791053952927],
  [
    'tenPoint',
    'tango',
    2.6666666666666665,
    -52.299624566811161,
    93.274044495337577,
    53.033008588991059,
  ],
  [
    'tenPoint',
    'bayes',
    2.6666666666666665,
    -56.38449514442356,
    91.277580175837358,
    40.257275855473907,
  ],
  [
    'tenPoint',
    'wilson',
    2.6666666666666665,
    -52.299624566811175,
    93.274044495337577,
    53.033008588991059,
  ],
];

const schemeOf = (s: 'classic' | 'tenPoint'): Scheme =>
  s === 'classic' ? classicScheme : tenPointScheme;
const counts = (promoters: number, passives: number, detractors: number): Tally =>
  tallyFromCounts({ promoters, passives, detractors });
const METHODS: NpsIntervalMethod[] = ['wald', 'adjusted-wald', 'tango', 'bayes'];

describe('npsInterval: reference values (R)', () => {
  it.each(REFERENCE)(
    'npsInterval(%s %i/%i/%i, %s, %f, prior %j) matches R',
    (s, p, pa, d, method, confidence, prior, low, high, se) => {
      const r = npsInterval(counts(p, pa, d), {
        scheme: schemeOf(s),
        method,
        confidence,
        prior:
          prior === null
            ? undefined
            : { promoters: prior[0], passives: prior[1], detractors: prior[2] },
      });
      // Closed forms to 1e-9; limits found by root finding (tango, bayes) to 1e-7.
      const tol = method === 'tango' || method === 'bayes' ? 1e-7 : 1e-9;
      expect(Math.abs(r.low - low)).toBeLessThan(tol);
      expect(Math.abs(r.high - high)).toBeLessThan(tol);
      expect(Math.abs(r.se - se)).toBeLessThan(1e-9);
      const m = s === 'classic' ? p + pa + d : p + d;
      expect(r.n).toBe(m);
      expect(r.nps).toBe((100 * (p - d)) / m);
      expect([r.method, r.base, r.confidence]).toEqual([
        method,
        s === 'classic' ? 'all' : 'promoters-and-detractors',
        confidence,
      ]);
    },
  );

  it.each(WEIGHTED)('npsInterval(weighted, %s, %s) matches R', (s, method, nEff, low, high, se) => {
    const t = tally([10, 9, 3, 7], { weights: [2, 1, 1, 0.5], scheme: schemeOf(s) });
    const r = npsInterval(t, { scheme: schemeOf(s), method });
    expect(Math.abs(r.n - nEff)).toBeLessThan(1e-12);
    expect(Math.abs(r.low - low)).toBeLessThan(1e-7);
    expect(Math.abs(r.high - high)).toBeLessThan(1e-7);
    expect(Math.abs(r.se - se)).toBeLessThan(1e-9);
  });
});

describe('npsInterval: hand-computed cases', () => {
  it('weighted wald uses the weighted NPS and the linearised SE; n is the Kish n', () => {
    // classic: promoters w 2, 1 (Σw 3, Σw² 5), detractor w 1, passive w 0.5 (Σw 4.5, Σw² 6.25).
    // NPS = (3 − 1)/4.5; Kish n = 4.5²/6.25 = 3.24; linearised variance
    // [5·(5/9)² + 1·(13/9)² + 0.25·(4/9)²]/4.5² = 298/81/20.25 → se = √298/40.5.
    const t = tally([10, 9, 3, 7], { weights: [2, 1, 1, 0.5], scheme: classicScheme });
    const r = npsInterval(t, { scheme: classicScheme, method: 'wald' });
    expect(r.nps).toBeCloseTo((100 * 2) / 4.5, 12);
    expect(r.n).toBeCloseTo(3.24, 12);
    expect(r.se).toBeCloseTo((100 * Math.sqrt(298)) / 40.5, 12);
    expect(r.low).toBeCloseTo(r.nps - zForConfidence(0.95) * r.se, 12);
    expect(r.high).toBe(100); // 44.4 + 83.5 clipped
    // Kish-count methods see 2.16 promoters, 0.36 passives, 0.72 detractors.
    const a = npsInterval(t, { scheme: classicScheme, method: 'adjusted-wald' });
    const pt = (2.16 + 0.75) / 6.24;
    const dt = (0.72 + 0.75) / 6.24;
    expect(a.se).toBeCloseTo(100 * Math.sqrt((pt + dt - (pt - dt) ** 2) / 6.24), 10);
  });

  it('wilson reproduces the published Wilson limits of Newcombe (1998), mapped by 2π − 1', () => {
    // R. G. Newcombe (1998), "Two-sided confidence intervals for the single proportion",
    // Statistics in Medicine 17, 857–872, Table II, method 3 (score, no continuity correction),
    // to 4 decimals: 81/263 → 0.2553–0.3662, 15/148 → 0.0624–0.1605, 0/20 → 0–0.1611,
    // 1/29 → 0.0061–0.1718. Here π = P/(P + D), so P = x promoters and D = n − x detractors.
    const table: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, lo, hi] of table) {
      const r = npsInterval(counts(x, 7, n - x), { method: 'wilson' });
      expect(Math.abs((r.low / 100 + 1) / 2 - lo)).toBeLessThan(5e-5);
      expect(Math.abs((r.high / 100 + 1) / 2 - hi)).toBeLessThan(5e-5);
    }
  });

  it('tango with only passives: |Δ| = z²/(n + z²)', () => {
    const z = zForConfidence(0.95);
    for (const n of [1, 7, 1000]) {
      const r = npsInterval(counts(0, n, 0), { scheme: classicScheme, method: 'tango' });
      expect(r.high).toBeCloseTo((100 * z * z) / (n + z * z), 10);
      expect(r.low).toBeCloseTo((-100 * z * z) / (n + z * z), 10);
      expect(r.se).toBe(0);
    }
  });

  it('tango on the passive-excluded base equals the Wilson interval (passives drop out)', () => {
    fc.assert(
      fc.property(
        fc.nat(300),
        fc.nat(50),
        fc.nat(300),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        (p, pa, d, confidence) => {
          fc.pre(p + d > 0);
          const t = counts(p, pa, d);
          const a = npsInterval(t, { method: 'tango', confidence });
          const b = npsInterval(t, { method: 'wilson', confidence });
          expect(Math.abs(a.low - b.low)).toBeLessThan(1e-9);
          expect(Math.abs(a.high - b.high)).toBeLessThan(1e-9);
          expect(a.se).toBeCloseTo(b.se, 12);
        },
      ),
    );
  });

  it('tango limits solve the score equation |(P − D)/n − Δ| = z·√(V(Δ)/n)', () => {
    // 60/25/15: check the statistic at the limits with the restricted MLE from Tango (1998).
    const [b, c, n] = [60, 15, 100];
    const z = zForConfidence(0.95);
    const r = npsInterval(counts(60, 25, 15), { scheme: classicScheme, method: 'tango' });
    for (const lim of [r.low / 100, r.high / 100]) {
      const A = 2 * n;
      const B = -b - c + (2 * n - b + c) * lim;
      const C = -c * lim * (1 - lim);
      const q = (-B + Math.sqrt(B * B - 4 * A * C)) / (2 * A);
      const stat = Math.abs((b - c) / n - lim) / Math.sqrt((2 * q + lim * (1 - lim)) / n);
      expect(stat).toBeCloseTo(z, 9);
    }
  });

  it('bayes, passive-excluded, 1 promoter, uniform prior: π ~ Beta(2, 1), quantiles √q', () => {
    const r = npsInterval(counts(1, 0, 0), { method: 'bayes' });
    expect(r.low).toBeCloseTo(100 * (2 * Math.sqrt(0.025) - 1), 12);
    expect(r.high).toBeCloseTo(100 * (2 * Math.sqrt(0.975) - 1), 12);
    // SD of 2π − 1 for Beta(2, 1): 2·√(2/(9·4)).
    expect(r.se).toBeCloseTo(200 * Math.sqrt(2 / 36), 12);
  });

  it('the Dirichlet(1, 1, 1) difference has F(δ) = 1 − (1 − δ)²/2 for δ ≥ 0 (uniform simplex)', () => {
    for (const x of [0, 0.1, 0.5, 0.9]) {
      expect(dirichletDifferenceCdf(x, 1, 1, 1)).toBeCloseTo(1 - (1 - x) ** 2 / 2, 13);
      expect(dirichletDifferenceCdf(-x, 1, 1, 1)).toBeCloseTo((1 - x) ** 2 / 2, 13);
    }
    expect(dirichletDifferenceQuantile(0.975, 1, 1, 1)).toBeCloseTo(1 - Math.sqrt(0.05), 12);
  });

  it('bayes on large counts stays accurate and agrees with the normal approximation', () => {
    // 20 000 / 10 000 / 10 000: the posterior is nearly normal; limits within 0.05 points.
    const r = npsInterval(counts(20000, 10000, 10000), { scheme: classicScheme, method: 'bayes' });
    const w = npsInterval(counts(20000, 10000, 10000), { scheme: classicScheme, method: 'wald' });
    expect(Math.abs(r.low - w.low)).toBeLessThan(0.05);
    expect(Math.abs(r.high - w.high)).toBeLessThan(0.05);
    expect(r.se).toBeCloseTo(w.se, 2);
  });

  it('bayes on huge counts (D₂ ≥ 1e7) uses Cornish–Fisher and stays exact: symmetric, μ ± z·σ', () => {
    // Posterior Dirichlet(1e9 + 1, 1e9 + 1, 1e9 + 1): θp − θd is symmetric with sd σ and excess
    // kurtosis ≈ 3e-9, so its 97.5 % quantile is z·σ to far below 1e-9 points. The quadrature
    // alone drifted by 3e-7 points here, and by whole points at 1e13 (a 'high' of 33 for a
    // posterior centred on 0), before the switch.
    const z = zForConfidence(0.95);
    for (const big of [1e9, 1e13]) {
      const r = npsInterval(counts(big, big, big), { scheme: classicScheme, method: 'bayes' });
      expect(r.high).toBe(-r.low);
      expect(Math.abs(r.high - z * r.se)).toBeLessThan(1e-9);
    }
    // Dirichlet(1e12 + 1, 1e12 + 1, 1): mean (a − c)/s = 0.5 − 2.5e-13, skewness ≈ 0.
    const r = npsInterval(counts(1e12, 1e12, 0), { scheme: classicScheme, method: 'bayes' });
    const s = 2e12 + 3;
    const mu = (1e12 + 1 - 1) / s;
    expect(Math.abs(r.low - 100 * mu + z * r.se)).toBeLessThan(1e-9);
    expect(Math.abs(r.high - 100 * mu - z * r.se)).toBeLessThan(1e-9);
  });

  it('at the switch (D₂ = 1e7) Cornish–Fisher agrees with the quadrature to 1e-8 points', () => {
    // a = c = 5e6 (+ prior 1): D₂ = a + c ≈ 1e7, just inside the Cornish–Fisher regime; the
    // quadrature answer is the root of the CDF found here with Brent's method.
    for (const [p, pa, d] of [
      [5e6, 0, 5e6],
      [8e6, 3e6, 1e6],
      [9.9e6, 1e5, 1e4],
    ] as const) {
      const [a, b, c] = [p + 1, pa + 1, d + 1];
      const r = npsInterval(counts(p, pa, d), { scheme: classicScheme, method: 'bayes' });
      for (const [q, limit] of [
        [0.025, r.low],
        [0.975, r.high],
      ] as const) {
        const x0 = limit / 100 - 1e-4;
        const x1 = limit / 100 + 1e-4;
        const root = brentRoot((x) => dirichletDifferenceCdf(x, a, b, c) - q, x0, x1, 1e-15);
        expect(Math.abs(limit - 100 * root)).toBeLessThan(1e-8);
      }
    }
  });

  it('adjusted-wald and bayes can exclude the raw NPS at the extremes (they shrink)', () => {
    // One promoter alone: NPS 100, but Rocks' adjusted counts 1.75/1.5/0.75 of 4 centre at 25 and
    // the Dirichlet(2, 1, 1) posterior puts 2.5 % above 86.6. Wald and Tango reach 100.
    const t = counts(1, 0, 0);
    expect(npsInterval(t, { scheme: classicScheme, method: 'adjusted-wald' }).high).toBeLessThan(
      100,
    );
    expect(npsInterval(t, { scheme: classicScheme, method: 'bayes' }).high).toBeLessThan(100);
    expect(npsInterval(t, { scheme: classicScheme, method: 'tango' }).high).toBe(100);
    expect(npsInterval(t, { scheme: classicScheme, method: 'wald' }).high).toBe(100);
  });
});

describe('npsInterval: properties', () => {
  const countsArb = fc.tuple(fc.nat(60), fc.nat(60), fc.nat(60));
  for (const s of ['classic', 'tenPoint'] as const) {
    const methods: NpsIntervalMethod[] = s === 'classic' ? METHODS : [...METHODS, 'wilson'];
    for (const method of methods) {
      it(`${s} ${method}: limits in [−100, 100], low ≤ high; low ≤ nps ≤ high unless the method shrinks`, () => {
        fc.assert(
          fc.property(
            countsArb,
            fc.constantFrom(0.8, 0.9, 0.95, 0.99),
            ([p, pa, d], confidence) => {
              fc.pre(s === 'classic' ? p + pa + d > 0 : p + d > 0);
              const r = npsInterval(counts(p, pa, d), { scheme: schemeOf(s), method, confidence });
              expect(r.low).toBeGreaterThanOrEqual(-100);
              expect(r.high).toBeLessThanOrEqual(100);
              expect(r.low).toBeLessThanOrEqual(r.high);
              expect(r.se).toBeGreaterThanOrEqual(0);
              if (method === 'adjusted-wald' || method === 'bayes') {
                // These centre on a shrunk estimate, which the interval contains.
                const a = method === 'bayes' ? 1 : 0.75;
                const b = s === 'classic' ? (method === 'bayes' ? 1 : 1.5) : 0;
                const centre = (100 * (p - d)) / (p + d + 2 * a + b + (s === 'classic' ? pa : 0));
                expect(r.low).toBeLessThanOrEqual(centre + 1e-9);
                expect(r.high).toBeGreaterThanOrEqual(centre - 1e-9);
              } else {
                expect(r.low).toBeLessThanOrEqual(r.nps + 1e-9);
                expect(r.high).toBeGreaterThanOrEqual(r.nps - 1e-9);
              }
            },
          ),
          { numRuns: method === 'bayes' ? 40 : 100 },
        );
      });
    }
  }

  it('a wider confidence gives a wider interval (tango, bayes)', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.nat(40), fc.nat(40), (p, pa, d) => {
        fc.pre(p + pa + d > 0);
        for (const method of ['tango', 'bayes'] as const) {
          const a = npsInterval(counts(p, pa, d), {
            scheme: classicScheme,
            method,
            confidence: 0.9,
          });
          const b = npsInterval(counts(p, pa, d), {
            scheme: classicScheme,
            method,
            confidence: 0.99,
          });
          expect(b.low).toBeLessThanOrEqual(a.low);
          expect(b.high).toBeGreaterThanOrEqual(a.high);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('swapping promoters and detractors mirrors every interval', () => {
    fc.assert(
      fc.property(
        fc.nat(40),
        fc.nat(40),
        fc.nat(40),
        fc.constantFrom(...METHODS),
        (p, pa, d, method) => {
          fc.pre(p + d > 0);
          const a = npsInterval(counts(p, pa, d), { scheme: classicScheme, method });
          const b = npsInterval(counts(d, pa, p), { scheme: classicScheme, method });
          expect(a.low).toBeCloseTo(-b.high, 8);
          expect(a.high).toBeCloseTo(-b.low, 8);
          expect(a.se).toBeCloseTo(b.se, 10);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('npsInterval: options and errors', () => {
  it('defaults: adjusted-wald for base all, wilson for the passive-excluded base', () => {
    expect(npsInterval([10, 9, 3]).method).toBe('wilson');
    expect(npsInterval([10, 9, 3], { scheme: classicScheme }).method).toBe('adjusted-wald');
  });

  it("method 'wilson' on base all throws invalid_option", () => {
    expect(() => npsInterval([10, 9, 3], { scheme: classicScheme, method: 'wilson' })).toThrow(
      expect.objectContaining({ code: 'invalid_option', path: ['method'] }),
    );
  });

  it('prior must be three positive finite numbers', () => {
    for (const prior of [
      { promoters: 0, passives: 1, detractors: 1 },
      { promoters: 1, passives: -1, detractors: 1 },
      { promoters: 1, passives: 1, detractors: Number.NaN },
      { promoters: 1, passives: 1, detractors: Number.POSITIVE_INFINITY },
      { promoters: 1, passives: 1 },
      { promoters: '1', passives: 1, detractors: 1 },
    ]) {
      let err: unknown;
      try {
        npsInterval([10, 9, 3], { method: 'bayes', prior: prior as never });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NpsInputError);
      expect((err as NpsInputError).code).toBe('invalid_option');
      expect((err as NpsInputError).path[0]).toBe('prior');
    }
  });

  it('unknown method and confidence outside (0, 1) throw invalid_option; empty base throws empty', () => {
    expect(() => npsInterval([10], { method: 'exact' as never })).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
    expect(() => npsInterval([10], { confidence: 1 })).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
    for (const method of [...METHODS, 'wilson'] as const) {
      expect(() => npsInterval([6, 7], { method })).toThrow(
        expect.objectContaining({ code: 'empty' }),
      );
    }
  });

  it('the prior changes only bayes, and npsSummary passes it through', () => {
    const t = counts(4, 1, 0);
    const prior = { promoters: 0.5, passives: 0.5, detractors: 0.5 };
    expect(npsInterval(t, { scheme: classicScheme, method: 'tango', prior })).toEqual(
      npsInterval(t, { scheme: classicScheme, method: 'tango' }),
    );
    const b = npsInterval(t, { scheme: classicScheme, method: 'bayes', prior });
    const s = npsSummary(t, { scheme: classicScheme, method: 'bayes', prior });
    expect([s.low, s.high, s.se, s.method]).toEqual([b.low, b.high, b.se, 'bayes']);
    expect(b.low).not.toBe(npsInterval(t, { scheme: classicScheme, method: 'bayes' }).low);
  });

  it('does not mutate its inputs', () => {
    const t = counts(3, 2, 1);
    const before = structuredClone(t);
    const prior = Object.freeze({ promoters: 2, passives: 2, detractors: 2 });
    npsInterval(t, { scheme: classicScheme, method: 'bayes', prior });
    npsInterval(t, { scheme: classicScheme, method: 'tango' });
    expect(t).toEqual(before);
  });
});

describe('numeric kernels behind the intervals', () => {
  it('integrate: Gauss–Kronrod 15 is exact for degree 22; end-point singularities converge', () => {
    expect(integrate((x) => x ** 22, 0, 1, 1)).toBeCloseTo(1 / 23, 15);
    expect(integrate((x) => 23 * x ** 22, -1, 1, 1)).toBeCloseTo(2, 14);
    expect(integrate((x) => 1 / Math.sqrt(x), 0, 1, 1e-12)).toBeCloseTo(2, 9);
    // A narrow peak is found when break points mark it out to its tails: ∫ N(0.5, 1e-4²) = 1.
    const pdf = (x: number): number =>
      Math.exp(-0.5 * ((x - 0.5) / 1e-4) ** 2) / (1e-4 * Math.sqrt(2 * Math.PI));
    const breaks = [1, 2, 4, 8, 16].flatMap((k) => [0.5 - k * 1e-4, 0.5 + k * 1e-4]);
    expect(integrate(pdf, 0, 1, 1e-12, breaks)).toBeCloseTo(1, 12);
  });

  it('brentRoot and bisectBoundary find the Dottie number cos x = x', () => {
    const dottie = 0.7390851332151607;
    expect(brentRoot((x) => Math.cos(x) - x, 0, 1, 1e-15)).toBeCloseTo(dottie, 15);
    expect(bisectBoundary((x) => Math.cos(x) >= x, 0, 1)).toBeCloseTo(dottie, 15);
  });

  it('betaQuantile inverts the incomplete beta: Beta(a, 1) has quantile q^(1/a)', () => {
    for (const a of [0.3, 1, 2, 7.5]) {
      for (const q of [0.025, 0.5, 0.975]) {
        expect(betaQuantile(q, a, 1)).toBeCloseTo(q ** (1 / a), 14);
        expect(regularizedBeta(betaQuantile(q, a, 3), a, 3)).toBeCloseTo(q, 12);
      }
    }
    expect(betaPdf(0.25, 2, 1)).toBeCloseTo(0.5, 14);
    expect(betaPdf(0, 0.5, 2)).toBe(Number.POSITIVE_INFINITY);
  });
});
