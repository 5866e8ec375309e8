import { createContext, useContext } from "react";

// The per-request CSP nonce, set by the server (server.mjs) and given to every <script> Remix renders.
export const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export function useNonce(): string {
  return useContext(NonceContext);
}
