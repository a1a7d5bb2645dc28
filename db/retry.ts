// A transaction PostgreSQL chose as a deadlock's victim (40P01) was rolled back whole: running the use case
// again is safe and is what the user would do. Lock orders prevent the deadlocks we know of; this is the
// net for interleavings of different use cases that no single order covers.
const DEADLOCK = "40P01";

export function isDeadlock(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DEADLOCK;
}

/** `work` (one whole transaction), run again up to `attempts` times in all when it lost a deadlock. */
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isDeadlock(error) || attempt >= attempts) throw error;
      // the winner holds its locks until it commits: let it, with some spread between the losers
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.floor(Math.random() * 20)));
    }
  }
}
