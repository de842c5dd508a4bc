-- indicator_catalogue has a duplicate id or an unknown unit, direction or category
SELECT id, unit, direction, category
FROM indicator_catalogue
WHERE unit NOT IN ('count', 'percent', 'days', 'rupiah')
  OR direction NOT IN ('higher_better', 'lower_better')
  OR category NOT IN ('rujukan', 'dtks', 'cakupan', 'anggaran')
  OR id IN (SELECT id FROM indicator_catalogue GROUP BY id HAVING count(*) > 1)
