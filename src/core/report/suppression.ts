/**
 * Small-group suppression: no figure is shown for a group of fewer students than the Settings'
 * "Smallest group shown in reports" (10 by default); it reads "n<10" instead.
 *
 * A table of groups that partition a population (schools, grades, the values of one subgroup)
 * sits next to that population's total, so one hidden group could be found by subtraction. So
 * suppression is complementary: while only one group is hidden, or the hidden groups together
 * have fewer students than the smallest group shown, the next smallest group is hidden too.
 */

export function suppressedText(minGroup: number): string {
  return `n<${minGroup}`;
}

/** Which groups of a partition are hidden, given each group's size. */
export function suppressGroups(sizes: readonly number[], minGroup: number): boolean[] {
  const hidden = sizes.map((n) => n > 0 && n < minGroup);
  const count = () => hidden.filter(Boolean).length;
  const sum = () => sizes.reduce((s, n, i) => s + (hidden[i] ? n : 0), 0);
  while (count() > 0 && (count() === 1 || sum() < minGroup)) {
    let next = -1;
    sizes.forEach((n, i) => {
      if (!hidden[i] && n > 0 && (next < 0 || n < sizes[next])) next = i;
    });
    if (next < 0) break;
    hidden[next] = true;
  }
  return hidden;
}
