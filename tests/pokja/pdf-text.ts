/**
 * Minimal text extraction from the PDFs Chromium writes (`page.pdf()`), so that tests can read a
 * printed brief without poppler: objects are found by `N 0 obj`, Flate streams inflated, each
 * font's ToUnicode CMap applied to the hex strings of Tj/TJ. Enough for Skia's output (Type0
 * fonts, Identity-H, no object streams); not a general PDF parser.
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const src = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+)\s+0\s+obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const start = m.index + m[0].length;
    const end = src.indexOf('endobj', start);
    const body = src.slice(start, end);
    const s = body.search(/stream\r?\n/);
    if (s < 0) {
      out.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dataStart = body.indexOf('\n', s) + 1;
    const dataEnd = body.lastIndexOf('endstream');
    let raw = Buffer.from(body.slice(dataStart, dataEnd), 'latin1');
    const dict = body.slice(0, s);
    if (/\/FlateDecode/.test(dict)) {
      try {
        raw = inflateSync(raw);
      } catch {
        raw = Buffer.alloc(0); // images and fonts we do not need may use other encodings
      }
    }
    out.set(Number(m[1]), { dict, stream: raw });
    re.lastIndex = end;
  }
  return out;
}

function hexToString(hex: string): string {
  let s = '';
  for (let i = 0; i + 4 <= hex.length; i += 4)
    s += String.fromCodePoint(parseInt(hex.slice(i, i + 4), 16));
  return s;
}

/** A ToUnicode CMap: source code (hex, upper case) → text. */
function parseCMap(text: string): { map: Map<string, string>; width: number } {
  const map = new Map<string, string>();
  let width = 4;
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const pair of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      width = pair[1]!.length;
      map.set(pair[1]!.toUpperCase(), hexToString(pair[2]!));
    }
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const r of block[1]!.matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g,
    )) {
      const lo = parseInt(r[1]!, 16);
      const hi = parseInt(r[2]!, 16);
      width = r[1]!.length;
      const list = r[3]!.startsWith('[')
        ? [...r[3]!.matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => x[1]!)
        : null;
      const base = list ? 0 : parseInt(r[3]!.slice(1, -1), 16);
      for (let c = lo; c <= hi; c++) {
        const key = c.toString(16).toUpperCase().padStart(width, '0');
        map.set(key, list ? hexToString(list[c - lo] ?? '') : String.fromCodePoint(base + c - lo));
      }
    }
  }
  return { map, width };
}

function refs(text: string): Map<string, number> {
  return new Map(
    [...text.matchAll(/\/([^\s/<>[\]()]+)\s+(\d+)\s+0\s+R/g)].map((m) => [m[1]!, Number(m[2])]),
  );
}

/** The value of `/key` in a dictionary: an inline `<< … >>` (nesting respected) or a reference. */
function dictOf(objs: Map<number, PdfObject>, dict: string, key: string): string {
  const at = new RegExp(`/${key}\\s*(<<|\\d+\\s+0\\s+R)`).exec(dict);
  if (!at) return '';
  if (at[1] !== '<<') return objs.get(parseInt(at[1]!, 10))?.dict ?? '';
  let depth = 0;
  const from = at.index + at[0].length - 2;
  for (let i = from; i < dict.length - 1; i++) {
    const two = dict.slice(i, i + 2);
    if (two === '<<') {
      depth++;
      i++;
    } else if (two === '>>') {
      depth--;
      if (depth === 0) return dict.slice(from + 2, i);
      i++;
    }
  }
  return dict.slice(from + 2);
}

/** The text of every page, runs separated by spaces, whitespace collapsed. */
export function pdfPages(pdf: Buffer): string[] {
  const objs = objects(pdf);
  const pages = [...objs.values()].filter((o) => /\/Type\s*\/Page(?![a-zA-Z])/.test(o.dict));
  return pages.map((page) => {
    const resources = dictOf(objs, page.dict, 'Resources') || page.dict;
    const fonts = new Map<string, { map: Map<string, string>; width: number }>();
    for (const [name, num] of refs(dictOf(objs, resources, 'Font'))) {
      const tu = /\/ToUnicode\s+(\d+)\s+0\s+R/.exec(objs.get(num)?.dict ?? '');
      const cmap = tu ? objs.get(Number(tu[1]))?.stream : null;
      if (cmap) fonts.set(name, parseCMap(cmap.toString('latin1')));
    }
    const contentRefs = /\/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)/.exec(page.dict)?.[1] ?? '';
    const content = [...contentRefs.matchAll(/(\d+)\s+0\s+R/g)]
      .map((m) => objs.get(Number(m[1]))?.stream?.toString('latin1') ?? '')
      .join('\n');
    return decodeContent(content, fonts);
  });
}

function decodeContent(
  content: string,
  fonts: Map<string, { map: Map<string, string>; width: number }>,
): string {
  let font: { map: Map<string, string>; width: number } | undefined;
  const runs: string[] = [];
  const token =
    /\/([^\s/<>[\]()]+)\s+[\d.]+\s+Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9A-Fa-f\s]*)>\s*Tj/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(content))) {
    if (m[1] !== undefined) font = fonts.get(m[1]);
    else {
      const hexes =
        m[2] !== undefined ? [...m[2].matchAll(/<([0-9A-Fa-f\s]*)>/g)].map((x) => x[1]!) : [m[3]!];
      runs.push(hexes.map((h) => decodeHex(h.replace(/\s+/g, ''), font)).join(''));
    }
  }
  return runs.join(' ').replace(/\s+/g, ' ').trim();
}

function decodeHex(hex: string, font: { map: Map<string, string>; width: number } | undefined) {
  if (!font) return '';
  let s = '';
  for (let i = 0; i + font.width <= hex.length; i += font.width) {
    s += font.map.get(hex.slice(i, i + font.width).toUpperCase()) ?? '';
  }
  return s;
}

/**
 * Text for comparisons without spaces (a styled word is its own run in the PDF, so the space
 * between runs is not reliable) and without ligatures (fonts draw "fi" as one glyph, U+FB01).
 */
export function compact(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}
