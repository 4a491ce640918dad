// Every increment ESLint's complexity rule has beyond the classic ones, under --units=each.
function defaults(a = 1, { b = 2, c: [d = 3] } = {}) {
  return a + b + d;
}

function chains(o, f) {
  const x = o?.a?.b;
  const y = f?.(x);
  return o?.[y];
}

function assigns(o) {
  o.a &&= 1;
  o.b ||= 2;
  o.c ??= 3;
  o.d += 4;
  return o;
}

function loops(list) {
  for (const x of list) {
    switch (x) {
      case 1:
        break;
      default:
        continue;
    }
  }
}

class Config {
  static registry = new Map();
  level = this.debug ? 2 : 1;
  handler = () => this.level;
  static {
    if (Config.registry.size === 0) Config.registry.set("a", 1);
  }
}

describe("suite", () => {
  it("case", function () {
    expect(1 || 2).toBe(1);
  });
});

function view(items) {
  return () => items.map((i) => (i ? `<b>${i.name ?? "?"}</b>` : ""));
}

defineGetter(req, "protocol", function protocol() {
  return this.secure ? "https" : "http";
});

const label = (n) => `${n > 1 ? "many" : "one"}: ${[1].map((k) => k && n)}`;
