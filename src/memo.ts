/**
 * A memo for pure functions with a size budget, for the decks of one batch, which share most of
 * their slides and parts. Oldest entries go first once the budget is spent. Per thread.
 */
export class Memo<V> {
  private readonly map = new Map<string, { value: V; cost: number }>();
  private spent = 0;

  constructor(
    private readonly budget: number,
    private readonly costOf: (key: string, value: V) => number,
  ) {}

  get(key: string): V | undefined {
    return this.map.get(key)?.value;
  }

  set(key: string, value: V): V {
    const cost = this.costOf(key, value);
    if (cost > this.budget / 4) return value;
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

const memos: Memo<unknown>[] = [];

/** A memo that `clearMemos` empties; for tests that compare cached output with fresh output. */
export function memo<V>(budget: number, costOf: (key: string, value: V) => number): Memo<V> {
  const m = new Memo<V>(budget, costOf);
  memos.push(m as Memo<unknown>);
  return m;
}

export function clearMemos(): void {
  for (const m of memos) m.clear();
}
