import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { cognito, demoUser, stackState } from "./accounts";
import { expect, test } from "./fixtures";

test.use({ account: "none" });

/**
 * A page served from another local port: any site a developer has open while the stack runs. A real
 * server, since Chromium treats a page no socket served (route.fulfill) as public and keeps it from
 * loopback altogether, which would prove nothing about the emulator.
 */
async function servePageElsewhere(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end("<!doctype html><title>Somewhere else</title>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test("a page on another origin can neither read nor reset the stack's emulator", async ({ context }) => {
  const state = stackState();
  test.skip(!state, "needs the stack's state file (E2E_STATE_FILE) to find its emulator");
  const elsewhere = await servePageElsewhere();
  // A page of its own: the browser logs every refused request, which is the point here.
  const page = await context.newPage();
  await page.goto(elsewhere.url);

  const outcome = await page.evaluate(
    async ({ endpoint, bucket, table }) => {
      const attempt = async (url: string, init?: RequestInit) => {
        try {
          return `read ${(await fetch(url, init)).status}`;
        } catch {
          return "blocked";
        }
      };
      return {
        originals: await attempt(`${endpoint}/${bucket}?list-type=2`),
        table: await attempt(endpoint, {
          method: "POST",
          headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.Scan" },
          body: JSON.stringify({ TableName: table }),
        }),
        reset: await attempt(`${endpoint}/moto-api/reset`, { method: "POST" }),
        // Sent without asking to read the answer (no CORS needed): the request still goes out, and
        // the page gets an opaque answer or none (Chromium's opaque-response blocking).
        blindReset: await attempt(`${endpoint}/moto-api/reset`, { method: "POST", mode: "no-cors" }),
      };
    },
    { endpoint: state!.awsEndpoint, bucket: state!.uploadsBucket, table: state!.tableName },
  );
  expect(outcome).toMatchObject({ originals: "blocked", table: "blocked", reset: "blocked" });
  expect(outcome.blindReset).toMatch(/^(read 0|blocked)$/);

  // The stack is whole: a reset would have emptied the user pool, demo user and all.
  const demo = demoUser();
  const signedIn = await cognito<{ AuthenticationResult: { IdToken: string } }>("InitiateAuth", {
    AuthFlow: "USER_PASSWORD_AUTH",
    AuthParameters: { USERNAME: demo.email, PASSWORD: demo.password },
  });
  expect(signedIn.AuthenticationResult.IdToken).toBeTruthy();
  await page.close();
  await elsewhere.close();
});
