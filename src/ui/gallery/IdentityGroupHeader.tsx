/** The row that introduces one identity in the gallery: its name, image count and a "select identity" action. */
import { memo } from 'react';

/** Props for {@link IdentityGroupHeader}. */
export interface IdentityGroupHeaderProps {
  identity: string;
  count: number;
  /** How many of this identity's faces are selected; shown only when non-zero. */
  selectedCount: number;
  onSelectIdentity: (identity: string) => void;
}

export const IdentityGroupHeader = memo(function IdentityGroupHeader({ identity, count, selectedCount, onSelectIdentity }: IdentityGroupHeaderProps) {
  return (
    <div className="gallery-group-header" role="row" data-testid={`gallery-group-${identity}`}>
      <span className="gallery-group-name" role="rowheader">
        {identity}
      </span>
      <span className="muted small">
        {count} {count === 1 ? 'image' : 'images'}
        {selectedCount > 0 ? ` · ${selectedCount} selected` : ''}
      </span>
      <button
        type="button"
        className="link small"
        // Keep focus (and so keyboard navigation) on the grid rather than on this button.
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => onSelectIdentity(identity)}
        disabled={count === 0}
        data-testid={`gallery-select-identity-${identity}`}
      >
        Select identity
      </button>
    </div>
  );
});
