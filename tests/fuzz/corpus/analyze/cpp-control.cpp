// control.cpp: exceptions, switch, loops, recursion
#include <stdexcept>
#include <vector>

int sq(int x) { return x * x; }

int parse_digit(char c)
{
    if (c < '0' || c > '9') {
        throw std::invalid_argument("not a digit");
    }
    return c - '0';
}

int safe_parse(char c)
{
    try {
        return parse_digit(c);
    } catch (const std::invalid_argument &e) {
        return -1;
    } catch (...) {
        return -2;
    }
}

int sum_valid(const std::vector<char> &cs)
{
    int total = 0;
    for (char c : cs) {
        try {
            total += parse_digit(c);
        } catch (const std::exception &) {
            continue;
        }
    }
    return total;
}

const char *grade(int score)
{
    switch (score / 10) {
    case 10:
    case 9:
        return "A";
    case 8:
        return "B";
    case 7:
        if (score % 10 >= 5) {
            return "C+";
        }
        // fall through
    case 6:
        return "C";
    default:
        return "F";
    }
}

int gcd(int a, int b)
{
    if (b == 0) {
        return a;
    }
    return gcd(b, a % b);
}

int triangle(int n)
{
    int t = 0;
    int i = 0;
    while (i < n) {
        int j = 0;
        do {
            if (j % 2 == 0 && i % 2 == 0) {
                t++;
            }
            j++;
        } while (j <= i);
        i++;
    }
    return t;
}
