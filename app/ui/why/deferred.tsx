"use client";
// Mounts a chart when it comes near the viewport. Every recharts chart costs a measured render on a slow
// phone, and its module a download (app/ui/why/lazy-charts.tsx): drawing the ones below the fold while
// the page loads would keep a phone busy when the learner wants to scroll or tap (no idle-time mounting
// either: that still lands in the first seconds). The placeholder keeps the chart's height, so nothing
// jumps when it appears; the figure's caption already has its numbers as text.
import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from "react";

/** Calls `onNear` once, when the element comes within a screen of the viewport (at once without IntersectionObserver). */
export function useNearScreen(ref: RefObject<Element | null>, onNear: () => void): void {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || near) return;
    // Without IntersectionObserver (very old browsers) everything is near at once.
    if (typeof IntersectionObserver !== "function") return void setNear(true);
    // A screen ahead: the module and the render are usually done before the element scrolls in.
    const io = new IntersectionObserver((es) => es.some((e) => e.isIntersecting) && setNear(true), { rootMargin: "100% 0px" });
    io.observe(el);
    return () => io.disconnect();
  }, [ref, near]);
  useEffect(() => {
    if (near) onNear();
  }, [near, onNear]);
}

export function Deferred({ minHeight, children }: { minHeight: number; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [show, setShow] = useState(false);
  useNearScreen(ref, useCallback(() => setShow(true), []));
  return (
    <div ref={ref} style={show ? undefined : { minHeight }} data-deferred={show ? "shown" : "waiting"}>
      {show ? children : null}
    </div>
  );
}
