/**
 * Isolate memory for answers that many people ask for: autocomplete, and search answers (in
 * front of the edge cache). A Worker isolate serves many requests, so something asked a moment
 * ago in the same data centre is answered without any I/O. Bounded by entries and by characters
 * (the least recently used go first: an isolate has 128 MB) and short-lived (the same 60 s that
 * the edge cache keeps an answer).
 */
export class AnswerMemo {
  private readonly entries = new Map<string, { body: string; expires: number }>();
  private chars = 0;

  constructor(
    private readonly max = 5_000,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = () => Date.now(),
    /** Characters held at most (all bodies together); a body over an eighth of it is not kept. */
    private readonly maxChars = Number.POSITIVE_INFINITY,
  ) {}

  get(key: string): string | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (e.expires <= this.now()) {
      this.chars -= e.body.length;
      return undefined;
    }
    this.entries.set(key, e); // most recently used goes last
    return e.body;
  }

  set(key: string, body: string): void {
    this.drop(key);
    if (body.length > this.maxChars / 8) return;
    while (
      this.entries.size > 0 &&
      (this.entries.size >= this.max || this.chars + body.length > this.maxChars)
    )
      this.drop(this.entries.keys().next().value!);
    this.entries.set(key, { body, expires: this.now() + this.ttlMs });
    this.chars += body.length;
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.chars -= e.body.length;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Characters held (all bodies together). */
  get heldChars(): number {
    return this.chars;
  }
}
