import { csvDownload } from "~/modules/exports/csv.server";
import type { CsvExport } from "./plan-export.server";

/** A CSV export as a download, through the shared export mechanism (exports/csv.server.ts). */
export function csvResponse(file: CsvExport): Response {
  return csvDownload(file);
}
