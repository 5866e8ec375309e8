import { FOCUS_PAGE_SIZE } from "../limits";

export const FOCUS_LIST_LIMIT_TEXT = `Lists show ${FOCUS_PAGE_SIZE} items a page; the counts are always complete, and the CSV downloads hold every item.`;
