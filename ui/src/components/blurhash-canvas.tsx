import { decode, isBlurhashValid } from "blurhash";
import { useEffect, useRef } from "react";

const SIZE = 32;

/**
 * Paints a BlurHash into a tiny canvas stretched over its box: an instant, blurred stand-in while the
 * real image loads. An invalid hash paints nothing (the neutral background shows instead).
 */
export function BlurhashCanvas({ hash, className = "" }: { hash: string; className?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || !isBlurhashValid(hash).result) return;
    const context = canvas.getContext("2d");
    if (!context) return;
    const pixels = decode(hash, SIZE, SIZE);
    const image = context.createImageData(SIZE, SIZE);
    image.data.set(pixels);
    context.putImageData(image, 0, 0);
  }, [hash]);

  return <canvas ref={ref} width={SIZE} height={SIZE} aria-hidden="true" className={className} />;
}
