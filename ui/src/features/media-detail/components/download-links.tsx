import { buttonClass } from "@/components/button";
import { downloadFilename, formatBytes } from "@/utils/format";

import { downloadName, type Variant } from "../lib/playback";

type Downloadable = Pick<Variant, "contentType" | "codecs" | "url" | "bytes">;

/**
 * A download link per rendition, saved under the item's own name. `download` works because the
 * CDN serves media on the page's origin (CloudFront's /media/*, locally the dev server's /media).
 */
export function DownloadLinks({ filename, variants }: { filename: string; variants: readonly Downloadable[] }) {
  if (variants.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Downloads">
      {variants.map((variant) => {
        const { label, extension } = downloadName(variant);
        return (
          <li key={variant.url}>
            <a
              href={variant.url}
              download={downloadFilename(filename, extension)}
              className={buttonClass("secondary", "min-h-8 px-3 py-1")}
            >
              Download {label} <span className="text-slate-500">({formatBytes(variant.bytes)})</span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
