// crlf.cpp: every line of this file ends in CR LF

namespace util {

int clamp01(int v)
{
    if (v < 0) {
        return 0;
    } else if (v > 1) {
        return 1;
    }
    return v;
}

int neg(int v) { return -v; }

} // namespace util
