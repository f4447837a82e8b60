// Small structural checks of the pack's HTML strings (no parser dependency): tags balance,
// hrefs, elements with an attribute.

const VOID = new Set(['meta', 'br', 'img', 'input', 'link', 'hr', 'wbr', 'source', 'col']);

/** The problems of a page's tag structure: unbalanced or unexpected tags, stray `<`. */
export function tagProblems(html: string): string[] {
  const problems: string[] = [];
  if (!html.startsWith('<!DOCTYPE html>\n')) problems.push('no doctype');
  const body = html
    .replace(/^<!DOCTYPE html>\n/, '')
    .replace(/<style>[^<]*<\/style>/g, '<style></style>');
  const stack: string[] = [];
  const tag =
    /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<]*")?)*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    const between = body.slice(last, m.index);
    if (/[<>]/.test(between)) problems.push(`stray < or > in text: ${between.slice(0, 60)}`);
    last = tag.lastIndex;
    const [, close, name = '', , selfClose] = m;
    const lower = name.toLowerCase();
    if (selfClose === '/' || (close === '' && VOID.has(lower))) continue;
    if (close === '') stack.push(lower);
    else if (stack.pop() !== lower) problems.push(`unbalanced </${lower}>`);
  }
  if (/[<>]/.test(body.slice(last).trim())) problems.push('stray < or > at the end');
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
}

/** Every href value of a page, unescaped. */
export function hrefs(html: string): string[] {
  return [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
}

/** How many elements carry the attribute `name`. */
export function countAttr(html: string, name: string): number {
  return [...html.matchAll(new RegExp(`\\s${name}(?:="[^"]*")?[\\s>]`, 'g'))].length;
}
