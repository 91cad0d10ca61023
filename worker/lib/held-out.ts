/**
 * Which labelled tickets are held out of an account model's training to judge candidates: one in five, by FNV-1a
 * over "account:ticket", so a ticket never moves between the splits across runs and runtimes. Pure (no bindings),
 * so the Node benchmarks use the very same split as the Worker's store.
 */
export function isHeldOut(accountId: string, ticketId: number): boolean {
  let hash = 0x811c9dc5;
  for (const ch of `${accountId}:${ticketId}`) {
    hash ^= ch.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 5 === 0;
}
