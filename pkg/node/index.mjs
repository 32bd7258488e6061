// Node ES module entry: loads the WebAssembly synchronously (CommonJS build next to it).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const spragc = require('./spragc.js');

export const compile = spragc.compile;
export const compileProject = spragc.compileProject;
export const compileServer = spragc.compileServer;
export const version = spragc.version;
