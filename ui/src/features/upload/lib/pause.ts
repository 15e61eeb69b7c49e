/**
 * The abort reason of a pause (AbortController.abort(PAUSED)): the run stops like a cancel, but the
 * upload and the parts storage holds are kept, to be continued.
 */
export const PAUSED = new DOMException("Paused", "AbortError");

export const isPaused = (signal: AbortSignal) => signal.aborted && signal.reason === PAUSED;
