import { type ReactNode, type RefObject, useEffect, useId, useRef } from "react";

import { Button } from "./button";

/**
 * Opens and closes a native <dialog> as a modal with `open`: the browser traps focus, Escape
 * cancels, and focus returns to the opener. `focus`, if given, gets focus when it opens.
 */
export function useModal(open: boolean, focus?: RefObject<HTMLElement | null>) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      focus?.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open, focus]);
  return ref;
}

type ModalProps = {
  open: boolean;
  title: string;
  children: ReactNode;
  onClose: () => void;
  /** The dialog's own classes (size, colours); a centred card by default. */
  className?: string;
};

/** A modal with a title and a Close button; Escape closes it too. */
export function Modal({ open, title, children, onClose, className }: ModalProps) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const ref = useModal(open, closeRef);
  const titleId = useId();
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className={
        className ??
        "m-auto w-[calc(100%-2rem)] max-w-lg rounded-xl bg-surface p-6 text-slate-900 shadow-xl backdrop:bg-black/50"
      }
    >
      <div className="flex items-start justify-between gap-4">
        <h2 id={titleId} className="truncate text-lg font-semibold">
          {title}
        </h2>
        <Button ref={closeRef} variant="ghost" onClick={onClose} className="ml-auto">
          Close
        </Button>
      </div>
      {children}
    </dialog>
  );
}
