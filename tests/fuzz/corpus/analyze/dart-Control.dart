// Control flow: every decision DCM counts, and cognitive nesting.
int classify(int a, int b) {
  if (a > 0 && b > 0) {
    return 1;
  } else if (a < 0 || b < 0) {
    return -1;
  } else {
    return 0;
  }
}

void loops(List<int> xs) {
  for (var i = 0; i < xs.length; i++) {
    if (xs[i] == 0) {
      continue;
    }
  }
  for (final x in xs) {
    print(x);
  }
  while (xs.isNotEmpty) {
    xs.removeLast();
  }
  do {
    xs.add(1);
  } while (xs.length < 3);
}

String sw(int k) {
  switch (k) {
    case 1:
    case 2:
      return 'small';
    case 3:
      return 'three';
    default:
      return 'other';
  }
}

int tern(bool c, int x) => c ? (x > 0 ? x : -x) : 0;

void guarded(Object o) {
  try {
    risky();
  } on FormatException catch (e) {
    if (e.message.isEmpty) {
      print('empty');
    }
  } catch (e) {
    print(e);
  } finally {
    print('done');
  }
}
