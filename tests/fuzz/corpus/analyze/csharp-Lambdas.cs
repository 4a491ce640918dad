	// Lambdas.cs -- lambdas, anonymous methods, local functions
namespace App;

public class Handlers
{
    private Func<int, int> twice = x => x * 2;
    public Func<int> Seed { get; } = () => 42;

    public void Wire(Button button, List<int> xs)
    {
        Func<int, bool> isBig = n => n > 10 && n < 100;
        button.Click += (s, e) => { if (e == null) return; };
        var big = xs.Where(x => x > 0 ? true : x == -1).ToList();
        xs.ForEach(delegate (int v) { if (v > 0) Log(v); });
        int Local(int a) => a > 0 ? Local(a - 1) : 0;
        static int Pure(int a)
        {
            return a is > 0 and < 9 ? a : 0;
        }
    }
}
