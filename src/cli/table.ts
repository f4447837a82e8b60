/**
 * Reading a survey export into a table of text (or JSON) cells: CSV through csv-parse (quoted
 * fields, embedded delimiters and newlines, a byte-order mark, the delimiter sniffed from the
 * header line among comma, semicolon and tab) or JSON (an array of objects, or JSON Lines).
 */
import { parse } from 'csv-parse';
import { CliError } from './errors.ts';

/** A parsed export: the column names and one record (cells in column order) per data row. */
export interface Table {
  /** What the file was read as, for the report's first line. */
  readonly format: 'csv' | 'json' | 'jsonl' | 'parquet';
  /** The CSV delimiter (`null` for JSON). */
  readonly delimiter: ',' | ';' | '\t' | null;
  readonly columns: readonly string[];
  /** Cells in column order: strings from CSV; any JSON value (absent = `undefined`) from JSON. */
  readonly records: readonly (readonly unknown[])[];
  /**
   * Where each record starts: the line number (CSV, JSON Lines) or element number (JSON; the row
   * number in Parquet; from 1).
   */
  readonly lines: readonly number[];
  /** Rows that could not be read as records (wrong number of fields), by line number. */
  readonly malformed: readonly { readonly line: number; readonly reason: string }[];
}

/** Reports how far the reading has come, as a fraction in [0, 1]. */
export type ProgressFn = (fraction: number) => void;

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * The delimiter of a CSV header line: whichever of comma, semicolon and tab occurs most often
 * outside double quotes (a comma on a tie or when none occurs).
 */
export function sniffDelimiter(text: string): ',' | ';' | '\t' {
  const counts = [0, 0, 0];
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted) {
      const k = DELIMITERS.indexOf(ch as ',' | ';' | '\t');
      if (k >= 0) counts[k] = (counts[k] ?? 0) + 1;
    }
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++) if ((counts[k] ?? 0) > (counts[best] ?? 0)) best = k;
  return DELIMITERS[best] ?? ',';
}

/** Decode UTF-8 bytes (a byte-order mark is dropped); anything else is a clear error. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CliError(
      'data',
      `${file} is not UTF-8 text; save it as UTF-8 (with or without a byte-order mark) and try again`,
    );
  }
}

/** Which reader a file needs: by extension, else by its first character. */
export function formatOf(file: string, text: string): 'csv' | 'json' | 'jsonl' {
  const lower = file.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return text.trimStart().startsWith('[') ? 'json' : 'jsonl';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) return 'csv';
  const first = text.trimStart()[0];
  return first === '[' ? 'json' : first === '{' ? 'jsonl' : 'csv';
}

/** Refuse a header without columns or with one name twice. */
function checkColumns(columns: readonly string[], file: string): void {
  if (columns.length === 0 || (columns.length === 1 && columns[0] === '')) {
    throw new CliError('data', `${file} has no header line with column names`);
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) {
      throw new CliError(
        'data',
        `${file} has the column ${JSON.stringify(c)} twice in its header; give each column its own name`,
      );
    }
    seen.add(c);
  }
}

const CHUNK = 1 << 20;

/** Number of line breaks inside a record's fields (a quoted field may span lines). */
function breaksIn(record: readonly string[]): number {
  let n = 0;
  for (const field of record) {
    for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/**
 * Parse CSV text (already decoded; a leading byte-order mark is ignored). Records with a number
 * of fields other than the header's are set aside in `malformed` with their line; broken
 * quoting stops the reading (everything after it would be misread) with the line number.
 */
export async function readCsv(text: string, file: string, progress?: ProgressFn): Promise<Table> {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = sniffDelimiter(body);
  const parser = parse({
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
  });
  // Filled by the parser's callbacks: the header, and the error that stopped it.
  const state: { columns: string[] | null; failure: unknown } = { columns: null, failure: null };
  const records: string[][] = [];
  const lines: number[] = [];
  const malformed: { line: number; reason: string }[] = [];
  // The parser's live `info` when a record is emitted (synchronously) is that record's: cheaper
  // than `info: true`, which copies it into every record (twice the parsing time).
  parser.on('data', (record: string[]) => {
    const line = parser.info.lines - breaksIn(record);
    const columns = state.columns;
    if (columns === null) {
      state.columns = record;
      return;
    }
    if (record.length !== columns.length) {
      malformed.push({
        line,
        reason: `row whose number of fields differs from the header's ${String(columns.length)}`,
      });
      return;
    }
    records.push(record);
    lines.push(line);
  });
  const ended = new Promise<void>((resolve) => {
    parser.on('error', (e: unknown) => {
      state.failure = e;
      resolve();
    });
    parser.on('end', resolve);
  });
  for (let at = 0; at < body.length && state.failure === null; at += CHUNK) {
    parser.write(body.slice(at, at + CHUNK));
    progress?.(Math.min(1, (at + CHUNK) / body.length));
    // Let the progress bar draw between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (state.failure === null) parser.end();
  await ended;
  const failure = state.failure;
  if (failure !== null) {
    const lines = (failure as { lines?: unknown }).lines;
    const where = typeof lines === 'number' ? ` at line ${String(lines)}` : '';
    const what = failure instanceof Error ? failure.message.split(':')[0] : 'unreadable CSV';
    throw new CliError(
      'data',
      `${file} cannot be read as CSV${where} (${what ?? 'unreadable CSV'}); check the quotes on that line`,
    );
  }
  const header = state.columns;
  if (header === null) throw new CliError('data', `${file} is empty: it has no header line`);
  checkColumns(header, file);
  return { format: 'csv', delimiter, columns: header, records, lines, malformed };
}

/** Parse JSON text: an array of objects, or JSON Lines (one object per line, blank lines skipped). */
export function readJson(text: string, file: string, format: 'json' | 'jsonl'): Table {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const objects: unknown[] = [];
  const lines: number[] = [];
  const parseOne = (source: string, where: string): unknown => {
    try {
      return JSON.parse(source) as unknown;
    } catch (e) {
      throw new CliError(
        'data',
        `${file} is not valid JSON${where} (${e instanceof Error ? e.message : String(e)})`,
      );
    }
  };
  if (format === 'json') {
    const value = parseOne(body, '');
    if (!Array.isArray(value)) {
      throw new CliError(
        'data',
        `${file} must hold a JSON array of row objects (or one object per line, JSON Lines)`,
      );
    }
    value.forEach((v: unknown, i) => {
      objects.push(v);
      lines.push(i + 1);
    });
  } else {
    const split = body.split('\n');
    for (let i = 0; i < split.length; i++) {
      const source = (split[i] ?? '').trim();
      if (source === '') continue;
      objects.push(parseOne(source, ` at line ${String(i + 1)}`));
      lines.push(i + 1);
    }
  }
  const columnIndex = new Map<string, number>();
  const malformed: { line: number; reason: string }[] = [];
  const kept: Record<string, unknown>[] = [];
  const keptLines: number[] = [];
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i];
    if (typeof o !== 'object' || o === null || Array.isArray(o)) {
      malformed.push({ line: lines[i] ?? 0, reason: 'not an object' });
      continue;
    }
    for (const key of Object.keys(o))
      if (!columnIndex.has(key)) columnIndex.set(key, columnIndex.size);
    kept.push(o as Record<string, unknown>);
    keptLines.push(lines[i] ?? 0);
  }
  const columns = [...columnIndex.keys()];
  if (columns.length === 0) throw new CliError('data', `${file} holds no row objects with fields`);
  const records = kept.map((o) => columns.map((c) => (Object.hasOwn(o, c) ? o[c] : undefined)));
  return { format, delimiter: null, columns, records, lines: keptLines, malformed };
}

/** Whether bytes are a Parquet file: the magic `PAR1` at both ends. */
export function isParquet(bytes: Uint8Array): boolean {
  const magic = [0x50, 0x41, 0x52, 0x31];
  const n = bytes.length;
  return n >= 8 && magic.every((b, i) => bytes[i] === b && bytes[n - 4 + i] === b);
}

/**
 * A Parquet cell as the other readers give cells: a timestamp as epoch milliseconds, a 64-bit
 * integer as a number (as text when beyond 2^53 − 1, so it is never silently rounded), other
 * values as they are.
 */
function parquetCell(v: unknown): unknown {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'bigint')
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(v)
      : v.toString();
  return v;
}

/**
 * Read a Parquet file (hyparquet, pure JavaScript, loaded only for Parquet files): its top-level
 * columns and one record per row, numbered from 1.
 */
export async function readParquet(bytes: Uint8Array, file: string): Promise<Table> {
  const { parquetMetadata, parquetReadObjects } = await import('hyparquet');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  let columns: string[];
  let rows: Record<string, unknown>[];
  try {
    const meta = parquetMetadata(buffer as ArrayBuffer);
    // the schema's first element is the root; its children are the top-level columns
    const rootChildren = meta.schema[0]?.num_children ?? 0;
    columns = [];
    let i = 1;
    for (let k = 0; k < rootChildren; k++) {
      const el = meta.schema[i];
      if (el === undefined) break;
      columns.push(el.name);
      // skip a nested column's descendants
      let skip = el.num_children ?? 0;
      i++;
      while (skip > 0) {
        skip += (meta.schema[i]?.num_children ?? 0) - 1;
        i++;
      }
    }
    rows = await parquetReadObjects({ file: buffer as ArrayBuffer });
  } catch (e) {
    throw new CliError(
      'data',
      `${file} looks like Parquet but cannot be read: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  return {
    format: 'parquet',
    delimiter: null,
    columns,
    records: rows.map((r) => columns.map((c) => parquetCell(r[c]))),
    lines: rows.map((_, k) => k + 1),
    malformed: [],
  };
}
