int pick(int a) {
  if (a < 0) throw ArgumentError('negative');
  if (a == 0) return 0;
  try {
    return compute(a);
  } catch (e) {
    rethrow;
  }
}

Never fail() => throw StateError('x');
