import type * as z from 'zod/mini';
import { NpsInputError, type NpsInputErrorCode } from '../errors.ts';
import { describe, describe as describeValue } from './describe.ts';
import { closest } from './suggest.ts';

/** One zod issue, with the fields npskit reads (zod/mini leaves `message` generic). */
interface ZodIssueLike {
  readonly code?: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: string;
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly values?: readonly unknown[];
  readonly keys?: readonly string[];
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: 'an object',
  number: 'a finite number',
  int: 'an integer',
  string: 'a string',
  boolean: 'a boolean',
  array: 'an array',
  tuple: 'an array',
  date: 'a Date',
  function: 'a function',
};

/** "must be …" wording of a zod issue, or `null` when only its own message says what is wrong. */
function expectation(issue: ZodIssueLike): string | null {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === undefined
        ? null
        : (TYPE_NAMES[issue.expected] ?? `of type ${issue.expected}`);
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = String(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'array') {
        return `an array of ${small ? 'at least' : 'at most'} ${bound} items`;
      }
      const op = small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
      return `a number ${op} ${bound}`;
    }
    case 'invalid_value':
      return issue.values === undefined
        ? null
        : `one of ${issue.values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')}`;
    case 'unrecognized_keys':
      return `an object without the unknown key${issue.keys?.length === 1 ? '' : 's'} ${(issue.keys ?? []).map((k) => JSON.stringify(k)).join(', ')}`;
    default:
      return null;
  }
}

/** The value at `path` inside `root`, or `undefined` when the path leaves the data. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** The first enumerable property of `Object.prototype` (put there by other code), if any. */
function pollutedKey(): string | undefined {
  // for-in is the point: it lists the enumerable properties every plain object inherits.
  for (const key in Object.prototype) return key;
  return undefined;
}

/**
 * @internal Throw `invalid_option` when `Object.prototype` carries an enumerable property: every
 * options object would inherit it (a strict schema sees an unknown key, `options.x` reads it),
 * and zod cannot even build a schema class first built under it (a raw TypeError inside zod).
 */
export function checkPrototype(fn: string): void {
  const key = pollutedKey();
  if (key === undefined) return;
  throw new NpsInputError({
    code: 'invalid_option',
    message: `${fn}: Object.prototype has the enumerable property ${JSON.stringify(key)} (set by other code), which every options object inherits, so no options can be read reliably; delete Object.prototype[${JSON.stringify(key)}] or define it with enumerable: false`,
    path: [key],
    received: key,
  });
}

/**
 * Parse `value` with a zod/mini schema at the public boundary; on failure throw an
 * {@link NpsInputError} carrying the zod issues, the first issue's path, and a readable message
 * `fn: what.path must be X, received Y` (zod/mini's own messages are a bare "Invalid input",
 * so the wording is built from the issue's code and bounds; refinements keep their message).
 */
export function parseWith<T extends z.ZodMiniType>(
  schema: T,
  value: unknown,
  fn: string,
  what: string,
  code: NpsInputErrorCode = 'invalid_option',
): z.output<T> {
  checkPrototype(fn);
  const result = (() => {
    try {
      return schema.safeParse(value);
    } catch (e) {
      // A value zod cannot even read (a throwing getter, a revoked Proxy): typed, never raw.
      if (e instanceof NpsInputError) throw e;
      throw new NpsInputError({
        code,
        message: `${fn}: ${what} could not be read (${e instanceof Error ? e.message : String(e)}), received ${describeValue(value)}`,
        path: [],
        received: value,
        cause: e,
      });
    }
  })();
  if (result.success) return result.data;
  const raw = result.error.issues as unknown as readonly ZodIssueLike[];
  const issues = raw.map((i) => ({ path: i.path, message: i.message }));
  const first = raw[0];
  const path = first?.path ?? [];
  const at = path.map(String).join('.');
  // 'options' + ['confidence'] reads options.confidence; 'the scheme' + ['scale'] the scheme at scale
  const subject =
    path.length === 0 ? what : /^\w+$/.test(what) ? `${what}.${at}` : `${what} at ${at}`;
  const received = describeValue(valueAt(value, path));
  const must = first === undefined ? null : withSuggestion(expectation(first), first, schema);
  const message =
    must !== null
      ? `${fn}: ${subject} must be ${must}, received ${received}`
      : `${fn}: ${subject} is invalid: ${first?.message ?? 'unknown problem'}, received ${received}`;
  throw new NpsInputError({
    code,
    message,
    path,
    received: value,
    issues,
    cause: result.error,
  });
}

/** @internal `true` when `A` and `B` are the same type (compared without distributing), else `never`. */
type AssertEqual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;

/** @internal What {@link exactKeys} demands of a schema: nothing when its keys are right, else a readable mismatch. */
type KeysGuard<S extends z.ZodMiniType, T> = [AssertEqual<keyof z.output<S>, keyof T>] extends [
  never,
]
  ? {
      readonly missingFromSchema: Exclude<keyof T, keyof z.output<S>>;
      readonly notInOptions: Exclude<keyof z.output<S>, keyof T>;
    }
  : unknown;

/**
 * @internal The identity on an option schema, checked at compile time: its parsed keys must be
 * exactly the keys of the options interface `T`, so that a strict schema rejects only misspelt
 * keys and never a documented one. `exactKeys<RollupOptions>()(z.strictObject({ … }))`.
 */
export function exactKeys<T>(): <S extends z.ZodMiniType>(schema: S & KeysGuard<S, T>) => S {
  return (schema) => schema;
}

/**
 * A value built on first use and kept: for option schemas, which cost about 0.2 ms to build and
 * a few microseconds to parse, so a function called in a loop should not rebuild its schema.
 * Nothing runs at import time, so modules stay tree-shakable.
 */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    // (a zod schema class first built under a polluted Object.prototype throws a raw TypeError)
    if (value === undefined) checkPrototype('npskit');
    return (value ??= build());
  };
}

/**
 * @internal Reject an options argument that is not an object (undefined and null mean none),
 * or that has a key other than `known` (a misspelt `wieghts` would otherwise be ignored).
 */
export function checkOptionsObject(fn: string, options: unknown, known: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object') {
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options must be an object, received ${describe(options)}`,
      received: options,
    });
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new NpsInputError({
        code: 'invalid_option',
        message: `${fn}: options must only have the keys ${known.join(', ')}, received an unknown key ${JSON.stringify(key)}`,
        path: [key],
        received: options,
      });
    }
  }
}

/** @internal A copy of `options` without `keys` (to hand the rest to another function's strict schema). */
export function omitKeys<T extends object, K extends keyof T>(
  options: T,
  keys: readonly K[],
): Omit<T, K> {
  const out: Partial<T> = {};
  for (const k of Object.keys(options) as (keyof T)[]) {
    if (!keys.includes(k as K)) out[k] = options[k];
  }
  return out as Omit<T, K>;
}

/** What parseWith reads of a zod schema's definition to find the keys an object knows. */
interface SchemaDefLike {
  readonly _zod?: {
    readonly def?: {
      readonly type?: string;
      readonly shape?: Readonly<Record<string, unknown>>;
      readonly innerType?: unknown;
      readonly element?: unknown;
      readonly valueType?: unknown;
      readonly items?: readonly unknown[];
      readonly in?: unknown;
    };
  };
}

/** The keys of the object schema at `path` inside `schema` (through optionals, arrays, records). */
function knownKeys(schema: unknown, path: readonly PropertyKey[]): string[] {
  let s = schema as SchemaDefLike | undefined;
  const unwrap = () => {
    for (let k = 0; k < 8; k++) {
      const def = s?._zod?.def;
      const inner = def?.innerType ?? (def?.type === 'pipe' ? def.in : undefined);
      if (inner === undefined) return;
      s = inner as SchemaDefLike;
    }
  };
  unwrap();
  for (const key of path) {
    const def = s?._zod?.def;
    s = (
      def?.type === 'object'
        ? def.shape?.[String(key)]
        : def?.type === 'array'
          ? def.element
          : def?.type === 'record'
            ? def.valueType
            : def?.type === 'tuple'
              ? def.items?.[Number(key)]
              : undefined
    ) as SchemaDefLike | undefined;
    unwrap();
  }
  const shape = s?._zod?.def?.shape;
  return shape === undefined ? [] : Object.keys(shape);
}

/** An unrecognized key's "must be" wording with "(did you mean 'timeZone'?)" when one is close. */
function withSuggestion(must: string | null, issue: ZodIssueLike, schema: unknown): string | null {
  if (must === null || issue.code !== 'unrecognized_keys' || issue.keys?.length !== 1) return must;
  const near = closest(issue.keys[0] ?? '', knownKeys(schema, issue.path));
  return near === undefined ? must : `${must} (did you mean '${near}'?)`;
}
