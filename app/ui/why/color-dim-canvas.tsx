"use client";
// (e) fastai's color_dim: per layer, one column per batch of log-scaled histogram counts, lowest bin at
// the bottom, viridis colours. Drawn at one canvas pixel per cell; CSS scales it up without smoothing.
import { useEffect, useRef } from "react";
import { viridis, type ColorDimImage } from "@/lib/why/color-dim.ts";

export function ColorDimCanvas({ image }: { image: ColorDimImage }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const data = ctx.createImageData(image.cols, image.rows);
    image.pixels.forEach((v, i) => {
      const [r, g, b] = viridis(v);
      data.data[4 * i] = r;
      data.data[4 * i + 1] = g;
      data.data[4 * i + 2] = b;
      data.data[4 * i + 3] = 255;
    });
    ctx.putImageData(data, 0, 0);
  }, [image]);
  return (
    <canvas
      ref={ref}
      className="why-colordim"
      width={image.cols}
      height={image.rows}
      data-layer={image.layer}
      role="img"
      aria-label={`${image.layer}: histogram of activations over ${image.cols} recorded batches (bins ${image.binMin} to ${image.binMax}, lowest at the bottom)`}
    />
  );
}
