"use client";
// Mounts a chart when it comes near the viewport, or in the browser's idle time, whichever is first.
// Every recharts chart costs a measured render on a slow phone; drawing the ones below the fold at
// once would delay the first chart the learner looks at. The placeholder keeps the chart's height, so
// nothing jumps when it appears; the figure's caption already has its numbers as text.
import { useEffect, useRef, useState, type ReactNode } from "react";

export function Deferred({ minHeight, children }: { minHeight: number; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [show, setShow] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || show) return;
    const reveal = () => setShow(true);
    const io = typeof IntersectionObserver === "function" ? new IntersectionObserver((es) => es.some((e) => e.isIntersecting) && reveal(), { rootMargin: "300px 0px" }) : null;
    io?.observe(el);
    // requestIdleCallback is missing in some Safari versions: a timer stands in.
    const idle = typeof requestIdleCallback === "function" ? requestIdleCallback(reveal, { timeout: 4000 }) : window.setTimeout(reveal, 1500);
    return () => {
      io?.disconnect();
      if (typeof cancelIdleCallback === "function") cancelIdleCallback(idle);
      else window.clearTimeout(idle);
    };
  }, [show]);
  return (
    <div ref={ref} style={show ? undefined : { minHeight }} data-deferred={show ? "shown" : "waiting"}>
      {show ? children : null}
    </div>
  );
}
