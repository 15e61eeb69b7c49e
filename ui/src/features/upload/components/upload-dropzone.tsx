import { useDropzone } from "react-dropzone";

import { Button } from "@/components/button";

import type { UploadPolicy } from "../api/upload-policy";
import { acceptAttribute, policySummary } from "../lib/check-file";

/** A phone or tablet: nothing there is dragged, so the zone says to tap instead. */
function isTouchScreen(): boolean {
  return typeof window !== "undefined" && window.matchMedia?.("(pointer: coarse)").matches === true;
}

type UploadDropzoneProps = {
  policy: UploadPolicy | null;
  onFiles: (files: File[]) => void;
};

/**
 * Drop files anywhere on the zone, or use the button (keyboard and touch). Every file is passed on,
 * so files that fail the checks show a reason instead of vanishing.
 */
export function UploadDropzone({ policy, onFiles }: UploadDropzoneProps) {
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDrop: (accepted, rejected) => onFiles([...accepted, ...rejected.map((r) => r.file)]),
    noClick: true,
    noKeyboard: true,
    multiple: true,
  });
  const touch = isTouchScreen();

  return (
    <section
      {...getRootProps({
        role: "region",
        "aria-label": "Upload files",
        className: `flex flex-col items-center gap-3 rounded-xl border-2 border-dashed p-6 text-center transition-colors sm:p-10 ${
          isDragActive ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-surface"
        }`,
      })}
    >
      <input
        {...getInputProps({ accept: policy ? acceptAttribute(policy.acceptedTypes) : undefined })}
        data-testid="file-input"
      />
      <p className="text-base font-medium text-slate-800">
        {isDragActive
          ? "Drop to upload"
          : touch
            ? "Tap to choose photos, videos or songs"
            : "Drag and drop photos, videos or songs here"}
      </p>
      <Button variant="primary" onClick={open}>
        Choose files
      </Button>
      {policy ? (
        <ul className="max-w-prose text-xs text-slate-600" aria-label="What you can upload">
          {policySummary(policy).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
