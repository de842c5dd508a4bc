-- Grain: one row per (periode, no_kk) of a registry snapshot: a household with its desa, desil
-- and PKH eligibility (docs/registry.md, "One registry"; docs/indicators.md).
-- DTSEN: every family row of the release, in the family's desa with the family's desil; a family
-- without member rows is a household with no PKH component (never PKH-eligible).
-- DTKS: desa and desil are the head's (several heads: the smallest id_dtks); without a head the
-- desa most members live in (ties: smallest code); a head without desil: the lowest member desil.
-- PKH-eligible: household desil known and ≤ pkh.desil_maks, and a member with a PKH component.
-- One pass over the people with fixed-size aggregates: this runs over every person of every snapshot.
WITH aturan AS (
  SELECT pkh_desil_maks FROM stg_aturan__program
),

-- NOT MATERIALIZED: three parts below read it, and DuckDB would otherwise copy every person of
-- every snapshot into a CTE table first (3.5x the time of this model at 50x demo scale).
individu AS NOT MATERIALIZED (
  SELECT periode, sumber, id_dtks, no_kk, kode_desa, desil, kepala_keluarga, komponen_pkh
  FROM int_registri_individu_classified
),

dtks_keluarga AS (
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
  WHERE sumber = 'DTKS'
  GROUP BY periode, no_kk
),

tanpa_kepala AS (
  SELECT periode, no_kk FROM dtks_keluarga WHERE NOT ada_kepala
),

anggota_per_desa AS (
  SELECT i.periode, i.no_kk, i.kode_desa, count(*) AS anggota
  FROM individu AS i
  SEMI JOIN tanpa_kepala AS t ON t.periode = i.periode AND t.no_kk = i.no_kk
  WHERE i.sumber = 'DTKS'
  GROUP BY ALL
),

desa_terbanyak AS (
  SELECT periode, no_kk, first(kode_desa ORDER BY anggota DESC, kode_desa) AS kode_desa
  FROM anggota_per_desa
  GROUP BY ALL
),

dtks AS (
  SELECT
    k.periode,
    'DTKS' AS sumber,
    k.no_kk,
    coalesce(k.desa_kepala, d.kode_desa) AS kode_desa,
    coalesce(nullif(k.desil_kepala, 0), k.desil_terendah) AS desil,
    k.ada_komponen_pkh
  FROM dtks_keluarga AS k
  LEFT JOIN desa_terbanyak AS d ON d.periode = k.periode AND d.no_kk = k.no_kk
),

dtsen_komponen AS (
  SELECT periode, no_kk, bool_or(komponen_pkh) AS ada_komponen_pkh
  FROM individu
  WHERE sumber = 'DTSEN'
  GROUP BY periode, no_kk
),

dtsen AS (
  SELECT
    k.periode,
    'DTSEN' AS sumber,
    k.no_kk,
    k.kode_desa,
    k.desil,
    coalesce(c.ada_komponen_pkh, false) AS ada_komponen_pkh
  FROM int_dtsen_keluarga_resolved AS k
  LEFT JOIN dtsen_komponen AS c ON c.periode = k.periode AND c.no_kk = k.no_kk
),

classified AS (
  SELECT
    h.periode,
    h.sumber,
    h.no_kk,
    h.kode_desa,
    h.desil,
    coalesce(h.desil BETWEEN 1 AND a.pkh_desil_maks, false) AND h.ada_komponen_pkh AS layak_pkh
  FROM (SELECT * FROM dtks UNION ALL SELECT * FROM dtsen) AS h
  CROSS JOIN aturan AS a
)

SELECT * FROM classified
