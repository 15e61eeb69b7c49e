/** @vitest-environment jsdom */
import { act, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";

import { AuthSession } from "@/features/auth/lib/auth-session";
import { readIdToken } from "@/features/auth/lib/jwt";
import { memorySessionStore } from "@/features/auth/lib/session-store";
import { Gallery } from "@/features/gallery/components/gallery";
import { ALICE, BOB, fakeAuthClient } from "@/testing/auth-fakes";
import { TEST_CONFIG } from "@/testing/render";

import { AppProvider } from "./provider";
import { SessionGate } from "./session-gate";

const PASSWORD = "Sunny2026";

/** The API as the server scopes it: each person's gallery holds their own photo only. */
function api() {
  const seen: string[] = [];
  const fetchImpl = vi.fn(async (_url: string, init: RequestInit) => {
    const token = (init.headers as Record<string, string>).authorization?.replace("Bearer ", "") ?? "";
    const owner = readIdToken(token).email!;
    seen.push(owner);
    const name = owner.split("@")[0];
    const node = {
      id: `m-${name}`,
      filename: `${name}-photo.jpg`,
      kind: "IMAGE",
      size: 1,
      tags: [],
      reprocessable: true,
      status: "READY",
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
      blurhash: null,
      dominantColor: null,
      metadata: null,
      error: null,
      variants: [],
    };
    return Response.json({
      data: { mediaList: { edges: [{ cursor: "c", node }], pageInfo: { hasNextPage: false, endCursor: null } } },
    });
  });
  vi.stubGlobal("fetch", fetchImpl);
  return seen;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("SessionGate", () => {
  it("shows no gallery when signed out, and never shows one person's items to the next", async () => {
    const seen = api();
    const pool = fakeAuthClient({
      [ALICE.email]: { sub: ALICE.sub, password: PASSWORD },
      [BOB.email]: { sub: BOB.sub, password: PASSWORD },
    });
    const session = new AuthSession(pool.client, memorySessionStore().store);
    render(
      <AppProvider config={TEST_CONFIG} session={session}>
        <MemoryRouter>
          <SessionGate>
            <Gallery />
          </SessionGate>
        </MemoryRouter>
      </AppProvider>,
    );
    expect(screen.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    expect(screen.queryByRole("heading", { name: "Gallery" })).toBeNull();

    await act(() => session.signIn(ALICE.email, PASSWORD));
    expect(await screen.findByText("alice-photo.jpg")).toBeVisible();

    await act(() => session.signOut());
    expect(screen.queryByRole("heading", { name: "Gallery" })).toBeNull();
    expect(screen.queryByText("alice-photo.jpg")).toBeNull();

    await act(() => session.signIn(BOB.email, PASSWORD));
    // A fresh cache: loading, not a glimpse of Alice's list while Bob's comes.
    expect(screen.queryByText("alice-photo.jpg")).toBeNull();
    expect(await screen.findByText("bob-photo.jpg")).toBeVisible();
    expect(screen.queryByText("alice-photo.jpg")).toBeNull();
    expect(seen).toEqual([ALICE.email, BOB.email]);
  });
});
