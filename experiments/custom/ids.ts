// Ids of author experiments ("custom-" + random hex), never a registry id. Tiny on purpose: the review
// screen's client bundle asks whether a card has a why view.
export const CUSTOM_ID_PREFIX = "custom-";
export const isCustomExperimentId = (id: string | null | undefined): boolean => !!id && id.startsWith(CUSTOM_ID_PREFIX);
