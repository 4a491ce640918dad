!
-- PL/pgSQL statements (IF, LOOP, RAISE) are not in the grammar: the function stays a
-- unit, its body partly read
CREATE FUNCTION clamp(x integer) RETURNS integer AS $$
BEGIN
  IF x > 10 THEN
    RETURN 10;
  END IF;
  RETURN x;
END;
$$ LANGUAGE plpgsql;

-- a C function's `AS 'file', 'symbol'` is not in the grammar either
CREATE FUNCTION c_impl(x integer) RETURNS integer
AS 'MODULE_PATHNAME', 'c_impl'
LANGUAGE C STRICT;

-- Oracle PL/SQL: CREATE PROCEDURE is not in the grammar, no unit
CREATE OR REPLACE PROCEDURE raise_salary(emp_id IN NUMBER, amount IN NUMBER) IS
BEGIN
  UPDATE employees SET salary = salary + amount WHERE id = emp_id;
END;
/
