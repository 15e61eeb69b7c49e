import type Hls from "hls.js";
import { type RefObject, useEffect, useRef, useState } from "react";

import { fallbackPlan, HLS_TYPE, planVideo, type VideoEngine, type VideoPlan } from "../lib/playback";

import { type Position, positionOf, resumeAt } from "./media-position";

/**
 * hls.js in a chunk of its own, fetched only when a video with a stream is opened: it is bigger
 * than the rest of the app's first load. The full build, not `hls.js/light`: the stream's playlists
 * pass the URL's CloudFront signature on to every segment with `#EXT-X-DEFINE:QUERYPARAM`, and only
 * the full build does variable substitution.
 */
const loadHls = (): Promise<typeof Hls | null> =>
  import("hls.js").then(
    (module) => module.default,
    () => null, // the chunk did not load (offline, a deploy in between): the browser's own ways remain
  );

export type VideoPlayback = {
  /** How the picture is coming, once chosen (null while hls.js loads, or when nothing can play). */
  engine: VideoEngine | null;
  /** Nothing left to try: the stream and the file both failed, or there were none. */
  failed: boolean;
};

/**
 * Feeds the <video>: the stream through hls.js, natively, or the MP4 (lib/playback.ts says which),
 * falling back to the MP4 when the stream breaks. New URLs (fresh signatures) reload from the same
 * place; unmounting, or new sources, destroys the hls.js instance and lets go of the network.
 */
export function useVideoPlayback(
  ref: RefObject<HTMLVideoElement | null>,
  streamUrl: string | null,
  fileUrl: string | null,
): VideoPlayback {
  const [playback, setPlayback] = useState<VideoPlayback>({ engine: null, failed: false });
  const position = useRef<Position | null>(null);

  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    const sources = { stream: streamUrl ? { url: streamUrl } : null, file: fileUrl ? { url: fileUrl } : null };
    let cancelled = false;
    let hls: Hls | null = null;
    let engine: VideoEngine | null = null;

    const play = (plan: VideoPlan | null, Player: typeof Hls | null, from: Position | null) => {
      hls?.destroy();
      hls = null;
      engine = plan?.engine ?? null;
      setPlayback({ engine, failed: plan === null });
      if (!plan) return;
      resumeAt(video, from);
      if (plan.engine === "hls.js" && Player) {
        const instance = new Player();
        instance.on(Player.Events.ERROR, (_event, data) => {
          // hls.js recovers from what it can by itself; a fatal error means this stream will not play.
          if (data.fatal && hls === instance) fail();
        });
        instance.loadSource(plan.url);
        instance.attachMedia(video);
        hls = instance;
      } else {
        video.src = plan.url;
      }
    };
    const fail = () => {
      if (cancelled || engine === null) return;
      play(fallbackPlan(engine, sources), null, positionOf(video));
    };
    // Whatever the engine, an element error means this source is spent. One queued before a switch
    // arrives after it, when the new source has reset `video.error`: that one is not the new source's.
    const onError = () => {
      if (video.error) fail();
    };
    video.addEventListener("error", onError);

    const from = position.current;
    void (async () => {
      const Player = sources.stream ? await loadHls() : null;
      if (cancelled) return;
      const abilities = { hlsJs: Player?.isSupported() ?? false, nativeHls: video.canPlayType(HLS_TYPE) !== "" };
      play(planVideo(sources, abilities), Player, from);
    })();

    return () => {
      cancelled = true;
      video.removeEventListener("error", onError);
      position.current = positionOf(video);
      hls?.destroy();
      video.removeAttribute("src");
      video.load(); // stops the download of a file that is no longer shown
    };
  }, [ref, streamUrl, fileUrl]);

  return playback;
}
