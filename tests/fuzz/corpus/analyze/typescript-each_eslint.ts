// ESLint-only increments in TypeScript's shapes, under --units=each.
class Store<T> {
  static count: number;
  static {
    Store.count = globalThis.process?.env ? 1 : 0;
  }
  constructor(private limit = 10, readonly name?: string) {}
  get(key: string, fallback: T | null = null): T | null {
    return this.items?.get(key) ?? fallback;
  }
}

describe("store", () => {
  it("gets", function gets(): void {
    const s = new Store<number>();
    s.limit ||= 5;
  });
});

export const render = (rows: string[]) => () =>
  rows.map((r, i) => `${i}: ${r || "-"}`).join("\n");
