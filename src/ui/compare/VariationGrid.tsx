/** Thumbnails of every variation of the identity; click one to compare it. */
import type { CompareVariation } from './types';

export interface VariationGridProps {
  variations: CompareVariation[];
  activeId?: string | null;
  onPick?: (id: string) => void;
}

export function VariationGrid({ variations, activeId, onPick }: VariationGridProps) {
  if (variations.length === 0) return null;
  return (
    <div className="compare-variations" role="group" aria-label="Variations" data-testid="compare-variations">
      {variations.map((v) => (
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
  );
}
