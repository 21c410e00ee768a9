/** What to enhance: the selection, the focused face's identity, or everything. */
import { enhanceFacesAction } from '../../state/actions/enhanceQueue';
import { useStudioStore } from '../../state/store';

export function RunBar() {
  const selected = useStudioStore((s) => s.selected);
  const order = useStudioStore((s) => s.faceOrder);
  const faces = useStudioStore((s) => s.faces);
  const focusedId = useStudioStore((s) => s.focusedId);
  const activePackId = useStudioStore((s) => s.activePackId);
  const focusedIdentity = focusedId ? faces[focusedId]?.identity : undefined;
  const identityIds = focusedIdentity ? order.filter((id) => faces[id].identity === focusedIdentity) : [];
  const disabled = !activePackId;
  return (
    <div className="runbar row" aria-label="Enhance">
      <button type="button" disabled={disabled || selected.size === 0} onClick={() => void enhanceFacesAction(order.filter((id) => selected.has(id)))} data-testid="enhance-selected">
        Enhance selected ({selected.size})
      </button>
      <button type="button" className="secondary" disabled={disabled || identityIds.length === 0} onClick={() => void enhanceFacesAction(identityIds)} data-testid="enhance-identity">
        Enhance identity {focusedIdentity ?? ''} ({identityIds.length})
      </button>
      <button type="button" className="secondary" disabled={disabled || order.length === 0} onClick={() => void enhanceFacesAction(order)} data-testid="enhance-all">
        Enhance all ({order.length})
      </button>
      {disabled && <span className="muted small">Load a pack to enhance.</span>}
    </div>
  );
}
