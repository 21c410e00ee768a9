/** The studio's top-level layout. */
import { BackendBadge } from './runtime/BackendBadge';
import { SelfTestPanel } from './diagnostics/SelfTestPanel';
import { PacksPanel } from './packs/PacksPanel';
import { JobList } from './jobs/JobList';
import { NoticeList } from './common/NoticeList';
import { ErrorBoundary } from './common/ErrorBoundary';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>Digi2Real Studio</h1>
          <p className="muted small">Realism transfer for synthetic faces, entirely in your browser. Your images never leave this device.</p>
        </div>
        <ErrorBoundary label="Backend panel">
          <BackendBadge />
        </ErrorBoundary>
      </header>
      <NoticeList />
      <main className="app-main">
        <ErrorBoundary label="Model packs">
          <PacksPanel />
        </ErrorBoundary>
        <ErrorBoundary label="Self-test">
          <SelfTestPanel />
        </ErrorBoundary>
        <ErrorBoundary label="Jobs">
          <JobList />
        </ErrorBoundary>
      </main>
    </div>
  );
}
