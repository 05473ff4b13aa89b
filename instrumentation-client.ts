// Runs in the browser before the page hydrates, so before any client module builds a zod schema.
import "@/app/ui/zod-without-eval.ts";
