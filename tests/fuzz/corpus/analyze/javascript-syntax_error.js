function before(a, b) {
  return a ?? b;
}

function broken(x) {
  const y = x + ;
  return y;
}

function after(list) {
  let n = 0;
  for (const v of list) {
    if (v) n++;
  }
  return n;
}
