import path from 'node:path';
import { fileURLToPath } from 'node:url';

import spragc from '../../pkg/vite.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

export default {
    root: here,
    logLevel: 'warn',
    resolve: {
        alias: {
            // The package as npm would install it, and the Ragot runtime from the spragkit wheel.
            spragc: path.join(repo, 'pkg/index.js'),
            ragot: path.join(repo, '.cache/spragkit-assets/ragot.esm.min.js'),
        },
    },
    plugins: [spragc({ ragot: 'ragot', appDir: '.' })],
    build: { target: 'es2022', outDir: process.env.SPRAGC_BUNDLER_OUT || 'dist', emptyOutDir: true },
};
