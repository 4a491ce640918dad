function before(a: number): number {
  return a * 2;
}

function broken(x: number): number {
  const y: number = x + ;
  return y;
}

function after(xs: string[]): number {
  let n = 0;
  while (n < xs.length && xs[n] !== "") {
    n++;
  }
  return n;
}
