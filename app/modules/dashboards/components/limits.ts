import { FOCUS_LIST_LIMIT } from "../limits";

export const FOCUS_LIST_LIMIT_TEXT = `Lists show at most ${FOCUS_LIST_LIMIT} items; the counts are always complete.`;
