	// Strings.cs -- strings, attributes, regions and the preprocessor
namespace Text
{
    /// <summary>Doc comments are comments.</summary>
    public class Fmt
    {
        #region Format
        [Obsolete("no")]
        [Pure]
        public string Show(int n, bool b)
        {
            var a = $"n={n} b={(b ? "yes" : "no")}";
            var v = @"C:\path ""quoted"" /* not a comment */";
            var r = """
                raw "text" // not a comment
                """;
#if DEBUG
            if (n > 0 || b)
                a += "!";
#endif
            return a + v + r + 'c';
        }
        #endregion

        public string Plain() => "a{b}";
    }
}
