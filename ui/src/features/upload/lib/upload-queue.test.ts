import { describe, expect, it, vi } from "vitest";

import { GraphQLRequestError } from "@/lib/graphql-client";
import { fakeUploadDeps, flush, makeFile, status } from "@/testing/upload-fakes";

import type { UploadPolicy } from "../api/upload-policy";

import { UploadError } from "./post-file";
import { UploadQueue } from "./upload-queue";
import { summarize, uploadFraction } from "./upload-state";

const policy: UploadPolicy = {
  acceptedTypes: ["image/jpeg", "image/png"],
  maxImageBytes: 10_000,
  maxVideoBytes: 0,
  maxAudioBytes: 0,
  maxPixels: 1_000_000,
  defaultPreset: "default",
};

const phases = (queue: UploadQueue) => queue.getSnapshot().items.map((i) => `${i.file.name}:${i.phase}`);

describe("UploadQueue", () => {
  it("uploads at most `concurrency` files at once and starts the next when a slot frees", async () => {
    const fake = fakeUploadDeps();
    const queue = new UploadQueue(fake.deps, { concurrency: 2 });
    queue.addFiles(
      ["a.jpg", "b.jpg", "c.jpg"].map((n) => makeFile(n)),
      policy,
    );
    await flush();
    expect(phases(queue)).toEqual(["a.jpg:creating", "b.jpg:creating", "c.jpg:queued"]);
    expect(fake.deps.createUpload).toHaveBeenCalledTimes(2);

    fake.progress("a.jpg", 250);
    expect(uploadFraction(queue.getSnapshot().items[0]!)).toBe(0.25);
    expect(phases(queue)[0]).toBe("a.jpg:uploading");

    fake.statuses.set("m-a.jpg", [status("m-a.jpg", "PROCESSING")]);
    fake.finishUpload("a.jpg");
    await flush();
    expect(phases(queue)).toEqual(["a.jpg:processing", "b.jpg:creating", "c.jpg:creating"]);
    expect(fake.deps.createUpload).toHaveBeenCalledTimes(3);
    queue.dispose();
  });

  it("polls with backoff until READY and reports the item once", async () => {
    const fake = fakeUploadDeps();
    const onSettled = vi.fn();
    const queue = new UploadQueue(fake.deps);
    queue.subscribeSettled(onSettled);
    fake.statuses.set("m-a.jpg", [
      status("m-a.jpg", "PROCESSING"),
      status("m-a.jpg", "PROCESSING"),
      status("m-a.jpg", "READY"),
    ]);
    queue.addFiles([makeFile("a.jpg")], policy);
    await flush();
    fake.finishUpload("a.jpg");
    await flush(20);
    expect(phases(queue)).toEqual(["a.jpg:ready"]);
    expect(fake.sleeps).toEqual([500, 800, 1280]);
    expect(onSettled).toHaveBeenCalledTimes(1);
    expect(summarize(queue.getSnapshot())).toMatchObject({ total: 1, ready: 1, inFlight: 0 });
  });

  it("keeps the server's error for a rejected file", async () => {
    const fake = fakeUploadDeps();
    const queue = new UploadQueue(fake.deps);
    fake.statuses.set("m-bad.jpg", [
      status("m-bad.jpg", "REJECTED", { code: "CORRUPT", message: "The image could not be decoded." }),
    ]);
    queue.addFiles([makeFile("bad.jpg")], policy);
    await flush();
    fake.finishUpload("bad.jpg");
    await flush(20);
    const [item] = queue.getSnapshot().items;
    expect(item).toMatchObject({ phase: "rejected", error: { code: "CORRUPT" } });
  });

  it("explains files that fail the client checks and never sends them", async () => {
    const fake = fakeUploadDeps();
    const queue = new UploadQueue(fake.deps);
    queue.addFiles([makeFile("notes.txt", 10, "text/plain"), makeFile("huge.png", 20_000, "image/png")], policy);
    await flush();
    const items = queue.getSnapshot().items;
    expect(items.map((i) => [i.phase, i.error?.code])).toEqual([
      ["invalid", "UNSUPPORTED_TYPE"],
      ["invalid", "TOO_LARGE"],
    ]);
    expect(items[0]?.error?.message).toContain("You can upload JPEG or PNG files.");
    expect(fake.deps.createUpload).not.toHaveBeenCalled();
  });

  it("cancels an upload in flight and removes its registration", async () => {
    const fake = fakeUploadDeps();
    const queue = new UploadQueue(fake.deps);
    const [id] = queue.addFiles([makeFile("a.jpg")], policy);
    await flush();
    fake.progress("a.jpg", 100);
    queue.cancel(id!);
    await flush();
    expect(phases(queue)).toEqual(["a.jpg:canceled"]);
    expect(fake.deps.cancelUpload).toHaveBeenCalledWith("m-a.jpg");
  });

  it("shows an API refusal as an error that can be retried", async () => {
    const fake = fakeUploadDeps();
    vi.mocked(fake.deps.createUpload).mockRejectedValueOnce(new GraphQLRequestError("offline", "NETWORK"));
    const queue = new UploadQueue(fake.deps);
    const [id] = queue.addFiles([makeFile("a.jpg")], policy);
    await flush(10);
    expect(queue.getSnapshot().items[0]).toMatchObject({ phase: "error", error: { code: "NETWORK" } });

    queue.retry(id!);
    await flush();
    expect(phases(queue)).toEqual(["a.jpg:creating"]);
  });

  it("gives up polling after the budget without failing the item", async () => {
    const fake = fakeUploadDeps();
    const queue = new UploadQueue(fake.deps, {
      poll: { initialMs: 1000, factor: 1, maxMs: 1000, budgetMs: 2500 },
    });
    fake.statuses.set("m-a.jpg", [status("m-a.jpg", "PROCESSING")]);
    queue.addFiles([makeFile("a.jpg")], policy);
    await flush();
    fake.finishUpload("a.jpg");
    await flush(30);
    expect(phases(queue)).toEqual(["a.jpg:stalled"]);
    expect(fake.sleeps).toEqual([1000, 1000, 1000]);
  });

  it("removes the registration when the bytes could not be sent", async () => {
    const fake = fakeUploadDeps();
    const queue = new UploadQueue(fake.deps);
    queue.addFiles([makeFile("a.jpg")], policy);
    await flush();
    fake.failUpload("a.jpg", new UploadError("Storage answered 403.", "UPLOAD_EXPIRED"));
    await flush(10);
    expect(queue.getSnapshot().items[0]).toMatchObject({ phase: "error", error: { code: "UPLOAD_EXPIRED" } });
    expect(fake.deps.cancelUpload).toHaveBeenCalledWith("m-a.jpg");
  });

  it("keeps polling through a transient failure", async () => {
    const fake = fakeUploadDeps();
    vi.mocked(fake.deps.fetchStatus).mockRejectedValueOnce(new GraphQLRequestError("down", "NETWORK"));
    fake.statuses.set("m-a.jpg", [status("m-a.jpg", "READY")]);
    const queue = new UploadQueue(fake.deps);
    queue.addFiles([makeFile("a.jpg")], policy);
    await flush();
    fake.finishUpload("a.jpg");
    await flush(20);
    expect(phases(queue)).toEqual(["a.jpg:ready"]);
  });

  it("clears finished items but keeps the ones in flight", async () => {
    const fake = fakeUploadDeps();
    const queue = new UploadQueue(fake.deps);
    queue.addFiles([makeFile("a.jpg"), makeFile("x.txt", 5, "text/plain")], policy);
    await flush();
    queue.clearFinished();
    expect(phases(queue)).toEqual(["a.jpg:creating"]);
  });

  describe("when the session ends", () => {
    const ended = () => new GraphQLRequestError("Sign in to continue.", "UNAUTHENTICATED", 401);

    it("keeps a file whose registration was refused, and registers it once the person is back", async () => {
      const fake = fakeUploadDeps();
      vi.mocked(fake.deps.createUpload).mockRejectedValueOnce(ended());
      fake.statuses.set("m-a.jpg", [status("m-a.jpg", "READY")]);
      const queue = new UploadQueue(fake.deps);
      queue.addFiles([makeFile("a.jpg")], policy);
      await flush(10);
      expect(queue.getSnapshot().items[0]).toMatchObject({ phase: "creating", waitingForSignIn: true, error: null });
      expect(summarize(queue.getSnapshot())).toMatchObject({ inFlight: 1, waitingForSignIn: 1 });

      fake.signInAgain();
      await flush(10);
      expect(queue.getSnapshot().items[0]).toMatchObject({ phase: "creating", waitingForSignIn: false });
      expect(fake.deps.createUpload).toHaveBeenCalledTimes(2);
      fake.finishUpload("a.jpg");
      await flush(20);
      expect(phases(queue)).toEqual(["a.jpg:ready"]);
    });

    it("lets the bytes finish, pauses the polling, and does not count the pause against the budget", async () => {
      const fake = fakeUploadDeps();
      const queue = new UploadQueue(fake.deps, {
        poll: { initialMs: 1000, factor: 1, maxMs: 1000, budgetMs: 2500 },
      });
      vi.mocked(fake.deps.fetchStatus).mockRejectedValueOnce(ended());
      fake.statuses.set("m-a.jpg", [status("m-a.jpg", "PROCESSING"), status("m-a.jpg", "READY")]);
      queue.addFiles([makeFile("a.jpg")], policy);
      await flush();
      fake.finishUpload("a.jpg");
      await flush(10);
      expect(queue.getSnapshot().items[0]).toMatchObject({ phase: "processing", waitingForSignIn: true });
      expect(fake.waitingForSignIn()).toBe(1);

      fake.signInAgain(60_000); // a minute at the sign-in form
      await flush(30);
      expect(phases(queue)).toEqual(["a.jpg:ready"]);
    });

    it("stops quietly, and calls nothing more, when somebody else signs in instead", async () => {
      const fake = fakeUploadDeps();
      vi.mocked(fake.deps.fetchStatus).mockRejectedValueOnce(ended());
      vi.mocked(fake.deps.waitForSignIn).mockRejectedValueOnce(new DOMException("Somebody else", "AbortError"));
      const queue = new UploadQueue(fake.deps);
      queue.addFiles([makeFile("a.jpg")], policy);
      await flush();
      fake.finishUpload("a.jpg");
      await flush(10);
      expect(queue.getSnapshot().items[0]!.error).toBeNull();
      expect(fake.deps.fetchStatus).toHaveBeenCalledTimes(1);
      expect(fake.deps.cancelUpload).not.toHaveBeenCalled();
    });
  });

  it("reset stops everything, tidies unsent registrations and empties the list", async () => {
    const fake = fakeUploadDeps();
    fake.statuses.set("m-b.jpg", [status("m-b.jpg", "PROCESSING")]);
    const queue = new UploadQueue(fake.deps, { concurrency: 2 });
    queue.addFiles([makeFile("a.jpg"), makeFile("b.jpg"), makeFile("c.jpg")], policy);
    await flush();
    fake.finishUpload("b.jpg"); // b is processing (polled); a and c are sending
    await flush(10);
    expect(phases(queue)).toEqual(["a.jpg:creating", "b.jpg:processing", "c.jpg:creating"]);

    await queue.reset();
    expect(queue.getSnapshot().items).toEqual([]);
    expect(fake.deps.cancelUpload).toHaveBeenCalledWith("m-a.jpg");
    expect(fake.deps.cancelUpload).toHaveBeenCalledWith("m-c.jpg");
    expect(fake.deps.cancelUpload).not.toHaveBeenCalledWith("m-b.jpg"); // its bytes arrived: it stays
  });
});

describe("UploadQueue, files in parts", () => {
  const big = () => makeFile("big.jpg", 17 * 1024 * 1024); // above the 16 MiB threshold

  it("sends a big file in parts instead of a presigned POST, then polls it to READY", async () => {
    const fake = fakeUploadDeps();
    const queue = new UploadQueue(fake.deps);
    fake.statuses.set("m-big.jpg", [status("m-big.jpg", "READY")]);
    queue.addFiles([big()], null);
    await flush();
    expect(fake.deps.uploadInParts).toHaveBeenCalledTimes(1);
    expect(fake.deps.createUpload).not.toHaveBeenCalled();
    expect(queue.getSnapshot().items[0]!.mediaId).toBe("m-big.jpg");
    fake.finishUpload("big.jpg");
    await flush(20);
    expect(phases(queue)).toEqual(["big.jpg:ready"]);
    expect(fake.deps.postFile).not.toHaveBeenCalled();
  });

  it("aborts the upload when cancelled (not deleteMedia), but keeps it after a failure for Retry", async () => {
    const fake = fakeUploadDeps();
    const queue = new UploadQueue(fake.deps);
    const [id] = queue.addFiles([big()], null);
    await flush();
    queue.cancel(id!);
    await flush();
    expect(fake.deps.abortUpload).toHaveBeenCalledExactlyOnceWith("m-big.jpg");
    expect(fake.deps.cancelUpload).not.toHaveBeenCalled();

    const failing = fakeUploadDeps();
    const other = new UploadQueue(failing.deps);
    other.addFiles([big()], null);
    await flush();
    failing.failUpload("big.jpg", new UploadError("A part failed", "UPLOAD_FAILED"));
    await flush();
    expect(phases(other)).toEqual(["big.jpg:error"]);
    expect(failing.deps.abortUpload).not.toHaveBeenCalled();
    expect(failing.deps.cancelUpload).not.toHaveBeenCalled();
    other.clearFinished(); // nobody will retry it now: its parts go
    expect(failing.deps.abortUpload).toHaveBeenCalledExactlyOnceWith("m-big.jpg");
  });

  it("pauses without dropping anything, resumes with a new run, and aborts a paused upload on cancel", async () => {
    const fake = fakeUploadDeps();
    const queue = new UploadQueue(fake.deps);
    const [id] = queue.addFiles([big()], null);
    await flush();
    fake.progress("big.jpg", 8 * 1024 * 1024);
    queue.pause(id!);
    await flush();
    expect(phases(queue)).toEqual(["big.jpg:paused"]);
    expect(summarize(queue.getSnapshot()).paused).toBe(1);
    expect(fake.deps.abortUpload).not.toHaveBeenCalled();
    const firstRun = vi.mocked(fake.deps.uploadInParts).mock.calls[0]![2];
    expect(firstRun.signal.aborted).toBe(true);
    firstRun.onProgress(9 * 1024 * 1024); // a late XHR event of the stopped run changes nothing
    expect(phases(queue)).toEqual(["big.jpg:paused"]);

    queue.resume(id!);
    await flush();
    expect(fake.deps.uploadInParts).toHaveBeenCalledTimes(2);
    fake.progress("big.jpg", 8 * 1024 * 1024);
    expect(phases(queue)).toEqual(["big.jpg:uploading"]);

    queue.pause(id!);
    await flush();
    queue.cancel(id!);
    await flush();
    expect(phases(queue)).toEqual(["big.jpg:canceled"]);
    expect(fake.deps.abortUpload).toHaveBeenCalledExactlyOnceWith("m-big.jpg");
  });

  it("does not pause a small file (a presigned POST would start over), nor a finished one", async () => {
    const fake = fakeUploadDeps();
    const queue = new UploadQueue(fake.deps);
    const [id, bigId] = queue.addFiles([makeFile("a.jpg"), big()], null);
    await flush();
    fake.progress("a.jpg", 100);
    queue.pause(id!);
    // Nor a big one whose bytes are all in: only the completion is left.
    fake.progress("big.jpg", 17 * 1024 * 1024);
    queue.pause(bigId!);
    expect(phases(queue)).toEqual(["a.jpg:uploading", "big.jpg:uploading"]);
  });

  it("waits out an ended session mid-way and calls again, which resumes the parts already sent", async () => {
    const fake = fakeUploadDeps();
    const queue = new UploadQueue(fake.deps);
    vi.mocked(fake.deps.uploadInParts).mockRejectedValueOnce(new GraphQLRequestError("expired", "UNAUTHENTICATED"));
    fake.statuses.set("m-big.jpg", [status("m-big.jpg", "READY")]);
    queue.addFiles([big()], null);
    await flush();
    expect(fake.waitingForSignIn()).toBe(1);
    expect(queue.getSnapshot().items[0]!.waitingForSignIn).toBe(true);
    fake.signInAgain();
    await flush();
    expect(fake.deps.uploadInParts).toHaveBeenCalledTimes(2);
    fake.finishUpload("big.jpg");
    await flush(20);
    expect(phases(queue)).toEqual(["big.jpg:ready"]);
    expect(fake.deps.abortUpload).not.toHaveBeenCalled();
  });
});
