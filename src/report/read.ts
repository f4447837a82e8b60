// Reads the analysis a report pack is made from: every field the pages use is checked as it is
// read (a typed invalid_input naming its path otherwise), and gathered per unit.
import { NpsInputError } from '../errors.ts';
import { badInput } from '../kernels/badInput.ts';
import { describe as describeValue } from '../kernels/describe.ts';

const FN = 'reportPack';

type Path = readonly PropertyKey[];
type Obj = Readonly<Record<string, unknown>>;

/** `analysis.rollup.nodes[3].nps` from a path. */
function pathText(path: Path): string {
  let s = '';
  for (const k of path)
    s += typeof k === 'number' ? `[${String(k)}]` : `${s === '' ? '' : '.'}${String(k)}`;
  return s;
}

function fail(path: Path, what: string, received: unknown): never {
  throw badInput(FN, `${pathText(path)} must be ${what}`, received, path);
}

function record(v: unknown, path: Path): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'an object', v);
  return v as Obj;
}

function list(v: unknown, path: Path): readonly unknown[] {
  if (!Array.isArray(v)) fail(path, 'an array', v);
  return v;
}

/** The field `key` of `o` (`undefined` when absent). */
function get(o: Obj, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function str(o: Obj, key: string, path: Path): string {
  const v = get(o, key);
  if (typeof v !== 'string') fail([...path, key], 'a string', v);
  return v;
}

function strOrNull(o: Obj, key: string, path: Path): string | null {
  const v = get(o, key);
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') fail([...path, key], 'a string or null', v);
  return v;
}

function num(o: Obj, key: string, path: Path): number {
  const v = get(o, key);
  if (typeof v !== 'number' || !Number.isFinite(v)) fail([...path, key], 'a finite number', v);
  return v;
}

function numOrNull(o: Obj, key: string, path: Path): number | null {
  const v = get(o, key);
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v))
    fail([...path, key], 'a finite number or null', v);
  return v;
}

function bool(o: Obj, key: string, path: Path): boolean {
  const v = get(o, key);
  if (typeof v !== 'boolean') fail([...path, key], 'a boolean', v);
  return v;
}

/** An optional section: `null` when absent or null, else the object. */
function section(o: Obj, key: string, path: Path): Obj | null {
  const v = get(o, key);
  return v === null || v === undefined ? null : record(v, [...path, key]);
}

/** The rows of an array field, each checked to be an object, with their paths. */
function rows(o: Obj, key: string, path: Path): [Obj, Path][] {
  const p = [...path, key];
  const l = list(get(o, key), p);
  const out: [Obj, Path][] = [];
  // (an index loop: a hole is an error, not skipped as map would)
  for (let i = 0; i < l.length; i++) out.push([record(l[i], [...p, i]), [...p, i]]);
  return out;
}

/** An array of strings, checked (holes included). */
function strings(v: unknown, path: Path): string[] {
  const l = list(v, path);
  const out: string[] = [];
  for (let i = 0; i < l.length; i++) {
    const s = l[i];
    if (typeof s !== 'string') fail([...path, i], 'a string', s);
    out.push(s);
  }
  return out;
}

/** One point of a unit's trend. */
interface TrendPointModel {
  readonly label: string;
  readonly n: number | null;
  readonly nps: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly suppressed: boolean;
}

/** An alert of a unit. */
interface AlertModel {
  readonly kind: 'drop' | 'rise';
  readonly difference: number;
  readonly since: string;
}

/** A share on 0..1 with its interval. */
export interface ShareFigure {
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

/** Figures of a unit that may be withheld: `'withheld'` when suppressed. */
export type Maybe<T> = T | 'withheld' | null;

/** @internal Everything a unit's page shows. */
export interface UnitModel {
  readonly id: string;
  /** Display name: the node's name, else its id. */
  readonly label: string;
  readonly level: string | null;
  readonly parentId: string | null;
  readonly children: string[];
  readonly suppressed: boolean;
  readonly suppression: 'min_sample' | 'complementary' | null;
  readonly n: number | null;
  readonly nps: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly vsParent: { readonly difference: number; readonly qValue: number } | null;
  trend: TrendPointModel[] | null;
  readonly alerts: AlertModel[];
  followUp: Maybe<{
    readonly cases: number | null;
    readonly open: number | null;
    readonly overdueContact: number | null;
    readonly medianContactHours: number | null;
    readonly withinSla: number | null;
  }>;
  /** Response rate (from the invitations). */
  responseRate: Maybe<ShareFigure>;
  /** Mystery-shopper compliance. */
  compliance: Maybe<ShareFigure>;
  gaming: readonly string[] | null;
  /** The unit's latest period and its changes (from `changes`). */
  latest: {
    readonly label: string;
    readonly previous: ChangeModel | null;
    readonly yearAgo: ChangeModel | null;
  } | null;
  /** The drivers its level owns, from its own responses or (too few) an ancestor's. */
  drivers: {
    /** The unit whose responses the importance comes from. */
    readonly from: string;
    readonly share: number | null;
    readonly levers: readonly { readonly name: string; readonly quadrant: string | null }[];
  } | null;
  readonly findings: { readonly text: string; readonly significant: boolean }[];
}

/** A change of NPS against an earlier period. */
interface ChangeModel {
  readonly difference: number;
  readonly significant: boolean;
}

/** @internal The whole analysis, as the pages read it. */
export interface ReportModel {
  /** Units in hierarchy order, parents before children. */
  readonly units: readonly UnitModel[];
  readonly byId: ReadonlyMap<string, UnitModel>;
  readonly roots: readonly string[];
  readonly minSample: number;
  readonly confidence: number;
  readonly method: string;
  readonly asOf: string | null;
}

const QUADRANTS = new Set(['fix_first', 'maintain', 'low_priority', 'possible_overkill']);
const SUPPRESSIONS = new Set(['min_sample', 'complementary']);

/** `s`, or `null` when it is `null` or empty. */
function nonEmpty(s: string | null): string | null {
  return s === null || s === '' ? null : s;
}

/** The units of `rollup.nodes`, checked (unique ids, parents listed before their children). */
function readUnits(rollup: Obj, path: Path): UnitModel[] {
  const units: UnitModel[] = [];
  const byId = new Map<string, UnitModel>();
  for (const [node, p] of rows(rollup, 'nodes', path)) {
    const id = str(node, 'id', p);
    if (byId.has(id)) {
      throw new NpsInputError({
        code: 'duplicate_id',
        message: `${FN}: ${pathText([...p, 'id'])} repeats the id ${JSON.stringify(id)}; a rollup lists each node once`,
        path: [...p, 'id'],
        received: id,
      });
    }
    const parentId = strOrNull(node, 'parentId', p);
    if (parentId !== null && !byId.has(parentId))
      fail([...p, 'parentId'], 'the id of a node listed before it (parents come first)', parentId);
    const suppressed = bool(node, 'suppressed', p);
    const suppression = strOrNull(node, 'suppression', p);
    if (suppression !== null && !SUPPRESSIONS.has(suppression))
      fail([...p, 'suppression'], "'min_sample', 'complementary' or null", suppression);
    const vs = section(node, 'vsParent', p);
    const vp = [...p, 'vsParent'];
    const unit: UnitModel = {
      id,
      label: nonEmpty(strOrNull(node, 'name', p)) ?? id,
      level: strOrNull(node, 'level', p),
      parentId,
      children: [],
      suppressed,
      suppression: suppressed ? ((suppression ?? 'min_sample') as UnitModel['suppression']) : null,
      n: suppressed ? null : numOrNull(node, 'n', p),
      nps: suppressed ? null : numOrNull(node, 'nps', p),
      low: suppressed ? null : numOrNull(node, 'low', p),
      high: suppressed ? null : numOrNull(node, 'high', p),
      vsParent:
        suppressed || vs === null
          ? null
          : { difference: num(vs, 'difference', vp), qValue: num(vs, 'qValue', vp) },
      trend: null,
      alerts: [],
      followUp: null,
      responseRate: null,
      compliance: null,
      gaming: null,
      latest: null,
      drivers: null,
      findings: [],
    };
    units.push(unit);
    byId.set(id, unit);
    if (parentId !== null) byId.get(parentId)?.children.push(id);
  }
  return units;
}

function readTrend(trend: Obj, byId: ReadonlyMap<string, UnitModel>, path: Path): void {
  const labels = rows(trend, 'periods', path).map(([p, pp]) => str(p, 'label', pp));
  for (const [node, p] of rows(trend, 'nodes', path)) {
    const unit = byId.get(str(node, 'id', p));
    const points = rows(node, 'points', p);
    if (points.length !== labels.length)
      fail(
        [...p, 'points'],
        `an array of ${String(labels.length)} points, one per period`,
        points.length,
      );
    if (unit === undefined || unit.suppressed) continue;
    unit.trend = points.map(([pt, pp], k) => {
      const suppressed = bool(pt, 'suppressed', pp);
      return {
        label: labels[k] ?? '',
        suppressed,
        n: suppressed ? null : numOrNull(pt, 'n', pp),
        nps: suppressed ? null : numOrNull(pt, 'nps', pp),
        low: suppressed ? null : numOrNull(pt, 'low', pp),
        high: suppressed ? null : numOrNull(pt, 'high', pp),
      };
    });
  }
}

function readShifts(shifts: Obj, byId: ReadonlyMap<string, UnitModel>, path: Path): void {
  for (const [a, p] of rows(shifts, 'alerts', path)) {
    const kind = str(a, 'kind', p);
    if (kind !== 'drop' && kind !== 'rise') fail([...p, 'kind'], "'drop' or 'rise'", kind);
    const alert: AlertModel = {
      kind,
      difference: num(a, 'difference', p),
      since: str(a, 'since', p),
    };
    const unit = byId.get(str(a, 'id', p));
    if (unit !== undefined && !unit.suppressed) unit.alerts.push(alert);
  }
}

/** One unit's driver analysis: its importance by owner, quadrants and own levers. */
interface UnitDriverRow {
  readonly skipped: boolean;
  readonly byOwner: ReadonlyMap<string, number>;
  readonly quadrants: ReadonlyMap<string, string>;
  readonly levers: readonly string[];
}

function readDrivers(drivers: Obj, byId: ReadonlyMap<string, UnitModel>, path: Path): void {
  const names = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const [d, p] of rows(drivers, 'drivers', path)) {
    const id = str(d, 'id', p);
    names.set(id, str(d, 'name', p));
    owners.set(id, str(d, 'owner', p));
  }
  const perUnit = new Map<string, UnitDriverRow>();
  for (const [u, p] of rows(drivers, 'units', path)) {
    const byOwner = new Map<string, number>();
    for (const [o, op] of rows(u, 'byOwner', p)) {
      const owner = strOrNull(o, 'owner', op);
      const share = num(o, 'share', op);
      if (owner !== null) byOwner.set(owner, share);
    }
    const quadrants = new Map<string, string>();
    for (const [q, qp] of rows(u, 'quadrants', p)) {
      const quadrant = str(q, 'quadrant', qp);
      if (!QUADRANTS.has(quadrant))
        fail(
          [...qp, 'quadrant'],
          "'fix_first', 'maintain', 'low_priority' or 'possible_overkill'",
          quadrant,
        );
      quadrants.set(str(q, 'driver', qp), quadrant);
    }
    perUnit.set(str(u, 'id', p), {
      skipped: strOrNull(u, 'skipped', p) !== null,
      byOwner,
      quadrants,
      levers: strings(get(u, 'ownLevers'), [...p, 'ownLevers']),
    });
  }
  for (const unit of byId.values()) {
    if (unit.suppressed || unit.level === null) continue;
    // the unit's own analysis, else the nearest ancestor's that was run (the unit's level's
    // levers read off it)
    let source: UnitModel | undefined = unit;
    let row = perUnit.get(unit.id);
    while (source !== undefined && (row === undefined || row.skipped)) {
      source = source.parentId === null ? undefined : byId.get(source.parentId);
      row = source === undefined ? undefined : perUnit.get(source.id);
    }
    if (source === undefined || row === undefined) continue;
    const level = unit.level;
    const levers =
      source === unit
        ? row.levers
        : [...row.quadrants.keys()].filter((d) => owners.get(d) === level);
    if (levers.length === 0) continue;
    unit.drivers = {
      from: source.id,
      share: row.byOwner.get(level) ?? null,
      levers: levers.map((d) => ({
        name: names.get(d) ?? d,
        quadrant: row.quadrants.get(d) ?? null,
      })),
    };
  }
}

function readChanges(changes: unknown, byId: ReadonlyMap<string, UnitModel>, path: Path): void {
  const l = list(changes, path);
  for (let i = 0; i < l.length; i++) {
    const p = [...path, i];
    const c = record(l[i], p);
    const unit = byId.get(str(c, 'id', p));
    const period = section(c, 'period', p);
    const label = period === null ? null : str(period, 'label', [...p, 'period']);
    const change = (key: string): ChangeModel | null => {
      const v = section(c, key, p);
      return v === null
        ? null
        : {
            difference: num(v, 'difference', [...p, key]),
            significant: bool(v, 'significant', [...p, key]),
          };
    };
    const previous = change('previous');
    const yearAgo = change('yearAgo');
    if (unit === undefined || unit.suppressed || bool(c, 'suppressed', p) || label === null)
      continue;
    unit.latest = { label, previous, yearAgo };
  }
}

/** Each unit's row of a per-node section, with `suppressed` read; absent units are skipped. */
function perNode(
  result: Obj,
  key: string,
  byId: ReadonlyMap<string, UnitModel>,
  path: Path,
  read: (unit: UnitModel, row: Obj, p: Path, suppressed: boolean) => void,
): void {
  const v = get(result, key);
  if (v === null || v === undefined) return;
  for (const [row, p] of rows(result, key, path)) {
    const unit = byId.get(str(row, 'id', p));
    const suppressed = bool(row, 'suppressed', p);
    if (unit !== undefined && !unit.suppressed) read(unit, row, p, suppressed);
  }
}

function readFollowUp(f: Obj, byId: ReadonlyMap<string, UnitModel>, path: Path): void {
  perNode(f, 'nodes', byId, path, (unit, row, p, suppressed) => {
    if (suppressed) {
      unit.followUp = 'withheld';
      return;
    }
    const contact = section(row, 'contact', p);
    const cp = [...p, 'contact'];
    const hours = contact === null ? null : record(get(contact, 'hours'), [...cp, 'hours']);
    const median = hours === null ? null : record(get(hours, 'median'), [...cp, 'hours', 'median']);
    const sla = contact === null ? null : section(contact, 'withinSla', cp);
    unit.followUp = {
      cases: numOrNull(row, 'cases', p),
      open: numOrNull(row, 'open', p),
      overdueContact: numOrNull(row, 'overdueContact', p),
      medianContactHours:
        median === null ? null : numOrNull(median, 'value', [...cp, 'hours', 'median']),
      withinSla: sla === null ? null : numOrNull(sla, 'share', [...cp, 'withinSla']),
    };
  });
}

/** A share and its interval from a row (`key` names the share), or `'withheld'`. */
function share(row: Obj, key: string, p: Path, suppressed: boolean): Maybe<ShareFigure> {
  if (suppressed) return 'withheld';
  return {
    value: numOrNull(row, key, p),
    low: numOrNull(row, 'low', p),
    high: numOrNull(row, 'high', p),
  };
}

function readQuality(q: Obj, byId: ReadonlyMap<string, UnitModel>, path: Path): void {
  const rates = section(q, 'responseRates', path);
  if (rates !== null)
    perNode(rates, 'nodes', byId, [...path, 'responseRates'], (unit, row, p, suppressed) => {
      unit.responseRate = share(row, 'rate', p, suppressed);
    });
  const audits = section(q, 'audits', path);
  if (audits !== null)
    perNode(audits, 'nodes', byId, [...path, 'audits'], (unit, row, p, suppressed) => {
      unit.compliance = share(row, 'compliance', p, suppressed);
    });
  const gaming = section(q, 'gaming', path);
  if (gaming !== null) {
    // the flags of each unit's latest period
    const latest = new Map<string, number>();
    for (const [u, p] of rows(gaming, 'units', [...path, 'gaming'])) {
      const unit = byId.get(str(u, 'id', p));
      const period = num(u, 'period', p);
      const flags = strings(get(u, 'flags'), [...p, 'flags']);
      if (unit === undefined || unit.suppressed) continue;
      if (period >= (latest.get(unit.id) ?? Number.NEGATIVE_INFINITY)) {
        latest.set(unit.id, period);
        unit.gaming = flags;
      }
    }
  }
}

function readFindings(findings: unknown, byId: ReadonlyMap<string, UnitModel>): void {
  const p0 = ['options', 'findings'];
  const l = list(findings, p0);
  for (let i = 0; i < l.length; i++) {
    const p = [...p0, i];
    const f = record(l[i], p);
    // a finding about no unit in particular goes on the root's page
    const unitId = strOrNull(f, 'unitId', p);
    const unit = unitId === null ? byId.values().next().value : byId.get(unitId);
    if (unit === undefined && unitId !== null) {
      throw new NpsInputError({
        code: 'unknown_node',
        message: `${FN}: ${pathText([...p, 'unitId'])} must be a unit of the analysis (findings come from describe() of the same analysis), received ${describeValue(unitId)}`,
        path: [...p, 'unitId'],
        received: unitId,
      });
    }
    const text = str(f, 'text', p);
    const significant = get(f, 'significant') === undefined ? false : bool(f, 'significant', p);
    if (unit !== undefined && !unit.suppressed) unit.findings.push({ text, significant });
  }
}

/** @internal The analysis (and the findings of the options) read into a {@link ReportModel}. */
export function readAnalysis(analysis: unknown, findings: unknown): ReportModel {
  const path = ['analysis'];
  const a = record(analysis, path);
  const rollup = record(get(a, 'rollup'), [...path, 'rollup']);
  const rp = [...path, 'rollup'];
  const units = readUnits(rollup, rp);
  if (units.length === 0) fail([...rp, 'nodes'], 'a non-empty array of nodes', []);
  const byId = new Map(units.map((u) => [u.id, u]));
  const trend = section(a, 'trend', path);
  if (trend !== null) readTrend(trend, byId, [...path, 'trend']);
  const changes = get(a, 'changes');
  if (changes !== null && changes !== undefined) readChanges(changes, byId, [...path, 'changes']);
  const shifts = section(a, 'shifts', path);
  if (shifts !== null) readShifts(shifts, byId, [...path, 'shifts']);
  const drivers = section(a, 'drivers', path);
  if (drivers !== null) readDrivers(drivers, byId, [...path, 'drivers']);
  const followUp = section(a, 'followUp', path);
  if (followUp !== null) readFollowUp(followUp, byId, [...path, 'followUp']);
  const quality = section(a, 'quality', path);
  if (quality !== null) readQuality(quality, byId, [...path, 'quality']);
  if (findings !== undefined && findings !== null) readFindings(findings, byId);
  return {
    units,
    byId,
    roots: units.filter((u) => u.parentId === null).map((u) => u.id),
    minSample: num(rollup, 'minSample', rp),
    confidence: num(rollup, 'confidence', rp),
    method: str(rollup, 'method', rp),
    asOf: strOrNull(a, 'asOf', path),
  };
}
