/** The most objectives or measures a dashboard lists (the counts above each list are complete). */
export const FOCUS_LIST_LIMIT = 200;
