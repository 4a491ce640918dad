// templates_lambdas.cpp: function and class templates, bound and passed lambdas
#include <algorithm>
#include <vector>

template <typename T>
T max_of(T a, T b)
{
    return a < b ? b : a;
}

template <typename T>
class Stack {
public:
    void push(const T &v) { items_.push_back(v); }
    bool empty() const { return items_.empty(); }

private:
    std::vector<T> items_;
};

auto square = [](int x) { return x * x; };

int count_big(std::vector<int> &v, int limit)
{
    auto is_big = [limit](int x) {
        if (x > limit) {
            return true;
        }
        return false;
    };
    std::sort(v.begin(), v.end(), [](int a, int b) {
        return a > b;
    });
    int n = 0;
    for (int x : v) {
        if (is_big(x)) {
            n++;
        }
    }
    return n;
}

void clamp_all(std::vector<int> &v)
{
    std::for_each(v.begin(), v.end(), [](int &x) {
        if (x < 0) {
            x = 0;
        }
    });
}
