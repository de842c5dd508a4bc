-- Grain: one row per (periode, no_kk) of DTKS: a household with its desa, desil and PKH
-- eligibility. Desa and desil are the head's (several heads: the smallest id_dtks); without a head
-- the desa most members live in (ties: smallest code); a head without desil: the lowest member desil.
WITH individu AS (
  SELECT periode, id_dtks, no_kk, kode_desa, desil, kepala_keluarga, komponen_pkh
  FROM int_dtks_individu_classified
),

keluarga AS (
  SELECT
    periode,
    no_kk,
    min({'id_dtks': id_dtks, 'kode_desa': kode_desa, 'desil': desil})
      FILTER (WHERE kepala_keluarga) AS kepala,
    min(desil) AS desil_terendah,
    bool_or(komponen_pkh) AS ada_komponen_pkh
  FROM individu
  GROUP BY periode, no_kk
),

tanpa_kepala AS (
  SELECT periode, no_kk FROM keluarga WHERE kepala IS NULL
),

anggota_per_desa AS (
  SELECT i.periode, i.no_kk, i.kode_desa, count(*) AS anggota
  FROM individu AS i
  SEMI JOIN tanpa_kepala AS t ON t.periode = i.periode AND t.no_kk = i.no_kk
  GROUP BY ALL
),

desa_terbanyak AS (
  SELECT periode, no_kk, first(kode_desa ORDER BY anggota DESC, kode_desa) AS kode_desa
  FROM anggota_per_desa
  GROUP BY ALL
),

classified AS (
  SELECT
    k.periode,
    k.no_kk,
    coalesce(k.kepala.kode_desa, d.kode_desa) AS kode_desa,
    coalesce(k.kepala.desil, k.desil_terendah) AS desil,
    coalesce(coalesce(k.kepala.desil, k.desil_terendah) BETWEEN 1 AND 4, false)
      AND k.ada_komponen_pkh AS layak_pkh
  FROM keluarga AS k
  LEFT JOIN desa_terbanyak AS d ON d.periode = k.periode AND d.no_kk = k.no_kk
)

SELECT * FROM classified
