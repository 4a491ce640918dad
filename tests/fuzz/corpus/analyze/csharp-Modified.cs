	// Modified.cs -- under -m a switch is one decision, its labels, arms and guards none
class Modified
{
    static int Kind(object o, int n)
    {
        switch (n)
        {
            case 1:
            case 2 when o != null:
                return 1;
            default:
                break;
        }
        return o switch
        {
            int i when i > 0 => 1,
            string => 2,
            _ => 3,
        };
    }

    static void Each(List<int> xs)
    {
        xs.ForEach(x => { if (x > 0) Log(x); });
    }
}
