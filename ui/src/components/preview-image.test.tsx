/** @vitest-environment jsdom */
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { PreviewImage } from "./preview-image";

const image = { src: "http://cdn/w320.webp", srcSet: "http://cdn/w320.webp 320w", width: 320, height: 240 };
// A valid BlurHash (the blurhash package's README example).
const HASH = "LEHV6nWB2yk8pyo0adR*.7kCMdnj";

function fakeCanvas() {
  const putImageData = vi.fn();
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue({
    createImageData: (w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4) }),
    putImageData,
  } as unknown as CanvasRenderingContext2D);
  return putImageData;
}

describe("PreviewImage", () => {
  it("paints the BlurHash until the image has loaded, then fades the image in", () => {
    const putImageData = fakeCanvas();
    const { container } = render(<PreviewImage image={image} alt="cat" blurhash={HASH} sizes="320px" />);
    expect(putImageData).toHaveBeenCalledTimes(1);
    expect(container.querySelector("canvas")).not.toBeNull();
    const img = screen.getByRole("img", { name: "cat" });
    expect(img).toHaveAttribute("data-loaded", "false");

    fireEvent.load(img);
    expect(img).toHaveAttribute("data-loaded", "true");
    expect(container.querySelector("canvas")).toBeNull();
  });

  it("uses a neutral placeholder without a BlurHash and ignores an invalid one", () => {
    const putImageData = fakeCanvas();
    const { container, rerender } = render(<PreviewImage image={image} alt="cat" blurhash={null} sizes="320px" />);
    expect(container.querySelector("canvas")).toBeNull();
    rerender(<PreviewImage image={image} alt="cat" blurhash="not-a-hash" sizes="320px" />);
    expect(putImageData).not.toHaveBeenCalled();
  });

  it("says so when the image fails to load, and shows the fallback when there is none", () => {
    const { rerender } = render(<PreviewImage image={image} alt="cat" blurhash={null} sizes="320px" />);
    fireEvent.error(screen.getByRole("img", { name: "cat" }));
    expect(screen.getByText("Preview unavailable")).toBeInTheDocument();
    rerender(<PreviewImage image={null} alt="cat" blurhash={null} sizes="320px" fallback="Processing" />);
    expect(screen.getByText("Processing")).toBeInTheDocument();
  });

  it("paints the dominant colour when there is no usable BlurHash, and a neutral tint without either", () => {
    fakeCanvas();
    const { container, rerender } = render(
      <PreviewImage image={image} alt="cat" blurhash={null} color="#6d552f" sizes="320px" />,
    );
    const box = container.firstElementChild as HTMLElement;
    expect(box).toHaveAttribute("data-placeholder", "color");
    expect(box.querySelector<HTMLElement>('[aria-hidden="true"]')?.style.backgroundColor).toBe("rgb(109, 85, 47)");

    rerender(<PreviewImage image={image} alt="cat" blurhash="not-a-hash" color="#6d552f" sizes="320px" />);
    expect(box).toHaveAttribute("data-placeholder", "color");
    expect(container.querySelector("canvas")).toBeNull();

    rerender(<PreviewImage image={image} alt="cat" blurhash={HASH} color="#6d552f" sizes="320px" />);
    expect(box).toHaveAttribute("data-placeholder", "blurhash");
    expect(container.querySelector("canvas")).not.toBeNull();

    rerender(<PreviewImage image={image} alt="cat" blurhash={null} color="not a colour" sizes="320px" />);
    expect(box).toHaveAttribute("data-placeholder", "tint");

    fireEvent.load(screen.getByRole("img", { name: "cat" }));
    expect(box).toHaveAttribute("data-placeholder", "none");
  });

  it("offers the moving version to people who have not asked for reduced motion", () => {
    const motion = { src: "http://cdn/anim.webp", srcSet: "http://cdn/anim.webp 320w", width: 320, height: 240 };
    render(<PreviewImage image={image} motion={motion} alt="loop" blurhash={null} sizes="320px" />);
    const img = screen.getByRole("img", { name: "loop" });
    const source = img.closest("picture")?.querySelector("source");
    expect(source).toHaveAttribute("srcset", "http://cdn/anim.webp");
    expect(source).toHaveAttribute("media", "(prefers-reduced-motion: no-preference)");
    expect(img).toHaveAttribute("src", image.src);
  });
});
