
// Attribute macros inside a namespace (redis deps/fast_float).
namespace fast_float {

fastfloat_really_inline constexpr bool is_integer(char c) noexcept {
  return c >= '0' && c <= '9';
}

template <typename T>
FASTFLOAT_CONSTEXPR14 int count(T *p, int n) {
  int k = 0;
  for (int i = 0; i < n; i++)
    if (p[i])
      k++;
  return k;
}

} // namespace fast_float
