/**
 * Scheduler parity vs diffusers v0.29.2 fixtures: every folder of fixtures/schedulers (discovered,
 * not hard-coded), every txt2img/img2img file, tolerances from fixtures/README.md.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fixturePath, listFixtureFolders } from '../../testing/fixtures';
import { checkSchedulerFixtureFolder, summariseParity, type FolderParityReport } from '../../testing/schedulerParity';

const folders = listFixtureFolders('schedulers');
const reports: FolderParityReport[] = [];

describe('scheduler parity (diffusers v0.29.2 fixtures)', () => {
  it('finds scheduler fixture folders', () => {
    expect(folders.length).toBeGreaterThanOrEqual(5);
  });

  it.each(folders)('parity: %s', (folder) => {
    const report = checkSchedulerFixtureFolder(fixturePath('schedulers', folder));
    reports.push(report);
    expect(report.checks.length).toBeGreaterThan(5);
    const failures = report.checks.filter((c) => !c.pass);
    expect(failures, summariseParity(report)).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  afterAll(() => {
    console.log(reports.map(summariseParity).join('\n'));
  });
});
