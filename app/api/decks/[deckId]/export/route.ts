// Deck export (issue #10): the deck as a "proofdeck-deck" v1 JSON file (lib/import/deck-json.ts),
// its notes, cards without notes and images (base64), as a download. Only for someone who may
// edit the deck (its owner).
import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { deckForEditing } from "@/lib/decks/access.ts";
import { deckIdSchema } from "@/lib/decks/ids.ts";
import { route } from "@/lib/http/boundary.ts";
import { exportDeck } from "@/lib/import/data.ts";
import { exportDeck as deckJsonText } from "@/lib/import/deck-json.ts";

const params = z.object({ deckId: deckIdSchema });

/** Downloads the deck as JSON: its owner. */
export const GET = route(
  { auth: "LEARNER", params, access: ({ user, params }) => deckForEditing(db(), user, params.deckId) },
  async ({ access: deck }) => {
    const text = deckJsonText(await exportDeck(db(), deck.id));
    return new Response(text, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${deck.slug}.proofdeck.json"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
);
