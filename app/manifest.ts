import type { MetadataRoute } from "next";

// The installable app (Next links it from every page as /manifest.webmanifest). Icons: scripts/pwa-icons.ts.
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Proofdeck",
    short_name: "Proofdeck",
    description: "Spaced-repetition flashcards for deep learning, with an answer key backed by experiments.",
    id: "/",
    start_url: "/decks",
    scope: "/",
    display: "standalone",
    orientation: "portrait",
    background_color: "#f6f7f9",
    theme_color: "#1d3557",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
