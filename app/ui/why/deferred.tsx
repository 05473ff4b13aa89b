"use client";
// Mounts a chart when it comes near the viewport. Every recharts chart costs a measured render on a slow
// phone, and its module a download (app/ui/why/lazy-charts.tsx): drawing the ones below the fold while
// the page loads would keep a phone busy when the learner wants to scroll or tap (no idle-time mounting
// either: that still lands in the first seconds; measured, recharts loading with the page was most of the why
// view's blocking time under Lighthouse). The placeholder keeps the chart's height, so nothing
// jumps when it appears; the figure's caption already has its numbers as text.
import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from "react";

/**
 * Calls `onNear` once, when the element is on screen, or within a screen of it once the learner has scrolled (at
 * once without IntersectionObserver). Until the first scroll, what lies below the first screen waits: a learner
 * who reads the verdict and leaves costs the phone nothing more, and one who scrolls gets the next screen ready
 * a screen ahead.
 */
export function useNearScreen(ref: RefObject<Element | null>, onNear: () => void): void {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || near) return;
    // Without IntersectionObserver (very old browsers) everything is near at once.
    if (typeof IntersectionObserver !== "function") return void setNear(true);
    let ahead = false; // within a screen of the viewport
    const io = new IntersectionObserver(
      (entries) => {
        const e = entries[entries.length - 1]!;
        ahead = e.isIntersecting;
        const onScreen = e.boundingClientRect.top < window.innerHeight && e.boundingClientRect.bottom > 0;
        if (ahead && (onScreen || window.scrollY > 0)) setNear(true);
      },
      { rootMargin: "100% 0px" },
    );
    const onScroll = () => ahead && setNear(true);
    io.observe(el);
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      io.disconnect();
      window.removeEventListener("scroll", onScroll);
    };
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
