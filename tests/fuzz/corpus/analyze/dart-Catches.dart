void load() {
  try {
    open();
  } on FormatException {
    if (strict) {
      rethrow;
    }
  } on IOException catch (e) {
    log(e);
  } catch (e, st) {
    log(st);
  } finally {
    close();
  }
}

List<int> merge(List<int>? a, List<int>? b) => [...?a, ...b ?? const []];

void nested() {
  try {
    try {
      step();
    } on StateError {
      retry();
    }
  } catch (_) {}
}
