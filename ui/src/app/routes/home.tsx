import { useLocation } from "react-router";

import { Alert } from "@/components/alert";
import { Gallery } from "@/features/gallery/components/gallery";
import { UploadPanel, useUploadTiles } from "@/features/upload/components/upload-panel";
import { UsageMeter } from "@/features/usage/components/usage-meter";

type HomeState = { notice?: string } | null;

export function HomeRoute() {
  const notice = (useLocation().state as HomeState)?.notice;
  // One gallery: a file being sent is its upload's tile, then the gallery's own.
  const uploads = useUploadTiles();
  return (
    <div className="space-y-8">
      <h1 className="sr-only">Upload and browse media</h1>
      {notice ? <Alert tone="info" title={notice} /> : null}
      <UploadPanel />
      <UsageMeter />
      <Gallery leading={uploads.tiles} hidden={uploads.standsFor} />
    </div>
  );
}
