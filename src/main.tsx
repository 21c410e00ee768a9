/** Entry: checks browser capabilities, then mounts the app with its query client. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from './state/queryClient';
import { App } from './ui/App';
import { checkCapabilities } from './ui/capabilities';
import { studioClient } from './state/studioClient';
import { progressProxy } from './worker/client';
import { useStudioStore } from './state/store';
import './ui/styles.css';

const root = document.getElementById('root')!;
const caps = checkCapabilities();

if (caps.fatal.length > 0) {
  const box = document.createElement('div');
  box.className = 'unsupported';
  box.setAttribute('role', 'alert');
  const h = document.createElement('h1');
  h.textContent = 'Digi2Real Studio cannot run in this browser';
  box.append(h);
  for (const line of caps.fatal) {
    const p = document.createElement('p');
    p.textContent = line;
    box.append(p);
  }
  root.replaceChildren(box);
} else {
  for (const w of caps.warnings) useStudioStore.getState().addNotice('warning', w);
  studioClient.onCrash((why) => useStudioStore.getState().addNotice('error', `The model worker stopped (${why}); it was restarted.`));
  // Test and console hook: lets Playwright drive the worker API directly. Exposes nothing the page does not already have.
  (window as unknown as { __studio: unknown }).__studio = { client: studioClient, store: useStudioStore, proxy: progressProxy };
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}
