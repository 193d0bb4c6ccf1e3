/**
 * Map helpers shared by the builders and tallies.
 * @module
 */

/**
 * The value under `key`, created with `make` and stored on first use.
 * @param map - the map
 * @param key - the key
 * @param make - builds the value when the key is absent (called at most once per key)
 */
export function getOrInsert<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

/**
 * Appends `value` to the list under `key`, creating the list on first use (grouping in one pass).
 * @param map - lists by key
 * @param key - the key
 * @param value - the item to append
 */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  getOrInsert(map, key, () => []).push(value);
}
