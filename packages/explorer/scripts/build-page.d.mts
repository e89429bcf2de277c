/** Writes dist/page/app.js (minified IIFE) and dist/page/app.css. */
export declare function buildPage(): Promise<void>;
