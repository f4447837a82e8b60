/**
 * @internal Reading records that are not responses (follow-up cases, audits): their own ids,
 * their instants and their node, with the same errors and exclusions everywhere.
 */
import { NpsInputError } from '../errors.ts';
import type { Exclusion } from '../types.ts';
import { MAX_INSTANT } from './calendar.ts';
import { describe } from './describe.ts';
import { NotValid, unknownExclusions } from './placement.ts';
import { invalidDate, toEpoch } from './responses.ts';
import type { Epoch } from './tree.ts';

/** @internal The `invalid_id` error for field `field` of record `i`. */
export function idError(
  fn: string,
  i: number,
  field: string,
  value: unknown,
  must: string,
): NpsInputError {
  return new NpsInputError({
    code: 'invalid_id',
    message: `${fn}: ${field} at index ${String(i)} must be ${must}, received ${describe(value)}`,
    index: i,
    path: [i, field],
    received: value,
  });
}

/** @internal A record's own id: a non-empty string, unique (`duplicate_id`). */
export class RecordIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly fn: string,
    private readonly field: string,
    private readonly noun: string,
  ) {}

  /** Check the id of record `i` and remember it. */
  check(id: unknown, i: number): string {
    const { fn, field, noun } = this;
    if (typeof id !== 'string' || id === '') throw idError(fn, i, field, id, 'a non-empty string');
    const before = this.seen.get(id);
    if (before !== undefined) {
      throw new NpsInputError({
        code: 'duplicate_id',
        message: `${fn}: ${field} ${describe(id)} at index ${String(i)} was already used at index ${String(before)}; each ${noun} needs its own id`,
        index: i,
        path: [i, field],
        received: id,
      });
    }
    this.seen.set(id, i);
    return id;
  }
}

/**
 * @internal An instant of record `i` in epoch ms, or the `invalid_date` error (naming
 * `coerce: true` for a string read without it).
 */
export function readInstant(
  fn: string,
  v: unknown,
  i: number,
  field: string,
  coerce: boolean,
): number {
  const t = toEpoch(v, coerce);
  if (t === t && Math.abs(t) <= MAX_INSTANT) return t;
  const e = invalidDate(fn, v, i, field);
  if (typeof v === 'string' && !coerce) {
    throw new NpsInputError({
      code: 'invalid_date',
      message: `${e.message} (pass coerce: true to read ISO 8601 strings with an offset)`,
      index: i,
      path: [i, field],
      received: v,
    });
  }
  throw e;
}

/**
 * @internal Places records on the nodes of a hierarchy: unknown or missing node ids and nodes
 * inactive in `epoch` are noted (−1), then reported by {@link NodePlacer.exclusions} as the
 * placement kernel reports responses.
 */
export class NodePlacer {
  private readonly unknown = new Map<string | undefined, { count: number; firstIndex: number }>();
  private readonly invalid = new NotValid();

  constructor(
    private readonly indexOf: ReadonlyMap<string, number>,
    private readonly epoch: Epoch | undefined,
  ) {}

  /** The node index of record `i`, or −1 when it is set aside (noted). */
  place(fn: string, nodeId: unknown, i: number): number {
    const x = typeof nodeId === 'string' ? this.indexOf.get(nodeId) : undefined;
    if (x === undefined) {
      if (nodeId !== undefined && nodeId !== null && typeof nodeId !== 'string') {
        throw idError(fn, i, 'nodeId', nodeId, 'a string');
      }
      // absent or null nodeIds are filed under undefined, as the response reader does
      const key = typeof nodeId === 'string' ? nodeId : undefined;
      const u = this.unknown.get(key);
      if (u === undefined) this.unknown.set(key, { count: 1, firstIndex: i });
      else u.count++;
      return -1;
    }
    if (this.epoch !== undefined && this.epoch.active[x] !== 1) {
      this.invalid.note(x, 1, i);
      return -1;
    }
    return x;
  }

  /** The `unknown_node` error for the first record set aside, or with `exclude` the exclusions. */
  exclusions(fn: string, ids: readonly string[], exclude: boolean, noun: string): Exclusion[] {
    const excluded = unknownExclusions(fn, this.unknown, exclude, noun);
    excluded.push(...this.invalid.exclusions(fn, ids, exclude, false, noun));
    return excluded;
  }
}
