// classes.cpp: namespaces, classes, special members, out-of-line methods
namespace geo {

class Point {
public:
    Point(int x, int y) : x_(x), y_(y) {}
    ~Point() {}
    int x() const { return x_; }
    bool operator==(const Point &o) const
    {
        return x_ == o.x_ && y_ == o.y_;
    }
    int manhattan(const Point &o) const;

    struct Box {
        int w;
        int area(int h) const { return w * h; }
    };

private:
    int x_;
    int y_;
};

int Point::manhattan(const Point &o) const
{
    int dx = x_ - o.x_;
    int dy = y_ - o.y_;
    if (dx < 0) {
        dx = -dx;
    }
    if (dy < 0) {
        dy = -dy;
    }
    return dx + dy;
}

} // namespace geo

class Counter {
public:
    Counter();
    ~Counter();
    void bump(int by = 1);

private:
    int n_;
};

Counter::Counter() : n_(0) {}

Counter::~Counter()
{
    n_ = 0;
}

void Counter::bump(int by)
{
    for (int i = 0; i < by; ++i) {
        ++n_;
    }
}
