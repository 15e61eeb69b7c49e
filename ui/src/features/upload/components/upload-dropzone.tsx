import { useDropzone } from "react-dropzone";

import { Button } from "@/components/button";
import { formatBytes } from "@/utils/format";

import type { UploadPolicy } from "../api/upload-policy";
import { friendlyTypeList } from "../lib/check-file";

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

  return (
    <section
      {...getRootProps({
        role: "region",
        "aria-label": "Upload files",
        className: `flex flex-col items-center gap-3 rounded-xl border-2 border-dashed p-6 text-center transition-colors sm:p-10 ${
          isDragActive ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-white"
        }`,
      })}
    >
      <input {...getInputProps({ accept: policy?.acceptedTypes.join(",") })} data-testid="file-input" />
      <p className="text-base font-medium text-slate-800">
        {isDragActive ? "Drop to upload" : "Drag and drop files here"}
      </p>
      <Button variant="primary" onClick={open}>
        Choose files
      </Button>
      {policy ? (
        <p className="max-w-prose text-xs text-slate-600">
          {friendlyTypeList(policy.acceptedTypes)}. Images up to {formatBytes(policy.maxImageBytes)}
          {policy.acceptedTypes.some((t) => t.startsWith("video/"))
            ? `, videos up to ${formatBytes(policy.maxVideoBytes)}`
            : ""}
          {policy.acceptedTypes.some((t) => t.startsWith("audio/"))
            ? `, audio up to ${formatBytes(policy.maxAudioBytes)}`
            : ""}
          .
        </p>
      ) : null}
    </section>
  );
}
