/** A loaded pack's details: what it is, its licences and source. */
import type { PackInfo } from '../../worker/protocol';
import { formatBytes } from '../common/format';

export function PackCard({ pack, active, onUse }: { pack: PackInfo; active: boolean; onUse: () => void }) {
  return (
    <div className={`pack-card${active ? ' active' : ''}`} data-testid={`loaded-${pack.id}`}>
      <div className="row">
        <strong>{pack.name}</strong>
        <span className="muted small">
          v{pack.version} · {pack.kind} · {formatBytes(pack.bytes)}
        </span>
        {pack.testOnly && <span className="badge">test pack</span>}
        <button type="button" className="secondary" onClick={onUse} disabled={active}>
          {active ? 'Active' : 'Use'}
        </button>
      </div>
      <p className="small">{pack.description}</p>
      <p className="muted small">
        Licences: {pack.licences.map((l) => `${l.name} (${l.appliesTo})`).join('; ')} · Source: {pack.source}
      </p>
    </div>
  );
}
