/** A count and its noun, singular for one: "1 document", "2 documents", "1,204 families". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "A", "A and B", "A, B and C". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "A", "A or B", "A, B or C". */
export function orWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** At most `max` names, then "and N more". */
export function someNames(names: readonly string[], max = 5): string {
  if (names.length <= max) return listWords(names);
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
