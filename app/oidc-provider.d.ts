// oidc-provider (a test dependency: the OpenID provider the SSO tests start) ships no types.
declare module "oidc-provider";
