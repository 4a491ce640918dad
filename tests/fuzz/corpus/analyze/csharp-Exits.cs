	// Exits.cs -- what an exit is
class Exits
{
    IEnumerable<int> Numbers(int n)
    {
        if (n < 0)
            yield break;
        for (int i = 0; i < n; i++)
            yield return i;
    }

    string Require(string s) => s ?? throw new ArgumentNullException(nameof(s));

    int Many(int x)
    {
        if (x == 1) return 1;
        if (x == 2) throw new InvalidOperationException();
        Run(() => { return; });
        return 0;
    }
}
