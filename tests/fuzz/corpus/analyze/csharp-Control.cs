	// Control.cs -- control flow, hand-counted in Control.cs.expect
namespace Fixtures
{
    class Control
    {
        static int Classify(int n)
        {
            if (n < 0)
                return -1;
            else if (n == 0)
                return 0;
            else
                return 1;
        }

        static int Loops(int[] xs, List<int> ys)
        {
            int t = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                foreach (var y in ys)
                {
                    if (y > i && y < 10 || y == 42)
                        continue;
                    t += y;
                }
            }
            while (t > 100)
                t /= 2;
            do { t++; } while (t < 3);
            return t;
        }

        static string Season(int month, object o)
        {
            switch (month)
            {
                case 12:
                case 1:
                case 2:
                    return "winter";
                case int m when m > 2 && m < 6:
                    return "spring";
                default:
                    break;
            }
            return o switch
            {
                int i when i > 0 => "positive",
                > 10 and < 20 or 30 => "teen",
                string => "text",
                _ => "other",
            };
        }

        static int Parse(string s)
        {
            try
            {
                return int.Parse(s);
            }
            catch (FormatException e) when (e.Message != null)
            {
                if (s == null)
                    throw;
                return -1;
            }
            catch
            {
                return -2;
            }
            finally
            {
                Log(s);
            }
        }

        static int Nulls(Node a, Node b)
        {
            var n = a?.Next?.Value ?? b?[0] ?? 0;
            b ??= a;
            return n > 0 ? n : (a is null or { Value: 0 } ? 1 : 2);
        }

        static int Fact(int n)
        {
            if (n <= 1) return 1;
            return n * Fact(n - 1);
        }

        static void Jump(int x)
        {
            if (x > 0) goto done;
            x++;
        done:
            Log(x);
        }
    }
}
