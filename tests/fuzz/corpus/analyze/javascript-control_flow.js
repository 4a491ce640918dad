// Control-flow fixtures for assay (hand-counted).

function add(a, b) {
  return a + b;
}

function grade(score) {
  if (score >= 90) {
    return "A";
  } else if (score >= 80) {
    return "B";
  } else if (score >= 70) {
    return "C";
  } else {
    return "F";
  }
}

function describe(kind) {
  let text = "";
  switch (kind) {
    case 1:
    case 2:
      text = "small";
      break;
    case 3:
      text = "medium";
    // falls through
    case 4:
      text += "!";
      break;
    default:
      text = "other";
  }
  return text;
}

function findFirst(matrix, target) {
  let found = -1;
  outer: for (let i = 0; i < matrix.length; i++) {
    for (const value of matrix[i]) {
      if (value < 0) {
        continue outer;
      }
      if (value === target) {
        found = i;
        break outer;
      }
    }
  }
  return found;
}

function logic(a, b, c, d) {
  const x = a && b && c;
  const y = a && b || c;
  const z = a || b && c || d;
  return x || y || z;
}

function settings(opts) {
  const size = opts?.size ?? 10;
  const mode = opts ? opts.mode : "auto";
  return size > 0 ? mode : null;
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (err instanceof SyntaxError) {
      throw new Error("bad input");
    }
    return null;
  } finally {
    console.log("parsed");
  }
}

function countDown(n) {
  if (n <= 0) {
    return 0;
  }
  return countDown(n - 1);
}

function loops(n) {
  let i = 0;
  do {
    i++;
  } while (i < n);
  while (i > 0) {
    i--;
  }
  for (const k in { a: 1 }) {
    i += k.length;
  }
  return i;
}
