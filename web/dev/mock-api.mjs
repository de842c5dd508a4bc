// DEVELOPMENT ONLY: a stand-in for the indicator API with made-up figures, so the web app can be
// looked at while the real API is not running. Shapes follow api/README.md; the numbers mean
// nothing. Never used by tests (e2e tests run against the real product).
// Usage: node web/dev/mock-api.mjs [port]  → serves web/dist and /api on http://127.0.0.1:<port>
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const port = Number(process.argv[2] ?? 3100);
const topo = fs.readFileSync(path.join(root, 'api/geo/62.03-kab-kapuas.topo.json'), 'utf8');
const topology = JSON.parse(topo);
const catalogue = JSON.parse(fs.readFileSync(path.join(root, 'warehouse/catalogue.json'), 'utf8'));
const kec = topology.objects.kecamatan.geometries.map((g) => g.properties);
const desa = topology.objects.desa.geometries.map((g) => g.properties);
const region = { code: '62.03', name: 'Kapuas', level: 'kabupaten' };
const periods = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];
const data_dates = {
  dtks: '2024-06-01',
  rujukan: '2024-06-28',
  bpjs_kesehatan: '2024-06-01',
  bpjs_ketenagakerjaan: '2024-05-01',
  pkh: '2024-01-01',
  penduduk: '2024-01-01',
  puskesos: null,
};
const as_of = '2024-06-30';
const indicators = catalogue.map((c) => ({
  id: c.id,
  label: { id: c.label_id, en: c.label_en },
  unit: c.unit,
  direction: c.direction,
  default_target: c.default_target,
  target: c.default_target,
  category: c.category,
  description: { id: c.description_id, en: c.description_en },
}));

function hash(s) {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return ((h >>> 0) % 10000) / 10000;
}
function desaValue(ind, code, period) {
  const r = hash(`${ind.id}|${code}`) * 0.8 + hash(`${ind.id}|${code}|${period}`) * 0.2;
  if (hash(`nodata|${code}`) < 0.04 && ind.unit !== 'count')
    return { numerator: 0, denominator: 0, value: null };
  switch (ind.unit) {
    case 'percent': {
      const den = 50 + Math.round(hash(`den|${code}`) * 400);
      const num = Math.round(den * (0.3 + 0.65 * r));
      return { numerator: num, denominator: den, value: (100 * num) / den };
    }
    case 'days':
      return { numerator: null, denominator: null, value: Math.round(4 + r * 25) };
    case 'rupiah': {
      const n = Math.round(r * 60);
      return {
        numerator: n,
        denominator: null,
        value: n * (ind.id === 'anggaran_bpu' ? 16800 : 42000) * 12,
      };
    }
    default: {
      const n = Math.round(r * 40);
      return { numerator: n, denominator: null, value: n };
    }
  }
}
function areaValue(ind, code, period) {
  const kids = desa.filter(
    (d) => d.code.startsWith(code + '.') || (code === region.code && d.code.startsWith(code)),
  );
  if (!kids.length) return desaValue(ind, code, period);
  const vals = kids.map((d) => desaValue(ind, d.code, period));
  if (ind.unit === 'percent') {
    const num = vals.reduce((s, v) => s + v.numerator, 0);
    const den = vals.reduce((s, v) => s + v.denominator, 0);
    return { numerator: num, denominator: den, value: den ? (100 * num) / den : null };
  }
  if (ind.unit === 'days')
    return { numerator: null, denominator: null, value: 10 + Math.round(hash(code + period) * 10) };
  const n = vals.reduce((s, v) => s + (v.numerator ?? 0), 0);
  return {
    numerator: n,
    denominator: null,
    value: ind.unit === 'rupiah' ? vals.reduce((s, v) => s + v.value, 0) : n,
  };
}
const nameOf = (code) =>
  code === region.code
    ? region
    : (kec.find((k) => k.code === code) ?? desa.find((d) => d.code === code));
function statusOf(v, target, dir) {
  if (v == null || target == null) return null;
  const ok = dir === 'higher_better' ? v >= target : v <= target;
  if (ok) return 'on_target';
  const near = dir === 'higher_better' ? v >= target * 0.9 : v <= target * 1.1 + 1;
  return near ? 'near' : 'off';
}
const prev = (p) => periods[periods.indexOf(p) - 1] ?? null;

function route(url, method, body) {
  const q = Object.fromEntries(url.searchParams);
  const p = url.pathname;
  const period = q.period ?? periods.at(-1);
  if (p === '/api/meta')
    return { region, as_of, latest_period: periods.at(-1), periods, data_dates };
  if (p === '/api/indicators') return { indicators };
  if (p === '/api/geo') return JSON.parse(topo);
  let m = /^\/api\/indicators\/([^/]+)\/(values|series)$/.exec(p);
  if (m) {
    const ind = indicators.find((i) => i.id === m[1]);
    if (!ind)
      return [404, { statusCode: 404, error: 'Not Found', message: `Unknown indicator ${m[1]}` }];
    if (m[2] === 'values') {
      const parent = q.parent ?? region.code;
      const level = q.level ?? (parent.split('.').length === 2 ? 'kecamatan' : 'desa');
      const list = (level === 'kecamatan' ? kec : desa).filter((a) =>
        a.code.startsWith(parent + '.'),
      );
      return {
        indicator: ind,
        period,
        level,
        parent,
        rows: list.map((a) => ({
          code: a.code,
          name: a.name,
          ...(level === 'desa' ? desaValue(ind, a.code, period) : areaValue(ind, a.code, period)),
        })),
        data_dates,
        as_of,
      };
    }
    const area = q.area ?? region.code;
    return {
      indicator: ind,
      area: nameOf(area),
      rows: periods.map((pp) => ({ period: pp, ...areaValue(ind, area, pp) })),
      data_dates,
      as_of,
    };
  }
  m = /^\/api\/areas\/(.+)$/.exec(p);
  if (m) {
    const a = nameOf(m[1]);
    if (!a) return [404, { statusCode: 404, error: 'Not Found', message: `Unknown area ${m[1]}` }];
    const children = (
      m[1] === region.code ? kec : desa.filter((d) => d.code.startsWith(m[1] + '.'))
    ).map((c) => ({ ...c }));
    return {
      ...a,
      parent_code: m[1] === region.code ? '62' : region.code,
      ancestors: m[1] === region.code ? [] : [region],
      children,
    };
  }
  if (p === '/api/scorecard') {
    const area = q.area ?? region.code;
    return {
      area: nameOf(area),
      period,
      previous_period: prev(period),
      data_dates,
      as_of,
      rows: indicators.map((ind) => {
        const v = areaValue(ind, area, period);
        const pv = prev(period) ? areaValue(ind, area, prev(period)).value : null;
        return {
          indicator: ind,
          ...v,
          target: ind.target,
          status: statusOf(v.value, ind.target, ind.direction),
          previous_value: pv,
          change: v.value != null && pv != null ? v.value - pv : null,
        };
      }),
    };
  }
  if (p === '/api/rujukan/breakdown') {
    const area = q.area ?? region.code;
    const r = (k) => Math.round(hash(area + k + period) * 80);
    const br = (c) => ({
      category: c,
      rujukan_masuk: r(c),
      rujukan_selesai_pct: 40 + r(c + 's') / 2,
      rujukan_median_hari: 5 + r(c + 'm') / 5,
      rujukan_tunggakan: (r(c + 't') / 4) | 0,
      rujukan_sla_pct: 50 + r(c + 'x') / 2,
    });
    const agencies = ['DINSOS', 'BPJS_KESEHATAN', 'DUKCAPIL', 'DINKES', 'DESA'];
    return {
      area: nameOf(area),
      period,
      data_dates,
      as_of,
      by_status: ['DITERIMA', 'DIRUJUK', 'DITINDAKLANJUTI', 'SELESAI', 'DITOLAK'].map((s) => ({
        category: s,
        value: r(s),
      })),
      by_kategori: ['JKN', 'PKH', 'BPNT', 'DTKS', 'LAINNYA'].map(br),
      by_kanal: ['LANGSUNG', 'WA', 'TELEPON', 'SP4N_LAPOR'].map(br),
      by_lembaga_tujuan: agencies.map(br),
      aging: ['0-7', '8-14', '15-30', '>30'].map((b) => ({ bucket: b, jumlah: r(b) })),
      agencies: agencies.map((a) => ({
        lembaga_tujuan: a,
        received: r(a),
        closed: (r(a + 'c') / 2) | 0,
        median_days: 5 + r(a + 'd') / 4,
        backlog: (r(a + 'b') / 3) | 0,
        aging: {
          '0-7': (r(a + 1) / 4) | 0,
          '8-14': (r(a + 2) / 4) | 0,
          '15-30': (r(a + 3) / 4) | 0,
          '>30': (r(a + 4) / 4) | 0,
        },
      })),
    };
  }
  if (p === '/api/coverage/gaps') {
    const area = q.area ?? region.code;
    const g = (id, code) =>
      desaValue(
        indicators.find((i) => i.id === id),
        code,
        period,
      ).value;
    return {
      area: nameOf(area),
      period,
      data_dates,
      as_of,
      rows: desa
        .filter((d) => d.code.startsWith(area + '.'))
        .map((d) => ({
          code: d.code,
          name: d.name,
          kecamatan: nameOf(d.code.slice(0, 8)),
          ...Object.fromEntries(
            [
              'gap_jkn_desil14',
              'gap_bpu',
              'gap_pkh',
              'pbi_luar_dtks',
              'anggaran_pbi_apbd',
              'anggaran_bpu',
              'pbi_dtks_pct',
              'bpu_rentan_pct',
              'pkh_pct',
            ].map((id) => [
              id,
              id === 'pbi_luar_dtks'
                ? hash(d.code) < 0.3
                  ? Math.round(hash(d.code + 'x') * 9)
                  : 0
                : g(id, d.code),
            ]),
          ),
        })),
    };
  }
  if (p === '/api/budget/simulate' && method === 'POST') {
    const b = body ? JSON.parse(body) : {};
    const params = {
      period,
      premi_pbi: b.premi_pbi ?? 42000,
      premi_bpu: b.premi_bpu ?? 16800,
      max_desil: b.max_desil ?? 4,
      kecamatan: b.kecamatan ?? [],
    };
    const list = params.kecamatan.length
      ? kec.filter((k) => params.kecamatan.includes(k.code))
      : kec;
    const rows = list.map((k) => {
      const pj = Math.round(hash(k.code + 'j') * 300 * params.max_desil);
      const pb = Math.round(hash(k.code + 'b') * 200 * params.max_desil);
      return {
        code: k.code,
        name: k.name,
        people_jkn: pj,
        people_bpu: pb,
        cost_pbi: pj * params.premi_pbi * 12,
        cost_bpu: pb * params.premi_bpu * 12,
        cost_total: pj * params.premi_pbi * 12 + pb * params.premi_bpu * 12,
      };
    });
    const total = Object.fromEntries(
      ['people_jkn', 'people_bpu', 'cost_pbi', 'cost_bpu', 'cost_total'].map((k) => [
        k,
        rows.reduce((s, r) => s + r[k], 0),
      ]),
    );
    return { parameters: params, rows, total, data_dates, as_of };
  }
  const run = {
    run_id: '20240630T020000Z-ab12',
    status: 'SUCCESS',
    as_of,
    started_at: '2024-06-30T02:00:00Z',
    finished_at: '2024-06-30T02:03:10Z',
    feeds: {
      dtks: {
        files: 1,
        rows_read: 120000,
        rows_loaded: 119950,
        rows_rejected: 50,
        rejects: { NIK_TIDAK_VALID: 30, KODE_DESA_TIDAK_DIKENAL: 20 },
      },
      rujukan: {
        files: 2,
        rows_read: 2400,
        rows_loaded: 2390,
        rows_rejected: 10,
        rejects: { TANGGAL_TIDAK_VALID: 10 },
      },
    },
  };
  if (p === '/api/etl/runs')
    return {
      runs: [
        run,
        {
          ...run,
          run_id: '20240629T020000Z-ff01',
          status: 'FAILED',
          error: 'dtks: kolom nik tidak ada',
          started_at: '2024-06-29T02:00:00Z',
          finished_at: '2024-06-29T02:00:09Z',
        },
      ],
    };
  if (p === '/api/etl/status') return { running: false, progress: null, last_run: run };
  if (p === '/api/etl/freshness')
    return {
      feeds: Object.entries(data_dates).map(([feed, d]) => ({
        feed,
        newest_period: d,
        days_since: d ? Math.round((Date.parse(as_of) - Date.parse(d)) / 864e5) : null,
        stale: !d || Date.parse(as_of) - Date.parse(d) > 62 * 864e5,
      })),
    };
  if (p === '/api/etl/rejects')
    return {
      run_id: run.run_id,
      counts: [
        { feed: 'dtks', reason: 'NIK_TIDAK_VALID', n: 30 },
        { feed: 'dtks', reason: 'KODE_DESA_TIDAK_DIKENAL', n: 20 },
        { feed: 'rujukan', reason: 'TANGGAL_TIDAK_VALID', n: 10 },
      ],
      rows: [
        {
          feed: 'dtks',
          file: 'dtks_2024-06.csv',
          line: 17,
          column_name: 'nik',
          reason: 'NIK_TIDAK_VALID',
          value: '620301**********',
        },
      ],
    };
  return [404, { statusCode: 404, error: 'Not Found', message: `No route ${p}` }];
}

const types = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
http
  .createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/api/')) {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        let out = route(url, req.method, body);
        let status = 200;
        if (Array.isArray(out)) [status, out] = out;
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(out));
      });
      return;
    }
    const file = path.join(root, 'web/dist', url.pathname);
    const target =
      fs.existsSync(file) && fs.statSync(file).isFile()
        ? file
        : path.join(root, 'web/dist/index.html');
    res.writeHead(200, {
      'Content-Type': types[path.extname(target)] ?? 'application/octet-stream',
    });
    fs.createReadStream(target).pipe(res);
  })
  .listen(port, '127.0.0.1', () => console.log(`mock API on http://127.0.0.1:${port}`));
