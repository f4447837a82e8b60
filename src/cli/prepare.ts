/**
 * From a read table to what the library takes: the organisation hierarchy, the responses (one
 * per usable record, with the record's line) and the records set aside before the library sees
 * them (with reasons and lines).
 */
import { NpsInputError } from '../errors.ts';
import { buildHierarchy, type HierarchyNodeInput } from '../hierarchy/buildHierarchy.ts';
import { hierarchyFromColumns } from '../hierarchy/hierarchyFromColumns.ts';
import { checkZone, utcMs, wallToInstant } from '../kernels/calendar.ts';
import { coerceNumber } from '../kernels/counts.ts';
import { toEpoch } from '../kernels/responses.ts';
import { closest } from '../kernels/suggest.ts';
import type { Hierarchy } from '../types.ts';
import type { ReportArgs } from './args.ts';
import { CliError } from './errors.ts';
import type { ProgressFn, Table } from './table.ts';

/** One response as the library reads it (`coerce: true` reads the score and ISO `at` strings). */
interface CliResponse {
  readonly nodeId: string | undefined;
  readonly score: string | number | null;
  readonly at?: number;
}

/** Records set aside for one reason: how many, and the lines of the first few. */
export interface SetAside {
  readonly reason: string;
  n: number;
  readonly lines: number[];
}

/** How many lines of each reason the report names. */
const LINES_SHOWN = 5;

/** Records set aside, by reason, in the order reasons were first met. */
export class SetAsideLog {
  readonly byReason = new Map<string, SetAside>();
  add(reason: string, line: number, n = 1): void {
    let s = this.byReason.get(reason);
    if (s === undefined) {
      s = { reason, n: 0, lines: [] };
      this.byReason.set(reason, s);
    }
    s.n += n;
    if (s.lines.length < LINES_SHOWN) s.lines.push(line);
  }
  get total(): number {
    let n = 0;
    for (const s of this.byReason.values()) n += s.n;
    return n;
  }
}

/** What the analyses take. */
export interface Prepared {
  readonly hierarchy: Hierarchy;
  /** How the hierarchy was made, for the report. */
  readonly organisation: 'levels' | 'file' | 'flat';
  readonly responses: readonly CliResponse[];
  /** The line of each response. */
  readonly lines: readonly number[];
  /** Driver ratings per response (`null` = missing), when `--drivers` was given. */
  readonly ratings: readonly Readonly<Record<string, number | null>>[] | null;
  /** Ratings that were not numbers (read as missing). */
  readonly badRatings: number;
  /** Records read: data rows, including those the reader could not split into fields. */
  readonly read: number;
  readonly setAside: SetAsideLog;
}

/** The index of column `name` in `columns`, or the `data` error naming the nearest and all. */
function columnIndex(columns: readonly string[], name: string, flag: string, file: string): number {
  const i = columns.indexOf(name);
  if (i >= 0) return i;
  const near = closest(name, columns);
  const shown = columns.slice(0, 30).map((c) => JSON.stringify(c));
  throw new CliError(
    'data',
    `${file} has no column ${JSON.stringify(name)} (${flag})${near === undefined ? '' : `; did you mean ${JSON.stringify(near)}?`} Its columns are ${shown.join(', ')}${columns.length > 30 ? ` and ${String(columns.length - 30)} more` : ''}`,
  );
}

/** A cell as a unit id: a non-blank string as it is, a finite number as its digits, else `null`. */
function idOf(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

const isBlank = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

/**
 * A date cell as epoch ms: epoch ms (JSON numbers); ISO 8601 with an offset (the library's
 * `coerce` reading); a local date or date-time (`2025-03-01`, `2025-03-01 10:00`) on the wall
 * clock of `zone` (the library's calendar: a time skipped by a DST change reads as the change).
 * `NaN` when it is none of these.
 */
export function instantOf(v: unknown, zone: string): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
  if (typeof v !== 'string') return Number.NaN;
  const s = v.trim();
  const t = toEpoch(s, true);
  if (!Number.isNaN(t)) return t;
  const m = LOCAL.exec(s);
  if (m === null) return Number.NaN;
  const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((k) => Number(m[k] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  const day = utcMs(y, mo - 1, d);
  const check = new Date(day);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || sec > 59) {
    return Number.NaN;
  }
  return wallToInstant(zone, day + ((h * 60 + mi) * 60 + sec) * 1000 + ms);
}

/**
 * A score cell as the library reads it with `coerce: true`: text and numbers as they are (the
 * library trims and reads numeric text), absent as blank, anything else (a JSON boolean or
 * object) as its JSON text, which the library sets aside as an invalid score.
 */
function scoreCell(v: unknown): string | number | null {
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (v === undefined || v === null) return null;
  return JSON.stringify(v);
}

/** A rating cell: a number, numeric text, or missing (`null`); `undefined` when not a number. */
function ratingOf(v: unknown): number | null | undefined {
  if (isBlank(v)) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') return coerceNumber(v.trim());
  return undefined;
}

/** Rethrow a library error about the organisation with the file line it came from. */
function organisationError(e: unknown, file: string, lines: readonly number[]): never {
  if (e instanceof NpsInputError) {
    const line = e.index === undefined ? undefined : lines[e.index];
    throw new CliError(
      'data',
      `${e.message}${line === undefined ? '' : ` (row ${String(e.index)} is line ${String(line)} of ${file})`}`,
      { cause: e },
    );
  }
  throw e;
}

/** The hierarchy from an organisation table: id, parent id and optional level and name columns. */
function hierarchyFromTable(org: Table, file: string): Hierarchy {
  const find = (names: readonly string[]): number => {
    const lower = org.columns.map((c) => c.trim().toLowerCase());
    for (const n of names) {
      const i = lower.indexOf(n);
      if (i >= 0) return i;
    }
    return -1;
  };
  const id = find(['id', 'node_id', 'nodeid', 'node id', 'unit', 'node']);
  const parent = find(['parent_id', 'parentid', 'parent id', 'parent']);
  if (id < 0 || parent < 0) {
    throw new CliError(
      'data',
      `the organisation file ${file} needs the columns id and parent_id (blank for the root), and may have level and name; its columns are ${org.columns.map((c) => JSON.stringify(c)).join(', ')}`,
    );
  }
  const level = find(['level']);
  const name = find(['name']);
  const nodes: HierarchyNodeInput[] = [];
  for (const r of org.records) {
    const node: { id: string; parentId: string | null; level?: string; name?: string } = {
      id: idOf(r[id]) ?? '',
      parentId: idOf(r[parent]),
    };
    const lv = level < 0 ? null : idOf(r[level]);
    const nm = name < 0 ? null : idOf(r[name]);
    if (lv !== null) node.level = lv;
    if (nm !== null) node.name = nm;
    nodes.push(node);
  }
  if (org.malformed.length > 0) {
    const m = org.malformed[0];
    throw new CliError(
      'data',
      `the organisation file ${file} has a malformed row at line ${String(m?.line)} (${m?.reason ?? ''}); every unit must be read`,
    );
  }
  try {
    return buildHierarchy(nodes);
  } catch (e) {
    organisationError(e, file, org.lines);
  }
}

/**
 * Turn the export's records into responses and a hierarchy.
 *
 * @throws {@link CliError} `data` for an unknown column or an organisation the library refuses;
 *   `usage` for a bad `--time-zone` or `--levels` that list the node column above the lowest level.
 */
export function prepare(
  table: Table,
  args: ReportArgs,
  organisation: Table | null,
  progress?: ProgressFn,
): Prepared {
  const file = args.file;
  const col = (name: string, flag: string) => columnIndex(table.columns, name, flag, file);
  const scoreAt = col(args.score, '--score');
  const nodeAt = col(args.node, '--node');
  const atAt = args.at === null ? -1 : col(args.at, '--at');
  const driverAt = (args.drivers ?? []).map((d) => col(d, '--drivers'));
  let levels: string[] | null = null;
  if (args.levels !== null) {
    levels = [...args.levels];
    const k = levels.indexOf(args.node);
    if (k >= 0 && k !== levels.length - 1) {
      throw new CliError(
        'usage',
        `--levels lists the --node column ${JSON.stringify(args.node)} above the lowest level; the units responses belong to come last`,
      );
    }
    if (k < 0) levels.push(args.node);
  }
  const levelAt = (levels ?? []).map((l) => col(l, '--levels'));
  if (args.at !== null) {
    try {
      checkZone('npskit report', args.timeZone);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new CliError(
        'usage',
        `--time-zone${message.slice(message.indexOf(':') + 1).replace(' timeZone', '')}`,
      );
    }
  }

  const setAside = new SetAsideLog();
  for (const m of table.malformed) setAside.add(m.reason, m.line);
  const responses: CliResponse[] = [];
  const lines: number[] = [];
  const ratings: Record<string, number | null>[] | null = args.drivers === null ? null : [];
  let badRatings = 0;
  const orgRows: Record<string, string>[] = [];
  const flatUnits = new Map<string, true>();
  const drivers = args.drivers ?? [];

  records: for (let r = 0; r < table.records.length; r++) {
    if (progress !== undefined && (r & 0xffff) === 0) progress(r / table.records.length);
    const rec = table.records[r] ?? [];
    const line = table.lines[r] ?? 0;
    if (levels !== null) {
      const row: Record<string, string> = Object.create(null) as Record<string, string>;
      for (let k = 0; k < levels.length; k++) {
        const v = idOf(rec[levelAt[k] ?? 0]);
        if (v === null) {
          setAside.add(`blank ${levels[k] ?? ''}`, line);
          continue records;
        }
        row[levels[k] ?? ''] = v;
      }
      orgRows.push(row);
    }
    const nodeId = idOf(rec[nodeAt]);
    if (nodeId === null) {
      setAside.add(`blank ${args.node}`, line);
      if (levels !== null) orgRows.pop();
      continue;
    }
    let at: number | undefined;
    if (atAt >= 0) {
      const v = rec[atAt];
      if (isBlank(v)) {
        setAside.add(`blank ${args.at ?? ''}`, line);
        if (levels !== null) orgRows.pop();
        continue;
      }
      at = instantOf(v, args.timeZone);
      if (Number.isNaN(at)) {
        setAside.add(`unreadable date in ${args.at ?? ''}`, line);
        if (levels !== null) orgRows.pop();
        continue;
      }
    }
    if (levels === null && organisation === null) flatUnits.set(nodeId, true);
    const score = scoreCell(rec[scoreAt]);
    responses.push(at === undefined ? { nodeId, score } : { nodeId, score, at });
    lines.push(line);
    if (ratings !== null) {
      const row: Record<string, number | null> = Object.create(null) as Record<
        string,
        number | null
      >;
      for (let k = 0; k < drivers.length; k++) {
        let v = ratingOf(rec[driverAt[k] ?? 0]);
        if (v === undefined) {
          badRatings++;
          v = null;
        }
        row[drivers[k] ?? ''] = v;
      }
      ratings.push(row);
    }
  }

  let hierarchy: Hierarchy;
  let kind: Prepared['organisation'];
  if (levels !== null) {
    kind = 'levels';
    if (orgRows.length === 0) throw noRows(table, setAside, file);
    try {
      hierarchy = hierarchyFromColumns(orgRows, {
        levels,
        root: { level: levels.includes('total') ? 'all units' : 'total' },
      });
    } catch (e) {
      organisationError(e, file, lines);
    }
  } else if (organisation !== null) {
    kind = 'file';
    hierarchy = hierarchyFromTable(organisation, args.hierarchy ?? '');
  } else {
    kind = 'flat';
    let root = 'all';
    while (flatUnits.has(root)) root = `(${root})`;
    const nodes: HierarchyNodeInput[] = [
      {
        id: root,
        parentId: null,
        level: args.node === 'total' ? 'all units' : 'total',
        name: 'All',
      },
    ];
    for (const id of flatUnits.keys()) nodes.push({ id, parentId: root, level: args.node });
    hierarchy = buildHierarchy(nodes);
  }
  return {
    hierarchy,
    organisation: kind,
    responses,
    lines,
    ratings,
    badRatings,
    read: table.records.length + table.malformed.length,
    setAside,
  };
}

/** The `data` error for an export none of whose rows can be used. */
export function noRows(table: Table, setAside: SetAsideLog, file: string): CliError {
  const read = table.records.length + table.malformed.length;
  return new CliError(
    'data',
    read === 0
      ? `${file} has no data rows below its header`
      : `${file} has no usable rows: ${summary(read, 0, setAside, table.format === 'json' ? 'item' : table.format === 'parquet' ? 'row' : 'line')}`,
  );
}

/** "N rows read, M used, K set aside (reasons…)". */
export function summary(
  read: number,
  used: number,
  setAside: SetAsideLog,
  word: 'line' | 'item' | 'row' = 'line',
): string {
  const rows = (n: number) => `${String(n)} row${n === 1 ? '' : 's'}`;
  const head = `${rows(read)} read, ${String(used)} used, ${String(setAside.total)} set aside`;
  if (setAside.total === 0) return head;
  const reasons = [...setAside.byReason.values()].map((s) => {
    const more = s.n > s.lines.length ? ', …' : '';
    return `${String(s.n)} ${s.reason}: ${word}${s.lines.length === 1 ? '' : 's'} ${s.lines.join(', ')}${more}`;
  });
  return `${head} (${reasons.join('; ')})`;
}
