export * from "./auth";
export * from "./catalog";
export * from "./orgs";
export * from "./plans";
