void none() {}
void positional(int a, String b) {}
void optional(int a, [int b = 0, int? c]) {}
void named({required int a, int b = 1, String? c}) {}
class P {
  final int x, y;
  P(this.x, this.y) {
    print(x);
  }
  void cb(void Function(int) f, int Function() g) {}
}
var lam = (a, b, [c]) {};
