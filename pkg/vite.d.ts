import type { Plugin } from 'vite';

export interface SpragcPluginOptions {
    /** Module specifier generated classes import Ragot from (an npm package or a path). Default `"ragot"`. */
    ragot?: string;
    /** Folder (relative to Vite's root) holding the SPRAG app, i.e. the parent of `app/`. Default: Vite's root. */
    appDir?: string;
    /** `imports.*` aliases the app's pages declare, when they are not in `page(modules=...)` calls. */
    importAliases?: string[];
    /** Also compile what `sprag build` rejects but Python means clearly. */
    extended?: boolean;
}

/** Compile `.py` imports (SPRAG Components and Modules) with spragc. */
export default function spragc(options?: SpragcPluginOptions): Plugin;
