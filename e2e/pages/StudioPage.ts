/** Page object for the studio: navigation plus direct access to the worker API through the test hook. */
import { expect, type Page } from '@playwright/test';

export class StudioPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByRole('heading', { name: 'Digi2Real Studio' })).toBeVisible();
    await expect(this.page.getByTestId('backend-reason')).not.toBeEmpty();
  }

  backendName() {
    return this.page.getByTestId('backend-name');
  }

  backendReason() {
    return this.page.getByTestId('backend-reason');
  }

  /** Results per source face for the next enhance run (the controls panel's numeric field). */
  async setVariationsPerIdentity(n: number): Promise<void> {
    await this.page.getByTestId('variations-per-identity').fill(String(n));
    await expect(this.page.getByTestId('variations-per-identity')).toHaveValue(String(n));
  }

  /** Each face's result variations and seeds, from the store (the gallery is virtualised). */
  resultsByFace(): Promise<Record<string, { variation: number; seed: number; error?: string }[]>> {
    return this.page.evaluate(() => {
      const results = (window as any).__studio.store.getState().results as Record<string, { variation: number; seed: number; error?: string }[]>;
      return Object.fromEntries(Object.entries(results).map(([id, list]) => [id, list.map((r) => ({ variation: r.variation, seed: r.seed, error: r.error }))]));
    });
  }
}
