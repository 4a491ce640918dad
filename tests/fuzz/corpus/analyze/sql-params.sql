!	CREATE FUNCTION none() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION unnamed(integer, text) RETURNS integer LANGUAGE sql AS $$ SELECT $1 $$;
CREATE FUNCTION modes(IN a integer, OUT b integer, INOUT c integer, VARIADIC d integer[])
RETURNS record LANGUAGE sql AS $$ SELECT a, c $$;
CREATE FUNCTION defaults(a integer DEFAULT 1, b integer = 2) RETURNS integer
LANGUAGE sql AS $$ SELECT a + b $$;
