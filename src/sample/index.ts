/**
 * `npskit/sample`: the built-in sample retail group, seeded and deterministic, used by the demo,
 * the docs and the tests. A separate entry point, so the library's main bundle does not carry it.
 *
 * @packageDocumentation
 */
import * as z from 'zod/mini';
import type { FollowUpCase } from '../followup/cases.ts';
import type { RecoveryPair } from '../followup/followUpRecovery.ts';
import { buildHierarchy } from '../hierarchy/buildHierarchy.ts';
import { seedOption } from '../kernels/options.ts';
import { normalDraw, seededRandom } from '../kernels/random.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type { Audit, AuditItem } from '../quality/audits.ts';
import type { Invitation } from '../quality/invitations.ts';
import type { Hierarchy } from '../types.ts';
import { COMMENTS, DIVISIONS, DRIVER_SPECS, INTERVIEWERS, REGIONS } from './texts.ts';

/** The levels of the sample group, top-down. */
export type SampleLevel = 'head office' | 'division' | 'region' | 'store';

/** A unit of the sample group: the head office, a division, a region or a store. */
export interface SampleNode {
  /** A short readable id (`'kazan-bauman'`). */
  readonly id: string;
  /** The parent's id (`null` for the head office). */
  readonly parentId: string | null;
  /** Its level. */
  readonly level: SampleLevel;
  /** Its name (`'Kazan, Bauman Street'`): what a report shows. */
  readonly name: string;
}

/** The drivers of loyalty rated in the survey. */
export type SampleDriverId =
  | 'politeness'
  | 'speed'
  | 'expertise'
  | 'assortment'
  | 'price'
  | 'delivery';

/** A driver: its id (the key in `ratings`), its name, and the level that owns it. */
export interface SampleDriver {
  /** The key of the driver in each response's `ratings`. */
  readonly id: SampleDriverId;
  /** Its name in a report (`'Speed of service'`). */
  readonly name: string;
  /** The level that can act on it (`'store'`, `'division'`, `'head office'`): feeds `driversByOwner`. */
  readonly owner: SampleLevel;
}

/** Where the customer met the company. */
export type SampleTouchpoint = 'checkout' | 'consultation' | 'delivery' | 'returns';

/** How the survey was answered (`'phone'` answers were taken by an interviewer). */
export type SampleChannel = 'email' | 'sms' | 'app' | 'phone';

/** The language of a comment. */
export type SampleLanguage = 'ru' | 'uk' | 'en';

/**
 * One survey answer, on the ten-point scale (1..10) of the default scheme.
 *
 * (A type alias, not an interface: an alias has the implicit index signature that lets these
 * rows be passed where any field may be named, as `segments(responses, { by: 'touchpoint' })`.)
 */
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- see above
export type SampleResponse = {
  /** The answer's id (`'R0000001'`), in order of time. */
  readonly responseId: string;
  /** The store (or depot, or pick-up point) the answer is about. */
  readonly nodeId: string;
  /** The likelihood-to-recommend score, 1..10. */
  readonly score: number;
  /** When it was given, epoch milliseconds. */
  readonly at: number;
  /** Where the customer met the company. */
  readonly touchpoint: SampleTouchpoint;
  /** How the survey was answered. */
  readonly channel: SampleChannel;
  /** The call-centre interviewer for phone answers, `null` otherwise. */
  readonly interviewer: string | null;
  /** The customer's id (a customer may answer more than once). */
  readonly customerId: string;
  /** Ratings 1..10 per driver; `null` where the customer skipped the question. */
  readonly ratings: Readonly<Record<SampleDriverId, number | null>>;
  /** A free-text comment, or `null`. */
  readonly comment: string | null;
  /** The comment's language, `null` without a comment. */
  readonly language: SampleLanguage | null;
};

/** A unit of the sample group that a story is planted in. */
export interface SampleStoryUnit {
  /** The unit's node id. */
  readonly nodeId: string;
  /** The unit's display name. */
  readonly name: string;
  /** When the story starts: an ISO 8601 instant (UTC). */
  readonly since: string;
}

/** The stories planted in the data, for the analyses to find. */
export interface SampleStories {
  /** A store whose service slips in the last weeks. */
  readonly slippingStore: SampleStoryUnit;
  /** A phone interviewer who records answers that are too good (many more 10s than the others). */
  readonly tooGoodInterviewer: {
    /** The interviewer's name, as in {@link SampleResponse.interviewer}. */
    readonly name: string;
  };
  /**
   * A store that games the end of each month: a surge of top answers in the last three days,
   * from a small circle of repeat "customers".
   */
  readonly gamingStore: SampleStoryUnit;
}

/** Options of {@link sampleRetailGroup}. */
export interface SampleRetailGroupOptions {
  /** Seed of the generator, an integer in [0, 2^32 − 1] (default 2026): same seed, same data. */
  readonly seed?: number | undefined;
}

/** The sample retail group: its organisation, two years of survey answers and the records around them. */
export interface SampleRetailGroup {
  /** The seed the data were built from. */
  readonly seed: number;
  /** The level names, top-down. */
  readonly levels: readonly SampleLevel[];
  /** The group's reporting time zone (IANA). */
  readonly timeZone: string;
  /** Start of the data, ISO 8601 (UTC): midnight in `timeZone`, two years before `to`. */
  readonly from: string;
  /** End of the data (exclusive), ISO 8601 (UTC): every instant of the data is before it. */
  readonly to: string;
  /** Every unit, parents before children. */
  readonly nodes: readonly SampleNode[];
  /** The organisation, from `buildHierarchy(nodes)`. */
  readonly hierarchy: Hierarchy;
  /** The drivers rated, with their owners. */
  readonly drivers: readonly SampleDriver[];
  /** The survey answers, in order of time. */
  readonly responses: readonly SampleResponse[];
  /**
   * A follow-up case for every detractor (score 1..5): opened within the hour, usually
   * contacted within hours, then resolved; those still open at `to` have `null` instants.
   */
  readonly followUpCases: readonly FollowUpCase[];
  /** A mystery-shopper visit per store and month, with five standards checked. */
  readonly audits: readonly Audit[];
  /**
   * The survey invitations of the last year (the platform keeps its log for a year), answered or
   * not; an answered one precedes its answer by minutes to hours.
   */
  readonly invitations: readonly Invitation[];
  /** Detractors who answered a re-survey four to six weeks later, one pair per customer. */
  readonly resurveys: readonly RecoveryPair[];
  /** What was planted in the data. */
  readonly stories: SampleStories;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<SampleRetailGroupOptions>()(z.strictObject({ seed: z.optional(seedOption()) })),
);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONE_OFFSET = 3 * HOUR; // Europe/Moscow: UTC+3 all year
const FROM = Date.UTC(2024, 5, 30, 21); // 2024-07-01 00:00 Moscow
const TO = Date.UTC(2026, 5, 30, 21); // 2026-07-01 00:00 Moscow
const DAYS = Math.round((TO - FROM) / DAY);
const SLIP_DAYS = 56;
const SLIPPING = 'kazan-bauman';
const GAMING = 'samara-leninskaya';
const GAMING_DAYS = 365;
const INVITATION_DAYS = 365;
const TOUCHPOINTS: readonly SampleTouchpoint[] = [
  'checkout',
  'consultation',
  'delivery',
  'returns',
];
const TOUCH_EFFECT = [0.1, 0.25, -0.2, -0.5];
const CHANNELS: readonly SampleChannel[] = ['email', 'sms', 'app', 'phone'];
/** Cumulative weights of touchpoints and channels per division. */
const RETAIL_MIX = { touch: [0.5, 0.8, 0.85, 1], channel: [0.35, 0.65, 0.8, 1] };
const MIX: Readonly<Record<string, { touch: number[]; channel: number[] }>> = {
  retail: RETAIL_MIX,
  wholesale: { touch: [0.3, 0.5, 0.9, 1], channel: [0.5, 0.6, 0.6, 1] },
  online: { touch: [0.2, 0.3, 0.85, 1], channel: [0.3, 0.3, 0.8, 1] },
};
const DRIVER_IDS = DRIVER_SPECS.map((d) => d[0]);
const OFFSETS = DRIVER_SPECS.map((d) => d[3]);
const EFFECTS = DRIVER_SPECS.map((d) => d[4]);
const INTERCEPT = -0.3;
const PHONE = 3;
/** Share of answers with a comment: promoters, passives, detractors. */
const COMMENT_RATE = [0.2, 0.15, 0.45];
const STANDARDS = ['greeting', 'queue under 5 minutes', 'product advice', 'farewell'];

const clampScore = (x: number): number => Math.min(10, Math.max(1, Math.round(x)));
const iso = (t: number): string => new Date(t).toISOString();
/** An instant to the whole second, as survey platforms export them. */
const second = (t: number): number => 1000 * Math.round(t / 1000);
const pick = (cumulative: readonly number[], u: number): number => {
  let k = 0;
  while (k < cumulative.length - 1 && u >= (cumulative[k] ?? 1)) k++;
  return k;
};

interface StoreState {
  readonly id: string;
  readonly index: number;
  readonly division: string;
  readonly ukrainian: boolean;
  readonly quality: number;
  readonly size: number;
  readonly pool: number;
  readonly rate: number;
}

type MutableResponse = { -readonly [K in keyof SampleResponse]: SampleResponse[K] };

/**
 * The sample retail group: a head office with three divisions (retail chain, wholesale, online
 * shop), eight regions and 27 stores, depots and pick-up points in Russian and Ukrainian cities;
 * two years of survey answers (about 50,000, on the default ten-point scale, Europe/Moscow) with
 * six driver ratings (a few skipped), touchpoints, channels, phone interviewers, customer ids and
 * short comments in Russian, Ukrainian and English that agree with the score; a follow-up case
 * for every detractor, a mystery-shopper audit per store and month, every survey invitation, and
 * re-surveys of detractors. Three stories are planted (see {@link SampleStories}): a store whose
 * service slips in the last eight weeks, a too-good interviewer, and a store gaming the end of
 * the month.
 *
 * Seeded (sfc32): the same seed gives identical data on every platform. Building it takes a
 * fraction of a second.
 *
 * @param options - `seed` (default 2026).
 * @returns A {@link SampleRetailGroup}: plain data (the `hierarchy` from `buildHierarchy`).
 * @throws `NpsInputError` `invalid_option` for an unknown option or a seed that is not an
 *   integer in [0, 2^32 − 1].
 * @example
 * ```ts
 * const g = sampleRetailGroup();
 * g.levels; //=> ['head office', 'division', 'region', 'store']
 * g.nodes.filter((n) => n.level === 'division').map((n) => n.name);
 * //=> ['Retail chain', 'Wholesale', 'Online shop']
 * g.nodes.find((n) => n.id === g.stories.slippingStore.nodeId)?.name; //=> 'Kazan, Bauman Street'
 * const r = rollup(g.hierarchy, g.responses);
 * r.nodes[0]?.n === g.responses.length; //=> true
 * ```
 */
export function sampleRetailGroup(options?: SampleRetailGroupOptions): SampleRetailGroup {
  const fn = 'sampleRetailGroup';
  const o = parseWith(optionsSchema(), options ?? {}, fn, 'options');
  const seed = o.seed ?? 2026;
  const rng = seededRandom(seed);
  const normal = (): number => normalDraw(rng);
  const exp = (mean: number): number => -mean * Math.log(1 - rng());

  // --- the organisation --------------------------------------------------------------------
  const nodes: SampleNode[] = [
    { id: 'head-office', parentId: null, level: 'head office', name: 'Head office' },
    ...DIVISIONS.map(
      (d): SampleNode => ({ id: d.id, parentId: 'head-office', level: 'division', name: d.name }),
    ),
  ];
  const stores: StoreState[] = [];
  const storeNodes: SampleNode[] = [];
  for (const r of REGIONS) {
    nodes.push({ id: r.id, parentId: r.division, level: 'region', name: r.name });
    for (const [id, name, size] of r.stores) {
      storeNodes.push({ id, parentId: r.id, level: 'store', name });
      stores.push({
        id,
        index: stores.length,
        division: r.division,
        ukrainian: r.ukrainian,
        quality: 0.6 * r.effect + 0.12 * normal(),
        size,
        pool: Math.round(20_000 * size),
        rate: r.division === 'online' ? 0.25 + 0.1 * rng() : 0.3 + 0.15 * rng(),
      });
    }
  }
  nodes.push(...storeNodes);
  const nameOf = new Map(nodes.map((n) => [n.id, n.name]));

  // --- the survey ----------------------------------------------------------------------------
  const drivers = DRIVER_SPECS.map(([id, name, owner]): SampleDriver => ({ id, name, owner }));
  const good = INTERVIEWERS.length - 1;
  const responses: MutableResponse[] = [];
  const invitations: Invitation[] = [];
  const values = new Float64Array(DRIVER_SPECS.length);
  const comment = (score: number, ukrainian: boolean): [string | null, SampleLanguage | null] => {
    const tone = score >= 8 ? 0 : score >= 6 ? 1 : 2;
    if (rng() >= (COMMENT_RATE[tone] ?? 0)) return [null, null];
    const u = rng();
    const language: SampleLanguage = ukrainian
      ? u < 0.72
        ? 'uk'
        : u < 0.9
          ? 'ru'
          : 'en'
      : u < 0.9
        ? 'ru'
        : 'en';
    // the topic: the best-rated driver for a promoter, the worst-rated one otherwise (ties: the first)
    let topic = 0;
    let best = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < DRIVER_IDS.length; j++) {
      const x = values[j] ?? Number.NaN;
      const key = tone === 0 ? x : -x;
      if (key > best) {
        topic = j;
        best = key;
      }
    }
    return [COMMENTS[language][topic]?.[tone] ?? null, language];
  };
  const rating = (j: number): number | null => {
    const x = values[j] ?? Number.NaN;
    return x === x ? x : null;
  };
  const respond = (s: StoreState, at: number, q: number, gaming: boolean): MutableResponse => {
    const mix = MIX[s.division] ?? RETAIL_MIX;
    const tp = gaming ? 0 : pick(mix.touch, rng());
    const ch = gaming ? 2 : pick(mix.channel, rng());
    const quality = q + (TOUCH_EFFECT[tp] ?? 0);
    let latent = INTERCEPT;
    for (let j = 0; j < DRIVER_IDS.length; j++) {
      const v = gaming
        ? 9 + Math.round(rng())
        : clampScore(7 + (OFFSETS[j] ?? 0) + 1.5 * quality + 1.6 * normal());
      latent += (EFFECTS[j] ?? 0) * v;
      values[j] = !gaming && rng() < 0.03 ? Number.NaN : v;
    }
    const ratings = {
      politeness: rating(0),
      speed: rating(1),
      expertise: rating(2),
      assortment: rating(3),
      price: rating(4),
      delivery: rating(5),
    };
    let score = gaming ? (rng() < 0.7 ? 10 : 9) : clampScore(latent + 1.2 * normal());
    let interviewer: string | null = null;
    if (ch === PHONE) {
      // the last interviewer works part-time (a quarter of the others' calls) and records
      // three answers in ten as a 10
      const k = Math.min(good, Math.floor(rng() * (good + 0.25)));
      interviewer = INTERVIEWERS[k] ?? null;
      if (k === good && rng() < 0.3) score = 10;
    }
    const customer = gaming
      ? 9_000_000 + 100 * s.index + Math.floor(rng() * 12)
      : 100_000 * s.index + Math.floor(rng() * s.pool);
    const [text, language] = comment(score, s.ukrainian);
    return {
      responseId: '',
      nodeId: s.id,
      score,
      at: second(at),
      touchpoint: TOUCHPOINTS[tp] ?? 'checkout',
      channel: CHANNELS[ch] ?? 'email',
      interviewer,
      customerId: `C${String(customer).padStart(7, '0')}`,
      ratings,
      comment: text,
      language,
    };
  };
  const day: MutableResponse[] = [];
  for (let t = 0; t < DAYS; t++) {
    const dayStart = FROM + t * DAY;
    const local = new Date(dayStart + ZONE_OFFSET);
    const monthDays = new Date(
      Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0),
    ).getUTCDate();
    const monthEnd = local.getUTCDate() > monthDays - 3;
    const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
    const drift = 0.15 * (t / DAYS); // the group improves a little over the two years
    day.length = 0;
    for (const s of stores) {
      const drop = s.id === SLIPPING && t >= DAYS - SLIP_DAYS ? -0.5 : 0;
      const busy = weekend && s.division !== 'wholesale' ? 1.3 : 1;
      const count = Math.floor(busy * s.size * (1.4 + 1.2 * rng()) + rng());
      const q = s.quality + drop + drift;
      for (let k = 0; k < count; k++)
        day.push(respond(s, dayStart + (9 + 12 * rng()) * HOUR, q, false));
      if (s.id === GAMING && monthEnd && t >= DAYS - GAMING_DAYS) {
        const extra = 5 + Math.floor(4 * rng());
        for (let k = 0; k < extra; k++)
          day.push(respond(s, dayStart + (10 + 10 * rng()) * HOUR, q, true));
      }
    }
    day.sort((a, b) => a.at - b.at);
    for (const r of day) {
      r.responseId = `R${String(responses.length + 1).padStart(7, '0')}`;
      responses.push(r);
    }
  }

  // --- invitations: each answer's own, and those never answered ---------------------------------
  const storeOf = new Map(stores.map((s) => [s.id, s]));
  const logFrom = TO - INVITATION_DAYS * DAY;
  for (const r of responses) {
    const s = storeOf.get(r.nodeId);
    // the platform keeps its log for a year; the gaming circle was never invited
    if (s === undefined || r.at < logFrom + 12 * HOUR || r.customerId.startsWith('C9')) continue;
    const sent = second(r.at - (0.5 + 6 * rng()) * HOUR);
    invitations.push({
      invitationId: `I${String(invitations.length + 1).padStart(7, '0')}`,
      nodeId: r.nodeId,
      at: sent,
      responded: true,
    });
    const unanswered = Math.floor(Math.log(1 - rng()) / Math.log(1 - s.rate));
    for (let k = 0; k < unanswered; k++)
      invitations.push({
        invitationId: `I${String(invitations.length + 1).padStart(7, '0')}`,
        nodeId: r.nodeId,
        at: second(r.at - 12 * rng() * HOUR),
        responded: false,
      });
  }

  // --- follow-up: a case for every detractor; re-surveys of some --------------------------------
  const followUpCases: FollowUpCase[] = [];
  const resurveys: RecoveryPair[] = [];
  const resurveyed = new Set<string>();
  const slipFrom = TO - SLIP_DAYS * DAY;
  // The data end with the last answer: no follow-up event lies after it, so an analysis "as of"
  // the last answer (analyze's default) sees every case as it stood then.
  let END = 0;
  for (const r of responses) if (r.at > END) END = r.at;
  const outcomes = ['resolved', 'refund', 'replacement', 'apology'];
  for (const r of responses) {
    if (r.score > 5) continue;
    const s = storeOf.get(r.nodeId);
    const openedAt = Math.min(second(r.at + exp(0.5) * HOUR), END);
    const slow = r.nodeId === SLIPPING && r.at >= slipFrom;
    const meanContact = slow ? 60 : s?.division === 'wholesale' ? 20 : 8;
    const reached = rng() < 0.92;
    let contact: number | null = reached ? second(openedAt + exp(meanContact) * HOUR) : null;
    let resolved: number | null =
      reached && contact !== null ? second(contact + exp(24) * HOUR) : openedAt + 120 * HOUR;
    let reopened: number | null = rng() < 0.04 ? second(resolved + exp(48) * HOUR) : null;
    if (contact !== null && contact > END) contact = resolved = reopened = null;
    if (resolved !== null && resolved > END) resolved = reopened = null;
    if (reopened !== null && reopened > END) reopened = null;
    followUpCases.push({
      caseId: `F${String(followUpCases.length + 1).padStart(6, '0')}`,
      responseId: r.responseId,
      nodeId: r.nodeId,
      openedAt,
      firstContactAt: contact,
      resolvedAt: resolved,
      outcome:
        resolved === null
          ? null
          : reached
            ? (outcomes[Math.floor(rng() * 4)] ?? 'resolved')
            : 'no-answer',
      reopenedAt: reopened,
    });
    const again = r.at + (28 + 14 * rng()) * DAY;
    if (rng() < 0.3 && again < TO && !resurveyed.has(r.customerId)) {
      resurveyed.add(r.customerId);
      const followedUp = contact !== null && contact - r.at <= 48 * HOUR;
      resurveys.push({
        customerId: r.customerId,
        before: r.score,
        after: clampScore(r.score + (followedUp ? 2.2 : 0.8) + 1.8 * normal()),
        followedUp,
        nodeId: r.nodeId,
      });
    }
  }

  // --- mystery shoppers: a visit per store and month -------------------------------------------
  const audits: Audit[] = [];
  for (let m = 0; m < 24; m++) {
    const monthStart = Date.UTC(2024, 6 + m, 1) - ZONE_OFFSET;
    for (const s of stores) {
      const at = second(monthStart + Math.floor(1 + 26 * rng()) * DAY + (10 + 8 * rng()) * HOUR);
      const q = s.quality + (s.id === SLIPPING && at >= slipFrom ? -1.2 : 0);
      const pass = 1 / (1 + Math.exp(-(1.4 + 1.6 * q)));
      const items: AuditItem[] = STANDARDS.map((standard) => ({ standard, passed: rng() < pass }));
      const clean = Math.min(1, Math.max(0, 0.75 + 0.15 * q + 0.1 * normal()));
      items.push({ standard: 'cleanliness', score: Math.round(100 * clean) / 100, weight: 2 });
      audits.push({
        auditId: `A${String(audits.length + 1).padStart(4, '0')}`,
        nodeId: s.id,
        at,
        items,
      });
    }
  }

  return {
    seed,
    levels: ['head office', 'division', 'region', 'store'],
    timeZone: 'Europe/Moscow',
    from: iso(FROM),
    to: iso(TO),
    nodes,
    hierarchy: buildHierarchy(nodes),
    drivers,
    responses,
    followUpCases,
    audits,
    invitations,
    resurveys,
    stories: {
      slippingStore: {
        nodeId: SLIPPING,
        name: nameOf.get(SLIPPING) ?? SLIPPING,
        since: iso(slipFrom),
      },
      tooGoodInterviewer: { name: INTERVIEWERS[good] ?? '' },
      gamingStore: {
        nodeId: GAMING,
        name: nameOf.get(GAMING) ?? GAMING,
        since: iso(FROM + (DAYS - GAMING_DAYS) * DAY),
      },
    },
  };
}
