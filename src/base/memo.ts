/**
 * A memo for pure functions with a budget in bytes: the one eviction policy of every cache a build
 * session owns. Oldest entries go first once the budget is spent; an entry costing more than
 * `largest` of the budget (a quarter, unless said) is not kept. `costOf` estimates an entry's bytes.
 */
export class Memo<V> {
  private readonly map = new Map<string, { value: V; cost: number }>();
  private spent = 0;

  constructor(
    private readonly budget: number,
    private readonly costOf: (key: string, value: V) => number,
    private readonly largest = 1 / 4,
  ) {}

  get(key: string): V | undefined {
    return this.map.get(key)?.value;
  }

  set(key: string, value: V): V {
    const cost = this.costOf(key, value);
    if (cost > this.budget * this.largest) return value;
    const old = this.map.get(key);
    if (old) this.spent -= old.cost;
    this.map.set(key, { value, cost });
    this.spent += cost;
    for (const [k, e] of this.map) {
      if (this.spent <= this.budget) break;
      this.map.delete(k);
      this.spent -= e.cost;
    }
    return value;
  }

  clear(): void {
    this.map.clear();
    this.spent = 0;
  }
}
