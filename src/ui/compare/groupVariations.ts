/** Rows of the variation grid: one per source face, in the order given. */
import type { CompareVariation } from './types';

export interface VariationRow {
  group: string | undefined;
  items: CompareVariation[];
}

/** Consecutive variations with the same group form one row; ungrouped ones share a row. */
export function groupVariations(variations: readonly CompareVariation[]): VariationRow[] {
  const rows: VariationRow[] = [];
  for (const v of variations) {
    const last = rows[rows.length - 1];
    if (last && last.group === v.group) last.items.push(v);
    else rows.push({ group: v.group, items: [v] });
  }
  return rows;
}
