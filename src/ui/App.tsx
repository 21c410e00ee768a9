/** The studio's layout: a control column on the left, the gallery and comparison on the right. */
import { useEffect, useState } from 'react';
import { BackendBadge } from './runtime/BackendBadge';
import { SelfTestPanel } from './diagnostics/SelfTestPanel';
import { PacksPanel } from './packs/PacksPanel';
import { ImportPanel } from './workspace/ImportPanel';
import { RendererPanel } from './render/RendererPanel';
import { WorkspaceGallery } from './workspace/WorkspaceGallery';
import { ComparePanel } from './workspace/ComparePanel';
import { ControlsPanel } from './controls/ControlsPanel';
import { CalibrationPanel } from './calibration/CalibrationPanel';
import { RunBar } from './controls/RunBar';
import { ExportPanel } from './export/ExportPanel';
import { JobList } from './jobs/JobList';
import { NoticeList } from './common/NoticeList';
import { ErrorBoundary } from './common/ErrorBoundary';
import { startupAction } from '../state/actions/startupAction';

export function App() {
  const [compareId, setCompareId] = useState<string | null>(null);
  useEffect(() => {
    void startupAction();
  }, []);
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
      <div className="layout">
        <aside className="sidebar">
          <ErrorBoundary label="Model packs">
            <PacksPanel />
          </ErrorBoundary>
          <ErrorBoundary label="Faces">
            <ImportPanel />
          </ErrorBoundary>
          <ErrorBoundary label="Face renderer">
            <RendererPanel />
          </ErrorBoundary>
          <ErrorBoundary label="Controls">
            <ControlsPanel />
          </ErrorBoundary>
          <ErrorBoundary label="Realism calibration">
            <CalibrationPanel />
          </ErrorBoundary>
          <ErrorBoundary label="Export">
            <ExportPanel />
          </ErrorBoundary>
          <ErrorBoundary label="Jobs">
            <JobList />
          </ErrorBoundary>
          <ErrorBoundary label="Self-test">
            <SelfTestPanel />
          </ErrorBoundary>
        </aside>
        <main className="workspace">
          <ErrorBoundary label="Enhance">
            <RunBar />
          </ErrorBoundary>
          <ErrorBoundary label="Gallery">
            <WorkspaceGallery onOpen={setCompareId} />
          </ErrorBoundary>
          <ErrorBoundary label="Compare">
            <ComparePanel openedId={compareId} />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}
