/**
 * Isolate memory for answers that many people ask for and that change rarely: autocomplete.
 * A Worker isolate serves many requests, so a keystroke that someone typed a moment ago in the
 * same data centre is answered without any I/O. Bounded (least recently used goes first) and
 * short-lived (the same 60 s that the answer's Cache-Control allows any cache to keep it).
 */
export class AnswerMemo {
  private readonly entries = new Map<string, { body: string; expires: number }>();

  constructor(
    private readonly max = 5_000,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get(key: string): string | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (e.expires <= this.now()) return undefined;
    this.entries.set(key, e); // most recently used goes last
    return e.body;
  }

  set(key: string, body: string): void {
    this.entries.delete(key);
    while (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { body, expires: this.now() + this.ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
