/** A count and its noun, singular for one: "1 document", "2 documents", "1,204 families". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
