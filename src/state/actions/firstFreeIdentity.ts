/**
 * The first DigiFace identity number after every numbered identity already loaded. Rendered batches are
 * numbered from here so they never merge into faces already in the workspace (identities group by name).
 */
export function firstFreeIdentity(identities: Iterable<string>): number {
  let next = 0;
  for (const id of identities) {
    // Only plain decimal folder names count; '007' or 'alice' cannot collide with a number we write.
    if (/^(0|[1-9]\d{0,14})$/.test(id)) next = Math.max(next, Number(id) + 1);
  }
  return next;
}
