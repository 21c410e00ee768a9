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
}
