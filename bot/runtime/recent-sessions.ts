/**
 * The state each chat was last saved with by this process, and the number of the turn
 * that saved it, for the chat's next message (see createBotRuntime). States
 * live as bytes in one preallocated off-heap buffer of fixed-size slots: the chat
 * thread's young collections copy every object still alive, and a remembered state is
 * alive until the chat's next message, so keeping them as strings made each
 * collection copy about a megabyte more at 18,000 messages/s.
 */
export class RecentSessions {
  readonly #slotBytes: number;
  readonly #bytes: Buffer;
  readonly #lengths: Int32Array;
  readonly #turnNumbers: Float64Array;
  // Insertion order is eviction order: a chat's slot is replaced in place, so a busy
  // chat costs no allocation; a chat evicted while still active costs one locked turn.
  // Least recently saved first was tried and is worse here: citizens answer in turn,
  // so with more chats in flight than slots it evicted each chat just before its next
  // message (1.84 session round trips per message against 1.42, 40,000 conversations
  // at 15,000 messages/s).
  // Evicted a sixteenth at a time: a Map's iterator walks over the holes that deleted
  // entries leave at its front until it is rebuilt. One at a time cost about ten times
  // as much per insert, and benchmark runs with more chats in flight than slots fell
  // far behind with it.
  readonly #slots = new Map<string, number>();
  readonly #free: number[] = [];
  #used = 0;

  /**
   * @param capacity chats remembered at most
   * @param slotBytes the largest state kept, in UTF-8 bytes; larger ones are not remembered
   */
  constructor(readonly capacity: number, slotBytes = 2048) {
    this.#slotBytes = slotBytes;
    this.#bytes = Buffer.allocUnsafeSlow(capacity * slotBytes);
    this.#lengths = new Int32Array(capacity);
    this.#turnNumbers = new Float64Array(capacity);
  }

  /** What is remembered of a chat, or undefined. */
  get(chatId: string): RememberedSession | undefined {
    const slot = this.#slots.get(chatId);
    if (slot === undefined) return undefined;
    const length = this.#lengths[slot]!;
    const start = slot * this.#slotBytes;
    return {
      json: length < 0 ? null : this.#bytes.toString('utf8', start, start + length),
      turnNumber: this.#turnNumbers[slot]!,
    };
  }

  /** Remembers `json` (null: no state) as saved by the turn numbered `turnNumber`. */
  set(chatId: string, json: string | null, turnNumber: number): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: most states need no byte count.
    if (json !== null && json.length * 3 > this.#slotBytes && Buffer.byteLength(json) > this.#slotBytes) {
      this.delete(chatId);
      return;
    }
    let slot = this.#slots.get(chatId);
    if (slot === undefined) {
      if (this.#free.length === 0 && this.#used === this.capacity) this.#evictOldest();
      slot = this.#free.pop() ?? this.#used++;
      this.#slots.set(chatId, slot);
    }
    this.#lengths[slot] = json === null ? -1 : this.#bytes.write(json, slot * this.#slotBytes, 'utf8');
    this.#turnNumbers[slot] = turnNumber;
  }

  /** Forgets a chat. */
  delete(chatId: string): void {
    const slot = this.#slots.get(chatId);
    if (slot === undefined) return;
    this.#slots.delete(chatId);
    this.#free.push(slot);
  }

  #evictOldest(): void {
    let left = Math.max(1, this.capacity >> 4);
    for (const [chatId, slot] of this.#slots) {
      this.#slots.delete(chatId);
      this.#free.push(slot);
      if (--left === 0) break;
    }
  }
}

/** A remembered state's JSON (null: the session was ended) and the number of the turn that saved it. */
export interface RememberedSession {
  json: string | null;
  turnNumber: number;
}
