// The built SPA's files as the BFF reads them: one small interface, implemented on a directory (Node) or the ASSETS binding (Workers).

/** The built SPA's files, by URL path ('/index.html', '/assets/index-3f2a.js'); undefined when absent. */
export interface StaticAssets {
  read(path: string): Promise<Uint8Array | undefined>;
}
