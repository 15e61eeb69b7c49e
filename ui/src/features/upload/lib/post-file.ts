/**
 * The direct-to-storage upload: a multipart/form-data POST of the presigned fields and then the file
 * (field `file`, last, as S3 requires). XMLHttpRequest because fetch reports no upload progress.
 */
export class UploadError extends Error {
  override name = "UploadError";
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Maps S3's XML error answer to one of our codes. */
export function uploadErrorCode(status: number, body: string): string {
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]+)<\/Message>/.exec(body)?.[1] ?? "";
  if (code === "EntityTooLarge") return "TOO_LARGE";
  if (code === "EntityTooSmall") return "EMPTY";
  if (code === "AccessDenied" && /expired/i.test(message)) return "UPLOAD_EXPIRED";
  if (status === 0) return "NETWORK";
  return "UPLOAD_FAILED";
}

export type PostFileOptions = {
  signal?: AbortSignal;
  onProgress?: (loaded: number, total: number) => void;
};

export function postFile(
  target: { url: string; fields: Record<string, string> },
  file: Blob,
  { signal, onProgress }: PostFileOptions = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException("Aborted", "AbortError"));
      return;
    }
    const form = new FormData();
    for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
    form.append("file", file);

    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    const done = () => signal?.removeEventListener("abort", abort);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded, event.total);
    });
    xhr.addEventListener("load", () => {
      done();
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(file.size, file.size);
        resolve();
      } else {
        reject(new UploadError(`Storage answered ${xhr.status}.`, uploadErrorCode(xhr.status, xhr.responseText)));
      }
    });
    xhr.addEventListener("error", () => {
      done();
      reject(new UploadError("The upload connection failed.", "UPLOAD_FAILED"));
    });
    xhr.addEventListener("abort", () => {
      done();
      reject(new DOMException("Aborted", "AbortError"));
    });
    signal?.addEventListener("abort", abort, { once: true });
    xhr.open("POST", target.url);
    xhr.send(form);
  });
}
