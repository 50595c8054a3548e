// Typed errors across a real MessageChannel with comlink: a TranslationError keeps its problem code.
import * as Comlink from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { CancelledError, GdwError } from '../core/errors';
import { TranslationError, translationProblems } from '../core/translate/errors';
import { installTypedErrorTransfer, reviveTransferredError, serializeTransferredError } from './comlinkErrors';

describe('typed error transfer', () => {
  it('keeps a TranslationError\'s problem, name, code and message', () => {
    const sent = serializeTransferredError(new TranslationError(translationProblems.depthOutOfRange, 'inversion depth t* = 0; expected 1 to T = 1000'));
    const back = reviveTransferredError(structuredClone(sent));
    expect(back).toBeInstanceOf(TranslationError);
    expect(back).toMatchObject({ name: 'TranslationError', code: 'invalid-request', problem: 'depth-out-of-range', message: 'inversion depth t* = 0; expected 1 to T = 1000' });
  });

  it('revives other errors as before, and an unknown problem as a plain GdwError', () => {
    expect(reviveTransferredError(serializeTransferredError(new CancelledError('translation')))).toMatchObject({ code: 'cancelled' });
    const forged = reviveTransferredError({ name: 'TranslationError', code: 'invalid-request', message: 'm', problem: 'no-such' as never });
    expect(forged).not.toBeInstanceOf(TranslationError);
    expect(forged).toBeInstanceOf(GdwError);
  });

  it('crosses a comlink boundary with the problem intact', async () => {
    installTypedErrorTransfer();
    const { port1, port2 } = new MessageChannel();
    Comlink.expose({ translate: () => { throw new TranslationError(translationProblems.unconditionalBackbone, 'gan.onnx takes no class label'); } },
      port1 as unknown as Comlink.Endpoint);
    const remote = Comlink.wrap<{ translate(): void }>(port2 as unknown as Comlink.Endpoint);
    await expect(remote.translate()).rejects.toMatchObject({ name: 'TranslationError', problem: 'unconditional-backbone' });
    port1.close();
    port2.close();
  });
});
