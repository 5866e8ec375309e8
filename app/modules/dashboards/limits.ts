/** Objectives or measures a dashboard lists on one page (the counts above each list are complete). */
export const FOCUS_PAGE_SIZE = 20;
/** The most objectives or measures a CSV download of a focus view holds (every one, in practice). */
export const FOCUS_ALL_LIMIT = 10_000;
