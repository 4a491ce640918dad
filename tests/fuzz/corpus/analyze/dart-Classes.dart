	abstract class Shape {
  final int sides;
  Shape(this.sides);
  Shape.triangle() : sides = 3 {
    print('triangle');
  }
  factory Shape.of(int n) => Square(n);
  double area();
  int get corners => sides;
  set corners(int v) {
    print(v);
  }
  bool operator ==(Object other) => other is Shape && other.sides == sides;
  @override
  String toString() // the body follows this comment
  {
    return 'Shape';
  }
  static Shape unit() {
    return Square(1);
  }
}

mixin Walker {
  void walk() {}
}

extension Doubled on int {
  int doubled() => this * 2;
}

extension on String {
  int twice() => length * 2;
}

external void native();
int get answer => 42;
