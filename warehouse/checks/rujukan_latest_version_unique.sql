-- stg_rujukan__rujukan keeps more than one version of a complaint
SELECT id_rujukan, count(*) AS versions
FROM stg_rujukan__rujukan
GROUP BY ALL
HAVING count(*) > 1
