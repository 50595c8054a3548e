// What a newcomer waits for, measured in real Chromium from a fresh profile: the first comparison
// (the precomputed one), loading a built-in backbone, generating a set with the form's defaults
// but n = 100 on each execution provider (WebGPU, software here, with 10 DDIM steps; then WASM
// with the default 50: GDW_NEWCOMER_RUNS=ep:steps,…), and Evaluate with the Compare form's
// defaults (on the last set; its TSTR set is generated on the last EP). Each figure is written to
// bench/out/newcomer.json as soon as it is measured. Writes bench/out/newcomer.json; the README quotes it.
import { mkdir, writeFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { BackbonesPanelPage } from '../../e2e/pages/backbonesPanel';
import { ComparePanelPage } from '../../e2e/pages/comparePanel';
import { WorkbenchPage } from '../../e2e/pages/workbench';

const backbone = process.env.GDW_NEWCOMER_BACKBONE ?? 'builtin:unet-mlp';
const count = Number(process.env.GDW_NEWCOMER_COUNT ?? 100);
const runs = (process.env.GDW_NEWCOMER_RUNS ?? 'webgpu:10,wasm:50').split(',').map((r) => {
  const [ep, steps] = r.split(':');
  return { ep, steps: Number(steps) };
});

test('a newcomer\'s timings: first comparison, load, generate per EP, evaluate', async ({ page }) => {
  const workbench = new WorkbenchPage(page);
  const backbones = new BackbonesPanelPage(page);
  const compare = new ComparePanelPage(page);
  const timings: Record<string, number> = {};
  const since = (t0: number) => Math.round(Date.now() - t0);
  const save = async () => {
    await mkdir('bench/out', { recursive: true });
    await writeFile('bench/out/newcomer.json', `${JSON.stringify({ date: new Date().toISOString(), backbone, count, runs, timings }, null, 1)}\n`);
  };

  let t0 = Date.now();
  await workbench.open();
  await expect(workbench.byTestId('report-precomputed-label')).toBeVisible({ timeout: 60_000 });
  timings.firstComparisonMs = since(t0);
  await workbench.data.waitForEncode();
  timings.demoEncodedMs = since(t0);
  await save();

  for (const { ep, steps } of runs) {
    t0 = Date.now();
    if (await backbones.row(backbone).getAttribute('data-status') === 'loaded') await backbones.unload(backbone);
    await backbones.row(backbone).getByTestId('backbone-ep-choice').selectOption(ep);
    await backbones.load(backbone);
    await backbones.waitForRow(backbone, 'loaded', 600_000);
    timings[`load_${ep}Ms`] = since(t0);
    await compare.setRun({ id: backbone, count, steps });
    t0 = Date.now();
    await workbench.byTestId('generate-button').click();
    await expect(compare.runRow(backbone)).toHaveAttribute('data-state', 'running');
    await compare.waitForGenerated(backbone, 50 * 60_000);
    timings[`generate_${ep}_ddim${steps}Ms`] = since(t0);
    await save();
  }

  // Evaluate with the form as it opens (the last generated set; TSTR's matched set is generated too).
  t0 = Date.now();
  await compare.byTestId('compare-evaluate').click();
  await compare.waitForEvaluation(50 * 60_000);
  timings.evaluateMs = since(t0);

  test.info().annotations.push({ type: 'timings', description: JSON.stringify(timings) });
  await save();
});
