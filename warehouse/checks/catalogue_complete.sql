-- indicator_catalogue has a duplicate id, an unknown unit, direction or category, names no
-- feed / an unknown feed (the web shows "data per" from these feeds' data dates), lacks a flag,
-- has an unknown agency_field or one two indicators fill, or an action_list two indicators name
SELECT id, unit, direction, category
FROM indicator_catalogue
WHERE unit NOT IN ('count', 'percent', 'days', 'rupiah')
  OR direction NOT IN ('higher_better', 'lower_better')
  OR category NOT IN ('rujukan', 'dtks', 'cakupan', 'anggaran')
  OR id IN (SELECT id FROM indicator_catalogue GROUP BY id HAVING count(*) > 1)
  OR coalesce(len(feeds), 0) = 0
  OR len(list_filter(feeds, f -> f NOT IN ('penduduk', 'dtks', 'dtsen', 'rujukan',
      'bpjs_kesehatan', 'bpjs_ketenagakerjaan', 'pkh', 'puskesos'))) > 0
  -- a band placeholder left unrendered ({pbi_jk}, {pkh}, {bpu})
  OR concat_ws(' ', label_id, label_en, description_id, description_en) LIKE '%{%}%'
  OR cakupan_map IS NULL OR agenda_gap IS NULL OR rujukan_trend IS NULL OR area_count IS NULL
  OR agency_field NOT IN ('received', 'closed', 'median_days', 'backlog')
  OR agency_field IN (
    SELECT agency_field FROM indicator_catalogue GROUP BY agency_field HAVING count(*) > 1
  )
  OR starts_with IS NULL
  OR starts_with NOT IN ('rujukan', 'registri', 'registri_pendahulu', 'bpjs_kesehatan')
  OR registry_source NOT IN ('DTKS', 'DTSEN')
  OR action_list IN (
    SELECT action_list FROM indicator_catalogue GROUP BY action_list HAVING count(*) > 1
  )
