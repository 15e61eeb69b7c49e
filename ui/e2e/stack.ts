import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

import type { APIRequestContext } from "@playwright/test";

import { type Account, idToken } from "./accounts";
import { REPO } from "./paths";

/** The running stack's state file (global-setup sets it; see e2e/global-setup.ts), or null. */
export function stateFile(): string | null {
  return process.env.E2E_STATE_FILE ?? null;
}

/** A GraphQL call as `token`'s holder, with the app's own key from /config.json, as the UI makes it. */
async function graphql<T>(request: APIRequestContext, token: string, query: string, variables: object): Promise<T> {
  const config = (await (await request.get("/config.json")).json()) as { apiUrl: string; apiKey: string };
  const response = await request.post(config.apiUrl, {
    headers: { "content-type": "application/json", "x-api-key": config.apiKey, authorization: `Bearer ${token}` },
    data: { query, variables },
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!response.ok() || !body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body)}`);
  return body.data;
}

type Created = {
  createUpload: { media: { id: string }; upload: { url: string; fields: Record<string, string> } };
};

/**
 * Registers an upload of `file` for `account` without sending its bytes yet: the item waits in
 * AWAITING_UPLOAD. Returns the id token it used too (its `sub` owns the item).
 */
export async function registerUpload(request: APIRequestContext, account: Account, file: string, contentType: string) {
  const token = await idToken(account);
  const data = await graphql<Created>(
    request,
    token,
    `
      mutation ($input: CreateUploadInput!) {
        createUpload(input: $input) {
          media {
            id
          }
          upload {
            url
            fields
          }
        }
      }
    `,
    { input: { filename: path.basename(file), contentType, size: readFileSync(file).length } },
  );
  return { id: data.createUpload.media.id, token, ...data.createUpload.upload };
}

/** The presigned POST, fields first and the file last, as the UI sends it. */
export async function sendBytes(
  upload: { url: string; fields: Record<string, string> },
  file: string,
  contentType: string,
): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append("file", new Blob([readFileSync(file)], { type: contentType }), path.basename(file));
  const response = await fetch(upload.url, { method: "POST", body: form });
  if (!response.ok) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
}

const FAIL_ITEM = `
import json, os, sys
from datetime import UTC, datetime

state = json.loads(open(sys.argv[1]).read())
from app.local.emulator import REGION
os.environ.update({"AWS_ENDPOINT_URL": state["awsEndpoint"], "AWS_DEFAULT_REGION": REGION, **state["awsCredentials"]})

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.domain.errors import ErrorCode
from app.domain.models import ItemError

repository = DynamoMediaRepository(state["tableName"])
owner = sys.argv[4]  # the signed-in user's sub: owners are people
if not repository.abandon(owner, sys.argv[2], ItemError(ErrorCode.TIMEOUT, sys.argv[3]), now=datetime.now(UTC)):
    sys.exit(f"item {sys.argv[2]} was not waiting for its upload")
`;

/**
 * Ends an item FAILED (TIMEOUT) the way the processor gives up on an item, through the repository's
 * own `abandon` on the stack's emulated DynamoDB. TIMEOUT rather than RETRIES_EXHAUSTED: the bytes
 * sent afterwards must not be picked up by the upload event (it may claim an exhausted item), so
 * only the Retry button can bring the item back. `owner` is the item's owner: its creator's `sub`.
 */
export function failItem(owner: string, id: string, message: string): void {
  const state = stateFile();
  if (!state) throw new Error("E2E_STATE_FILE is not set");
  execFileSync(path.join(REPO, ".venv", "bin", "python"), ["-c", FAIL_ITEM, state, id, message, owner], {
    cwd: REPO,
  });
}
