
type Shape = { kind: "circle"; r: number } | { kind: "square"; s: number };

function add(a: number, b: number): number {
  return a + b;
}

export function area(shape: Shape): number {
  switch (shape.kind) {
    case "circle":
      return Math.PI * shape.r ** 2;
    case "square":
      return shape.s * shape.s;
    default:
      throw new Error("unknown shape");
  }
}

function first<T>(items: T[], pred: (x: T) => boolean): T | undefined {
  for (const item of items) {
    if (pred(item)) {
      return item;
    }
  }
  return undefined;
}

const identity = <T>(x: T): T => x;

function level(n: number): string {
  if (n > 100) {
    return "high";
  } else if (n > 10) {
    if (n % 2 === 0) {
      return "even-mid";
    }
    return "mid";
  } else {
    return "low";
  }
}

function total(rows: number[][]): number {
  let sum = 0;
  outer: for (const row of rows) {
    for (let j = 0; j < row.length; j++) {
      if (row[j] < 0) continue outer;
      sum += row[j];
    }
  }
  return sum;
}

async function fetchJson(url: string, retries = 3): Promise<unknown> {
  try {
    const res = await fetch(url);
    return res.ok ? await res.json() : null;
  } catch (e: unknown) {
    if (retries > 0 && !(e instanceof TypeError)) {
      return fetchJson(url, retries - 1);
    }
    throw e;
  } finally {
    console.debug(url);
  }
}

function kind(code: number): string {
  let out = "";
  switch (code) {
    case 0:
      out = "zero";
    case 1:
    case 2:
      out += "low";
      break;
    default:
      out = "high";
      break;
  }
  return out || "none";
}
