	class Broken
{
    int Fine(int a)
    {
        return a > 0 ? a : -a;
    }

    int Bad(int a)
    {
        if (a > 0 {
            return 1;
        }
        return 0;
    }
}
