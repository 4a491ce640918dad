﻿function größe(maß, ...rest) {
  return maß + rest.length;
}

/* A block comment
   spanning two lines. */
function clamp(v, lo, hi) {
  if (v < lo) return lo;
  else if (v > hi) return hi;
  return v;
}

const ñandú = (a, b = 2) => {
  // inner comment
  return a ?? b;
};
