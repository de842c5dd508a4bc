-- Grain: one row per (periode, no_kk) of DTKS: a household with its desa, desil and PKH
-- eligibility. Desa and desil are the head's (several heads: the smallest id_dtks); without a head
-- the desa most members live in (ties: smallest code); a head without desil: the lowest member desil.
-- One pass over the people with fixed-size aggregates: this runs over every person of every snapshot.
WITH individu AS (
  SELECT periode, id_dtks, no_kk, kode_desa, desil, kepala_keluarga, komponen_pkh
  FROM int_dtks_individu_classified
),

keluarga AS (
  SELECT
    periode,
    no_kk,
    bool_or(kepala_keluarga) AS ada_kepala,
    arg_min(kode_desa, id_dtks) FILTER (WHERE kepala_keluarga) AS desa_kepala,
    -- arg_min skips a null value, so the head's unknown desil travels as 0
    arg_min(coalesce(desil, 0), id_dtks) FILTER (WHERE kepala_keluarga) AS desil_kepala,
    min(desil) AS desil_terendah,
    bool_or(komponen_pkh) AS ada_komponen_pkh
  FROM individu
  GROUP BY periode, no_kk
),

tanpa_kepala AS (
  SELECT periode, no_kk FROM keluarga WHERE NOT ada_kepala
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
    coalesce(k.desa_kepala, d.kode_desa) AS kode_desa,
    coalesce(nullif(k.desil_kepala, 0), k.desil_terendah) AS desil,
    coalesce(coalesce(nullif(k.desil_kepala, 0), k.desil_terendah) BETWEEN 1 AND 4, false)
      AND k.ada_komponen_pkh AS layak_pkh
  FROM keluarga AS k
  LEFT JOIN desa_terbanyak AS d ON d.periode = k.periode AND d.no_kk = k.no_kk
)

SELECT * FROM classified
