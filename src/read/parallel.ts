// Work over many accounts, a bounded number at a time: IAM and STS are per-account services, so accounts are read
// (and written) side by side, but each one in flight holds a connection and its share of the rate.

/** `work` for each item, at most `limit` at once; results in the order of `items`. The first failure is thrown. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
