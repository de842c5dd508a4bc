-- an indicator_id of indicator_values or indicator_breakdowns is missing from indicator_catalogue
SELECT DISTINCT indicator_id FROM indicator_values
WHERE indicator_id NOT IN (SELECT id FROM indicator_catalogue)
UNION
SELECT DISTINCT indicator_id FROM indicator_breakdowns
WHERE indicator_id NOT IN (SELECT id FROM indicator_catalogue)
