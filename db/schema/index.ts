export * from "./auth";
export * from "./catalog";
export * from "./orgs";
export * from "./plans";
export * from "./budget";
export * from "./workforce";
export * from "./assessments";
export * from "./reports";
