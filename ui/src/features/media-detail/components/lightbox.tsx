import { Modal } from "@/components/modal";
import type { Neighbours } from "@/lib/neighbours";

import type { MediaDetail } from "../api/media-detail";

import { ItemNavigation } from "./item-navigation";
import { MediaPreview } from "./media-preview";

type LightboxProps = { media: MediaDetail; neighbours: Neighbours | null; onClose: () => void };

/**
 * The item alone on the screen, as large as it fits; ←/→ step through the gallery without leaving
 * it, Escape (or Close) goes back to the detail view. A native modal <dialog>: focus stays inside.
 */
export function Lightbox({ media, neighbours, onClose }: LightboxProps) {
  return (
    <Modal
      open
      title={media.filename}
      onClose={onClose}
      className="m-auto h-[calc(100%-1rem)] max-h-none w-[calc(100%-1rem)] max-w-none flex-col gap-3 rounded-xl bg-surface p-3 text-slate-900 shadow-xl backdrop:bg-black/80 open:flex sm:p-4"
    >
      <div className="flex min-h-0 flex-1 items-center justify-center overflow-auto" data-testid="lightbox">
        <div className="w-full">
          <MediaPreview media={media} />
        </div>
      </div>
      {neighbours ? <ItemNavigation neighbours={neighbours} search="?view=full" className="justify-center" /> : null}
    </Modal>
  );
}
