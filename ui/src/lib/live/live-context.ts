import { createContext, useContext, useSyncExternalStore } from "react";

import { LiveHub } from "./live-hub";

/** The app's live hub; a hub that stays "off" where no provider is (tests, a stack without realtime). */
export const LiveContext = createContext<LiveHub>(new LiveHub());

export function useLiveHub(): LiveHub {
  return useContext(LiveContext);
}

/** Whether pushes are arriving now: the views poll only while this is false. */
export function useLiveOpen(): boolean {
  const hub = useLiveHub();
  return useSyncExternalStore(hub.subscribe, () => hub.isOpen());
}
