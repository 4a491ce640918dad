// syntax_error.cpp: Broken::run has a call with a missing ')'
int compute(int i, int n);

class Broken {
public:
    int ok_first(int a) const { return a > 0 ? a : -a; }
    int run(int n)
    {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += compute(i, n;
        }
        return s;
    }
};

int ok_after(int a, int b)
{
    if (a > b && b > 0) {
        return a;
    }
    return b;
}
