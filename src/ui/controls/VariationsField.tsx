/** How many results each source face gets per run (1…32), each with its own seed; for every pack kind. */
import { MAX_VARIATIONS_PER_IDENTITY } from '../../state/actions/enhanceUnits';
import { IntegerInput } from './IntegerInput';

export function VariationsField({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  return (
    <label
      className="row small variations-field"
      title={`Each enhanced face gets this many results. Variation k of the face at queue position i uses seed (seed + i × N + k); Arc2Face packs also move each variation towards a different image of the identity.`}
    >
      Variations per identity
      <IntegerInput min={1} max={MAX_VARIATIONS_PER_IDENTITY} value={value} testId="variations-per-identity" onChange={onChange} />
    </label>
  );
}
