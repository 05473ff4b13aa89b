// The why view's data that is not in its HTML (chart-props.ts): loaded once per page and part, when the
// first chart (or the live panel) that needs it comes near the screen. A failed load is forgotten, so
// the next chart to ask tries again.
import type { Recording } from "@/experiments/recordings/index.ts";
import type { ChartProps } from "./chart-props.ts";

export interface WhyParts {
  charts: ChartProps;
  recording: { recording: Recording };
}

const loads = new Map<string, Promise<unknown>>();

export function loadWhyPart<K extends keyof WhyParts>(src: string, part: K): Promise<WhyParts[K]> {
  const url = `${src}?part=${part}`;
  let p = loads.get(url);
  if (!p) {
    p = fetch(url, { headers: { accept: "application/json" } }).then(async (res) => {
      if (!res.ok) throw new Error(`${res.status}`);
      return res.json();
    });
    p.catch(() => loads.delete(url));
    loads.set(url, p);
  }
  return p as Promise<WhyParts[K]>;
}
