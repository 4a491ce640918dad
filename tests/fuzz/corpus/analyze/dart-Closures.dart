
void run(List<int> xs) {
  var square = (int x) => x * x;
  xs.forEach((x) {
    if (x > 0) {
      print(square(x));
    }
  });
  int local(int y) {
    return y > 1 ? y : 1;
  }
  print(local(2));
}

final handler = (String s) {
  return s.isEmpty ? null : s;
};

class Box {
  void go() {
    late void Function() cb;
    cb = () {
      print('cb');
    };
    cb();
  }
}

int fact(int n) => n <= 1 ? 1 : n * fact(n - 1);
