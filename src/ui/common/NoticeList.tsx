/** Dismissable notices (fallbacks, restarts, errors). */
import { useStudioStore } from '../../state/store';

export function NoticeList() {
  const notices = useStudioStore((s) => s.notices);
  const dismiss = useStudioStore((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.level}`} data-testid="notice">
          <span>{n.text}</span>
          <button type="button" className="link" onClick={() => dismiss(n.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
