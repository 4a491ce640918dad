!-- names.sql: a function is named as written, schema included
CREATE FUNCTION app.total(x integer) RETURNS integer
LANGUAGE sql
AS $$ SELECT x $$;

CREATE OR REPLACE FUNCTION public.lower_name(t text) RETURNS text
AS 'select lower($1)' LANGUAGE sql IMMUTABLE;

CREATE FUNCTION "Quoted"(x integer) RETURNS integer
LANGUAGE sql
AS $$ SELECT x $$;

-- a trigger names the function it runs: a statement, no unit
CREATE TRIGGER audit_t BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION app.audit();

-- statements outside a function are file-level code, no unit
SELECT CASE WHEN a > 0 THEN 1 END FROM t WHERE b = 1 AND c = 2;
