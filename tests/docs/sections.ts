/**
 * The generated sections of docs/: tables written from the definitions the product runs on, so the
 * documentation cannot drift from them. `docs/data-contract.md` gets its feed, column, value and
 * reject tables from etl/feeds.ts, etl/validate.ts and etl/readers.ts; `docs/indicators.md` its
 * indicator table from warehouse/catalogue.json. Each section sits between two HTML comments
 * (`<!-- BEGIN GENERATED name … -->`, `<!-- END GENERATED name -->`); `npm run docs:contract`
 * and `npm run docs:indicators` print them (`-- --write` rewrites the file), and
 * tests/docs/docs.test.ts fails when a file's section differs from what these functions write.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../api/common/paths.js';
import {
  FEEDS,
  HEADER_SYNONYMS,
  normaliseHeader,
  type ColumnSpec,
  type FeedSpec,
  type ValueKind,
} from '../../etl/feeds.js';
import { SUPPORTED_EXTENSIONS } from '../../etl/readers.js';
import { BPS_HEADER, BPS_NO_CROSSWALK, BPS_NOT_IN_CROSSWALK } from '../../etl/crosswalk.js';
import {
  BAND_PROGRAMMES,
  bandText,
  defaultProgrammeRules,
} from '../../warehouse/programme-rules.js';
import { dupColumnOf, REJECT_REASONS, rulesOf, type RejectReason } from '../../etl/validate.js';

export interface GeneratedSection {
  /** Name in the markers. */
  name: string;
  /** Repository-relative path of the document. */
  doc: string;
  /** The npm script that prints (and with `-- --write` writes) it. */
  script: string;
  /** Where the content comes from, for the marker comment. */
  source: string;
  render(): string;
}

const code = (s: string) => `\`${s}\``;
const codes = (values: readonly string[]) => values.map(code).join(', ');
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
function table(header: string[], rows: string[][]): string {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

// ------------------------------------------------------------------ data contract

/**
 * What each value kind accepts: the rules of the `etl_*` macros in etl/validate.ts and of the
 * readers (etl/readers.ts), in words. A new kind does not compile until it is described here.
 */
const KIND_RULES: Record<ValueKind, { accepts: string; otherwise: RejectReason }> = {
  nik: {
    accepts:
      "16 digits; spaces, dots and a leading `'` (Excel text mark) are removed first. The first two digits must be a province code of the national reference. An `.xlsx` number cell is read as its digits (a number of 2^53 or more stays visibly damaged and is rejected); Excel keeps only 15 significant digits of a number, so a NIK stored as a number may have lost its last digit unnoticed: format NIK and no_kk columns as text",
    otherwise: 'NIK_TIDAK_VALID',
  },
  kode_desa: {
    accepts:
      'a desa/kelurahan code of the national reference (idn-area-data, Kemendagri), dotted `62.03.01.1010` or as 10 digits `6203011010`. Any kabupaten/kota of Indonesia is accepted: rows of other areas are loaded and shown as areas outside the served region',
    otherwise: 'KODE_WILAYAH_TIDAK_DIKENAL',
  },
  date: {
    accepts:
      '`YYYY-MM-DD`, `D/M/YYYY` or `D-M-YYYY` (day first); a time after the date is ignored; an `.xlsx` date cell or date serial number. Must be a real calendar day from 1900-01-01 up to the as-of date of the run',
    otherwise: 'TANGGAL_TIDAK_VALID',
  },
  timestamp: {
    accepts:
      '`YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (also with `T`, fractions of a second and a zone `Z` / `+07:00`), or `D/M/YYYY [H:MM[:SS]]`; without a zone the time is WIB; an `.xlsx` date cell. The date must lie between 1900-01-01 and the as-of date',
    otherwise: 'TANGGAL_TIDAK_VALID',
  },
  periode: {
    accepts:
      'a month: `YYYY-MM` (or `YYYY-M`), `YYYYMM`, `MM/YYYY` (or `M/YYYY`); an `.xlsx` date cell or a Parquet `DATE` means its month. From 1900-01 up to the month of the as-of date',
    otherwise: 'TANGGAL_TIDAK_VALID',
  },
  tahun: {
    accepts: 'four digits, from 1900 up to the year of the as-of date',
    otherwise: 'TANGGAL_TIDAK_VALID',
  },
  integer: {
    accepts:
      'a whole number ≥ 0: plain digits `12450`, or with thousands separators `12.450` / `12,450`; a leading `Rp` / `Rp.` is dropped (`Rp 750.000`). Decimals and negative numbers are not accepted',
    otherwise: 'NILAI_TIDAK_DIKENAL',
  },
  enum: {
    accepts:
      "one of the listed codes. The value is trimmed and upper-cased, and every run of spaces, `/` and `-` becomes `_` before it is compared, so `kepala keluarga`, `Kepala-Keluarga` and `KEPALA_KELUARGA` are the same code. Synonyms are normalised the same way, and so are the raw values of an admin's value map (`peta/`), read as the code they are mapped to",
    otherwise: 'NILAI_TIDAK_DIKENAL',
  },
  text: {
    accepts: 'any text (trimmed); only emptiness is checked',
    otherwise: 'KOLOM_WAJIB_KOSONG',
  },
};

/** What each reject reason means for the office that sent the file, and what to fix. */
const REASON_TEXT: Record<RejectReason, string> = {
  KOLOM_TIDAK_ADA:
    'File level (line 0): the header lacks a required column of the feed, or the file is empty. The whole file is not loaded. Fix the header row (names as below; case, spaces, `-` and `_` do not matter) and send the file again',
  BARIS_RUSAK:
    'One line of a CSV cannot be split into the header\'s fields: a quote never closed, text after a closing quote, a `"` inside an unquoted field, more or fewer fields than the header. That line only is rejected (its content is not recorded, only what is wrong and its length) and the lines after it load. Fix the line at the source, or export again with every text field quoted',
  KOLOM_WAJIB_KOSONG:
    'A required column is empty in this row (spaces only count as empty). Fill it in at the source and send the file again (see "Sending again")',
  NIK_TIDAK_VALID:
    'A NIK or no_kk is not 16 digits with a known province code: too short, in scientific notation (`6,20306E+15`, Excel turned it into a number), letters. Format the column as text in Excel and export again',
  KODE_WILAYAH_TIDAK_DIKENAL:
    'The kode_desa is not a desa/kelurahan code of the national reference (typo, an old code, a kecamatan code). Use the Kemendagri code of the desa',
  TANGGAL_TIDAK_VALID:
    'A date, timestamp, periode or tahun cannot be read, is not a real day (30 February), lies before 1900 or after the as-of date; or (rujukan) a SELESAI / DITOLAK complaint has no tanggal_selesai or one before tanggal_keluhan',
  NILAI_TIDAK_DIKENAL:
    'A coded value is not one of the listed codes or synonyms (`KELAS 3`, `DINAS LAIN`, `PROSES`), or a number cannot be read. Map the value to a code of this page',
  DUPLIKAT:
    'The row repeats the key of an earlier valid row of the same run (files in name order, then line): the first one is loaded, the later ones are rejected. Remove the duplicate or correct the key',
  BERKAS_RUSAK:
    'File level (line 0): the file cannot be read at all (damaged `.xlsx`, binary data in a `.csv`, a first line over 1 MB without a line end, an unsupported extension). The whole file is not loaded. Export it again as `.csv`, `.xlsx` or `.parquet`. Also: a link that leads outside the inbox, or a file that vanished while it was read',
  BERKAS_TERLALU_BESAR:
    'File level (line 0): an `.xlsx` would cost more than the limits allow (unpacked size, shared strings, rows, cells or reading time, `ETL_XLSX_MAX_*`). The whole file is not loaded and moves to the archive; the other files load. Export it as `.csv` (streamed, no such limit) or split it',
};

function partitionText(spec: FeedSpec): string {
  const p = spec.partition;
  switch (p.by) {
    case 'slice':
      return p.columns.length
        ? `per ${[...p.columns.map(code), 'kabupaten/kota'].join(' + ')}: a run that brings rows of a ${p.columns.join(' + ')} replaces what is stored for it in the kabupaten/kota of those rows (first two segments of ${code('kode_desa')}); other kabupaten's rows stay`
        : `per kabupaten/kota: the latest run that brings rows of a kabupaten/kota (first two segments of ${code('kode_desa')}) replaces its register; other kabupaten's rows stay`;
    case 'run':
      return 'never replaced: every run adds its rows as versions; per id_rujukan the latest version counts (newest diperbarui_pada, then the later run, file and line)';
  }
}

function keyText(spec: FeedSpec): string {
  return spec.key ? spec.key.map(code).join(' + ') : 'none (every row is a version)';
}

function valuesCell(col: ColumnSpec): string {
  if (col.kind !== 'enum') return '';
  const parts = [codes(col.values ?? [])];
  const synonyms = Object.entries(col.synonyms ?? {});
  if (synonyms.length)
    parts.push(
      `synonyms: ${synonyms.map(([from, to]) => `${code(from)} → ${code(to)}`).join(', ')}`,
    );
  return parts.join('; ');
}

function emptyCell(spec: FeedSpec, col: ColumnSpec): string {
  if (col.required) return 'rejected (`KOLOM_WAJIB_KOSONG`)';
  if (spec.name === 'rujukan' && col.name === 'tanggal_selesai')
    return 'allowed on an open status (the value is then ignored and stored empty); on `SELESAI` or `DITOLAK` required, a date ≥ tanggal_keluhan, else `TANGGAL_TIDAK_VALID`';
  if (col.emptyAs) return `read as ${code(col.emptyAs)}`;
  return 'unknown (stored empty)';
}

function feedTable(spec: FeedSpec): string {
  return table(
    ['column', 'required', 'kind', 'codes', 'when empty'],
    spec.columns.map((c) => [
      code(c.name),
      c.required ? 'yes' : c.headerRequired ? 'column yes, value may be empty' : 'no',
      c.kind,
      valuesCell(c),
      emptyCell(spec, c),
    ]),
  );
}

/** The checks of a feed in the order they decide a row's reason (etl/validate.ts rulesOf). */
function checkOrder(spec: FeedSpec): string {
  const byReason = new Map<string, string[]>();
  for (const rule of rulesOf(spec)) {
    const columns = byReason.get(rule.reason) ?? [];
    columns.push(rule.column);
    byReason.set(rule.reason, columns);
  }
  const steps = [...byReason].map(([reason, columns]) => `${code(reason)} (${columns.join(', ')})`);
  if (spec.key)
    steps.push(`${code('DUPLIKAT')} (key ${spec.key.join(' + ')}, named ${dupColumnOf(spec)})`);
  return steps.join(' → ');
}

export function renderContract(): string {
  const out: string[] = [];
  out.push('### Feeds and folders', '');
  out.push(
    table(
      [
        'feed',
        'inbox folder',
        'required columns',
        'optional columns',
        'key (DUPLIKAT)',
        'stored snapshot',
      ],
      FEEDS.map((f) => [
        f.name === f.feed ? f.name : `${f.feed} (${f.name.slice(f.feed.length + 1)})`,
        code(`inbox/${f.feed}/`),
        f.columns
          .filter((c) => c.required || c.headerRequired)
          .map((c) => c.name)
          .join(', '),
        f.columns
          .filter((c) => !c.required && !c.headerRequired)
          .map((c) => c.name)
          .join(', ') || '–',
        keyText(f),
        partitionText(f),
      ]),
    ),
  );
  out.push('', `Accepted file types: ${codes(SUPPORTED_EXTENSIONS)}.`, '');
  out.push('### Header matching', '');
  out.push(
    "A header cell names a contract column when it equals the column name after this normalisation: a leading byte-order mark is dropped, the text is trimmed and lower-cased, and every run of spaces, `-`, `_`, `/` and `.` becomes one `_`. The headers of real exports (below) are read too; the contract's own name wins over such a synonym, else the leftmost cell. An admin's column map (`peta/`, etl/mappings.ts: the file's header that holds a contract column, per feed) comes between the two: the contract's own name still wins, the mapped header wins over a synonym. Columns the contract does not list (names, addresses, complaint texts) are never read.",
    '',
  );
  const examples = [
    'Kode Desa',
    'KODE_DESA',
    'kode-desa',
    ' Tanggal  Lahir ',
    'NO-KK',
    'Tgl.Lahir',
  ];
  out.push(
    table(
      ['header cell', 'read as'],
      examples.map((e) => [code(e), code(normaliseHeader(e))]),
    ),
  );
  out.push('', 'Headers of real exports (SIKS-NG, DTSEN) read as contract columns:', '');
  const synonyms: string[][] = [
    ...Object.entries(HEADER_SYNONYMS).map(([column, headers]) => [
      code(column),
      'every feed',
      codes(headers),
    ]),
    ...FEEDS.flatMap((f) =>
      f.columns
        .filter((c) => c.headers?.length)
        .map((c) => [code(c.name), `${f.feed} only`, codes(c.headers ?? [])]),
    ),
  ];
  out.push(table(['contract column', 'where', 'also accepted'], synonyms));
  out.push(
    '',
    `A file without a \`kode_desa\` column may give its desa as **BPS codes** in a column headed ${code(BPS_HEADER)} (after the normalisation above, e.g. \`KODE_DESA_BPS\`; no other header is read as one). BPS numbers desa with 10 digits and kecamatan with 7; they are not Kemendagri codes and can equal an undotted Kemendagri code of another desa, so a BPS code is never read as kode_desa: it goes through the crosswalk the admin loads (on the Data page, or \`npm run etl -- --data DIR --crosswalk FILE\`; see [docs/registry.md](registry.md), "Area by BPS code"). A code the crosswalk lacks, or every code while no crosswalk is loaded, is rejected \`KODE_WILAYAH_TIDAK_DIKENAL\` with the value \`BPS 620301**** ${BPS_NOT_IN_CROSSWALK}\` / \`BPS 620301**** ${BPS_NO_CROSSWALK}\` (masked like every reject value); the dry run lists those codes (\`unknown_bps\`) and says whether a crosswalk is loaded.`,
  );
  out.push(
    '',
    'A file of a feed with a `periode` column that has no such column takes the periode from its path below the feed folder: the first token (split on `_ - / .`, a `YYYY-MM` counted whole) of six digits or of the form `YYYY-MM` with a month 01–12, folders before the file name (`dtsen/2026-09/keluarga.csv`, `keluarga_dtsen_v3_202609.csv`). A file with neither is rejected whole (`KOLOM_TIDAK_ADA`, column periode). Files in one level of subfolders of a feed folder are read; a folder named `gabung` does not count as a level, and its files are merged into the stored slices instead of replacing them (see "Sending again"). The `gabung` folder names no periode.',
  );
  out.push('', '### Value kinds', '');
  out.push(
    table(
      ['kind', 'accepted', 'otherwise'],
      (Object.keys(KIND_RULES) as ValueKind[]).map((k) => [
        k,
        KIND_RULES[k].accepts,
        code(KIND_RULES[k].otherwise),
      ]),
    ),
  );
  for (const spec of FEEDS) {
    out.push(
      '',
      `### ${spec.name === spec.feed ? spec.name : `${spec.feed}: ${spec.name.slice(spec.feed.length + 1)} files`}`,
      '',
    );
    out.push(feedTable(spec));
    out.push('', `Checks in order: ${checkOrder(spec)}.`);
  }
  out.push('', '### Reject reasons', '');
  out.push(
    table(
      ['reason', 'meaning and what to fix'],
      REJECT_REASONS.map((r) => [code(r), REASON_TEXT[r]]),
    ),
  );
  return out.join('\n');
}

// ------------------------------------------------------------------ indicators

export interface CatalogueEntry {
  id: string;
  label_id: string;
  label_en: string;
  unit: 'count' | 'percent' | 'days' | 'rupiah';
  direction: 'higher_better' | 'lower_better';
  default_target: number | null;
  category: string;
  description_id: string;
  description_en: string;
  sort_order: number;
  feeds: string[];
}

export function readCatalogue(): CatalogueEntry[] {
  const file = path.join(repoRoot, 'warehouse', 'catalogue.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as CatalogueEntry[]).sort(
    (a, b) => a.sort_order - b.sort_order,
  );
}

const UNIT_TEXT: Record<CatalogueEntry['unit'], string> = {
  count: 'count',
  percent: '%',
  days: 'days',
  rupiah: 'Rp / year',
};

/** A label with its band placeholders (`{pbi_jk}`) as the default rules render them. */
function withDefaultBands(text: string, lang: 'id' | 'en'): string {
  const rules = defaultProgrammeRules();
  return BAND_PROGRAMMES.reduce(
    (out, p) => out.replaceAll(`{${p}}`, bandText(rules[p].desil_maks, lang)),
    text,
  );
}

export function renderIndicators(): string {
  const entries = readCatalogue();
  return table(
    ['id', 'label (id)', 'label (en)', 'unit', 'better', 'default target', 'category', 'feeds'],
    entries.map((e) => [
      code(e.id),
      withDefaultBands(e.label_id, 'id'),
      withDefaultBands(e.label_en, 'en'),
      UNIT_TEXT[e.unit],
      e.direction === 'higher_better' ? 'higher' : 'lower',
      e.default_target === null ? '–' : String(e.default_target),
      e.category,
      e.feeds.join(', '),
    ]),
  );
}

// ------------------------------------------------------------------ sections in files

export const SECTIONS: readonly GeneratedSection[] = [
  {
    name: 'contract',
    doc: 'docs/data-contract.md',
    script: 'npm run docs:contract',
    source: 'etl/feeds.ts, etl/validate.ts, etl/readers.ts',
    render: renderContract,
  },
  {
    name: 'indicators',
    doc: 'docs/indicators.md',
    script: 'npm run docs:indicators',
    source: 'warehouse/catalogue.json',
    render: renderIndicators,
  },
];

function markers(section: GeneratedSection): { begin: string; end: string } {
  return {
    begin: `<!-- BEGIN GENERATED ${section.name}: written by \`${section.script} -- --write\` from ${section.source}; do not edit by hand -->`,
    end: `<!-- END GENERATED ${section.name} -->`,
  };
}

/** The section's text in a document, markers excluded; null when the markers are missing. */
export function readSection(document: string, section: GeneratedSection): string | null {
  const { begin, end } = markers(section);
  const from = document.indexOf(begin);
  const to = document.indexOf(end);
  if (from < 0 || to < from) return null;
  return document.slice(from + begin.length, to).replace(/^\n+|\n+$/g, '');
}

/** The document with its section replaced by `body` (the markers must be there). */
export function writeSection(document: string, section: GeneratedSection, body: string): string {
  const { begin, end } = markers(section);
  const from = document.indexOf(begin);
  const to = document.indexOf(end);
  if (from < 0 || to < from)
    throw new Error(`${section.doc}: markers of the generated section "${section.name}" not found`);
  return `${document.slice(0, from)}${begin}\n\n${body}\n\n${document.slice(to)}`;
}

export function sectionMarkers(section: GeneratedSection): { begin: string; end: string } {
  return markers(section);
}
