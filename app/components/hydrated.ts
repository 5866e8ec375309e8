import { useEffect, useState } from "react";

/** False on the server and in the first render in the browser, true once React has hydrated:
 * what renders only with JavaScript (charts, live controls) waits for it, and the server's HTML
 * stays the same as the first client render. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
