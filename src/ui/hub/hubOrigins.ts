// Whether the page's CSP (connect-src, built into the page as __PS_CONNECT_SRC__ by vite.config.ts) lets it fetch from an origin.

/** CSP source matching for the forms vite.config.ts writes: 'self', an exact origin, or scheme://*.host (any subdomain, default port). */
export function originAllowed(url: string, sources: string[], self: string): boolean {
  const u = URL.parse(url);
  if (!u) return false;
  return sources.some((s) => {
    if (s === "'self'") return u.origin === self;
    const m = /^(https?):\/\/\*\.(.+)$/.exec(s);
    if (m) return u.protocol === `${m[1]}:` && u.hostname.endsWith(`.${m[2]}`) && !u.port;
    return u.origin === s;
  });
}
