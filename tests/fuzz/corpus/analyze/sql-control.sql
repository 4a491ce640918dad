!-- control.sql: CASE arms, AND/OR sequences, nested CASE, MERGE arms
CREATE FUNCTION grade(score integer) RETURNS text
LANGUAGE sql
AS $$
  SELECT CASE
    WHEN score >= 90 AND score <= 100 THEN 'A'
    WHEN score >= 80 THEN 'B'
    ELSE 'C'
  END
$$;

CREATE FUNCTION sign_of(x integer) RETURNS integer
LANGUAGE sql
AS $$ SELECT CASE x WHEN 0 THEN 0 ELSE CASE WHEN x > 0 THEN 1 ELSE -1 END END $$;

CREATE FUNCTION plain(n integer) RETURNS integer
LANGUAGE sql
AS $$ SELECT n + 1 $$;

CREATE FUNCTION upsert(k integer) RETURNS void
BEGIN ATOMIC
  MERGE INTO t USING s ON t.id = s.id
    WHEN MATCHED THEN UPDATE SET v = s.v
    WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v);
END;

CREATE FUNCTION in_range(lo integer, hi integer, x integer) RETURNS boolean
LANGUAGE sql
AS $$ SELECT x BETWEEN lo AND hi OR x IS NULL $$;

-- a `RETURN expr;` body parses only as the file's last statement (see METRICS.md)
CREATE FUNCTION mixed(a boolean, b boolean, c boolean) RETURNS boolean
RETURN (a AND b) AND c OR a;
