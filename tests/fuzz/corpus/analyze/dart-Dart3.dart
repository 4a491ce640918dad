/// doc
library;

import 'dart:io';

sealed class Shape {}
final class Sq extends Shape {
  int area(int s) {
    if (s > 0) return s * s;
    return 0;
  }
}
abstract interface class I { void m(); }
base mixin M { void x() {} }
mixin class MC { int y() => 1; }
