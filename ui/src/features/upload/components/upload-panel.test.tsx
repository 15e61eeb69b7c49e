/** @vitest-environment jsdom */
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { fakeRequest, renderWithApi } from "@/testing/render";
import { fakeUploadDeps, flush, makeFile, status } from "@/testing/upload-fakes";

import { UploadQueue } from "../lib/upload-queue";

import { UploadPanel, useUploadTiles } from "./upload-panel";
import { UploadQueueProvider } from "./upload-queue-provider";

const policy = {
  uploadPolicy: {
    acceptedTypes: ["image/jpeg", "image/png"],
    maxImageBytes: 10_000,
    maxVideoBytes: 0,
    maxAudioBytes: 0,
    maxPixels: 1_000_000,
    defaultPreset: "default",
  },
};

/** The panel and its tiles, as the home page lays them out (the tiles lead the gallery's list). */
function PanelAndTiles() {
  const { tiles } = useUploadTiles();
  return (
    <>
      <UploadPanel />
      <ul aria-label="Uploads on their way">{tiles}</ul>
    </>
  );
}

async function setup() {
  const fake = fakeUploadDeps();
  const queue = new UploadQueue(fake.deps, { concurrency: 2 });
  const { request } = fakeRequest({ UploadPolicy: () => policy });
  renderWithApi(
    <UploadQueueProvider queue={queue}>
      <PanelAndTiles />
    </UploadQueueProvider>,
    { request },
  );
  await screen.findByText("Photos (JPEG, PNG) up to 9.8 KB");
  return { fake, queue };
}

const rowOf = (name: string) => screen.getByText(name).closest("li")!;

describe("UploadPanel", () => {
  it("shows progress on each file's tile, then hands it to the gallery, counting the results", async () => {
    const { fake } = await setup();
    await userEvent.upload(screen.getByTestId("file-input"), [makeFile("a.jpg", 1000), makeFile("b.jpg", 1000)]);
    await act(() => flush());

    act(() => fake.progress("a.jpg", 250));
    const bar = within(rowOf("a.jpg")).getByRole("progressbar", { name: "a.jpg: Uploading 25%" });
    expect(bar).toHaveAttribute("aria-valuenow", "25");
    expect(screen.getByTestId("upload-summary")).toHaveTextContent("0 of 2 ready, 2 in progress");

    fake.statuses.set("m-a.jpg", [status("m-a.jpg", "PROCESSING"), status("m-a.jpg", "READY")]);
    fake.statuses.set("m-b.jpg", [status("m-b.jpg", "REJECTED", { code: "CORRUPT", message: "Truncated." })]);
    await act(async () => {
      fake.finishUpload("a.jpg");
      fake.finishUpload("b.jpg");
      await flush(30);
    });

    // Once its bytes are in storage a file is the gallery's tile (what the server says), not this one.
    expect(screen.queryByTestId("upload-tile")).not.toBeInTheDocument();
    expect(screen.getByTestId("upload-summary")).toHaveTextContent("1 of 2 ready, 1 with problems");
  });

  it("explains files the server would refuse, and lets them be cleared", async () => {
    await setup();
    await userEvent.upload(screen.getByTestId("file-input"), [makeFile("big.jpg", 20_000)], { applyAccept: false });
    expect(within(rowOf("big.jpg")).getByText("Not uploaded")).toBeInTheDocument();
    expect(within(rowOf("big.jpg")).getByTestId("upload-problem")).toHaveTextContent(
      "This file is 19.5 KB; the limit for images is 9.8 KB.",
    );
    await userEvent.click(screen.getByRole("button", { name: "Clear finished" }));
    expect(screen.queryByText("big.jpg")).not.toBeInTheDocument();
  });

  it("cancels an upload from its row", async () => {
    const { fake } = await setup();
    await userEvent.upload(screen.getByTestId("file-input"), [makeFile("a.jpg")]);
    await act(() => flush());
    await userEvent.click(screen.getByRole("button", { name: "Cancel upload of a.jpg" }));
    await act(() => flush());
    expect(within(rowOf("a.jpg")).getByText("Canceled")).toBeInTheDocument();
    expect(fake.deps.cancelUpload).toHaveBeenCalledWith("m-a.jpg");
  });

  it("opens the file picker from a real button (keyboard and touch)", async () => {
    await setup();
    const button = screen.getByRole("button", { name: "Choose files" });
    button.focus();
    expect(button).toHaveFocus();
    expect(screen.getByRole("region", { name: "Upload files" })).toBeInTheDocument();
  });

  it("shows bytes, speed and time left, overall progress, and pauses and resumes a big file", async () => {
    const { fake, queue } = await setup();
    const MIB = 1024 * 1024;
    act(() => void queue.addFiles([makeFile("big.jpg", 20 * MIB)], null));
    await act(() => flush());
    act(() => fake.progress("big.jpg", 2 * MIB));
    await act(async () => {
      await fake.deps.sleep(1000, new AbortController().signal); // the fake clock moves on a second
      fake.progress("big.jpg", 4 * MIB);
    });
    const row = rowOf("big.jpg");
    expect(within(row).getByTestId("upload-transfer")).toHaveTextContent("4.0 MB of 20.0 MB · 2.0 MB/s · 0:08 left");
    expect(screen.getByTestId("upload-overall")).toHaveTextContent("4.0 MB of 20.0 MB · 2.0 MB/s · 0:08 left");

    await userEvent.click(within(row).getByRole("button", { name: "Pause upload of big.jpg" }));
    expect(within(rowOf("big.jpg")).getByText(/^Paused 20%/)).toBeInTheDocument();
    expect(screen.getByTestId("upload-overall")).toHaveTextContent(/^4\.0 MB of 20\.0 MB$/); // nothing moves: no time left
    expect(screen.getByTestId("upload-summary")).toHaveTextContent("0 of 1 ready, 1 in progress, 1 paused");
    await userEvent.click(within(rowOf("big.jpg")).getByRole("button", { name: "Resume upload of big.jpg" }));
    await act(() => flush());
    expect(fake.deps.uploadInParts).toHaveBeenCalledTimes(2);
  });
});
