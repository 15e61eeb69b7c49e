import { type ReactNode, useState } from "react";

import { useApi } from "@/lib/api-context";
import { sleep } from "@/utils/backoff";

import { cancelUpload } from "../api/cancel-upload";
import { createUpload } from "../api/create-upload";
import { fetchUploadStatus } from "../api/upload-status";
import { UploadQueueContext } from "../hooks/upload-queue-context";
import { postFile } from "../lib/post-file";
import { UploadQueue } from "../lib/upload-queue";

type UploadQueueProviderProps = {
  children: ReactNode;
  /** Tests inject a queue with fake dependencies. */
  queue?: UploadQueue;
};

/** Owns the one upload queue of the app, wired to this stack's API and storage. */
export function UploadQueueProvider({ children, queue: injected }: UploadQueueProviderProps) {
  const { request, waitForSignIn } = useApi();
  const [queue] = useState(
    () =>
      injected ??
      new UploadQueue({
        createUpload: (input, signal) => createUpload(request, input, signal),
        postFile: (target, file, options) =>
          postFile(target, file, { signal: options.signal, onProgress: (loaded) => options.onProgress(loaded) }),
        fetchStatus: (id, signal) => fetchUploadStatus(request, id, signal),
        cancelUpload: (id) => cancelUpload(request, id),
        waitForSignIn,
        sleep,
        now: () => Date.now(),
      }),
  );

  return <UploadQueueContext value={queue}>{children}</UploadQueueContext>;
}
