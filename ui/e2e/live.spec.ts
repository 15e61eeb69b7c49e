import { generateMedia } from "./files";
import { expect, test } from "./fixtures";
import { registerUpload, sendBytes } from "./stack";

/** GraphQL operations that would be polls of the items' status. */
const STATUS_READS = ["query MediaList", "query MediaDetail", "query UploadStatus"];

test("a tile turns READY from a push over the WebSocket, with no status poll in the network log", async ({
  page,
  request,
  signedIn,
}) => {
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

  // An item made beside the page (another tab, the CLI) whose bytes are held back: it cannot be
  // processed yet, so its tile shows it waiting, whatever the machine's speed. Its first push makes
  // the one list query (a new item's place is the server's to say) ...
  const upload = await registerUpload(request, signedIn!, clip!, "video/mp4");
  const tile = page.locator(`[data-testid="media-card"][href="/items/${upload.id}"]`);
  await expect(tile).toHaveAttribute("data-status", "AWAITING_UPLOAD");
  phase = "watching";

  // ... then its bytes go up, and it turns READY while nothing asks for its status: the change came over the socket.
  await sendBytes(upload, clip!, "video/mp4");
  await expect(tile).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
  await pushedReady;
  expect(reads).toEqual([]);
});
