// The bookkeeping of one evaluation pipeline run: its stages for the progress bar, Cancel passed
// to the engine it waits on, its log and warnings. Split from evaluationPipeline.ts.
import { CancelledError } from '../core/errors';
import type { PipelineBackbone, PipelineInput } from './evaluationPipelineTypes';

/** How messages, progress and logs name a backbone: its display name, else its id. */
export const nameOf = (backbone: PipelineBackbone): string => backbone.name ?? backbone.id;

export class Run {
  private stage = 0;
  private readonly stages: number;
  private cancelCurrent: () => unknown = () => undefined;
  readonly warnings: string[];
  private readonly releases: (() => Promise<void>)[] = [];

  constructor(private readonly input: PipelineInput) {
    this.stages = input.backbones.length * 2 + (input.imported?.length ?? 0) + 2 + (input.genotypeSpace ? 1 : 0);
    this.warnings = [...(input.warnings ?? [])];
    input.signal?.addEventListener('abort', () => this.cancelCurrent());
  }

  check(): void {
    if (this.input.signal?.aborted) throw new CancelledError('the evaluation');
  }

  /** From now until the next call, Cancel tells this engine. */
  waitingOn(engine: { cancel(): unknown }): void {
    this.check();
    this.cancelCurrent = () => engine.cancel();
  }

  log(line: string): void {
    this.input.onLog?.(line);
  }

  warn(line: string): void {
    this.warnings.push(line);
    this.log(`warning: ${line}`);
  }

  say(label: string): (fraction: number) => void {
    const at = this.stage;
    return (fraction) => this.input.onProgress?.(label, Math.min(1, (at + Math.max(0, Math.min(1, fraction))) / this.stages));
  }

  next(): void {
    this.stage++;
  }

  /** Frees something at the end of the run, cancelled or not (a set a worker's store holds for it). */
  onFinish(release: () => Promise<void>): void {
    this.releases.push(release);
  }

  async finish(): Promise<void> {
    for (const release of this.releases.splice(0)) await release().catch(() => undefined);
  }
}
