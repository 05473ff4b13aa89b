// The "Swipe to grade" setting, kept on this device (off unless chosen: a stray swipe should not grade).
import { useCallback, useSyncExternalStore } from "react";

const KEY = "proofdeck:swipe";
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const read = () => {
  try {
    return localStorage.getItem(KEY) === "1";
  } catch {
    return false;
  }
};

export function useSwipeSetting(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribe, read, () => false);
  const set = useCallback((value: boolean) => {
    try {
      localStorage.setItem(KEY, value ? "1" : "0");
    } catch {
      // Storage refused (private mode): the setting lasts until the page closes.
    }
    listeners.forEach((l) => l());
  }, []);
  return [on, set];
}
