/**
 * Races a promise against a timer. The timer is cleared either way, so a settled promise leaves
 * nothing pending in the isolate. The promise itself is not cancelled: pass an AbortSignal to
 * the work where it takes one.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
