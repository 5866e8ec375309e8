import { useEffect, useState } from "react";

/** "Print" calls the browser's print dialog; it only appears once the page's script runs. */
export function PrintButton() {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" className="button secondary" onClick={() => window.print()}>
      Print
    </button>
  );
}
