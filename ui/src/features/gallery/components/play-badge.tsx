/** A play sign in the middle of a video's or a song's tile: it opens to a player. Decorative: the
 * tile's link already says "Video: …" or "Audio: …". */
export function PlayBadge() {
  return (
    <span
      aria-hidden="true"
      data-testid="play-badge"
      className="absolute inset-0 m-auto flex size-10 items-center justify-center rounded-full bg-black/60 text-white ring-1 ring-white/40 transition-transform group-hover:scale-110 motion-reduce:transition-none"
    >
      <svg viewBox="0 0 16 16" className="ml-0.5 size-4" fill="currentColor">
        <path d="M4 2.5v11a.5.5 0 0 0 .76.43l9-5.5a.5.5 0 0 0 0-.86l-9-5.5A.5.5 0 0 0 4 2.5Z" />
      </svg>
    </span>
  );
}
