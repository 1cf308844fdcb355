/** The build's CSP connect-src sources (vite.config.ts `define`). */
declare const __PS_CONNECT_SRC__: string[];
