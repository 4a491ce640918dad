int good(int a) {
  return a > 0 ? a : 0;
}

void broken( {
  if (x) {
}
