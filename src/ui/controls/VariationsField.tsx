/** How many results each source face gets per run (1…32), each with its own seed; for every pack kind. */
import { MAX_VARIATIONS_PER_IDENTITY } from '../../state/actions/enhanceUnits';

export function VariationsField({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  return (
    <label
      className="row small variations-field"
      title={`Each enhanced face gets this many results. Variation k of the face at queue position i uses seed (seed + i × N + k); Arc2Face packs also move each variation towards a different image of the identity.`}
    >
      Variations per identity
      <input
        type="number"
        min={1}
        max={MAX_VARIATIONS_PER_IDENTITY}
        step={1}
        value={value}
        data-testid="variations-per-identity"
        onChange={(e) => {
          const n = Number(e.target.value);
          // An empty field while typing is not a value yet; the store clamps everything else to 1…32.
          if (e.target.value !== '' && Number.isFinite(n)) onChange(n);
        }}
      />
    </label>
  );
}
