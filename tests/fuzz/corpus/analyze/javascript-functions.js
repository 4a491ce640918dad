"use strict";

const double = (x) => x * 2;

const isEven = function (n) {
  return n % 2 === 0;
};

function outer(items) {
  function inner(v) {
    return v > 0 ? v : 0;
  }
  const twice = (v) => inner(v) * 2;
  return items.map((v) => {
    if (v === null) {
      return 0;
    }
    return twice(v);
  });
}

const shapes = {
  area: (w, h) => w * h,
  perimeter(w, h) {
    return 2 * (w + h);
  },
};

const counter = {};
counter.increment = function (step = 1) {
  return step;
};

(function () {
  if (typeof window === "undefined") {
    return;
  }
})();

setTimeout(() => {
  for (const k of [1, 2]) {
    console.log(k);
  }
}, 0);
