function logged(target: unknown, key: string): void {
  console.log(target, key);
}

export namespace Geometry {
  export function area(w: number, h: number): number {
    return w * h;
  }

  export class Point<T extends number = number> {
    private static count = 0;
    readonly atOrigin = (): boolean => this.x === 0 && this.y === 0;

    constructor(public x: T, public y: T) {
      Point.count++;
    }

    get norm(): number {
      return Math.sqrt(this.x * this.x + this.y * this.y);
    }

    set norm(value: number) {
      if (value < 0) {
        throw new RangeError("negative");
      }
    }

    @logged
    scale(this: Point<T>, factor?: number): number {
      return (factor ?? 1) * this.x;
    }

    static pair<U>(a: Point<number>, b: Point<number>, pick: (p: Point<number>) => U): U[] {
      return [a, b].map((p) => pick(p));
    }
  }
}

abstract class Repo<K, V> {
  protected items = new Map<K, V>();

  find(key: K): V | undefined {
    return this.items.get(key);
  }

  findAll(keys: K[]): V[] {
    const out: V[] = [];
    for (const k of keys) {
      const v = this.find(k);
      if (v !== undefined) out.push(v);
    }
    return out;
  }
}
