	// Parameters.cs -- what a parameter is
static class Ext
{
    public static int Count(this string s, [NotNull] ref int a, out int b, in int c, int d = 4)
    {
        b = 0;
        return s.Length;
    }

    public static int Sum(int first, params int[] rest) => first + rest.Length;

    public static void None() { }

    public static void Lambdas()
    {
        Func<int, int, int> add = (x, y) => x + y;
        Func<int, int> neg = static (int x) => -x;
        Func<int, int, int> skip = (_, _) => 0;
        Action nothing = delegate { };
    }
}
