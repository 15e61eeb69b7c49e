import { generateMedia } from "./files";
import { expect, test } from "./fixtures";

/** GraphQL operations that would be polls of the items' status. */
const STATUS_READS = ["query MediaList", "query MediaDetail", "query UploadStatus"];

test("a tile turns READY from a push over the WebSocket, with no status poll in the network log", async ({ page }) => {
  const { clip } = generateMedia("live", { clip: true });
  const reads: string[] = [];
  let phase: "loading" | "watching" = "loading";
  page.on("request", (request) => {
    const body = request.postData() ?? "";
    const read = STATUS_READS.find((operation) => body.includes(operation));
    if (request.url().endsWith("/graphql") && read && phase === "watching") reads.push(read);
  });
  const acknowledged = page
    .waitForEvent("websocket")
    .then(
      (socket) =>
        new Promise<void>((resolve) =>
          socket.on("framereceived", ({ payload }) => String(payload).includes("connection_ack") && resolve()),
        ),
    );
  const pushedReady = new Promise<void>((resolve) =>
    page.on("websocket", (socket) =>
      socket.on("framereceived", ({ payload }) => /"status":"READY"/.test(String(payload)) && resolve()),
    ),
  );

  await page.goto("/");
  await acknowledged;
  await expect(page.getByRole("region", { name: "Gallery" })).toBeVisible();
  await page.getByTestId("file-input").setInputFiles([clip!]);

  // The new item's tile appears (one list query: a new item's place is the server's to say) ...
  const tile = page.getByTestId("media-card").filter({ hasText: "live-clip.mp4" });
  await expect(tile).toBeVisible();
  await expect(tile).not.toHaveAttribute("data-status", "READY");
  phase = "watching";
  // ... and turns READY while nothing asks for its status: the change came over the socket.
  await expect(tile).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
  await pushedReady;
  expect(reads).toEqual([]);
});
