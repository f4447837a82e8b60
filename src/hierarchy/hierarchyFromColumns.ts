import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { buildHierarchy, type Hierarchy, type HierarchyNodeInput } from './buildHierarchy.ts';

/** The root {@link hierarchyFromColumns} puts above the first column's units. */
export interface HierarchyRootOptions {
  /** The root's id (default `'all'`). */
  readonly id?: string | undefined;
  /** The root's display name (default `'All'`). */
  readonly name?: string | undefined;
  /** The root's level name (default `'total'`); it must differ from every column name. */
  readonly level?: string | undefined;
}

/** Options of {@link hierarchyFromColumns}. */
export interface HierarchyFromColumnsOptions {
  /**
   * The organisation columns from the top level down to the units responses are placed on, e.g.
   * `['division', 'region', 'store']`: distinct, non-empty column names. They become the level
   * names of the hierarchy.
   */
  readonly levels: readonly string[];
  /** The root above the first level (default `{ id: 'all', name: 'All', level: 'total' }`). */
  readonly root?: HierarchyRootOptions | undefined;
  /**
   * Columns holding display names, per level: `{ store: 'store_name' }` names each store after
   * the `store_name` of its rows. Levels not listed are named after their own value.
   */
  readonly names?: Readonly<Record<string, string>> | undefined;
  /** Accept numbers in the organisation columns (`store: 1042` becomes `'1042'`). Default `false`. */
  readonly coerce?: boolean | undefined;
}

/** One row of a flat export: at least the organisation columns, any other fields are ignored. */
export type OrganisationRow = Readonly<Record<string, unknown>>;

const FN = 'hierarchyFromColumns';

/** The separator of the path ids of upper levels. */
const SEPARATOR = '/';

const nonEmpty = () => z.string().check(z.minLength(1));

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<HierarchyFromColumnsOptions>()(
    z.strictObject({
      levels: z.array(nonEmpty()).check(
        z.minLength(1),
        z.refine((ls) => new Set(ls).size === ls.length, 'expected distinct column names'),
      ),
      root: z.optional(
        exactKeys<HierarchyRootOptions>()(
          z.strictObject({
            id: z.optional(nonEmpty()),
            name: z.optional(z.string()),
            level: z.optional(nonEmpty()),
          }),
        ),
      ),
      names: z.optional(z.record(z.string(), nonEmpty())),
      coerce: z.optional(z.boolean()),
    }),
  ),
);

function optionError(message: string, path: PropertyKey[], received: unknown): NpsInputError {
  return new NpsInputError({
    code: 'invalid_option',
    message: `${FN}: ${message}`,
    path,
    received,
  });
}

/** A value in an id path: `/` written `\/` and `\` written `\\`, so that paths never collide. */
function escapeSegment(value: string): string {
  return value.includes(SEPARATOR) || value.includes('\\')
    ? value.replaceAll('\\', '\\\\').replaceAll(SEPARATOR, `\\${SEPARATOR}`)
    : value;
}

/**
 * Build the organisation {@link Hierarchy} from the flat columns of an export, where each row
 * (one per response, typically) carries its unit at every level: `{ division: 'Retail',
 * region: 'North', store: 'S-104', score: 9 }`.
 *
 * - **Leaf ids** are the values of the last column as they are, so the same rows (or their
 *   columns) can be rolled up with `nodeId` = that column.
 * - **Upper-level ids** are the path of values from the top, joined by `/`: two regions called
 *   North in two divisions are `'Online/North'` and `'Retail/North'`; the first level's ids are
 *   its values. A `/` inside a value is written `\/` and a `\` is written `\\` in an id, so paths
 *   never collide. Display names are the values themselves (or the `names` columns).
 * - **Level names** are the column names, below a root (default id `'all'`, name `'All'`,
 *   level `'total'`).
 *
 * Rows repeat per response, so this is one pass with hash lookups per level: O(rows × levels)
 * time and memory linear in the number of units, not of rows.
 *
 * @param rows - Row objects with a non-empty string (or, with `coerce`, a finite number) in every
 *   organisation column.
 * @param options - `levels` (the columns, top-down), `root`, `names`, `coerce`.
 * @returns A {@link Hierarchy} (see {@link buildHierarchy}).
 * @throws {@link NpsInputError} `empty` for no rows; `invalid_input` (with the row index and the
 *   column) for a row that is not an object or a value that is missing, blank or not a string,
 *   for a leaf under two different parents (naming both paths and rows), a unit with two
 *   display names, or a leaf id equal to an upper-level or the root id; `invalid_option` when
 *   `levels` is not a non-empty array of distinct column names, or for a bad `root`, `names` or
 *   `coerce`.
 * @example
 * ```ts
 * const rows = [
 *   { division: 'Retail', region: 'North', store: 'S1', score: 9 },
 *   { division: 'Retail', region: 'North', store: 'S1', score: 3 },
 *   { division: 'Online', region: 'North', store: 'Web', score: 10 },
 * ];
 * const h = hierarchyFromColumns(rows, { levels: ['division', 'region', 'store'] });
 * h.path('S1'); //=> ['all', 'Retail', 'Retail/North', 'S1']
 * h.name('Online/North'); //=> 'North'
 * h.levels; //=> ['total', 'division', 'region', 'store']
 * // The same rows roll up by their store column
 * rollup(h, rows.map((r) => ({ nodeId: r.store, score: r.score }))).nodes[0]?.total?.n; //=> 3
 * ```
 */
export function hierarchyFromColumns(
  rows: readonly OrganisationRow[],
  options: HierarchyFromColumnsOptions,
): Hierarchy {
  const o = parseWith(optionsSchema(), options, FN, 'options');
  const levels = o.levels;
  const rootId = o.root?.id ?? 'all';
  const rootLevel = o.root?.level ?? 'total';
  if (levels.includes(rootLevel)) {
    throw optionError(
      `options.root.level must differ from the column names, received ${describe(rootLevel)} (also a column); pass root: { level: '…' }`,
      ['root', 'level'],
      rootLevel,
    );
  }
  const nameColumn: (string | undefined)[] = levels.map(() => undefined);
  for (const [level, column] of Object.entries(o.names ?? {})) {
    const at = levels.indexOf(level);
    if (at < 0) {
      throw optionError(
        `options.names must be keyed by the level columns (${levels.map((l) => JSON.stringify(l)).join(', ')}), received the key ${JSON.stringify(level)}`,
        ['names', level],
        level,
      );
    }
    nameColumn[at] = column;
  }
  if (!Array.isArray(rows)) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${FN}: rows must be an array of row objects, received ${describe(rows)}`,
      received: rows,
    });
  }
  if (rows.length === 0) {
    throw new NpsInputError({
      code: 'empty',
      message: `${FN}: rows must contain at least one row, received an empty array`,
      received: rows,
    });
  }
  const coerce = o.coerce === true;
  const depthCount = levels.length;
  const leafDepth = depthCount - 1;
  // Units: index 0 is the root. Per unit: its id, name, parent index, level depth, first row,
  // and (upper units) a Map from a child's value to the child's index.
  const ids: string[] = [rootId];
  const names: string[] = [o.root?.name ?? 'All'];
  const parents: number[] = [-1];
  const depths: number[] = [-1];
  const firstRow: number[] = [-1];
  const children: (Map<string, number> | null)[] = [new Map()];
  const leafIndex = new Map<string, number>();

  const cell = (row: OrganisationRow, column: string, i: number): string => {
    const v = row[column];
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (coerce && typeof v === 'number' && Number.isFinite(v)) return String(v);
    const hint =
      typeof v === 'number' && !coerce && Number.isFinite(v)
        ? '; pass coerce: true to accept numbers'
        : '';
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${FN}: row ${String(i)} must have a non-blank string in column ${JSON.stringify(column)}${hint}, received ${describe(v)}`,
      index: i,
      path: [i, column],
      received: v,
    });
  };
  const pathOf = (x: number): string => {
    const parts: string[] = [];
    for (let k = x; k > 0; k = parents[k] ?? 0) parts.push(names[k] ?? '');
    return parts.reverse().join(' > ');
  };
  const checkName = (x: number, row: OrganisationRow, d: number, i: number): void => {
    const column = nameColumn[d];
    if (column === undefined) return;
    const name = cell(row, column, i);
    if (name !== names[x]) {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${FN}: ${levels[d] ?? ''} ${JSON.stringify(ids[x])} has two names in column ${JSON.stringify(column)}: ${JSON.stringify(names[x])} (row ${String(firstRow[x])}) and ${JSON.stringify(name)} (row ${String(i)})`,
        index: i,
        path: [i, column],
        received: name,
      });
    }
  };
  const add = (id: string, name: string, parent: number, d: number, i: number): number => {
    const x = ids.length;
    ids.push(id);
    names.push(name);
    parents.push(parent);
    depths.push(d);
    firstRow.push(i);
    children.push(d === leafDepth ? null : new Map());
    return x;
  };

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as OrganisationRow | null | undefined;
    if (typeof row !== 'object' || row === null) {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${FN}: row ${String(i)} must be an object with the columns ${levels.map((l) => JSON.stringify(l)).join(', ')}, received ${describe(row)}`,
        index: i,
        path: [i],
        received: row,
      });
    }
    let parent = 0;
    for (let d = 0; d < leafDepth; d++) {
      const value = cell(row, levels[d] as string, i);
      const kids = children[parent] as Map<string, number>;
      let x = kids.get(value);
      if (x === undefined) {
        const id =
          parent === 0 ? escapeSegment(value) : `${ids[parent] ?? ''}/${escapeSegment(value)}`;
        const column = nameColumn[d];
        x = add(id, column === undefined ? value : cell(row, column, i), parent, d, i);
        kids.set(value, x);
      } else checkName(x, row, d, i);
      parent = x;
    }
    const leaf = cell(row, levels[leafDepth] as string, i);
    const x = leafIndex.get(leaf);
    if (x === undefined) {
      const column = nameColumn[leafDepth];
      leafIndex.set(
        leaf,
        add(leaf, column === undefined ? leaf : cell(row, column, i), parent, leafDepth, i),
      );
      continue;
    }
    if (parents[x] !== parent) {
      const where = (p: number) => (p === 0 ? 'the root' : JSON.stringify(pathOf(p)));
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${FN}: ${levels[leafDepth] ?? ''} ${JSON.stringify(leaf)} appears under two parents: ${where(parents[x] ?? 0)} (row ${String(firstRow[x])}) and ${where(parent)} (row ${String(i)}); a ${levels[leafDepth] ?? ''} id must belong to one place in the organisation`,
        index: i,
        path: [i, levels[leafDepth] as string],
        received: leaf,
      });
    }
    checkName(x, row, leafDepth, i);
  }

  // Leaf ids are raw values; upper ids are paths. One may still equal the other (a store named
  // like a division) or the root: refuse rather than merge two units.
  const upper = new Map<string, number>();
  const clash = (x: number, other: number): NpsInputError => {
    const what = (k: number) => (k === 0 ? 'the root' : (levels[depths[k] ?? 0] ?? ''));
    const column = levels[depths[x] ?? 0] as string;
    return new NpsInputError({
      code: 'invalid_input',
      message: `${FN}: ${what(x)} ${JSON.stringify(ids[x])} (row ${String(firstRow[x])}) has the same id as ${other === 0 ? 'the root' : `the ${what(other)} ${JSON.stringify(ids[other])} (row ${String(firstRow[other])})`}; ${other === 0 ? 'pass root: { id: … } with another id' : "upper-level ids are the path of values joined by '/', and leaf ids must differ from them"}`,
      index: firstRow[x] ?? 0,
      path: [firstRow[x] ?? 0, column],
      received: ids[x],
    });
  };
  for (let x = 0; x < ids.length; x++) {
    if (children[x] === null) continue;
    const other = upper.get(ids[x] as string);
    // Paths of escaped values are distinct, but a first-level id may equal the root's.
    if (other !== undefined) throw clash(x, other);
    upper.set(ids[x] as string, x);
  }
  for (const x of leafIndex.values()) {
    const other = upper.get(ids[x] as string);
    if (other !== undefined) throw clash(x, other);
  }

  const nodes: HierarchyNodeInput[] = ids.map((id, x) => ({
    id,
    parentId: x === 0 ? null : (ids[parents[x] ?? 0] as string),
    level: x === 0 ? rootLevel : (levels[depths[x] ?? 0] as string),
    name: names[x] as string,
  }));
  return buildHierarchy(nodes);
}
