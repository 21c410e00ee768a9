/**
 * Thumbnails of every variation of the identity, one row per source face when the variations say which face
 * they come from; click one to compare it.
 */
import { groupVariations } from './groupVariations';
import type { CompareVariation } from './types';

export interface VariationGridProps {
  variations: CompareVariation[];
  activeId?: string | null;
  onPick?: (id: string) => void;
}

export function VariationGrid({ variations, activeId, onPick }: VariationGridProps) {
  if (variations.length === 0) return null;
  return (
    <div className="compare-variations-rows" role="group" aria-label="Variations" data-testid="compare-variations" data-count={variations.length}>
      {groupVariations(variations).map((row, i) => (
        <div key={row.group ?? `row-${i}`} className="compare-variations-row">
          {row.group !== undefined && (
            <span className="compare-variations-group small muted" data-testid="compare-variations-group" data-count={row.items.length}>
              {row.group}
            </span>
          )}
          <div className="compare-variations">
            {row.items.map((v) => (
              <button
                key={v.id}
                type="button"
                className={`compare-variation${v.id === activeId ? ' active' : ''}`}
                aria-pressed={v.id === activeId}
                onClick={() => onPick?.(v.id)}
                title={v.label}
                data-testid={`variation-${v.id}`}
              >
                <img src={v.url} alt={v.label} draggable={false} />
                <span className="small">{v.label}</span>
              </button>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
