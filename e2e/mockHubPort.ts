// The e2e mock hub's fixed port (the build's CSP must list it): 1000 above the studio's, so parallel checkouts do not collide.
export const MOCK_HUB_PORT = Number(process.env.PS_E2E_PORT ?? 4179) + 1000;
/** The mock's API host and its file-store host: one server, two host names, as the real hub redirects to its CDN. */
export const MOCK_HUB_ORIGINS = [`http://127.0.0.1:${MOCK_HUB_PORT}`, `http://localhost:${MOCK_HUB_PORT}`];
