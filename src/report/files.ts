// File names of the pack's pages: safe on every file system for any unit id.

/** FNV-1a 32-bit hash of the string's UTF-16 code units, as 8 hex digits. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Lower-case ASCII letters and digits of `s` (accents dropped), other runs as one `-`, ≤ 32. */
function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 32)
    .replace(/^-+|-+$/g, '');
}

/**
 * @internal A page file name for each unit id, in the order given: `index.html` for `rootId`
 * (when given), else `<slug>-<hash>.html`, where the slug keeps the id's ASCII letters and
 * digits (lower case) and the hash is FNV-1a of the whole id. The names use only `a-z 0-9 - .`
 * (no separators, no reserved device names such as `con`, nothing case can confuse), so they
 * are safe on any file system; names that would still coincide (a hash collision) get `-2`,
 * `-3`… in order.
 */
export function pageNames(
  ids: readonly string[],
  rootId: string | null,
  reserved: readonly string[],
): Map<string, string> {
  const taken = new Set<string>(reserved);
  const out = new Map<string, string>();
  for (const id of ids) {
    if (out.has(id)) continue;
    if (id === rootId) {
      out.set(id, 'index.html');
      continue;
    }
    const s = slug(id);
    const stem = `${s === '' ? 'unit' : s}-${fnv1a(id)}`;
    let name = `${stem}.html`;
    for (let k = 2; taken.has(name); k++) name = `${stem}-${String(k)}.html`;
    taken.add(name);
    out.set(id, name);
  }
  return out;
}
