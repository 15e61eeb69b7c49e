/**
 * One part's PUT to its presigned URL. XMLHttpRequest for upload progress (fetch reports none); the
 * ETag comes from the answer's header, which the bucket's CORS rule exposes.
 */
export class PartError extends Error {
  override name = "PartError";
  constructor(
    message: string,
    /** HTTP status, 0 when the connection failed. */
    readonly status: number,
  ) {
    super(message);
  }
}

export type PutPart = (
  url: string,
  body: Blob,
  options: { signal: AbortSignal; onProgress: (loaded: number) => void },
) => Promise<string>;

export const putPart: PutPart = (url, body, { signal, onProgress }) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new DOMException("Aborted", "AbortError"));
      return;
    }
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    const done = () => signal.removeEventListener("abort", abort);
    xhr.upload.addEventListener("progress", (event) => onProgress(event.loaded));
    xhr.addEventListener("load", () => {
      done();
      const etag = xhr.getResponseHeader("ETag");
      if (xhr.status >= 200 && xhr.status < 300 && etag) resolve(etag);
      else reject(new PartError(`Storage answered ${xhr.status}${etag ? "" : " without an ETag"}.`, xhr.status));
    });
    xhr.addEventListener("error", () => {
      done();
      reject(new PartError("The upload connection failed.", 0));
    });
    xhr.addEventListener("abort", () => {
      done();
      reject(new DOMException("Aborted", "AbortError"));
    });
    signal.addEventListener("abort", abort, { once: true });
    xhr.open("PUT", url);
    xhr.send(body);
  });
