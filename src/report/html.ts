// HTML building blocks of the report pack: escaping and a few elements. Every text that reaches
// a page goes through `text` or `attr`; markup is only ever built here from escaped parts.

/** Markup that is already safe to place in a page (built by the helpers of this module). */
export interface Html {
  readonly html: string;
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * @internal Text escaped for an HTML text node or a quoted attribute value: `& < > " '` become
 * character references, and characters HTML forbids in a document (NUL, other C0 and C1
 * controls than tab, line feed and carriage return, lone surrogates, noncharacters) become
 * U+FFFD, so a name holding any of them still yields a valid page.
 */
export function escapeText(s: string): string {
  return s
    .replace(/[&<>"']/g, (c) => TEXT_ESCAPES[c] ?? c)
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters replaced
      // eslint-disable-next-line no-control-regex -- these are the characters replaced
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    );
}

/** @internal Markup trusted as is (the pack's own fixed markup, a rendered SVG). */
export function raw(html: string): Html {
  return { html };
}

/** @internal Parts joined into one piece of markup (strings are escaped). */
export function join(parts: readonly (Html | string | null)[], sep = ''): Html {
  return {
    html: parts
      .filter((p): p is Html | string => p !== null)
      .map((p) => (typeof p === 'string' ? escapeText(p) : p.html))
      .join(sep),
  };
}

/** Attribute values by name (`null`/`false` leaves the attribute out, `true` writes it bare). */
export type Attrs = Readonly<Record<string, string | boolean | null>>;

/**
 * @internal An element `<tag attrs>children</tag>`; attribute values and string children are
 * escaped. Tag and attribute names are the pack's own constants, never user data.
 */
export function el(
  tag: string,
  attrs: Attrs | null,
  ...children: readonly (Html | string | null)[]
): Html {
  let open = `<${tag}`;
  if (attrs !== null) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === false) continue;
      open += value === true ? ` ${name}` : ` ${name}="${escapeText(value)}"`;
    }
  }
  return { html: `${open}>${join(children).html}</${tag}>` };
}
